"""Related papers: the earlier papers a paper builds on, archived or new.

    cited explicitly   ("zitiert", the citing sentence)
    same matter        ("gleicher Vorgang", what is shared; see `kb.matters`)
    similar content    ("ähnlicher Inhalt", the hybrid search score)

>>> find_related(Matters(docs), searcher, docs["vorlage-sozialplanung-2019"])   # doctest: +SKIP
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import Field

from ingest.models import Document
from kb.matters import Matters
from kb.records import to_json
from kb.references import Paper, not_later
from kb.search import Filters, Searcher

CITED, SAME_MATTER, SIMILAR = "zitiert", "gleicher Vorgang", "ähnlicher Inhalt"
SEARCH_PASSAGES = 60  # passages the similarity search looks at


@dataclass
class Related:
    document: str
    title: str
    date: str | None
    reason: str  # CITED, SAME_MATTER or SIMILAR
    evidence: str  # the citing sentence, what is shared, or the best matching passage
    score: float

    def to_json(self) -> dict[str, Any]:
        return to_json(self)


@dataclass
class RelatedList:
    """Related papers of a document (GET /documents/{id}/related) or of a file (POST /related)."""

    document: Annotated[str | None, Field(description="das Dokument, zu dem verwandte Unterlagen gesucht wurden (bei Upload: Titel)")]
    related: list[Related]


def find_related(matters: Matters, searcher: Searcher, doc: Document, top_k: int = 10,
                 internal: bool = False) -> list[Related]:
    """Earlier (or same-date) papers related to `doc`, archived or new: cited, same matter, similar.

    `matters` holds the papers the viewer may see; `internal` lets the similarity search see non-public ones.
    """
    profile, neighbours = matters.links_of(doc)
    citing = profile.paper
    earlier = {p.id for p in matters.index.papers.values() if p.id != citing.id and not_later(p, citing)}
    similar = _similar(searcher, doc, citing, internal)
    out: list[Related] = []
    seen: set[str] = set()

    def add(doc_id: str, reason: str, evidence: str) -> None:
        if doc_id in seen or doc_id not in earlier:
            return
        seen.add(doc_id)
        paper = matters.index.papers[doc_id]
        out.append(Related(doc_id, paper.title, paper.date, reason, evidence, similar.get(doc_id, (0.0, ""))[0]))

    for ref in profile.refs:
        if ref.target:
            add(ref.target, CITED, ref.text)
    # The matter: papers reached over strong links, nearest first, then the most similar.
    distance = matters.reach(neighbours)
    chain = sorted((d, -similar.get(i, (0.0, ""))[0], i) for i, (d, _) in distance.items())
    for _, _, doc_id in chain:
        add(doc_id, SAME_MATTER, distance[doc_id][1])
    for doc_id, name in matters.shared_people(profile):
        add(doc_id, SAME_MATTER, f"gemeinsam beteiligt: {name}")
    for doc_id, (score, passage) in sorted(similar.items(), key=lambda kv: -kv[1][0]):
        add(doc_id, SIMILAR, passage)
    return out[:top_k]


def _similar(searcher: Searcher, doc: Document, citing: Paper, internal: bool = False) -> dict[str, tuple[float, str]]:
    """Documents by the hybrid search score of their best passage, with doc's title and opening as query."""
    query = _query_text(doc)
    if not query or searcher.store.count_documents() == 0:
        return {}
    limit = citing.date or citing.session_date
    result = searcher.search(query, Filters(date_to=limit, internal=internal), top_k=SEARCH_PASSAGES)
    best: dict[str, tuple[float, str]] = {}
    for hit in result.hits:
        if hit.document != citing.id and hit.document not in best:
            best[hit.document] = (hit.score, " ".join(hit.text.split())[:240])
    return best


def _query_text(doc: Document, words: int = 80) -> str:
    """A paper as a search query: its Betreff and the opening of its text after the letterhead."""
    text = doc.text
    m = re.search(r"(?m)^[ \t]*(?:Betreff|Betr\.)\s*:.*$", text)
    body = text[m.end() :] if m else text
    return " ".join(((doc.metadata.title or "") + " " + " ".join(body.split()[:words])).split())
