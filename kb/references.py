"""References a paper makes to earlier events and papers, and their resolution to documents.

Committee papers cite what they build on by body and date, by number, or by a grant notice:

    "Der Kreistag hat … in seiner Sitzung am 19.12.2016 beauftragt"       session  Kreistag 2016-12-19
    "der Empfehlung des Ausschusses für Soziales, … vom 16.11.2016"        decision Ausschuss für … 2016-11-16
    "zuletzt in der Sitzung des Ausschusses am 09.04.2018"                  session  (some Ausschuss) 2018-04-09
    "(Vorlage Nr. 2020/0298)"                                               vorlage  number 2020/0298
    "Mit Antrag vom 12.04.2021"                                             paper    Antrag 2021-04-12
    "Mit Bescheid vom 27.02.2019"                                           notice   2019-02-27
    "den Projektaufruf „Zusammen im Quartier …“"                            programme

Dates and Gremien are found with the patterns of `ingest.dates` and `ingest.entities`; this
module only adds the cue words around them. `resolve` matches a reference against the corpus:
a session or decision against each paper's session (body + date; minutes first), a number
against the papers' Vorlage numbers, a dated paper against the papers' own dates. What matches
nothing (a grant notice, a programme, a paper not in the archive) stays with `target=None`.

>>> refs = extract_references(doc)                                        # doctest: +SKIP
>>> resolve(refs, doc, PaperIndex.from_documents(archive))                # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Annotated, Literal

from pydantic import Field

from ingest.dates import DATE, page_at, parse_german_date, sentence_at
from ingest.entities import BODY, canonical_body
from ingest.models import Document
from kb.card import paper_card

Kind = Literal["session", "decision", "vorlage", "paper", "notice", "programme"]
GENERIC_AUSSCHUSS = "Ausschuss"  # "in der Sitzung des Ausschusses": some committee, name not given

_BODY = BODY.pattern.replace("(?P<body>", "(?:")
_BODY_OR_BARE = rf"(?:{_BODY}|Ausschuss(?:es)?(?![\w-]))"
# The words that stand between a cue and its date: "Sitzung des Kreistages am", "Bescheid vom".
_OF = rf"(?:\s+(?:des|der)\s+(?P<body>{_BODY_OR_BARE}))?"
_CUES: list[tuple[Kind, re.Pattern[str]]] = [
    ("session", re.compile(rf"(?<![\w-])Sitzung{_OF}\s+(?:am|vom)\s+$")),
    ("decision", re.compile(rf"(?<![\w-])(?:Beschlu(?:ss|ß)(?:es)?|Empfehlung|Entscheidung){_OF}\s+(?:vom|am)\s+$")),
    ("notice", re.compile(r"(?<![\w-])(?:Zuwendungs|Bewilligungs|Förder)?[Bb]escheid(?:es)?(?:\s+(?:der|des)\s+[\w\s-]{3,40}?)?\s+vom\s+$")),
    ("paper", re.compile(
        r"(?<![\w-])(?P<type>Antrag|Anfrage|Schreiben|Vorlage|Mitteilung|Bericht)(?:es|s)?"
        r"(?:\s+(?:der|des)\s+[\w\s/.-]{3,60}?)?\s+vom\s+$")),
]
_WINDOW = 220  # characters before a date searched for its cue
# "Vorlage Nr. 2020/0298", "Drucksache 2019/0088", "DS-Nr. 2018/0127"
VORLAGE_NUMBER = re.compile(
    r"(?<![\w-])(?:Vorlagen?|Drucksachen?|DS|Beschlussvorlage|Mitteilungsvorlage)(?:[ \t]*-[ \t]*|\s+)?"
    r"(?:Nr\.?|Nummer)?\s*:?\s*(?P<number>(?:[A-Z]{1,4}/)?(?:19|20)?\d{2}/\d{1,5}(?:[/-]\d{1,3})?)(?![\d/])")
# A named programme or call: a programme word and its name in quotes.
PROGRAMME = re.compile(
    r"(?<![\w-])(?P<kind>[\w-]*(?:[Pp]rogramm|[Aa]ufruf|[Pp]rojekt|[Ff]örderrichtlinie))\s+[„\"](?P<name>[^“”\"]{3,100})[“”\"]")
# "der Kreistag", "Der Jugendhilfeausschuss": the body a "seiner Sitzung" belongs to is the subject.
_NOMINATIVE = re.compile(rf"(?<![\w-])(?:[Dd]er)\s+(?P<body>{_BODY_OR_BARE})")


@dataclass(frozen=True)
class Reference:
    """One reference in a document's text; offsets are in the text of page `page`."""

    kind: Kind
    body: str | None  # Gremium (nominative); "Ausschuss" when the text names no committee
    date: str | None  # ISO
    number: str | None  # Vorlage number, or the programme's name for kind "programme"
    text: str  # the sentence
    page: int
    start: int
    end: int
    target: str | None = None  # the document it resolves to

    def to_json(self) -> dict:
        return {
            "kind": self.kind, "body": self.body, "date": self.date, "number": self.number, "text": self.text,
            "page": self.page, "start": self.start, "end": self.end, "target": self.target,
        }


def joined_text(doc: Document) -> tuple[str, list[int]]:
    """The pages joined by a line break (a sentence over a page break stays whole), and page starts."""
    starts, parts, offset = [], [], 0
    for page in doc.pages:
        starts.append(offset)
        parts.append(page.text)
        offset += len(page.text) + 1
    return "\n".join(parts), starts


def extract_references(doc: Document) -> list[Reference]:
    """Every reference in `doc`, in reading order, unresolved; the paper's own session and number excluded."""
    text, starts = joined_text(doc)
    md = doc.metadata
    own_session = (md.session.body, md.session.date) if md.session else None
    found: list[tuple[int, Reference]] = []

    def add(kind: Kind, start: int, end: int, body: str | None, date: str | None, number: str | None) -> None:
        page = page_at(start, 1, starts)
        base = starts[page - 1]
        found.append((start, Reference(kind, body, date, number, sentence_at(text, start), page,
                                       start - base, end - base)))

    for m in DATE.finditer(text):
        date = parse_german_date(m.group())
        if date is None:
            continue
        before = text[max(0, m.start() - _WINDOW) : m.start()]
        for kind, cue in _CUES:
            c = cue.search(before)
            if not c:
                continue
            start = m.start() - len(before) + c.start()
            body = _body_of(c, kind, text, start)
            if kind == "session" and own_session and date == own_session[1] and body in (own_session[0], None):
                break  # "Niederschrift über die 9. Sitzung des Kreistages am …": the paper's own session
            add(kind, start, m.end(), body, date, c.groupdict().get("type"))
            break
    for m in VORLAGE_NUMBER.finditer(text):
        if m.group("number") != md.vorlage_number:
            add("vorlage", m.start(), m.end(), None, None, m.group("number"))
    for m in PROGRAMME.finditer(text):
        name = " ".join(m.group("name").split())
        sentence_dates = [d for d in (parse_german_date(x.group()) for x in DATE.finditer(sentence_at(text, m.start()))) if d]
        add("programme", m.start(), m.end(), None, sentence_dates[0] if sentence_dates else None, name)
    return [ref for _, ref in sorted(found, key=lambda f: f[0])]


def _body_of(cue: re.Match[str], kind: Kind, text: str, start: int) -> str | None:
    """The Gremium of a session or decision: named after the cue, else the sentence's subject."""
    if kind not in ("session", "decision"):
        return None
    named = cue.groupdict().get("body")
    if named:
        return _canonical(named)
    m = _NOMINATIVE.search(sentence_at(text, start))
    return _canonical(m.group("body")) if m else None


def _canonical(name: str) -> str:
    name = canonical_body(name)
    return GENERIC_AUSSCHUSS if name in ("Ausschuss", "Ausschusses") else name


# --- resolution -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Paper:
    """What resolution needs to know of a document of the corpus (read off its card).

    In JSON (a timeline's documents) the id is called "document", as everywhere a paper is cited.
    """

    id: Annotated[str, Field(serialization_alias="document")]
    title: str
    doc_type: str | None
    date: str | None  # the paper's own date, else its session's
    number: str | None
    session_body: str | None
    session_date: str | None

    @classmethod
    def of(cls, doc: Document) -> Paper:
        card = paper_card(doc)
        return cls(card.id, card.title, card.doc_type, card.sort_date, card.vorlage_number,
                   card.session_body, card.session_date)


class PaperIndex:
    """The corpus, looked up by session date, number and own date."""

    def __init__(self, papers: Iterable[Paper]):
        self.papers = {p.id: p for p in papers}
        self._by: dict[tuple[str, str], list[Paper]] = {}
        for p in self.papers.values():
            for key in (("session", p.session_date), ("number", p.number), ("date", p.date)):
                if key[1]:
                    self._by.setdefault(key, []).append(p)  # type: ignore[arg-type]

    @classmethod
    def from_documents(cls, docs: Iterable[Document]) -> PaperIndex:
        return cls(Paper.of(d) for d in docs)

    def candidates(self, ref: Reference, citing: Paper) -> list[Paper]:
        """Papers `ref` may point to: earlier than (or as old as) the citing paper, never itself."""
        keys = {"session": [("session", ref.date)], "decision": [("session", ref.date), ("date", ref.date)],
                "vorlage": [("number", ref.number)], "paper": [("date", ref.date)]}.get(ref.kind, [])
        found = {p.id: p for key in keys if key[1] for p in self._by.get(key, [])}  # type: ignore[index]
        return [p for p in found.values() if p.id != citing.id and not_later(p, citing) and _matches(ref, p)]


def not_later(paper: Paper, citing: Paper) -> bool:
    """Whether `paper` is older than (or as old as) `citing`; undated papers are never excluded."""
    limit = citing.date or citing.session_date
    return not limit or not paper.date or paper.date <= limit


def _matches(ref: Reference, paper: Paper) -> bool:
    if ref.kind == "decision" and paper.doc_type == "Beschluss" and ref.date == paper.date:
        return True  # the decision's own record (a Beschlussausfertigung)
    if ref.kind in ("session", "decision"):
        if ref.date != paper.session_date:
            return False
        if ref.body is None or paper.session_body is None:
            return True
        if ref.body == GENERIC_AUSSCHUSS:
            return "usschuss" in paper.session_body
        return ref.body == paper.session_body
    if ref.kind == "vorlage":
        return ref.number is not None and ref.number == paper.number
    if ref.kind == "paper":
        wanted = {"Antrag": "Antrag", "Anfrage": "Anfrage", "Mitteilung": "Mitteilung", "Bericht": "Bericht"}.get(ref.number or "")
        return ref.date == paper.date and (wanted is None or paper.doc_type == wanted)
    return False  # notices and programmes are not papers of the corpus


def resolve(refs: list[Reference], doc: Document, index: PaperIndex) -> list[Reference]:
    """`refs` with their targets set where one paper of the corpus matches (the best of several)."""
    citing = Paper.of(doc)
    numbers_in = {}
    for r in refs:
        if r.kind == "vorlage":
            numbers_in.setdefault(r.text, set()).add(r.number)
    resolved = []
    for ref in refs:
        candidates = index.candidates(ref, citing)
        target = _best(candidates, ref, numbers_in.get(ref.text, set())) if candidates else None
        resolved.append(replace(ref, target=target))
    return resolved


def _best(candidates: list[Paper], ref: Reference, numbers: set[str | None]) -> str:
    """Several papers for one session: the one whose number the sentence cites, else the minutes,
    else the one whose title shares most words with the sentence."""
    words = set(re.findall(r"\w{4,}", ref.text.lower()))

    def rank(p: Paper) -> tuple:
        return (p.number in numbers and p.number is not None, p.doc_type == "Niederschrift",
                len(words & set(re.findall(r"\w{4,}", p.title.lower()))), p.date or "")

    return max(candidates, key=rank).id
