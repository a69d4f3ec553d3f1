"""The letterhead of a council paper: its type, number, date and title, as councils print them.

Councils print the same few fields at the top of page 1, in two families of layout:

* labelled fields, one a line ("Vorlage Nr. 2020/0298", "Datum: 31.08.2022", "Betreff: …");
* form letterheads whose labels stand in one column and values in another, so that text
  extraction puts the values on the lines *after* the labels ("Vorlage Nr.:\\nVerantwortlich:\\n
  2019/0144\\nDez. 1"), and whose title is an unlabelled line above the Beratungsfolge table
  ("Gremium Termin TOP ö nö").

Everything here reads `head_lines(text)`: the first non-blank lines of the paper, stripped.

>>> reference(head_lines("Vorlage Nr.:\\nVerantwortlich:\\n2019/0144\\nDez. 1"))
'2019/0144'
>>> title(head_lines("ANFRAGE\\nVorlage Nr.: 2016/0729\\nMehrbelastung in der Ausländerbehörde\\nGremium Termin TOP ö nö"))
'Mehrbelastung in der Ausländerbehörde'
"""

from __future__ import annotations

import re

from ingest.dates import parse_german_date

HEAD_LINES = 45  # non-blank lines that make the letterhead (form letterheads run long)
TYPE_LINES = 14  # where the type word stands

_MONTH = r"(?:Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)"
DATE_TEXT = rf"\d{{1,2}}\.\s?\d{{1,2}}\.\s?(?:19|20)?\d{{2}}|\d{{1,2}}\.\s*{_MONTH}\s+(?:19|20)\d{{2}}"

# --- reference --------------------------------------------------------------------------------
# "2023/1322", "2023/1066/1", "VO/2018/456", "DHH/2023/5034"; "Drucksache 20-26 / V 04180".
_REF = r"(?:[A-Z]{1,4}/)?(?:19|20)\d{2}/\d{1,5}(?:/\d{1,3})?|\d{2}-\d{2}\s?/\s?[A-Z]{1,3}\s?\d{3,6}"
_REF_LABEL = (
    r"(?<![\w-])(?:Vorlagen?|Drucksachen?|DS|Beschlussvorlage|Mitteilungsvorlage|Informationsvorlage|Antrag|Anfrage)"
    r"(?:[ \t]*-[ \t]*|[ \t]+)?(?:Nr\.?|Nummer)?[ \t]*:?[ \t]*"
)
# The number ends its line (or column): "Vorlage Nr. 2016/0412." inside a sentence cites another paper.
_LABELLED_REF = re.compile(rf"{_REF_LABEL}(?P<ref>{_REF})(?![\d/])(?=[ \t]*$|[ \t]{{2}})", re.IGNORECASE)
_EMPTY_REF_LABEL = re.compile(r"(?<![\w-])(?:Vorlagen?|Drucksachen?)[ \t-]*(?:Nr\.?|Nummer)[ \t]*:?[ \t]*$", re.IGNORECASE)
_BARE_TYPE = re.compile(r"^(?:Antrag|Anfrage|Beschlussvorlage|Informationsvorlage|Mitteilungsvorlage)$", re.IGNORECASE)
_REF_LINE = re.compile(rf"(?P<ref>{_REF})")
LABEL_LINE = re.compile(r"^[A-ZÄÖÜa-zäöü][\w .()/-]{0,30}:(?:\s|$)")
# The labels of letterhead fields; "Grundsatzbeschluss: Notwendige Maßnahmen …" is a title with a colon.
_FIELD_LABEL = re.compile(
    r"^(?:(?:Vorlagen?|Drucksachen?)[ -]*(?:Nr\.?|Nummer)|Verantwortlich|Dienststelle|Federführung|Gremium|Termin"
    r"|TOP|Datum|Sitzung\w*|Betreff|Betr\.|Gegenstand|Thema|vom|eingegangen(?:\s+am)?|Eingang|Beratungsfolge|Az\.?"
    r"|Aktenzeichen|Telefon|Tel\.|Bearbeiter\w*|Amt|Dezernat|Ansprechpartner\w*|Vergabenummer|Anlagen?|Ort|Zeit|Beginn"
    r"|Ende|Vorsitz|Schriftführ\w*|Zuständigkeit|Öffentlichkeit|Status|Antrag(?:steller\w*)?)\s*:", re.IGNORECASE)


def _is_label(line: str) -> bool:
    return bool(_FIELD_LABEL.match(line) or (LABEL_LINE.match(line) and not line.split(":", 1)[1].strip()))


def head_lines(text: str) -> list[str]:
    """The first HEAD_LINES non-blank lines, stripped (extraction and OCR spread letterheads over blank
    lines); runs of spaces inside a line are kept, they separate the columns of a letterhead."""
    lines = []
    for line in text.splitlines():
        if line.strip():
            lines.append(line.strip())
            if len(lines) == HEAD_LINES:
                break
    return lines


def reference(lines: list[str]) -> str | None:
    """The paper's own number: after its label, on the label's line or as the value a few lines below."""
    for i, line in enumerate(lines):
        m = _LABELLED_REF.search(line)
        if m and not _years(m.group("ref")):
            return _tidy_ref(m.group("ref"))
        if _EMPTY_REF_LABEL.search(line) or _BARE_TYPE.match(line):
            # A form letterhead: the labels first, then their values in the same order.
            for value in lines[i + 1 : i + 8]:
                m = _REF_LINE.fullmatch(value)
                if m and not _years(value):
                    return _tidy_ref(value)
    return None


def _years(ref: str) -> bool:
    """"2024/2025" is a double budget year, not a number."""
    m = re.fullmatch(r"((?:19|20)\d{2})/((?:19|20)\d{2})", ref)
    return bool(m and int(m.group(2)) == int(m.group(1)) + 1)


def _tidy_ref(ref: str) -> str:
    return re.sub(r"\s*/\s*", " / ", ref) if "-" in ref else ref


# --- type ---------------------------------------------------------------------------------------
# A line that is (or starts with) the paper's type; OParl's paperType vocabulary on the right.
_TYPES: tuple[tuple[str, str], ...] = (
    (r"(?:Interfraktioneller\s+)?(?:Änderungs-?\s*/\s*Ergänzungsantrag|Änderungsantrag|Ergänzungsantrag)",
     "Änderungs-/Ergänzungsantrag"),
    (r"Beschlussvorlage|Beschlussvorschlag", "Beschlussvorlage"),
    (r"Informationsvorlage", "Informationsvorlage"),
    (r"Mitteilungsvorlage|Mitteilung", "Mitteilung"),
    (r"Niederschrift|Protokoll", "Niederschrift"),
    (r"(?:Interfraktioneller\s+)?Antrag", "Antrag"),
    (r"(?:Interfraktionelle\s+|Ergänzungs)?[Aa]nfrage", "Anfrage"),
    (r"Stellungnahme", "Stellungnahme"),
    (r"Sachstandsbericht|Bericht", "Bericht"),
    (r"Beschlussausfertigung|Beschluss", "Beschluss"),
    (r"Verwaltungsvorlage|Sitzungsvorlage|Vorlage", "Vorlage"),
)
_TYPE_LINE = re.compile(
    r"^(?P<type>" + "|".join(f"(?:{p})" for p, _ in _TYPES) + r")"
    r"(?![\w-])(?![ \t]*(?:-[ \t]*)?(?:Nr|Nummer)\b)(?![ \t]*:)(?P<rest>.*)$", re.IGNORECASE)
_TYPE_NAMES = [(re.compile(rf"(?:{p})$", re.IGNORECASE), name) for p, name in _TYPES]
# A paper of a Fraktion or of councillors (an Antrag or Anfrage) names them in its letterhead.
# Possessive word and space runs: a plain `(?:\S*\s+){0,5}` tries every way of cutting a run of spaces
# into up to five pieces (a table line "Personalaufwendungen" + 80 spaces + "14.909.760": 2.8 s).
_AUTHORS = re.compile(r"^(?!(?:Der|Die|Das|Den|Dem)\b)[A-ZÄÖÜ](?:\S*+\s++){0,5}\S*[Ff]raktion\b|^(?:Stadträt(?:in|e)|Stadtrat|Gruppe)\b|^Einzelstadtr")
_AMENDS = re.compile(r"\b(?:Änderungsantrag|Ergänzungsantrag|abzuändern|zu ergänzen|wie folgt (?:geändert|ergänzt))")
_BUDGET = re.compile(r"^(?:Doppelhaushalt|Haushalt)\s+\d{4}(?:/\d{4})?$|^Antrag\s+DHH/", re.IGNORECASE)


def paper_type(lines: list[str], ref: str | None) -> str | None:
    """The printed type, in OParl's vocabulary; None when the letterhead prints none."""
    zone = lines[:TYPE_LINES]
    betreff = next((i for i, line in enumerate(zone) if _BETREFF.match(line)), None)
    if betreff is not None:
        # The type stands above the Betreff; a letter names it as a line of its own below the subject.
        below = [line for line in lines[betreff + 1 : betreff + 4] if _TYPE_LINE.fullmatch(line) and len(line.split()) == 1]
        zone = zone[:betreff] + below[:1]
    if (ref or "").startswith("DHH/") or any(_BUDGET.match(line) for line in zone):
        return "Haushalt"  # a motion to the budget: OParl types it by its sub-budget
    for line in zone:
        m = _TYPE_LINE.match(line)
        if not m:
            continue
        rest = m.group("rest").strip()
        # A type line is short ("ANTRAG", "Antrag der Fraktion …", "Beschlussvorlage Nr. …"); a long one is a sentence.
        if len(rest.split()) <= 6 or re.match(r"(?:der|über|des|zu|zur|vom)\b", rest):
            kind = " ".join(m.group("type").split())
            return next(name for pattern, name in _TYPE_NAMES if pattern.match(kind))
    return None


def authored_type(lines: list[str], text: str) -> str | None:
    """A letterhead without a type word that names a Fraktion or councillors: their Antrag (or amendment)."""
    zone = [line for line in lines[:TYPE_LINES] if not LABEL_LINE.match(line)]
    # A letterhead line naming them ("SPD-Gemeinderatsfraktion", "Stadträtin Sabine Zürn (Die Linke)"), not prose.
    if not any(_AUTHORS.match(line) and len(line.split()) <= 8 and not line.endswith((".", ",")) for line in zone):
        return None
    opening = text[:3000]
    if _AMENDS.search(opening):
        return "Änderungs-/Ergänzungsantrag"
    questions = len(re.findall(r"\?[ \t]*$", opening, re.MULTILINE))
    if questions >= 2 and not re.search(r"\bbeantrag|\bbeschließt|\bwird beauftragt|\bwird gebeten", opening):
        return "Anfrage"  # it asks, it does not move
    return "Antrag"


# --- date ---------------------------------------------------------------------------------------
# "Datum: …", "Siegburg, den …", a line "vom: …" of its own (in running text "vom" cites another date).
_DOC_DATE = re.compile(
    rf"(?:^|(?<=[ \t]{{2}}))(?:Datum[ \t]*:|(?=vom[ \t]*:?[ \t]*(?:{DATE_TEXT})[ \t]*$)vom[ \t]*:?"
    rf"|[A-ZÄÖÜ][\w.-]*(?:[ \t][\w.-]+)?,[ \t]+(?:den[ \t]+)?)[ \t]*(?P<date>{DATE_TEXT})(?:$|[ \t]{{2}}|[ \t]+\S)")
_DATE_LINE = re.compile(rf"^(?P<date>{DATE_TEXT})$")
_RECEIVED = re.compile(rf"^(?:Eingang|eingegangen)(?:[ \t]+am)?[ \t]*:?[ \t]*(?P<date>{DATE_TEXT})[ \t]*$", re.IGNORECASE)


def document_date(lines: list[str]) -> str | None:
    """The paper's own date: "Datum: 12.05.2020", "Siegburg, den 12.05.2020"; for a motion or
    question the day it was received ("Eingang: 15.12.2022"), else its "vom: 09.11.2016"; or a
    letter's date standing alone above its subject (a Fraktion's letter to the mayor)."""
    dated = [m for m in (_DOC_DATE.search(line) for line in lines) if m]
    labelled = [m for m in dated if not m.group().lstrip().lower().startswith("vom")]
    if labelled:
        return parse_german_date(labelled[0].group("date"))
    for line in lines[:25]:
        m = _RECEIVED.match(line)
        if m:
            return parse_german_date(m.group("date"))
    for line in lines:
        m = _DOC_DATE.search(line)
        if m:
            return parse_german_date(m.group("date"))
    for i, line in enumerate(lines[:15]):
        m = _DATE_LINE.match(line)
        # Alone on its line after an address block (the previous lines are not labels awaiting values).
        if m and i >= 2 and not any(LABEL_LINE.match(prev) for prev in lines[max(0, i - 6) : i]):
            if any(re.search(r"\b\d{5}\s+\w", prev) for prev in lines[:i]):  # a postcode: an address above
                return parse_german_date(m.group("date"))
    return None


# --- title --------------------------------------------------------------------------------------
_BETREFF = re.compile(r"^(?:Betreff|Betr\.|Gegenstand|Thema)[ \t]*:[ \t]*(?P<title>.*)$")
# The Beratungsfolge table (or the legacy "Beratungsfolge Sitzung am TOP …") ends the title zone.
_TABLE = re.compile(r"^(?:Beratungsfolge\b|Gremi(?:um|en)\s+(?:Termin|Sitzung|Datum)\b)", re.IGNORECASE)
# Lines of a letterhead that are not its title.
_NOT_TITLE = re.compile(
    r"^(?:Gedruckt auf|Stadt\s+\S+$|(?-i:STADT\s)|Der\s+(?:Ober)?[Bb]ürgermeister|Der\s+Landrat|Die\s+(?:Ober)?[Bb]ürgermeisterin"
    r"|Ortsverwaltung\b|OV\s|Stadtamt\b|Dezernat\b|Dez\.|Herrn?\b|Frau\b|An\s+(?:den|die)\b|vom\b|eingegangen\b"
    r"|öffentlich$|nicht\s*öffentlich$|nö$|ö$|x$|TOP\b|Kurzfassung|Seite\b|–\s*\d+\s*–"
    r"|\d{5}\s|Recyclingpapier$|\S*amt$|Vorlage\s*Nr|Öffentlich\b|Thema eintragen|Stellungnahme\b|Begründung"
    r"|Sachverhalt|Beschlussantrag"
    r"|Antrag an\b|Finanzielle Auswirkungen|\S*(?:rat|ausschuss|beirat)(?:e?s)?(?:\s+\S+)?$|Die\s+\S*[Ff]raktion\s+beantragt"
    r"|\d+\.\s*(?:\w+)?[Ss]itzung\b|Sitzung\s+d(?:es|er)\b|\S+-Kreis$|(?:Land)?[Kk]reis\s+\S+$|unterzeichnet\b|Verantwortlich|Dienststelle|Doppelhaushalt|Haushalt\s+\d{4})", re.IGNORECASE)
_VALUE = re.compile(rf"^(?:{DATE_TEXT}|{_REF}|\d+[a-z]?|[\d./ -]+|[☒☐xX\s]+|/\d{{4}}|(?=\S*(?:\d|\S[A-ZÄÖÜ]))\S{{1,8}})$")
_ENDS_OFF = re.compile(
    r"(?:[–,:/(-]|\b(?:und|oder|für|der|die|das|des|den|dem|im|in|zu|zur|zum|an|auf|ein|eine|einen|von|vom|mit|bei"
    r"|über|sowie|gegen|nach|aus|zwischen|bzw\.))$")
_OFFICE = re.compile(r"^(?:Verantwortlich|Dienststelle|Federführung|Amt)\b", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"(?<!\bbzw)(?<!\busw)(?<!\bggf)(?<!\bvgl)(?<!\binkl)(?<!\bevtl)(?<!\bca)(?<![A-ZÄÖÜ][a-z])"
                             r"(?<=[a-zäöüß]{2})\.\s+[A-ZÄÖÜ][a-zäöüß]")
_FULL_LINE = 85  # a title line this long was wrapped by the layout


def title(lines: list[str], has_letterhead: bool = True) -> str | None:
    """The Betreff: a labelled one, else the unlabelled title line(s) of a form letterhead: the last
    lines above the Beratungsfolge table, or (no table, `has_letterhead`) the first below the letterhead."""
    for i, line in enumerate(lines[: HEAD_LINES]):
        m = _BETREFF.match(line)
        if m:
            first = m.group("title").strip() or (lines[i + 1] if i + 1 < len(lines) else "")
            rest = lines[i + 1 :] if m.group("title").strip() else lines[i + 2 :]
            return _join([first] + [r for r in rest[:3]], labelled=True) or None
    end = next((i for i, line in enumerate(lines) if _TABLE.match(line)), None)
    if end is None and not has_letterhead:
        return None  # running text from its first line (the seed): no title to be had
    zone = lines[:end] if end is not None else _after_labels(lines)
    runs: list[list[str]] = [[]]
    previous = ""
    for line in zone:
        after_office, previous = _OFFICE.match(previous) and len(line) <= 35, line
        if after_office and re.search(r"\b[A-ZÄÖÜ]\w*[A-ZÄÖÜ]|\bDez\b|\bund$", line):
            if runs[-1]:
                runs.append([])
            continue  # the rest of a responsible office: "StPlA und", "SuS i. B. m. OA / Dez. 3 und 2"
        if end is None and _is_label(line) and runs[0]:
            break  # the title follows the label block; what comes after the title is the text
        if _is_title_line(line):
            runs[-1].append(line)
        elif runs[-1]:
            runs.append([])
    runs = [run for run in runs if run]
    if not runs:
        return None
    if end is not None:
        # Between the letterhead's fields and the table: the whole block is the title.
        return " ".join(_join(runs[-1][-4:], whole=True).split())
    return _join(runs[0]) or None


def _after_labels(lines: list[str]) -> list[str]:
    """A form letterhead without a Beratungsfolge table: its title follows the last label's values."""
    numbered = next((i for i, line in enumerate(lines[:25]) if _LABELLED_REF.search(line)), None)
    if numbered is not None:  # "ANTRAG DHH/2023/8206", then the title
        return lines[numbered + 1 : numbered + 20]
    first = next((i for i, line in enumerate(lines[:25]) if _is_label(line) or _EMPTY_REF_LABEL.search(line)), None)
    return lines[first + 1 : first + 20] if first is not None else lines[:TYPE_LINES]


def _is_title_line(line: str) -> bool:
    if _NOT_TITLE.match(line) or _is_label(line) or _VALUE.match(line) or _TYPE_LINE.match(line) and len(line.split()) <= 2:
        return False
    if re.search(r"[Ff]raktion\b|\bStadträt(?:in|e)\b|\bStadtrat\b", line) and len(line.split()) <= 8 and not line.endswith(":"):
        return False  # "SPD-Gemeinderatsfraktion", "Stadträtin Sabine Zürn (Die Linke)"
    if _LABELLED_REF.search(line) or _EMPTY_REF_LABEL.search(line):
        return False
    if line.endswith(".") and not re.search(r"\b(?:bzw|usw|ggf|vgl|inkl|evtl|ca|Nr|Str|u\.a|e\.V)\.$", line):
        return False  # a sentence
    if _SENTENCE_BREAK.search(line):
        return False  # "… vor. Der Anteil …": running text
    return bool(re.match(r"[\w„\"»(]", line) and re.search(r"[A-Za-zÄÖÜäöüß]{3}", line))


def _goes_on(title: str, line: str, labelled: bool) -> bool:
    if _ENDS_OFF.search(title) or line[:1].islower():
        return True
    if labelled:  # a long Betreff, then a short unfinished line
        return len(title) > 50 and len(line) <= 60 and not line.endswith((".", ",", ":"))
    # A wrapped title: a filled line, then its short remainder.
    last = title.split("\n")[-1]
    return len(last) >= _FULL_LINE or (len(last) >= 55 and len(line) <= 0.6 * len(last))


def _join(lines: list[str], labelled: bool = False, whole: bool = False) -> str:
    """The first line and its wrapped continuations: a line goes on when it breaks off at a joining
    word or fills the line width, or when the next one starts in lower case."""
    out = lines[0].strip()
    for line in lines[1:]:
        line = line.strip()
        if not line or _is_label(line) or _TABLE.match(line) or _NOT_TITLE.match(line) or not re.match(r"[\w„\"»(]", line):
            break
        if not whole and not _goes_on(out, line, labelled):
            break
        out += "\n" + line
    joined = re.sub(r"(?<=[a-zäöüß])-\n(?=[a-zäöüß])", "", out)  # a word hyphenated at the line end
    joined = re.sub(r"-\n(?=[A-ZÄÖÜ])", "-", joined)
    return " ".join(joined.split())
