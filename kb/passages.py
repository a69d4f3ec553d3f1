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
# A sentence end inside a paragraph: ., ! or ? then whitespace then a capital letter.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ])")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    words: int


def paragraph_spans(text: str) -> list[Span]:
    """Runs of non-blank lines, from their first to their last non-space character.

    A line is blank when it holds only whitespace of any kind (trailing spaces, no-break
    spaces, form feeds, CR): real extracted text ends its lines in spaces, and a regex
    that wants a non-space before the blank line finds no paragraph at all there. One
    pass over the lines, so linear in the page length; every word lies in exactly one span.
    """
    spans: list[Span] = []
    start = end = -1
    words = 0
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            if start < 0:
                start = offset + lead
            end = offset + len(line.rstrip())
            words += len(stripped.split())
        elif start >= 0:
            spans.append(Span(start, end, words))
            start, words = -1, 0
        offset += len(line)
    if start >= 0:
        spans.append(Span(start, end, words))
    return spans


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
    """An overlong paragraph cut at sentence ends after ~TARGET_WORDS words; a run without
    sentence ends (a table, a flattened list) is cut between words at MAX_WORDS."""
    out: list[Span] = []
    start = para.start
    words = 0
    last = para.start
    for m in _SENTENCE_END.finditer(text, para.start, para.end):
        words += len(text[last : m.start()].split())
        last = m.start()
        if words >= TARGET_WORDS:
            out.append(Span(start, m.start(), words))
            start, last, words = m.end(), m.end(), 0
    out.append(Span(start, para.end, words + len(text[last : para.end].split())))
    return [piece for span in out for piece in _cut_words(text, span)]


def _cut_words(text: str, span: Span) -> list[Span]:
    if span.words <= MAX_WORDS:
        return [span]
    words = list(_WORD.finditer(text, span.start, span.end))
    return [
        Span(words[i].start(), words[min(i + TARGET_WORDS, len(words)) - 1].end(), min(TARGET_WORDS, len(words) - i))
        for i in range(0, len(words), TARGET_WORDS)
    ]


def document_meta(doc: Document) -> dict:
    """The document's metadata as flat passage fields (the filter and facet vocabulary)."""
    from kb.card import title_of  # the card's title, so hits, lists and evidence agree

    md = doc.metadata
    return {
        "document": doc.id,
        "title": title_of(doc),
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
        "visibility": md.visibility,  # kb.filters hides "nichtöffentlich" from viewers without the right
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
