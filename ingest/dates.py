"""German dates as staff write them, normalised to ISO 8601, with the sentence around them.

    01.03.2019 · 1.3.19 · 1. März 2019 · März 2019 · im Jahr 2018 · Anfang 2019 · Sommer 2022
    01.03.2019 - 31.12.2020 · vom 01.03. bis 31.12.2020 · 1. bis 3. März 2019 · von März 2019 bis Dezember 2020
    vom 1. März bis 30. Juni 2016

Amounts (1.250.000), Vorlage numbers (2019/0123), times (15.00 Uhr), paragraph and section
numbers (§ 3.1.2, Ziffer 1.2.19) and impossible days (31.02.2019) are not dates.

>>> [(d.iso, d.end) for d in find_dates("für den Zeitraum vom 01.03.2019 – 31.12.2020 bewilligt.", page=1)]
[('2019-03-01', '2020-12-31')]
>>> parse_german_date("1. März 2019"), parse_german_date("31.02.2019")
('2019-03-01', None)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date

from ingest.models import DateMention
from ingest.sentences import sentence_at, sentence_starts, sentences  # noqa: F401  (re-exported: kb imports them here)

MONTHS = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "marz": 3, "april": 4, "mai": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
}
# Abbreviated months, only accepted with a day in front ("1. Jan. 2020").
MONTH_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "mrz": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "okt": 10,
    "nov": 11, "dez": 12,
}
_MONTH = "(?:" + "|".join(m.capitalize() for m in MONTHS) + ")"
_MONTH_SHORT = "(?:" + "|".join(m.capitalize() for m in MONTH_ABBREVIATIONS) + r")\.?"
_DAY = r"(?P<d>[0-3]?\d)"
_YEAR4 = r"(?P<y>(?:19|20)\d{2})"
# With a month's name a year is a year whatever its century: "am 30. März 1830 gegründet" (a foundation's date).
_YEAR_NAMED = r"(?P<y>(?:1[5-9]|20)\d{2})"

# Single dates. Each form names its parts d / m / mon / y; a line break may sit anywhere a space may.
# "01.03,2019": OCR reads the second dot as a comma now and then.
_NUMERIC = rf"{_DAY}\.\s?(?P<m>[01]?\d)(?:\.\s?(?P<y>\d{{4}}|\d{{2}})(?!\d|[.,]\d)|,(?P<y4>(?:19|20)\d{{2}})(?!\d))"
_NAMED = rf"{_DAY}\.\s*(?P<mon>{_MONTH}|{_MONTH_SHORT})\s+{_YEAR_NAMED}(?!\d)"
_MONTH_YEAR = rf"(?P<mon>{_MONTH})\s+{_YEAR4}(?![\d/])"
# Starts of ranges that borrow the missing parts from the end: "01.03.", "1.", "März".
_NUMERIC_OPEN = rf"{_DAY}\.\s?(?P<m>[01]?\d)\.(?!\s?\d)"
_DAY_OPEN = rf"{_DAY}\.(?!\s?\d)"
_MONTH_OPEN = rf"(?P<mon>{_MONTH})(?!\s+\d)"
# "vom 1. März bis 30. Juni 2016": a day and a month's name, the year borrowed from the end.
_NAMED_OPEN = rf"{_DAY}\.\s*(?P<mon>{_MONTH}|{_MONTH_SHORT})(?!\s*\d)"

_SEP = r"\s*(?:-|–|—|bis(?:\s+(?:zum|einschließlich))?)\s*"
# Year precision needs a cue: a bare 2019 is as often a number, a name ("Stellenplan 2021") or a budget.
_YEAR_CUE = (
    r"(?:(?:im|für\s+das|das|dem|des|ab\s+dem|seit\s+dem|bis\s+zum|zum)\s+(?:Haushalts|Kalender|Geschäfts)?[Jj]ahre?s?"
    r"|Anfang|Mitte|Ende|Beginn|Jahresbeginn|Jahresende|Jahresmitte|Frühjahr|Sommer|Herbst|Winter"
    r"|Quartal|Halbjahr|seit|ab)"
)
_YEAR_RANGE_CUE = r"(?:von|zwischen|Zeitraum|in\s+den\s+Jahren|für\s+die\s+Jahre|die\s+Jahre|Jahre)"

# Words after which a dotted number is a section, version or room, not a date.
_NOT_AFTER = re.compile(
    r"(?:§§?|Ziff(?:er|\.)?|Nr\.?|Nummer|Abs(?:atz|\.)?|Kapitel|Kap\.|Abschnitt|Punkt|Tabelle|Tab\.|Abb(?:ildung|\.)"
    r"|Anlage|Version|Art(?:ikel|\.)|Seite|S\.|Rn\.|Randnummer|TOP|Raum|Sitzungssaal|Tel(?:efon|\.)?)\s*$"
)


def _plain(pattern: str) -> str:
    """The pattern without its group names, so that forms can be combined into one pattern."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


_GUARD_BEFORE = r"(?<![\d.,/\w])"  # not the tail of an amount (1.250.000) or a number (2019/0123)
_FULL = rf"(?:{_plain(_NUMERIC)}|{_plain(_NAMED)}|(?<![\d.]\s){_plain(_MONTH_YEAR)})"
_OPEN = rf"(?:{_plain(_NUMERIC_OPEN)}|{_plain(_NAMED_OPEN)}|{_plain(_DAY_OPEN)}|{_plain(_MONTH_OPEN)})"
DATE = re.compile(rf"{_GUARD_BEFORE}{_FULL}")
RANGE = re.compile(rf"{_GUARD_BEFORE}(?P<a>{_FULL}|{_OPEN}){_SEP}(?P<b>{_FULL})")
# "in 2017 vorbereitend": a year after "in" only when no noun follows ("in 2000 Fällen").
YEAR = re.compile(rf"\b(?:(?P<cue>{_YEAR_CUE})|in(?=\s+\d{{4}}\s+[a-zäöü]))\s+{_YEAR4}\b(?![./]\d)")
YEAR_RANGE = re.compile(
    rf"\b{_YEAR_RANGE_CUE}\s+(?P<a>(?:19|20)\d{{2}})\s*(?:-|–|bis|und)\s*(?P<b>(?:19|20)\d{{2}})\b(?![./]\d)")

_FORMS = {name: re.compile(p) for name, p in
          (("numeric", _NUMERIC), ("named", _NAMED), ("month", _MONTH_YEAR),
           ("numeric_open", _NUMERIC_OPEN), ("named_open", _NAMED_OPEN), ("day_open", _DAY_OPEN),
           ("month_open", _MONTH_OPEN))}


def parse_german_date(text: str) -> str | None:
    """One date as staff type it ("1.3.2019", "01. März 2019", "März 2019", "2019-03-01") → ISO, else None."""
    text = " ".join(text.split())
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text)
    if m:
        if m.group(3) is None:
            return text if 1 <= int(m.group(2)) <= 12 else None
        return text if _valid(int(m.group(1)), int(m.group(2)), int(m.group(3))) else None
    if re.fullmatch(r"(?:19|20)\d{2}", text):
        return text
    parts = _parse(text)
    return parts.iso if parts and parts.complete else None


def find_dates(text: str, page: int, page_starts: list[int] | None = None) -> list[DateMention]:
    """Every date and date range in `text`, in reading order, with its sentence.

    `text` is one page numbered `page`, or several pages joined, each beginning at an offset
    in `page_starts` (see `page_at`), so that a sentence running over a page break stays whole.
    """
    found: list[tuple[int, DateMention]] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, iso: str, precision: str, until: str | None = None) -> None:
        if _overlaps((start, end), taken) or _NOT_AFTER.search(text[max(0, start - 16) : start]):
            return
        taken.append((start, end))
        mention = DateMention(iso=iso, surface=text[start:end], sentence=sentence_at(text, start),
                              page=page_at(start, page, page_starts),
                              precision=precision, end=until)  # type: ignore[arg-type]
        found.append((start, mention))

    for m in RANGE.finditer(text):
        span = _range(m.group("a"), m.group("b"))
        if span:
            add(m.start(), m.end(), span[0].iso, span[0].precision, span[1].iso)
    for m in YEAR_RANGE.finditer(text):
        if m.group("a") < m.group("b"):
            add(m.start("a"), m.end(), m.group("a"), "year", m.group("b"))
    for m in DATE.finditer(text):
        parts = _parse(m.group())
        if parts and parts.complete:
            add(m.start(), m.end(), parts.iso, parts.precision)
    for m in YEAR.finditer(text):
        add(m.start(), m.end(), m.group("y"), "year")
    return [mention for _, mention in sorted(found, key=lambda f: f[0])]


def page_at(pos: int, first_page: int, page_starts: list[int] | None) -> int:
    """The number of the page that holds offset `pos` of a text whose pages begin at `page_starts`."""
    return first_page + (bisect_right(page_starts, pos) - 1 if page_starts else 0)


# --- parsing ---------------------------------------------------------------------------------


class _Parts:
    """A parsed date; parts a range start leaves open are None until borrowed from its end."""

    __slots__ = ("year", "month", "day")

    def __init__(self, year: int | None, month: int | None, day: int | None) -> None:
        self.year, self.month, self.day = year, month, day

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def complete(self) -> bool:
        if self.year is None or (self.day and not self.month):
            return False
        return _valid(self.year, self.month or 1, self.day or 1)

    @property
    def iso(self) -> str:
        iso = f"{self.year:04d}"
        if self.month:
            iso += f"-{self.month:02d}"
        if self.day:
            iso += f"-{self.day:02d}"
        return iso


def _parse(text: str) -> _Parts | None:
    """The first form that matches all of `text`."""
    text = text.strip()
    for name, form in _FORMS.items():
        m = form.fullmatch(text)
        if not m:
            continue
        g = m.groupdict()
        year = _year(g["y"]) if g.get("y") else int(g["y4"]) if g.get("y4") else None
        month = int(g["m"]) if g.get("m") else _month(g["mon"]) if g.get("mon") else None
        day = int(g["d"]) if g.get("d") else None
        return _Parts(year, month, day)
    return None


def _range(a: str, b: str) -> tuple[_Parts, _Parts] | None:
    """Start and end of a range, the start completed from the end ("01.03. – 31.12.2020")."""
    start, end = _parse(a), _parse(b)
    if not (start and end and end.complete):
        return None
    if start.year is None:
        if start.month is None and start.day is not None:  # "1. bis 3. März 2019"
            if end.day is None:
                return None
            start.month = end.month
        start.year = end.year
        if (start.month or 0, start.day or 0) > (end.month or 12, end.day or 31):
            start.year -= 1  # "01.10. – 31.03.2020" runs over the turn of the year
    if not start.complete or start.iso > end.iso:
        return None
    return start, end


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    return MONTHS.get(name) or MONTH_ABBREVIATIONS[name]


def _year(text: str) -> int:
    year = int(text)
    return year + (2000 if year < 70 else 1900) if len(text) == 2 else year


def _valid(year: int, month: int, day: int) -> bool:
    if not 1500 <= year <= 2100:  # old dates only where the year is spelled out (`_YEAR_NAMED`, dd.mm.yyyy)
        return False
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in taken)
