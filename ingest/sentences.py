"""Sentences of German council papers: where they begin and end.

A full stop ends a sentence unless it belongs to an abbreviation ("z. B.", "Nr. 5", "Abs. 2",
"ca.", "Dr.") or an ordinal ("1. Januar 2015", "12. Sitzung"); letterhead lines, labels and
headings without closing punctuation end one too. Text comes with its line breaks, which are
evidence (a short line is a heading) but never split an ordinal from its month.

>>> sentences("Die Satzung gilt ab 1.\\nJanuar 2015. Dr. Berger, z. B. nach Abs. 2, stimmt zu.")
['Die Satzung gilt ab 1. Januar 2015.', 'Dr. Berger, z. B. nach Abs. 2, stimmt zu.']
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

# Abbreviations whose full stop does not end a sentence (lower case, without the last dot).
# Dotted ones (z.B., u.a., G.I.B.) and single letters are recognised by their shape.
ABBREVIATIONS = frozenset({
    "ggf", "bzw", "nr", "dr", "prof", "dipl", "vgl", "ca", "inkl", "zzgl", "gem", "lt", "abs", "str", "evtl", "mio",
    "mrd", "tsd", "rd", "bzgl", "sog", "bspw", "insb", "lfd", "jan", "feb", "mrz", "apr", "jun", "jul", "aug", "sep",
    "sept", "okt", "nov", "dez", "tel", "hr", "fr", "st", "art", "ziff", "kap", "tab", "abb", "max", "min", "mind",
    "ehem", "gez", "stellv", "allg", "bes", "einschl", "entspr", "erg", "gegr", "jhd", "od", "ff", "med", "rer",
    # academic degrees and titles before a name: "Herrn Dipl.-Ing. Markus Müller", "Dr. rer. nat.", "Dipl.-Kfm."
    "ing", "kfm", "oec", "verw", "wirt", "jur", "phil", "nat", "soz", "päd", "pol", "arch", "betriebsw", "volksw",
})
_STOP = re.compile(r"[.!?][\"“”)]?(?=\s+[„\"(]?[A-ZÄÖÜ0-9])")
_COLON_EOL = re.compile(r":[ \t]*(?=\n)")
_BLANK = re.compile(r"\n[ \t]*\n\s*(?=\S)")
# A letterhead or minutes line "Label: value" ("Sitzung: 16.06.2020", "TOP 5: Haushalt") starts afresh.
# So does a dated place "Siegburg, den 12.04.2021".
_LABEL_LINE = re.compile(
    r"\n(?=[ \t]*(?:TOP[ \t]+\d+\w?|[A-ZÄÖÜ][\w.-]*(?:[ \t]+[\w.-]+){0,2})[ \t]*:[ \t]*\S"
    r"|[ \t]*[A-ZÄÖÜ][\w.-]*(?:[ \t]+[\w.-]+)?,[ \t]+(?:den[ \t]+)?\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}[ \t]*$)", re.MULTILINE)
_SHORT_LINE = 45  # a line this short without closing punctuation is a heading or letterhead line
# ... unless it breaks off at a comma, a dash or a word that needs a continuation.
_GOES_ON = re.compile(r"(?:[,;:(–-]|\b(?:der|die|das|des|dem|den|und|oder|für|von|mit|bei|im|am|zum|zur|in|an|auf))$")


def sentence_at(text: str, pos: int) -> str:
    """The sentence of `text` that contains offset `pos`, whitespace normalised."""
    starts = sentence_starts(text)
    i = bisect_right(starts, pos) - 1
    end = starts[i + 1] if i + 1 < len(starts) else len(text)
    return _normalise(text[starts[i] : end])


def sentences(text: str) -> list[str]:
    """All sentences of `text`, whitespace normalised."""
    starts = sentence_starts(text) + [len(text)]
    return [s for s in (_normalise(text[a:b]) for a, b in zip(starts, starts[1:])) if s]


def _normalise(sentence: str) -> str:
    """Single spaces; a compound broken at its hyphen ("Landes-\nFördermittel") joined again."""
    return " ".join(re.sub(r"(?<=\w)-[ \t]*\n\s*(?=[A-ZÄÖÜ])", "-", sentence).split())


@lru_cache(maxsize=16)
def sentence_starts(text: str) -> list[int]:
    """Offsets where sentences begin (0 first); cached, as every mention on a page asks again."""
    starts = {0}
    for m in _STOP.finditer(text):
        if not _is_abbreviation(text, m.start()):
            starts.add(_skip_space(text, m.end()))
    for m in _COLON_EOL.finditer(text):
        starts.add(_skip_space(text, m.end()))
    for m in _BLANK.finditer(text):
        if not text[m.end()].islower():  # a paragraph break inside a sentence ("Einbezogen\n\nwerden")
            starts.add(m.end())
    for m in _LABEL_LINE.finditer(text):
        starts.add(_skip_space(text, m.end()))
    starts |= _heading_ends(text)
    return sorted(s for s in starts if s < len(text))


def _heading_ends(text: str) -> set[int]:
    """Starts of lines that follow a short line without closing punctuation (headings, letterheads)."""
    found = set()
    offset = 0
    lines = text.split("\n")
    for line, following in zip(lines, lines[1:]):
        offset += len(line) + 1
        stripped, nxt = line.strip(), following.lstrip()
        if stripped and len(stripped) < _SHORT_LINE and not _GOES_ON.search(stripped) and nxt[:1].isupper():
            end = offset - 2 - (len(line) - len(line.rstrip()))  # the line's last character
            if stripped.endswith(".") and _is_abbreviation(text, end):
                continue  # "ab 1." / "Januar 2015", "Frau Dr." / "Berger": one sentence across the break
            found.add(offset + len(following) - len(nxt))
    return found


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at `dot` belongs to an abbreviation or an ordinal ("1. März", "12. Sitzung")."""
    if text[dot] != ".":
        return False
    word = re.search(r"[\w.]*$", text[max(0, dot - 16) : dot]).group()
    if re.fullmatch(r"\d{1,3}", word):  # ordinal; a year (2019.) or a date (19.12.2016.) ends a sentence
        return True
    if len(word) == 1 and word.isalpha():  # an initial: "S. 5", "Frau A. Berger"
        return True
    if re.fullmatch(r"(?:[A-Za-zÄÖÜäöü]{1,2}\.)+[A-Za-zÄÖÜäöü]{1,2}", word):  # z.B, u.a, o.a, d.h, G.I.B, i.d.R
        return True
    return word.lower() in ABBREVIATIONS
