"""Metadata of a committee paper from its repaired text: what, when, for which session, about what.

>>> md = extract_metadata(["Betreff: Sozialplanung\\n…\\nZur Sitzung des Ausschusses für Inklusion und Gesundheit 04.06.2019."])
>>> (md.session.body, md.session.date, md.title)
('Ausschuss für Inklusion und Gesundheit', '2019-06-04', 'Sozialplanung')
"""

from __future__ import annotations

import re

from ingest.dates import DATE, find_dates, parse_german_date
from ingest.entities import BODY, canonical_body, find_amounts, find_bodies, find_organisations, find_people
from ingest.models import Metadata, Session

_D = r"\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}"
_SESSION_PATTERNS = (
    # "Zur Sitzung des Ausschusses für Inklusion und Gesundheit 04.06.2019." (end of a Vorlage)
    re.compile(rf"Zur\s+Sitzung\s+(?:des|der)\s+(?P<body>.+?)\s+(?:am\s+)?(?P<date>{_D})"),
    # "Niederschrift über die 12. Sitzung des Kreistages am 19.12.2016"
    re.compile(rf"Niederschrift\s+über\s+die\s+(?:\d+\.\s+)?(?:öffentliche\s+)?Sitzung\s+(?:des|der)\s+(?P<body>.+?)\s+(?:vom|am)\s+(?P<date>{_D})"),
    # "… für die Sitzung des Jugendhilfeausschusses am 02.07.2020"
    re.compile(rf"für\s+die\s+Sitzung\s+(?:des|der)\s+(?P<body>.+?)\s+(?:vom|am)\s+(?P<date>{_D})"),
)
_GREMIUM_LINE = re.compile(r"^\s*(?:Gremium|Beratungsfolge|Ausschuss)\s*:\s*(?P<body>.+?)\s*$", re.MULTILINE)
_SESSION_LINE = re.compile(rf"^\s*(?:Sitzung|Sitzungsdatum|Sitzungstermin)(?:\s+am)?\s*:?\s*(?P<date>{_D})", re.MULTILINE)
_DOC_DATE = re.compile(rf"^\s*(?:Datum\s*:|[A-ZÄÖÜ][\w -]+,\s+(?:den\s+)?)\s*(?P<date>{_D})\s*$", re.MULTILINE)
# The paper's own number stands at the start of a letterhead line; cited numbers stand in sentences.
_NUMBER = re.compile(
    r"^\s*(?:Vorlagen?(?:-|\s)?Nr\.?|Drucksachen?(?:-|\s)?(?:Nr\.?)?|Vorlage\s+Nummer)\s*:?\s*"
    r"(?P<number>[A-Z]{0,3}/?\d{2,4}/\d{1,5}(?:/\d+)?)",
    re.MULTILINE,
)
_TITLE = re.compile(r"^\s*Betreff\s*:\s*(?P<title>.+?)\s*$", re.MULTILINE)
HEAD_LINES = 20  # the letterhead: where document type, date and number stand

DOC_TYPES = (  # first match in the letterhead wins
    ("Niederschrift", re.compile(r"\bNiederschrift\b|\bProtokoll\b")),
    ("Beschlussvorlage", re.compile(r"\bBeschlussvorlage\b")),
    ("Mitteilung", re.compile(r"\bMitteilung(?:svorlage)?\b")),
    ("Antrag", re.compile(r"\bAntrag\s+der\s+(?:Fraktion|Gruppe)|^\s*Antrag\b", re.MULTILINE)),
    ("Anfrage", re.compile(r"\bAnfrage\b")),
    ("Bericht", re.compile(r"^\s*(?:\w+)?[Bb]ericht\b", re.MULTILINE)),
    ("Beschluss", re.compile(r"^\s*Beschluss\b", re.MULTILINE)),
)

# A small controlled vocabulary; a topic needs two keyword hits in the text, or one in the title.
TOPICS: dict[str, tuple[str, ...]] = {
    "Soziales": ("sozial", "armut", "wohlfahrt", "grundsicherung", "sgb ii", "teilhabe"),
    "Gesundheit": ("gesundheit", "hitze", "pflegeheim", "krankenhaus", "rettungsdienst", "ärzt", "impf"),
    "Jugend": ("jugend", "kinder", "kita", "familie"),
    "Bildung": ("schul", "bildung", "ausbildung", "weiterbildung"),
    "Förderung": ("förder", "zuwendung", "zuschuss", "landesmittel", "bescheid", "fördermittel"),
    "Personal": ("personal", "stelle", "stellenplan", "vollzeit", "einstell", "mitarbeitende"),
    "Haushalt": ("haushalt", "eigenanteil", "kosten", "finanz", "euro", "eur "),
    "Mobilität": ("verkehr", "mobilität", "bus", "bahn", "radweg", "fahrgäst", "öpnv"),
    "Umwelt": ("klima", "umwelt", "energie", "hitze", "emission", "naturschutz"),
    "Digitalisierung": ("digital", "online", "ozg", "software", "e-akte"),
    "Pflege": ("pflege",),
    "Integration": ("integration", "migration", "geflüchtet", "zuwander"),
    "Organisation": ("organisation", "projektgruppe", "lenkungsgruppe", "steuerung", "dezernat"),
}


def extract_metadata(pages: list[str]) -> Metadata:
    """Metadata of a document from its repaired page texts (page 1 first)."""
    text = "\n\n".join(pages)
    head = "\n".join(text.splitlines()[:HEAD_LINES])
    title = _first(_TITLE, head, "title")
    bodies: list[str] = []
    people = []
    dates = []
    amounts = []
    for number, page in enumerate(pages, start=1):
        bodies += [b for b in find_bodies(page) if b not in bodies]
        people += [p for p in find_people(page, number) if p.name not in {q.name for q in people}]
        dates += find_dates(page, number)
        amounts += find_amounts(page, number)
    return Metadata(
        title=title,
        doc_type=doc_type(head, text),
        date=_date(_first(_DOC_DATE, head, "date")),
        vorlage_number=_first(_NUMBER, head, "number"),  # the paper's own, not one it cites
        session=find_session(text),
        bodies=bodies,
        people=people,
        organisations=find_organisations(text),
        dates=dates,
        amounts=amounts,
        topics=topics(text, title),
    )


def find_session(text: str) -> Session | None:
    """The session the paper is for: its Gremium (nominative) and date."""
    gremium = _GREMIUM_LINE.search(text)
    if gremium:
        date_line = _SESSION_LINE.search(text)
        return Session(canonical_body(gremium.group("body")), _date(date_line.group("date")) if date_line else None)
    for pattern in _SESSION_PATTERNS:
        m = pattern.search(text)
        if m and BODY.match(m.group("body")):
            return Session(canonical_body(m.group("body")), _date(m.group("date")))
    return None


def doc_type(head: str, text: str) -> str:
    for name, pattern in DOC_TYPES:
        if pattern.search(head):
            return name
    if "Um Kenntnisnahme wird gebeten" in text:
        return "Mitteilung"
    if re.search(r"\bBeschlussvorschlag\b", text):
        return "Beschlussvorlage"
    return "Vorlage"


def topics(text: str, title: str | None) -> list[str]:
    lower = " ".join(text.lower().split())
    title_lower = (title or "").lower()
    chosen = []
    for topic, stems in TOPICS.items():
        hits = sum(lower.count(stem) for stem in stems)
        if hits >= 2 or any(stem in title_lower for stem in stems):
            chosen.append((hits, topic))
    return [topic for _, topic in sorted(chosen, key=lambda t: -t[0])[:4]]


def _first(pattern: re.Pattern[str], text: str, group: str) -> str | None:
    m = pattern.search(text)
    return " ".join(m.group(group).split()) if m else None


def _date(text: str | None) -> str | None:
    if not text:
        return None
    m = DATE.search(text)
    return parse_german_date(m.group()) if m else None
