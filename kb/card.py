"""A paper's card: what lists, filters, references and passages know of a document, derived once.

    title       the Betreff; a paper without one (minutes) is named after its session:
                "Niederschrift – Kreistag, Sitzung am 19.12.2016"; else the file name
    sort_date   the paper's own date, else its session's (what it is sorted and filtered by)

The document list shows cards (`Library.summaries`), the filter vocabulary applies to them
(`kb.filters.Filters.accepts`), `kb.references.Paper.of` reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.models import Document
from kb.candidates import german_date


@dataclass(frozen=True)
class PaperCard:
    """A document as lists show it (no page text)."""

    id: str
    title: str
    source: str
    media_type: str
    doc_type: str | None
    date: str | None
    sort_date: str | None
    year: int | None
    session_body: str | None
    session_date: str | None
    vorlage_number: str | None
    bodies: list[str]
    topics: list[str]
    people: list[str]
    organisations: list[str]
    mentioned_dates: list[str]  # ISO days the text mentions (and ends of periods)
    pages: int
    ingested_at: str
    visibility: str = "öffentlich"  # or "nichtöffentlich": shown only to viewers who may see it


def paper_card(doc: Document) -> PaperCard:
    md = doc.metadata
    session_date = md.session.date if md.session else None
    sort_date = md.date or session_date
    return PaperCard(
        id=doc.id,
        title=title_of(doc),
        source=doc.source,
        media_type=doc.media_type,
        doc_type=md.doc_type,
        date=md.date,
        sort_date=sort_date,
        year=int(sort_date[:4]) if sort_date else None,
        session_body=md.session.body if md.session else None,
        session_date=session_date,
        vorlage_number=md.vorlage_number,
        bodies=list(md.bodies),
        topics=list(md.topics),
        people=[p.name for p in md.people],
        organisations=list(md.organisations),
        mentioned_dates=sorted({d.iso for d in md.dates if d.precision == "day"} | {d.end for d in md.dates if d.end}),
        pages=len(doc.pages),
        ingested_at=doc.ingested_at,
        visibility=md.visibility,
    )


def title_of(doc: Document) -> str:
    md = doc.metadata
    return title_from(md.title, md.doc_type, md.session.body if md.session else None,
                      md.session.date if md.session else None, doc.source)


def title_from(title: str | None, doc_type: str | None, session_body: str | None, session_date: str | None,
               source: str) -> str:
    """The Betreff; without one, "Niederschrift – Kreistag, Sitzung am 19.12.2016"; else the file name.

    Also applied to a passage's fields (`title_of_fields`), whose stored title may be the file name.
    """
    if title and title != source:
        return title
    if not session_body:
        return source
    when = f", Sitzung am {german_date(session_date)}" if session_date else ""
    return f"{doc_type or 'Vorlage'} – {session_body}{when}"


def title_of_fields(meta: dict) -> str:
    """The card title from a passage's flat fields (`kb.passages.document_meta`)."""
    source = meta.get("source") or meta.get("document") or ""
    return title_from(meta.get("title"), meta.get("doc_type"), meta.get("session_body"), meta.get("session_date"), source)
