"""German dates as staff write them, normalised to ISO 8601, with the sentence around them.

    01.03.2019 · 1.3.19 · 1. März 2019 · März 2019 · im Jahr 2018 · Anfang 2019
    01.03.2019 - 31.12.2020 · vom 01.03.2019 bis 31.12.2020 · von März 2019 bis Dezember 2020

>>> [(d.iso, d.end) for d in find_dates("für den Zeitraum vom 01.03.2019 – 31.12.2020 bewilligt.", page=1)]
[('2019-03-01', '2020-12-31')]
"""

from __future__ import annotations

import re
from datetime import date

from ingest.models import DateMention

MONTHS = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "april": 4, "mai": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
}
_MONTH = "(?:" + "|".join(m.capitalize() for m in MONTHS) + ")"
_NUMERIC = r"(?<![\d.,/])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})(?![\d]|\.\d)"
_NAMED = rf"(?<![\d.])(\d{{1,2}})\.\s*({_MONTH})\s+(\d{{4}})(?!\d)"
_MONTH_YEAR = rf"(?<![\d.]\s)\b({_MONTH})\s+(\d{{4}})(?!\d)"
_SINGLE = rf"(?:{_NUMERIC}|{_NAMED}|{_MONTH_YEAR})"
_SEP = r"\s*(?:-|–|—|bis(?: zum)?)\s*"
DATE = re.compile(_SINGLE)
RANGE = re.compile(rf"(?P<a>{_SINGLE}){_SEP}(?P<b>{_SINGLE})")
YEAR = re.compile(r"\b(?:im Jahre?|für das Jahr|das Jahr|Anfang|Mitte|Ende|Jahresbeginn|seit)\s+((?:19|20)\d{2})\b(?![./]\d)")

# Abbreviations whose full stop does not end a sentence.
ABBREVIATIONS = {
    "z.b", "u.a", "o.a", "ggf", "bzw", "nr", "dr", "vgl", "ca", "inkl", "zzgl", "gem", "lt", "abs", "str", "usw",
    "etc", "d.h", "i.d.r", "s", "u", "evtl", "mio", "mrd", "tsd", "rd", "bzgl", "v.a", "sog", "g.i.b", "e.v", "jan",
    "feb", "aug", "sept", "okt", "nov", "dez", "top", "prof", "dipl", "tel", "hr", "fr",
}
_BOUNDARY = re.compile(r"[.!?:](?=\s+[„\"(]?[A-ZÄÖÜ0-9])|\n\s*\n")


def parse_german_date(text: str) -> str | None:
    """One date as staff type it ("1.3.2019", "01. März 2019", "2019-03-01") → ISO, else None."""
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text if _valid(int(text[:4]), int(text[5:7]), int(text[8:])) else None
    m = DATE.fullmatch(text)
    return _iso(m)[0] if m else None


def find_dates(text: str, page: int) -> list[DateMention]:
    """Every date and date range in `text`, in order, with its sentence."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for m in RANGE.finditer(text):
        start, end = _iso(DATE.match(m.group("a"))), _iso(DATE.match(m.group("b")))
        if start[0] and end[0] and start[0] <= end[0]:
            found.append(_mention(text, m, page, start[0], start[1], end[0]))
            taken.append(m.span())
    for m in DATE.finditer(text):
        if _inside(m.span(), taken):
            continue
        iso, precision = _iso(m)
        if iso:
            found.append(_mention(text, m, page, iso, precision))
            taken.append(m.span())
    for m in YEAR.finditer(text):
        if not _inside(m.span(1), taken):
            found.append(_mention(text, m, page, m.group(1), "year", surface=m.group(0)))
    return sorted(found, key=lambda d: text.find(d.surface))


def sentence_at(text: str, pos: int) -> str:
    """The sentence of `text` that contains offset `pos`, whitespace normalised."""
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.end() > pos:
            return " ".join(text[start : m.end()].split())
        if not _is_abbreviation(text, m.start()):
            start = m.end()
    return " ".join(text[start:].split())


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word = re.search(r"[\w.]*$", text[max(0, dot - 12) : dot]).group().lower()
    # Ordinals and dates ("1. März", "am 19.12.2016 beauftragt"): a number before the dot.
    return word in ABBREVIATIONS or word.rstrip(".") in ABBREVIATIONS or word.isdigit() or len(word) == 1


def _mention(text: str, m: re.Match, page: int, iso: str, precision: str, end: str | None = None, surface: str | None = None) -> DateMention:
    return DateMention(iso=iso, surface=surface or m.group(0), sentence=sentence_at(text, m.start()), page=page,
                       precision=precision, end=end)  # type: ignore[arg-type]


def _iso(m: re.Match | None) -> tuple[str | None, str]:
    if m is None:
        return None, "day"
    g = m.groups()
    if g[0]:  # 01.03.2019
        day, month, year = int(g[0]), int(g[1]), _year(g[2])
    elif g[3]:  # 1. März 2019
        day, month, year = int(g[3]), MONTHS[g[4].lower()], int(g[5])
    else:  # März 2019
        return f"{int(g[7]):04d}-{MONTHS[g[6].lower()]:02d}", "month"
    return (f"{year:04d}-{month:02d}-{day:02d}", "day") if _valid(year, month, day) else (None, "day")


def _year(text: str) -> int:
    year = int(text)
    return year + (2000 if year < 70 else 1900) if len(text) == 2 else year


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return 1900 <= year <= 2100


def _inside(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in taken)
