"""The timeline of a matter: its papers and the events they mention, in date order.

An event is a paper's own session (with the sentence that carries its decision) or a dated
fact a paper mentions, with its Gremium or actor; mentions of one date are merged.

>>> build_timeline(Matters(docs), searcher, document_id="vorlage-sozialplanung-2019")   # doctest: +SKIP
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ingest.dates import sentence_at
from ingest.entities import BODY, find_organisations, find_people
from ingest.models import Document
from kb.matters import Matters
from kb.records import to_json
from kb.references import GENERIC_AUSSCHUSS, Paper, Reference, joined_text
from kb.search import Filters, Searcher

_LETTERHEAD = re.compile(r"^(?:Datum|Sitzung\w*|Termin|Sitzungstermin)\s*:|^Niederschrift über|^Vorlage Nr")
_FRAKTION = re.compile(r"\bFraktion\s+(?:der\s+)?[A-ZÄÖÜ0-9][\w/.-]*(?:\s+[A-ZÄÖÜ0-9][\w/.-]*)*")
_DECISION_WORDS = re.compile(
    r"\b(?:beschlie\w+|beschlossen|Beschluss|beauftragt|empfiehlt|bewilligt|eingestellt|gestartet|berichtet|besetzt)\b")


@dataclass
class Event:
    date: str  # ISO (day or month precision)
    end: str | None  # ISO, for a period
    body: str | None  # Gremium or actor
    text: str  # the sentence that carries the decision or fact
    document: str
    page: int

    def to_json(self) -> dict[str, Any]:
        return to_json(self)


@dataclass
class Timeline:
    events: list[Event]
    documents: list[Paper]  # in JSON: {"document", "title", "date", …}

    def to_json(self) -> dict[str, Any]:
        return to_json(self)


def build_timeline(matters: Matters, searcher: Searcher, document_id: str | None = None,
                   query: str | None = None, internal: bool = False) -> Timeline:
    """The papers of a matter and the events they mention, in date order.

    The matter is that of `document_id` (KeyError if unknown), or of the best search hit for `query`.
    """
    if document_id is None:
        if not query:
            raise ValueError("document_id or query is needed")
        hits = searcher.search(query, Filters(internal=internal), top_k=10).hits
        if not hits:
            return Timeline([], [])
        document_id = hits[0].document
    if document_id not in matters.docs:
        raise KeyError(document_id)
    members = matters.members(document_id)
    papers = sorted((matters.index.papers[i] for i in members), key=lambda p: (p.date or "", p.id))
    titles = " ".join(p.title for p in papers) + " " + (query or "")
    events: dict[tuple[str, str | None], list[tuple[int, Event]]] = {}
    for paper in papers:
        for rank, event in _events(matters, matters.docs[paper.id], titles):
            events.setdefault((event.date, event.end), []).append((rank, event))
    merged = [_merge(found) for _, found in sorted(events.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))]
    return Timeline(merged, papers)


def _events(matters: Matters, doc: Document, titles: str) -> list[tuple[int, Event]]:
    """(rank, event): the paper's own session (rank 0), then dated facts it mentions (1: with a
    decision word, 2: other). The lowest rank gives the text of a merged event."""
    md = doc.metadata
    text, starts = joined_text(doc)
    refs = matters.profiles[doc.id].refs
    out: list[tuple[int, Event]] = []
    session_date = md.session.date if md.session else None
    if session_date:
        sentence, page = _decision_sentence(doc, text, starts, titles)
        out.append((0, Event(session_date, None, md.session.body, sentence, doc.id, page)))
    for mention in md.dates:
        if mention.precision == "year" and not mention.end:
            continue
        if _LETTERHEAD.search(mention.sentence) or (not mention.end and mention.iso in (md.date, session_date)):
            continue
        body = _actor(matters, mention.sentence, refs, mention.iso)
        rank = 1 if _DECISION_WORDS.search(mention.sentence) else 2
        out.append((rank, Event(mention.iso, mention.end, body, mention.sentence, doc.id, mention.page)))
    return out


def _actor(matters: Matters, sentence: str, refs: list[Reference], iso: str) -> str | None:
    """The Gremium or actor of a sentence: a resolved reference's body, the subject Gremium,
    another Gremium, an organisation, a person, the Landrat."""
    for ref in refs:
        if ref.text == sentence and ref.date == iso and ref.body:
            if ref.body == GENERIC_AUSSCHUSS and ref.target:
                return matters.index.papers[ref.target].session_body or ref.body
            return ref.body
    # The subject ("Der Kreistag beschließt"), else a Gremium not in the dative or genitive ("dem Kreistag").
    m = re.search(rf"(?<![\w-])[Dd]er\s+(?P<x>{BODY.pattern})", sentence) or next(
        (b for b in BODY.finditer(sentence) if not re.search(r"\b(?:dem|den|des)\s+$", sentence[: b.start()])), None)
    if m:
        from ingest.entities import canonical_body

        return canonical_body(m.group("body"))
    organisations = find_organisations(sentence)
    if organisations:
        return organisations[0]
    people = find_people(sentence, 1)
    if people:
        return people[0].name
    m = _FRAKTION.search(sentence)
    if m:
        return " ".join(m.group().split())
    if re.search(r"\bLandrat(?:es|s)?\b", sentence):
        return "Landrat"
    if re.search(r"\b[Dd]ie\s+Verwaltung\b", sentence):
        return "Verwaltung"
    return None


def _merge(found: list[tuple[int, Event]]) -> Event:
    """One event from its mentions: the best-ranked text, the first body any mention gives."""
    found.sort(key=lambda f: f[0])
    best = found[0][1]
    body = best.body or next((e.body for _, e in found if e.body), None)
    return Event(best.date, best.end, body, best.text, best.document, best.page)


def _decision_sentence(doc: Document, text: str, starts: list[int], titles: str) -> tuple[str, int]:
    """The sentence that carries a paper's decision: the Beschluss of the matching TOP of minutes,
    the Beschlussvorschlag of a Vorlage, else the Betreff."""
    from ingest.dates import page_at

    words = set(re.findall(r"\w{5,}", titles.lower()))
    candidates = [m for m in re.finditer(r"(?m)^[ \t]*(?:Beschluss|Beschlussvorschlag)\s*:\s*\n?\s*(?=\S)", text)]
    if candidates:
        def overlap(m: re.Match[str]) -> int:
            # The agenda item (TOP) the Beschluss belongs to: from its heading to the Beschluss.
            end = text.find("TOP", m.end())
            top = text[max(0, text.rfind("TOP", 0, m.start())) : end if end >= 0 else len(text)]
            return len(words & set(re.findall(r"\w{5,}", top.lower())))

        m = max(candidates, key=overlap)
        return sentence_at(text, m.end()), page_at(m.end(), 1, starts)
    md = doc.metadata
    if md.title:
        kind = md.doc_type or "Vorlage"
        number = f" (Vorlage Nr. {md.vorlage_number})" if md.vorlage_number else ""
        return f"{kind}: {md.title}{number}", 1
    session_date = md.session.date if md.session else None
    for mention in md.dates:
        if mention.iso == session_date:
            return mention.sentence, mention.page
    return doc.source, 1
