"""Documents → passages: the unit that is indexed, retrieved, cited and highlighted.

A passage is a run of whole paragraphs of one page, about `TARGET_WORDS` long, with
its character offsets in the page text, so every hit can be cited (document, page) and
highlighted. Each passage carries the document's metadata, flattened into fields that
filters and facets use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from haystack import Document as Passage

from ingest.models import Document

TARGET_WORDS = 90
MAX_WORDS = 160
_PARAGRAPH = re.compile(r"\S(?:.*?\S)?(?=\n\s*\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    words: int


def paragraph_spans(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), len(m.group().split())) for m in _PARAGRAPH.finditer(text)]


def passage_spans(text: str) -> list[Span]:
    """Group paragraphs into passages of about TARGET_WORDS; split overlong paragraphs by sentences."""
    spans: list[Span] = []
    for para in paragraph_spans(text):
        pieces = _split_long(text, para) if para.words > MAX_WORDS else [para]
        for piece in pieces:
            if spans and spans[-1].words + piece.words <= TARGET_WORDS:
                last = spans.pop()
                spans.append(Span(last.start, piece.end, last.words + piece.words))
            else:
                spans.append(piece)
    return spans


def _split_long(text: str, para: Span) -> list[Span]:
    out: list[Span] = []
    start = para.start
    for m in re.finditer(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ])", text[para.start : para.end]):
        end = para.start + m.start()
        if len(text[start:end].split()) >= TARGET_WORDS:
            out.append(Span(start, end, len(text[start:end].split())))
            start = para.start + m.end()
    out.append(Span(start, para.end, len(text[start : para.end].split())))
    return out


def document_meta(doc: Document) -> dict:
    """The document's metadata as flat passage fields (the filter and facet vocabulary)."""
    md = doc.metadata
    return {
        "document": doc.id,
        "title": md.title or doc.source,
        "source": doc.source,
        "doc_type": md.doc_type,
        "date": md.date,
        # The date a paper is sorted and filtered by: its own, else its session's.
        "sort_date": md.date or (md.session.date if md.session else None),
        "year": int(md.date[:4]) if md.date else (int(md.session.date[:4]) if md.session and md.session.date else None),
        "session_body": md.session.body if md.session else None,
        "session_date": md.session.date if md.session else None,
        "bodies": list(md.bodies),
        "topics": list(md.topics),
        "people": [p.name for p in md.people],
        "organisations": list(md.organisations),
        "vorlage_number": md.vorlage_number,
        "mentioned_dates": sorted({d.iso for d in md.dates if d.precision == "day"} | {d.end for d in md.dates if d.end}),
    }


def split_document(doc: Document) -> list[Passage]:
    meta = document_meta(doc)
    passages = []
    for page in doc.pages:
        for i, span in enumerate(passage_spans(page.text)):
            passages.append(
                Passage(
                    id=f"{doc.id}:{page.number}:{i}",
                    content=page.text[span.start : span.end],
                    meta={**meta, "page": page.number, "start": span.start, "end": span.end},
                )
            )
    return passages
