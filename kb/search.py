"""Search as staff use it: a query, filters, and hits grouped per document with facets.

>>> searcher = Searcher(open_store(Path("data")))                      # doctest: +SKIP
>>> result = searcher.search("Förderzeitraum Sozialplanung", Filters(body="Kreistag"))  # doctest: +SKIP
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from haystack import Document
from haystack.document_stores.types import DocumentStore

from kb.embedders import DEFAULT_MODEL
from kb.highlight import highlight_spans, query_terms
from kb.pipelines import Mode, pipeline_inputs, ranked_documents, search_pipeline

FACETS = ("session_body", "topics", "year", "doc_type")


@dataclass
class Filters:
    """What staff narrow a search by. Dates are ISO (YYYY-MM-DD); bounds are inclusive."""

    body: str | None = None  # the Gremium the paper is for (or whose minutes)
    topic: str | None = None
    doc_type: str | None = None
    date_from: str | None = None  # the paper's own date (or its session's, if undated)
    date_to: str | None = None
    mentions_from: str | None = None  # the paper mentions a date in this range
    mentions_to: str | None = None

    def to_haystack(self) -> dict[str, Any] | None:
        conditions: list[dict[str, Any]] = []
        if self.body:
            conditions.append({"field": "meta.session_body", "operator": "==", "value": self.body})
        if self.topic:
            conditions.append({"field": "meta.topics", "operator": "==", "value": self.topic})
        if self.doc_type:
            conditions.append({"field": "meta.doc_type", "operator": "==", "value": self.doc_type})
        if self.date_from:
            conditions.append({"field": "meta.sort_date", "operator": ">=", "value": self.date_from})
        if self.date_to:
            conditions.append({"field": "meta.sort_date", "operator": "<=", "value": self.date_to})
        if not conditions:
            return None
        return {"operator": "AND", "conditions": conditions}

    def accepts_mentions(self, doc: Document) -> bool:
        if not (self.mentions_from or self.mentions_to):
            return True
        low, high = self.mentions_from or "0000", self.mentions_to or "9999"
        return any(low <= d <= high for d in doc.meta.get("mentioned_dates", []))


@dataclass
class Hit:
    document: str
    title: str
    source: str
    page: int
    score: float
    text: str
    start: int  # offsets of the passage in the page text
    end: int
    highlights: list[tuple[int, int]]  # offsets of matching words within `text`
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class DocumentHits:
    document: str
    title: str
    source: str
    score: float
    passages: list[Hit]


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    documents: list[DocumentHits]
    facets: dict[str, dict[str, int]]

    def to_json(self) -> dict[str, Any]:
        """The JSON shape of a result, shared by CLI and API."""
        return {
            "query": self.query,
            "hits": [
                {
                    "document": h.document, "title": h.title, "source": h.source, "page": h.page, "score": h.score,
                    "text": h.text, "start": h.start, "end": h.end,
                    "highlights": [list(span) for span in h.highlights], "meta": h.meta,
                }
                for h in self.hits
            ],
            "documents": [
                {"document": g.document, "title": g.title, "source": g.source, "score": g.score,
                 "pages": sorted({p.page for p in g.passages})}
                for g in self.documents
            ],
            "facets": self.facets,
        }


class Searcher:
    """One pipeline, warmed up once, serving every query."""

    def __init__(self, store: DocumentStore, mode: Mode = "hybrid", model: str = DEFAULT_MODEL):
        self.store = store
        self.mode = mode
        self.pipeline = search_pipeline(store, mode, model)
        self.pipeline.warm_up()

    def search(self, query: str, filters: Filters | None = None, top_k: int = 10) -> SearchResult:
        filters = filters or Filters()
        query = query.strip()
        if not query:
            return SearchResult(query, [], [], {})
        output = self.pipeline.run(pipeline_inputs(self.mode, query, filters.to_haystack()), include_outputs_from={"bm25"})
        ranked = [d for d in ranked_documents(self.mode, output) if filters.accepts_mentions(d)]
        bm25 = output.get("bm25", {})
        # Whoosh reports the analysed terms it searched; other stores' retrievers don't.
        terms = bm25["terms"] if "terms" in bm25 else query_terms(query)
        hits = [_hit(d, terms) for d in ranked[:top_k]]
        window = [d for d in bm25.get("window", bm25.get("documents", [])) if filters.accepts_mentions(d)]
        return SearchResult(query, hits, group_by_document(hits), facet_counts(window + ranked))


def _hit(doc: Document, terms: list[str]) -> Hit:
    meta = doc.meta
    return Hit(
        document=meta["document"],
        title=meta.get("title") or meta["document"],
        source=meta.get("source", ""),
        page=meta.get("page", 1),
        score=round(float(doc.score or 0.0), 4),
        text=doc.content or "",
        start=meta.get("start", 0),
        end=meta.get("end", 0),
        highlights=highlight_spans(doc.content or "", terms),
        meta={k: v for k, v in meta.items() if k not in ("start", "end", "checksum")},
    )


def group_by_document(hits: list[Hit], per_document: int = 3) -> list[DocumentHits]:
    groups: dict[str, DocumentHits] = {}
    for hit in hits:
        group = groups.setdefault(hit.document, DocumentHits(hit.document, hit.title, hit.source, hit.score, []))
        if len(group.passages) < per_document:
            group.passages.append(hit)
    return list(groups.values())


def facet_counts(passages: list[Document]) -> dict[str, dict[str, int]]:
    """Documents (not passages) per body, topic, year and type, over the result window."""
    seen: dict[str, dict[str, Any]] = {d.meta["document"]: d.meta for d in passages if d.meta.get("document")}
    facets: dict[str, Counter] = {name: Counter() for name in FACETS}
    for meta in seen.values():
        for name in FACETS:
            value = meta.get(name)
            for v in value if isinstance(value, list) else [value]:
                if v not in (None, ""):
                    facets[name][str(v)] += 1
    return {name: dict(counter.most_common()) for name, counter in facets.items()}
