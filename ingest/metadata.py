"""Metadata of a committee paper from its repaired text: what, when, for which session, about what.

The letterhead (the first lines of page 1) gives type, number, date, Betreff and the Gremium;
papers without one (the seed) name their session in a closing line ("Zur Sitzung des …") and
minutes in their heading ("Niederschrift über die 12. Sitzung des Kreistages am 19.12.2016").

>>> md = extract_metadata(["Betreff: Sozialplanung\\n…\\nZur Sitzung des Ausschusses für Inklusion und Gesundheit 04.06.2019."])
>>> (md.session.body, md.session.date, md.title)
('Ausschuss für Inklusion und Gesundheit', '2019-06-04', 'Sozialplanung')
"""

from __future__ import annotations

import re

from ingest import letterhead as lh
from ingest.consultations import consultations as find_consultations
from ingest.consultations import visibility as find_visibility
from ingest.dates import find_dates, page_at, parse_german_date, sentence_at
from ingest.entities import (
    BODY,
    canonical_body,
    find_bodies,
    find_organisations,
    find_people,
)
from ingest.models import Amount, Consultation, Metadata, Session
from ingest.names import not_after

HEAD_LINES = 18  # non-blank lines of page 1 that make the letterhead
_D = r"\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}"  # a numeric date, parsed by parse_german_date
_BODY = BODY.pattern.replace("(?P<body>", "(?:")

# --- letterhead fields (one line each, anchored at the line start) ----------------------------
# A field starts a line, or a column of a two-column letterhead (after two spaces).
_FIELD = r"(?:^|(?<=[ \t]{2}))[ \t]*"
_GREMIUM_LINE = re.compile(
    rf"{_FIELD}(?:Gremium|Beratungsfolge|Ausschuss)[ \t]*:[ \t]*(?P<value>[^\n]*)(?P<next>(?:\n[^\n]*){{0,2}})", re.MULTILINE)
_SESSION_LINE = re.compile(
    rf"{_FIELD}(?:Sitzung|Sitzungsdatum|Sitzungstermin|Termin|Datum der Sitzung)(?:[ \t]+am)?[ \t]*:?[ \t]*(?P<date>{_D})",
    re.MULTILINE)
_DOC_DATE = re.compile(
    rf"{_FIELD}(?:Datum[ \t]*:|[A-ZÄÖÜ][\w.-]*(?:[ \t][\w.-]+)?,[ \t]+(?:den[ \t]+)?)[ \t]*(?P<date>{_D})(?=[ \t]*$|[ \t]{{2}})",
    re.MULTILINE)
_DATED_PLACE = re.compile(rf"^[ \t]*[A-ZÄÖÜ][\w.-]*(?:[ \t][\w.-]+)?,[ \t]+den[ \t]+(?P<date>{_D})[ \t]*$", re.MULTILINE)
# The paper's own number heads a letterhead field; numbers cited in sentences belong to other papers.
_NUMBER = re.compile(
    rf"{_FIELD}(?:Vorlagen?|Drucksachen?|DS|Beschlussvorlage|Mitteilungsvorlage)(?:[ \t]*-[ \t]*|[ \t]+)?"
    r"(?:Nr\.?|Nummer)?[ \t]*:?[ \t]*(?P<number>(?:[A-Z]{1,4}/)?(?:19|20)?\d{2}/\d{1,5}(?:[/-]\d{1,3})?)\b",
    re.MULTILINE)
_TITLE = re.compile(rf"{_FIELD}(?:Betreff|Betr\.|Gegenstand)[ \t]*:[ \t]*(?P<title>.+)$", re.MULTILINE)
_LABEL = re.compile(r"^[ \t]*[A-ZÄÖÜ][\w. -]{0,30}:")

# --- sessions in running text (searched in the text with its line breaks flattened) ------------
_SESSION_PATTERNS = (
    # "Zur Sitzung des Ausschusses für Inklusion und Gesundheit 04.06.2019." (the end of a Vorlage)
    re.compile(rf"\b(?:Zur|zur|Für|für\s+die)\s+Sitzung\s+(?:des|der)\s+(?P<body>{_BODY})\s+(?:am\s+|vom\s+)?(?P<date>{_D})"),
    # "Niederschrift über die 12. Sitzung des Kreistages am 19.12.2016"
    re.compile(rf"\b(?:Niederschrift|Protokoll)\s+(?:über\s+die|der)\s+(?:\d+\.\s+)?(?:\w+\s+)?Sitzung\s+(?:des|der)\s+"
               rf"(?P<body>{_BODY})\s+(?:am|vom)\s+(?:\w+,\s+(?:dem|den)\s+)?(?P<date>{_D})"),
)
# An Antrag addresses the chair: "An den Vorsitzenden des Ausschusses für Mobilität und Verkehr".
_ADDRESSEE = re.compile(rf"\bAn\s+(?:den|die)\s+Vorsitzende[n]?\s+(?:des|der)\s+(?P<body>{_BODY})")

# --- document type (where no type word is printed; see ingest.letterhead.paper_type) ----------------
_MITTEILUNG_END = re.compile(r"Um\s+Kenntnisnahme\s+wird\s+gebeten|Die\s+Mitteilung\s+dient\s+der\s+Kenntnisnahme")

# --- topics -------------------------------------------------------------------------------------
# A controlled vocabulary, chosen by word stems: a topic needs MIN_HITS hits in the text, or one
# in the title; at most MAX_TOPICS, the most frequent first. A stem matches at a word start or
# inside a compound ("Landes|förder|mittel"); a leading "\b" pins it to word starts.
TOPICS: dict[str, tuple[str, ...]] = {
    "Soziales": ("sozial", "armut", "wohlfahrt", "grundsicherung", "sgb ii", "teilhabe", "wohngeld", "bedarfsgemeinschaft"),
    "Gesundheit": ("gesundheit", "hitze", "krankenhaus", "rettungsdienst", r"\bärzt", "impf", "pandemie", "kranke"),
    "Jugend": ("jugend", r"\bkinder", r"\bkita", "familie"),
    "Bildung": (r"\bschul", "schule", "bildung", "kurs", "lehrkräfte"),
    "Förderung": ("förder", "zuwendung", "zuschuss", "landesmittel", "bewilligt"),
    "Personal": ("personal", r"\bstellen\b", "stellenplan", "vollzeit", "einstell", "fachkräfte", "beschäftigte"),
    "Haushalt": ("haushalt", "eigenanteil", r"\bkosten", "finanz", "aufwendungen", "erträge", "kreisumlage"),
    "Mobilität": ("verkehr", "mobilität", r"\bbus", r"\bbahn", "radweg", "fahrgäst", "öpnv", "haltestelle"),
    "Umwelt": ("klima", "umwelt", "energie", "emission", "naturschutz", "trinkwasser"),
    "Digitalisierung": ("digital", r"\bonline", r"\bozg\b", "software", "e-akte", r"\bportal"),
    "Pflege": ("pflege",),
    "Integration": ("integration", "migration", "geflüchtet", "zugewandert", "zuwander", "flüchtling"),
    "Organisation": ("organisation", "projektgruppe", "lenkungsgruppe", "steuerung", "stabsstelle", "verwaltungsintern"),
}
MIN_HITS = 3
MAX_TOPICS = 4
# "\bkita" as "k(?<!\wk)ita": the same matches, but re scans for the first letter (see ingest.names.not_after).
_TOPIC_PATTERNS = {topic: [re.compile(not_after(r"\w", s[2:]) if s.startswith(r"\b") else s) for s in stems]
                   for topic, stems in TOPICS.items()}


def extract_metadata(pages: list[str], name: str | None = None) -> Metadata:
    """Metadata of a document from its repaired page texts (page 1 first). `name`: the file's name as
    filed (its stem, or an OParl File's `name`: "TOP 4 Informationsvorlage Golfplatz"), which gives
    the type where the letterhead prints none (see `name_type`)."""
    pages = pages or [""]
    # One text, pages joined by a line break: a sentence cut by a page break stays whole, and a
    # person named on page 1 and given a role on page 2 is one person.
    text = "\n".join(pages)
    starts = [0]
    for page in pages[:-1]:
        starts.append(starts[-1] + len(page) + 1)
    lines = lh.head_lines(text)
    head = "\n".join(lines[:HEAD_LINES])
    number = _first(_NUMBER, head, "number") or lh.reference(lines) or form_reference(lines)
    printed_type = paper_type(lines, number)
    title = find_title(pages[0])
    if title is None and printed_type != "Niederschrift":  # minutes have a heading, not a Betreff
        title = lh.title(lines, has_letterhead=number is not None or printed_type is not None)
    consultations = find_consultations(lines)
    session = find_session(head, text)
    if session is None and consultations:
        session = Session(consultations[0].body, consultations[0].date)
    if not consultations and session and _GREMIUM_LINE.search(head):
        consultations = [Consultation(session.body, session.date)]  # "Gremium: …" of a simple letterhead
    kind = ((printed_type if printed_type not in (None, "Vorlage") else None) or name_type(name)
            or printed_type or authored_type(lines, text) or doc_type(text))
    return Metadata(
        title=title,
        doc_type=kind,
        date=own_date(kind, lines, head, text),
        vorlage_number=number,
        session=session,
        consultations=consultations,
        visibility=find_visibility(lines, consultations),  # type: ignore[arg-type]
        bodies=find_bodies(text),
        people=find_people(text, 1, starts),
        organisations=find_organisations(text),
        dates=find_dates(text, 1, starts),
        amounts=find_amounts(text, 1, starts),
        topics=topics(text, title),
    )


# The labels of a form letterhead whose values follow in a column below them (Stadtamt Durlach: "Gremium:",
# "Termin:", "TOP:", "Verantwortlich:", then "Ortschaftsrat Durlach", "24.06.2020", "2020/0688", "6").
_FORM_LABEL = re.compile(r"^(?:Gremium|Termin|TOP|Verantwortlich)[ \t]*:$")


def form_reference(lines: list[str]) -> str | None:
    """A form letterhead without a number label: the number that stands alone among the values below its
    empty labels (its place in the column is the form's number field)."""
    labels = [i for i, line in enumerate(lines) if _FORM_LABEL.match(line)]
    if len(labels) < 3:
        return None
    for value in lines[labels[-1] + 1 : labels[-1] + 8]:
        m = lh._REF_LINE.fullmatch(value)
        if m and not lh._years(value):
            return value
    return None


def find_title(page: str) -> str | None:
    """The Betreff of the letterhead, with its wrapped continuation lines."""
    m = _TITLE.search("\n".join(page.splitlines()[: HEAD_LINES * 2]))
    if not m:
        return None
    title = m.group("title").strip()
    for line in page[m.end() :].splitlines()[1:3]:
        line = line.strip()
        if not line or _LABEL.match(line) or line.endswith(":") or not _continues(title, line):
            break
        title += " " + line
    return " ".join(re.sub(r"-\s+(?=[A-ZÄÖÜ])", "-", title).split())


_BREAKS_OFF = re.compile(
    r"(?:[–,-]|\b(?:und|oder|für|der|die|das|des|den|dem|im|in|zu|zur|zum|an|auf|ein|eine|einen|von|mit|bei|über))$")


def _continues(title: str, line: str) -> bool:
    """A wrapped Betreff: it breaks off at a joining word, or the next line is a short unfinished one."""
    if _BREAKS_OFF.search(title):
        return True
    return len(title) > 50 and len(line) <= 60 and not line.endswith((".", ","))


def find_session(head: str, text: str) -> Session | None:
    """The session the paper is for: its Gremium (nominative) and date, letterhead first."""
    for m in _GREMIUM_LINE.finditer(head):
        # The Gremium stands after the label, or (a Beratungsfolge table) on the lines below it.
        value = m.group("value")
        for line in [value] if value.strip() else m.group("next").splitlines():
            body = BODY.search(line)
            if body:
                date = _date_in(line) or _date_in(_first(_SESSION_LINE, head, "date"))
                return Session(canonical_body(body.group("body")), date)
    flat = _flatten(text)
    for pattern in _SESSION_PATTERNS:
        m = pattern.search(flat)
        if m:
            return Session(canonical_body(m.group("body")), parse_german_date(m.group("date")))
    m = _ADDRESSEE.search(_flatten(head))
    if m:
        return Session(canonical_body(m.group("body")), _date_in(_first(_SESSION_LINE, head, "date")))
    return None


def own_date(kind: str, lines: list[str], head: str, text: str) -> str | None:
    """The date the paper prints as its own, by kind of paper:
    - an Änderungs-/Ergänzungsantrag is filed for one sitting, on its eve or its day; unless its letterhead
      prints the day it was received ("Eingang: …"), its date of record is the day the issuing office signed
      it off to the council ("Hauptamt – Ratsangelegenheiten –" / "29. Juli 2014", the sitting's day), not
      the Fraktion's "vom 28.07.2014" above;
    - any other paper: its letterhead date ("Datum:", "Eingang:", an Antrag's "vom …", a letter's place
      and date, see `ingest.letterhead.document_date`), else a dated place line anywhere;
    - a paper that prints none of these (a Vorlage of the administration): its sign-off, if any."""
    printed = lh.document_date(lines) or document_date(head, text)
    received = any(_RECEIVED.match(line) for line in lines[:25])  # "Eingang: …" is the date of record
    if (kind == "Änderungs-/Ergänzungsantrag" and not received) or printed is None:
        return signoff_date(text) or printed
    return printed


_RECEIVED = re.compile(r"^(?:Eingang|eingegangen)\b", re.IGNORECASE)


# The issuing office's sign-off at the end of a paper: the office on a line of its own ("Hauptamt –
# Ratsangelegenheiten –", "Hauptamt - Sitzungsdienste -", "Ortsverwaltung Neureut"), the date alone below
# (a flattened form may leave a tick box's label beside it: "19. Oktober 2012 IQ-relevant").
_OFFICE_LINE = (r"(?:(?!(?:Ins)?[Gg]esamt\b)[A-ZÄÖÜ][\w.]*(?:amt|verwaltung|büro|dienste?|stelle)|Der\s+(?:Ober)?[Bb]ürgermeister(?:in)?)"
                r"(?:[ \t]*[-–][ \t]*[A-ZÄÖÜ][\w ]{2,40}?)?(?:[ \t]*[-–])?[ \t]*")
_SIGNOFF = re.compile(rf"^[ \t]*{_OFFICE_LINE}\n\s*(?P<date>\d{{1,2}}\.\s*(?:{lh._MONTH}|\d{{1,2}}\.)\s*(?:19|20)\d{{2}})(?!\d)",
                      re.MULTILINE)


def signoff_date(text: str) -> str | None:
    """The date of the issuing office's sign-off (see `_SIGNOFF`), the first in the text: later ones close
    papers appended to it (an answer, an excerpt of minutes)."""
    m = _SIGNOFF.search(text)
    return parse_german_date(m.group("date")) if m else None


def document_date(head: str, text: str) -> str | None:
    """The paper's own date: "Datum: 12.05.2020" or "Siegburg, den 12.05.2020" in the letterhead,
    else a dated place line anywhere (a letter's signature)."""
    m = _DOC_DATE.search(head) or _DATED_PLACE.search(text)
    return _date_in(m.group("date")) if m else None


# --- the printed type, read a little wider than ingest.letterhead does ------------------------------
# The Beratungsfolge table ends the letterhead: "Stellungnahme der Ortsverwaltung" below it is a heading.
_TABLE_HEAD = re.compile(r"^(?:Beratungsfolge\b|Gremi(?:um|en)\s+(?:Termin|Sitzung|Datum)\b)", re.IGNORECASE)
_SPECIFIC = re.compile(r"^\S+\s*[–-]\s*(?P<kind>Offenlage)\b", re.IGNORECASE)  # "Beschlussvorlage – Offenlage"
_AMENDMENT_NAMED = re.compile(r"Änderungsantrag|Ergänzungsantrag|Änderungs-\s*/\s*Ergänzungsantrag", re.IGNORECASE)


def paper_type(lines: list[str], number: str | None) -> str | None:
    """The type the letterhead prints (see `ingest.letterhead.paper_type`), read from the letterhead
    above its Beratungsfolge table, with a type word hyphenated at a line end joined again
    ("INTERFRAKTIONELLER ÄNDERUNGS-" / "ANTRAG"); the more specific of two printed types
    ("Beschlussvorlage – Offenlage"); an "Antrag" whose letterhead calls it an Änderungsantrag is one."""
    end = next((i for i, line in enumerate(lines) if _TABLE_HEAD.match(line)), len(lines))
    zone = _join_hyphenated(lines[:end])
    kind = lh.paper_type(zone, number)
    if kind is None or (kind == "Antrag" and _application(zone[: lh.TYPE_LINES])):
        return None
    for line in zone[: lh.TYPE_LINES]:
        m = _SPECIFIC.match(line)
        if m and lh.paper_type([line.split("–")[0].split("-")[0].strip()], None):
            return m.group("kind").capitalize()
    if kind == "Antrag" and any(_AMENDMENT_NAMED.search(line) for line in zone[: lh.TYPE_LINES]):
        return "Änderungs-/Ergänzungsantrag"  # "Antrag … (Änderungsantrag CDU-Fraktion)"
    return kind


def _application(zone: list[str]) -> bool:
    """A form "Antrag auf Genehmigung von …" (an application to an office) is no council motion."""
    for i, line in enumerate(zone):
        m = re.match(r"(?:Interfraktionelle[rs]?\s+)?Antrag\b", line, re.IGNORECASE)
        if m:
            after = " ".join([line[m.end():], *zone[i + 1 : i + 2]]).strip()
            return re.match(r"auf\b", after) is not None
    return False


# A type word in a file's name: filed as "TOP 4 Informationsvorlage Golfplatz", "TOP 4 FDP-Antrag KVV-App",
# "TOP 15 Vorlage 508 StN MfG-Anfrage …" (the first type word names the file: an answer to an Anfrage).
_NAME_TYPES = (
    # also abbreviated: "E-Antrag KULT Wohnungsbau", "Ä-Antrag FDP", "ÄAntrag AfD", "Ä/E-Antrag"
    (r"Änderungs-?\s*/?\s*Ergänzungsantrag|Änderungsantrag|Ergänzungsantrag|(?:Ä/E|Ä|E)-Antrag|ÄAntrag",
     "Änderungs-/Ergänzungsantrag"),
    (r"Beschlussvorlage", "Beschlussvorlage"),
    (r"Informationsvorlage", "Informationsvorlage"),
    (r"Mitteilungsvorlage|Mitteilung", "Mitteilung"),
    (r"Stellungnahme|StN", "Stellungnahme"),
    (r"Niederschrift|Protokoll(?:auszug)?", "Niederschrift"),
    (r"Antrag|Anträge", "Antrag"),
    (r"Anfrage", "Anfrage"),
)
_NAME_TYPE = re.compile(
    r"(?<![A-Za-zÄÖÜäöüß])(?:" + "|".join(f"(?P<t{i}>{p})" for i, (p, _) in enumerate(_NAME_TYPES)) + r")(?![a-zäöüß])",
    re.IGNORECASE)
# An annex or a presentation filed under the paper's type ("Anlage zur Beschlussvorlage …") is not of that type.
_NAME_ANNEX = re.compile(r"(?<![A-Za-zÄÖÜäöüß])(?:Anlage|Anhang|Präsentation|Vortrag)", re.IGNORECASE)


# The offices' abbreviation at the start of a name, alone or after the agenda item: "TOP 3 - IV Ökologische
# Maßnahmen" (Informationsvorlage). Only there: elsewhere "IV" is a Roman numeral ("Neureut IV", "Teil IV").
_NAME_ABBREVIATION = re.compile(r"^(?:TOP[ _]*\d+[a-z.\d]*[ _]*[-–,]?[ _]*)?IV[ _-]+(?=[A-ZÄÖÜ])")


def name_type(name: str | None) -> str | None:
    """The type a file's name gives: its first type word, None for an annex or a name without one."""
    if not name or _NAME_ANNEX.search(name):
        return None
    if _NAME_ABBREVIATION.match(name):
        return "Informationsvorlage"
    m = _NAME_TYPE.search(name)
    return _NAME_TYPES[int(m.lastgroup[1:])][1] if m and m.lastgroup else None


def _join_hyphenated(lines: list[str]) -> list[str]:
    """A word hyphenated at a line end ("ÄNDERUNGS-" / "ANTRAG") joined; "Änderungs-/" stays."""
    out: list[str] = []
    for line in lines:
        if out and re.search(r"[A-Za-zÄÖÜäöüß]-$", out[-1]) and re.fullmatch(r"[A-Za-zÄÖÜäöüß]+", line):
            out[-1] = out[-1][:-1] + (line.lower() if out[-1][-2].islower() else line)
        else:
            out.append(line)
    return out


def authored_type(lines: list[str], text: str) -> str | None:
    """A Fraktion's paper without a type word (see `ingest.letterhead.authored_type`); one that calls
    itself an Anfrage ("Die Ortsverwaltung möge diese Anfrage … beantworten", a line "Anfrage") and
    never an Antrag is an Anfrage, whatever its number of question marks."""
    kind = lh.authored_type(lines, text)
    opening = text[:3000]
    if kind == "Antrag" and re.search(r"\bAnfrage\b", opening) and not re.search(r"\bAntrag\b|\bbeantrag", opening):
        return "Anfrage"
    return kind


_DECIDES = re.compile(
    r"^[ \t]*(?:Beschlussantrag|Beschlussvorschlag|Beschluss[ \t]*:|Antrag an (?:den|die)\b)"
    r"|\b(?:Der|Die|Das)\s+(?:Gemeinderat|Kreistag|Stadtrat|Ortschaftsrat|Rat|\w*[Aa]usschuss|\w*[Bb]eirat)\s+"
    r"(?:beschließt|genehmigt|stimmt|empfiehlt|wählt|bestellt|beruft)\b", re.MULTILINE)
_INFORMS = re.compile(r"^[ \t]*Information\b|\bzur\s+Kenntnis\b|\bKenntnisnahme\b", re.MULTILINE)


def doc_type(text: str) -> str:
    """The type a paper without a printed type word shows by its wording, else "Vorlage"."""
    if re.search(r"\bNiederschrift\s+über\b", text):
        return "Niederschrift"
    if _MITTEILUNG_END.search(text):
        return "Mitteilung"
    opening = text[:4000]
    if _DECIDES.search(opening):
        return "Beschlussvorlage"  # it asks a Gremium to decide
    if _INFORMS.search(opening):
        return "Informationsvorlage"  # it informs
    return "Vorlage"


def topics(text: str, title: str | None) -> list[str]:
    """Topics from TOPICS that the paper is about, most frequent first."""
    lower = " ".join(text.lower().split())
    title_lower = (title or "").lower()
    chosen = []
    for topic, patterns in _TOPIC_PATTERNS.items():
        hits = sum(len(p.findall(lower)) for p in patterns)
        in_title = any(p.search(title_lower) for p in patterns)
        if hits >= MIN_HITS or in_title:
            chosen.append((not in_title, -hits, topic))
    return [topic for *_, topic in sorted(chosen)[:MAX_TOPICS]]


# --- amounts ------------------------------------------------------------------------------

# A figure: "1.250.000", "1250", "5 000 €" (a space, a no-break space between thousands: money only, and only where
# the groups cannot be a table's columns, "21 100 %", "60 150 €": two or more groups, or a round thousand);
# with decimals ",50" or a dash for the cents of a round amount after a comma or (typed) a full stop ("3.880,– €",
# "3880.—Euro"); "5.5" only before a multiplier or a per cent sign ("5.5 Mio. Euro", "12.5 %": a decimal point).
THOUSANDS_SPACE = "[ \u00a0\u202f]"  # a space, a no-break or narrow no-break space between thousands
_S = THOUSANDS_SPACE
_THOUSANDS = (rf"\d{{1,3}}(?:\.\d{{3}})+|(?:\d{{1,3}}(?:{_S}\d{{3}}){{2,}}|\d{{1,3}}{_S}000)(?![\d.,]\d)"
              rf"(?=(?:,(?:\d+|[-–—]+))?\s*(?:EUR\b|Euro\b|€))|\d+")
_POINT = r"\d{1,3}\.\d{1,2}(?=\s*(?:Mio|Mrd|Millionen|Milliarden)\b)|\d{1,2}\.\d{1,2}(?=\s*(?:%|Prozent\b))"
_NUMBER_WORD = rf"(?P<num>{_POINT}|{_THOUSANDS})(?:,(?P<dec>\d+|[-–—]+)|\.[-–—]+)?"
_MULTIPLIER = r"(?P<mult>Mio\.?|Millionen|Mrd\.?|Milliarden|Tsd\.?|Tausend|T)"
AMOUNT = re.compile(
    rf"(?<![\d.,/\w]){_NUMBER_WORD}\s*(?:{_MULTIPLIER}\s*)?"
    rf"(?P<unit>%|Prozent\b|v\.\s?H\.|vom\s+Hundert\b|EUR\b|Euro\b|€|TEUR\b)"
    # The currency before the figure: "€ 1.200,00", "EUR 2 Mio."; the word "Euro" only before a figure that is money
    # by its form ("Euro 5.000", "Euro 1,2 Mio."; "in Euro 2019 2020" is a table's header and its years).
    rf"|(?<![\w])(?P<unit2>EUR|€|Euro(?=\s))\s*(?P<num2>\d{{1,3}}(?:\.\d{{3}})+|\d+)(?:,(?P<dec2>\d+|[-–—]+))?"
    rf"(?:\s*(?P<mult2>Mio\.|Mio\b|Millionen\b|Mrd\.|Mrd\b|Milliarden\b))?(?![\d.,]\d)"
)
_MULTIPLIERS = {"Mio": 1e6, "Millionen": 1e6, "Mrd": 1e9, "Milliarden": 1e9, "Tsd": 1e3, "Tausend": 1e3, "T": 1e3}
# Numbers prose writes as words ("für einen Euro", "zwei Millionen Euro", "drei Prozent").
NUMBER_WORDS = {"ein": 1, "eine": 1, "einen": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7,
                "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12}
_WORD_AMOUNT = re.compile(r"(?<![\w-])(?P<word>" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\s+"
                          r"(?:(?P<mult>Million(?:en)?|Milliarden?|Mio\.|Mrd\.)\s+)?(?P<unit>Euro|EUR|€|Prozent)(?![\w-])",
                          re.IGNORECASE)


def find_amounts(text: str, page: int, page_starts: list[int] | None = None) -> list[Amount]:
    """Money amounts (EUR) and percentages: "1.250.000 EUR", "1,5 Mio. €", "€ 1.200,00", "80 %", "20 Prozent".

    `page` and `page_starts` as for `ingest.dates.find_dates`.
    """
    found: list[tuple[int, Amount]] = []  # with where each starts: figures and number words in text order
    for m in AMOUNT.finditer(text):
        if m.group("unit2"):
            number, decimals, unit = m.group("num2"), m.group("dec2"), "EUR"
            multiplier = _MULTIPLIERS.get((m.group("mult2") or "").rstrip("."), 1.0)
            if m.group("unit2") == "Euro" and not (decimals or multiplier != 1.0 or "." in number):
                continue  # "Euro 2019": a header's years, not money
        else:
            number, decimals, unit = m.group("num"), m.group("dec"), m.group("unit")
            multiplier = _MULTIPLIERS.get((m.group("mult") or "").rstrip("."), 1.0)
            if unit == "TEUR":
                multiplier = 1e3
            unit = "EUR" if unit in ("EUR", "Euro", "€", "TEUR") else "%"
        if (multiplier != 1.0 or unit == "%") and re.fullmatch(r"\d{1,3}\.\d{1,2}", number):  # "5.5 Mio.", "12.5 %"
            number, decimals = number.split(".")
        number = re.sub(_S, "", number)
        value = float(number.replace(".", "") + ("." + decimals if decimals and decimals.isdigit() else ""))
        surface = " ".join(m.group().split())
        found.append((m.start(), Amount(value * multiplier, unit, surface, sentence_at(text, m.start()),  # type: ignore[arg-type]
                                        page_at(m.start(), page, page_starts))))
    for m in _WORD_AMOUNT.finditer(text):
        multiplier = 1e9 if (m.group("mult") or "").lower().startswith(("milliard", "mrd")) else 1e6 if m.group("mult") else 1.0
        found.append((m.start(), Amount(NUMBER_WORDS[m.group("word").lower()] * multiplier,
                                        "%" if m.group("unit") == "Prozent" else "EUR", " ".join(m.group().split()),
                                        sentence_at(text, m.start()), page_at(m.start(), page, page_starts))))
    return [amount for _, amount in sorted(found, key=lambda item: item[0])]


# --- helpers ----------------------------------------------------------------------------------


def _flatten(text: str) -> str:
    """One line, single spaces; a name split at its hyphen ("Lehmann-\\nDiebold") joined again."""
    return " ".join(re.sub(r"-[ \t]*\n\s*(?=[A-ZÄÖÜ])", "-", text).split())


def _first(pattern: re.Pattern[str], text: str, group: str) -> str | None:
    m = pattern.search(text)
    return " ".join(m.group(group).split()) if m else None


def _date_in(text: str | None) -> str | None:
    m = re.search(_D, text or "")
    return parse_german_date(m.group()) if m else None
