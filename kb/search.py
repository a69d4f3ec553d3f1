"""Search as staff use it: a query, filters, and hits grouped per document with facets.

>>> searcher = Searcher(open_store(Path("data")))                      # doctest: +SKIP
>>> result = searcher.search("Förderzeitraum Sozialplanung", Filters(body="Kreistag"))  # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Annotated, Any

from haystack import Document
from haystack.document_stores.types import DocumentStore
from pydantic import Field

from kb.card import title_of_fields
from kb.embedders import DEFAULT_MODEL
from kb.errors import BadRequest
from kb.filters import Filters
from kb.highlight import highlight_spans, query_terms
from kb.pipelines import Mode, pipeline_inputs, ranked_documents, search_pipeline
from kb.records import MAX_WINDOW, Hit, to_json

__all__ = ["DocumentHits", "Filters", "Hit", "SearchPage", "SearchResult", "Searcher"]

FACETS = ("session_body", "topics", "year", "doc_type")
# A query that is nothing but a paper's number ("2023/1297", "DHH/2023/8809", "Vorlage Nr.
# 2020/0566"): the string is all it means, and dense retrieval ranks passages that merely look
# alike (other numbers) high enough to push the paper itself out of the first five in the
# fusion. Hybrid search ranks such a query by BM25 alone.
REFERENCE_QUERY = re.compile(
    r"(?:(?:Vorlagen?|Drucksachen?|DS|Antrag|Anfrage)[ \t]*(?:-?[ \t]*(?:Nr\.?|Nummer))?[ \t]*:?[ \t]*)?"
    r"(?:[A-Za-z]{1,5}/)?\d{2,4}/\d{1,5}(?:[/-]\d{1,3})*",
    re.IGNORECASE,
)


def is_reference(query: str) -> bool:
    return REFERENCE_QUERY.fullmatch(query.strip()) is not None


@dataclass
class DocumentHits:
    """A document among the hits: its best score and the pages of its (first three) passages."""

    document: str
    title: str
    source: str
    score: float
    pages: list[int]


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    documents: list[DocumentHits]
    facets: Annotated[dict[str, dict[str, int]], Field(description="Dokumente je Gremium, Thema, Jahr und Art im Ergebnisfenster")]

    def to_json(self) -> dict[str, Any]:
        """The JSON shape of a result, shared by CLI and API."""
        return to_json(self)

    def paged(self, page: int, size: int) -> SearchPage:
        """One page of the hits; `total` counts the whole window, so it is stable across pages."""
        offset = (page - 1) * size
        if offset >= MAX_WINDOW:
            raise BadRequest(f"Parameter „page“: höchstens die ersten {MAX_WINDOW} Treffer sind abrufbar")
        shown = self.hits[offset : offset + size]
        return SearchPage(self.query, shown, group_by_document(shown), self.facets, page, size, len(self.hits))


@dataclass
class SearchPage(SearchResult):
    page: int
    size: int
    total: Annotated[int, Field(description="Treffer im Ergebnisfenster (höchstens so viele, wie die Suche liefert)")]


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
        mode = "bm25" if self.mode == "hybrid" and is_reference(query) else self.mode
        ranked = [d for d in ranked_documents(mode, output) if filters.accepts_mentions(d)]
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
        title=title_of_fields(meta),
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
    counts: dict[str, int] = {}
    for hit in hits:
        group = groups.setdefault(hit.document, DocumentHits(hit.document, hit.title, hit.source, hit.score, []))
        counts[hit.document] = counts.get(hit.document, 0) + 1
        if counts[hit.document] <= per_document and hit.page not in group.pages:
            group.pages.append(hit.page)
    for group in groups.values():
        group.pages.sort()
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
