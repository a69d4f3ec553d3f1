"""The Beratungsfolge of a paper: the Gremien that deal with it, when, in which role, in public or not.

Councils print it as a table under the letterhead, one row a Gremium; text extraction keeps a
row on one line or spreads its cells over several:

    Gremium Termin TOP ö nö Ergebnis
    Hauptausschuss 14.06.2016 26
    x  vorberaten
    Ausschuss für Umwelt und
    Gesundheit
    15.09.2021 2 X  vorberaten

Older form letterheads print one Gremium as a labelled field ("Gremium:" … "Termin:"), their values
below the labels. Both give `Consultation(body, date, role, public)`.

>>> [(c.body, c.date, c.role, c.public) for c in consultations(
...     ["Gremien Termin TOP Ö / N Zuständigkeit", "Bauausschuss 09.01.2025 3 Ö Entscheidung", "Kurzfassung"])]
[('Bauausschuss', '2025-01-09', 'Entscheidung', True)]
"""

from __future__ import annotations

import re

from ingest.dates import parse_german_date
from ingest.entities import canonical_body
from ingest.letterhead import DATE_TEXT, LABEL_LINE
from ingest.models import Consultation
from ingest.names import data_list

_TABLE_HEAD = re.compile(r"^(?:Beratungsfolge\b|Gremi(?:um|en)\s+(?:Termin|Sitzung|Datum)\b)", re.IGNORECASE)
_DATE = re.compile(rf"(?<![\d.])(?P<date>{DATE_TEXT})(?![\d])")
# What makes a name a Gremium's: Gemeinderat, Hauptausschuss, Ortschaftsrat Durlach, Strukturkommission …
_WORDS = data_list("gremium_words.txt")
_GREMIUM_WORD = re.compile(
    "(?:" + "|".join(w for w in _WORDS if w.islower()) + r")(?:e?s)?\b"  # endings of compounds: Gemeinde|rat(es)
    r"|\b(?:" + "|".join(w for w in _WORDS if not w.islower()) + r")\b", re.IGNORECASE)
# Cells after the date: TOP number, ö/nö marks, the role or the result.
_ROLES = dict(line.split("\t", 1) for line in data_list("consultation_roles.tsv"))
_CELL = re.compile(r"^(?:[☒☐xX✓✗ÖöNn]|nö|Nö|NÖ|\d{1,3}[a-z.]?|" + "|".join(_ROLES) + r"|zur|genommen|[/|–-])$",
                   re.IGNORECASE)
_MAX_ROWS_LINES = 30
# A sitting's ordinal before the Gremium: "42. Plenarsitzung Gemeinderat", "9. Sitzung des Planungsausschusses".
_SITTING = re.compile(r"^(?:\d+\.\s*)?(?:öffentliche\s+|nichtöffentliche\s+)?(?:Plenar)?[Ss]itzung\s+(?:des\s+|der\s+)?")
_NOT_PUBLIC = re.compile(r"^(?:nicht[ -]?öffentlich(?:e\s+Sitzung)?|vertraulich|nö)$|^TOP\s+\S+\s+nicht[ -]?öffentlich$",
                         re.IGNORECASE)


def consultations(lines: list[str]) -> list[Consultation]:
    """The Beratungsfolge from the letterhead lines (see `ingest.letterhead.head_lines`)."""
    start = next((i for i, line in enumerate(lines) if _TABLE_HEAD.match(line)), None)
    rows = _table(lines[start + 1 : start + 1 + _MAX_ROWS_LINES]) if start is not None else []
    return _with_place(rows or _form_field(lines), lines)


_PLACE = re.compile(r"\b(?:Ortsverwaltung|OV|Ortschaftsrat(?:es)?)\s+(?P<place>[A-ZÄÖÜ][\wäöüß-]+)")


def _with_place(found: list[Consultation], lines: list[str]) -> list[Consultation]:
    """A bare "Ortschaftsrat" is that of the Ortschaft whose administration heads the paper."""
    if not any(c.body == "Ortschaftsrat" for c in found):
        return found
    places = {m.group("place") for line in lines for m in _PLACE.finditer(line)}
    if len(places) != 1:
        return found
    place = places.pop()
    return [Consultation(f"Ortschaftsrat {place}", c.date, c.role, c.public, c.meeting) if c.body == "Ortschaftsrat" else c
            for c in found]


def visibility(lines: list[str], found: list[Consultation]) -> str:
    """ "nichtöffentlich" when the paper marks itself so: its last Beratungsfolge row that says (the deciding
    sitting) marked non-public, or a letterhead line that says only that. Conservative: a column heading
    "ö nö" marks nothing. A non-public Vorberatung before a public decision does not hide the paper
    (Karlsruhe: "Planungsausschuss … N Vorberatung / Gemeinderat … Ö Entscheidung" is a public paper)."""
    marked = [c.public for c in found if c.public is not None]
    if (marked and marked[-1] is False) or any(_NOT_PUBLIC.match(line) for line in lines):
        return "nichtöffentlich"
    return "öffentlich"


def _table(lines: list[str]) -> list[Consultation]:
    rows: list[dict] = []
    body_parts: list[str] = []
    for line in lines:
        if _TABLE_HEAD.match(line) or re.match(r"^Gremi(?:um|en)\b", line):
            continue
        m = _DATE.search(line)
        if m:
            before = line[: m.start()].strip()
            body = " ".join(body_parts + [before]).strip()
            body_parts = []
            if not _GREMIUM_WORD.search(body) or len(body) > 80 or not re.match(r"[A-ZÄÖÜ]", body):
                if rows:
                    break
                continue
            rows.append({"body": body, "date": parse_german_date(m.group("date")), "cells": line[m.end() :].split()})
            continue
        words = line.split()
        if rows and not body_parts and words and all(_CELL.match(w) for w in words):
            rows[-1]["cells"] += words  # marks and role of the row above
            continue
        if len(line) <= 60 and (_GREMIUM_WORD.search(line) or (body_parts and re.search(r"(?:und|für|-)$", body_parts[-1]))):
            body_parts.append(line)
            continue
        if len(line) <= 60 and body_parts and not LABEL_LINE.match(line) and line[:1].isupper() and len(body_parts) < 3:
            body_parts.append(line)  # "Gesundheit", the end of a name wrapped in its cell
            continue
        if rows or len(line) > 60:
            break
    return [Consultation(_body(r["body"]), r["date"], _role(r["cells"]), _public(r["cells"])) for r in rows]


_SITTING_LINE = re.compile(rf"^(?:\d+\.\s*)?(?:öffentliche\s+)?(?:Plenar)?[Ss]itzung\s+(?:des|der)\s+(?P<body>.+?)\s+am\s+"
                           rf"(?P<date>{DATE_TEXT})\s*$")


def _form_field(lines: list[str]) -> list[Consultation]:
    """ "Gremium:" … "Termin:" of a form letterhead, the values on the lines below the labels;
    or one line "18. Sitzung des Gemeinderates am 22.11.2005"."""
    for line in lines[:20]:
        m = _SITTING_LINE.match(line)
        if m and _GREMIUM_WORD.search(m.group("body")):
            return [Consultation(_body(m.group("body")), parse_german_date(m.group("date")))]
    for i, line in enumerate(lines):
        m = re.match(r"^(?:Gremium|Beratungsfolge)\s*:\s*(?P<value>.*)$", line)
        if not m:
            continue
        window = ([m.group("value")] if m.group("value") else []) + lines[i + 1 : i + 14]
        body = None
        for j, value in enumerate(window):
            if LABEL_LINE.match(value) or _DATE.fullmatch(value):
                continue
            if value.endswith("-") and j + 1 < len(window):
                value = value[:-1] + window[j + 1]
            elif re.search(r"\b(?:des|der)$", value) and j + 1 < len(window):
                value = value + " " + window[j + 1]
            if _GREMIUM_WORD.search(value) and len(value) <= 70 and not re.match(r"\d+\)|\d+\.\s+(?:Der|Die|Das)\b", value):
                body = _DATE.sub("", value).strip()
                break
        if not body:
            return []
        date = None
        termin = next((k for k, v in enumerate(lines[i : i + 14]) if re.match(r"^(?:Termin|Sitzung|Sitzungstermin)\b", v)), None)
        if termin is not None:
            for value in lines[i + termin : i + termin + 12]:
                d = _DATE.search(value)
                if d:
                    date = parse_german_date(d.group("date"))
                    break
        return [Consultation(_body(body), date)]
    return []


def _body(name: str) -> str:
    name = re.sub(r"(?<=[a-zäöüß])-\s+(?!und\b|oder\b|bzw\b)(?=[a-zäöüß])", "", " ".join(name.split()))
    name = _SITTING.sub("", name)
    return canonical_body(name)


def _role(cells: list[str]) -> str | None:
    for cell in cells:
        role = _ROLES.get(cell.lower())
        if role:
            return role
    return None


def _public(cells: list[str]) -> bool | None:
    """ "Ö"/"N" (one column), or the ticked one of two boxes (ö, nö); a bare "x" says not which column."""
    for cell in cells:
        if cell in ("Ö", "ö"):
            return True
        if cell in ("N", "nö", "Nö", "NÖ"):
            return False
    boxes = [c for c in cells if c in ("☒", "☐")]
    if len(boxes) >= 2:
        return boxes[0] == "☒"
    return None
