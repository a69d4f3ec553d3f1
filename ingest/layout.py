"""Page layout clean-up: words split at line ends, running headers and footers."""

from __future__ import annotations

import re
from collections import Counter

from ingest.lexicon import Lexicon


# "Landes-" at a line end, then the continuation at the start of the next line.
# Tried only where a word starts, and the word taken whole: tried at every offset with a
# backtracking word, it cost the square of each word's length.
_SPLIT = re.compile(r"(?<![^\s-])(?P<left>[^\s-]++)-[ \t]*\n(?:[ \t]*\n)?[ \t]*(?P<right>[^\s]+)")
# "Beamtinnen und -" / "beamten": the ellipsis hyphen of a coordinated compound.
_DANGLING = re.compile(r" -[ \t]*\n[ \t]*(?=[a-zäöüß])")
_CONJUNCTIONS = {"und", "oder", "bzw.", "sowie", "bis", "als"}
# Page numbers as OCR reads them: "Seite 1 von 2", "Seite1voni", "Seitelvon1l", "- 3 -".
_NUM = r"[0-9lIi|\]\[!]{1,3}"
_PAGE_NUMBER = re.compile(rf"^\s*(?:-\s*\d+\s*-|Seite\s*{_NUM}(?:\s*von\s*{_NUM})?|\d+)\s*$", re.IGNORECASE)
# Lines whose loss would lose the paper's number, a date or a decision.
_PROTECTED = re.compile(
    r"(?:19|20)\d{2}/\d{1,5}|\b\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)?\d{2}\b"
    r"|\b\d{1,2}\.\s*(?:Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)\b"
    r"|[Bb]eschl(?:uss|ießt|ossen)")
MIN_REPEATS = 3  # pages a line must recur on, at the same place, to be a running line
# A running header that names the paper ("Rhein-Sieg-Kreis – Vorlage Nr. 2020/0298") heads the
# pages after the first; a paper of two pages shows it only once.
_PAPER_HEADER = re.compile(r"^.{0,60}\b(?:Vorlage|Drucksache)\b.{0,30}?(?P<num>\d[\d/ .-]*\d)\s*$")
# Specks OCR reads as a character of their own: "|", "i", "."
_JUNK_LINE = re.compile(r"^\s*[|!il1.,:;'`_~\\/-]{1,2}\s*$")
_EDGE = 3  # lines at the top and bottom of a page where headers and footers stand


# Letter-spaced words (Sperrsatz) as text extraction leaves them: "A N T R A G", "S a t z u n g" — single letters one
# space apart; the words of a spaced line stand two or more spaces apart ("A U S Z U G   A U S   D E M").
_LETTER_SPACED = re.compile(r"(?<![^\W\d_])[^\W\d_](?: [^\W\d_]){2,}(?![^\W\d_])")


def join_letter_spaced(text: str) -> str:
    """ "A N T R A G der Stadträtin" → "ANTRAG der Stadträtin": a word set letter-spaced for emphasis is the word
    (searched and read as one), not single letters. Three letters at least: "k W h" is "kWh", "a b" stays."""
    return _LETTER_SPACED.sub(lambda m: m.group().replace(" ", ""), text)


def dehyphenate(text: str, lexicon: Lexicon | None = None) -> str:
    """Join words split across lines, keeping real hyphens.

    * "Landes-\\nFördermittel" → "Landes-Fördermittel": a capital after the hyphen
      means the author wrote the hyphen (German compounds keep the noun's capital).
    * "Landes-\\nförderung" → "Landesförderung": a lower-case continuation is a split.
    * "Sozial-\\nund Gesundheitsplanung": the hyphen stands for an omitted part; kept.
    * "dahin-\naus": with a lexicon, two known words that make no known word together
      were two words; the OCR invented the hyphen.
    The joined word moves up to the first line so that lines keep their other words.
    """
    text = _DANGLING.sub(" -", text)

    def join(m: re.Match[str]) -> str:
        left, right = m.group("left"), m.group("right")
        if right in _CONJUNCTIONS or right[:1] in ",;":
            return f"{left}- {right}"
        newline = "\n" if m.end() < len(text) else ""
        if right[:1].isupper() or right[:1].isdigit() or left[-1:].isdigit() or left.isupper():
            return f"{left}-{right}{newline}"
        if lexicon is not None and _two_words(left, right.rstrip(".,;:!?"), lexicon):
            return f"{left} {right}{newline}"
        return f"{left}{right}{newline}"

    joined = _SPLIT.sub(join, text)
    # A moved word leaves "\n " behind at the start of the next line.
    return re.sub(r"\n[ \t]+", "\n", joined).replace("\n\n\n", "\n\n") if joined != text else text


def _two_words(left: str, right: str, lexicon: Lexicon) -> bool:
    joined = left + right
    return not lexicon.knows(joined) and lexicon.is_attested(left) and lexicon.is_attested(right)


def strip_running_lines(pages: list[str]) -> list[str]:
    """Drop running headers and footers: page numbers, and lines that repeat at the same place.

    A running line stands among the first or last `_EDGE` lines of a page and repeats, at the
    same position counted from that edge (digits aside: "Seite 2 von 3"), on at least
    `MIN_REPEATS` pages. A line holding a paper number, a date or a decision ("Der Gemeinderat
    beschließt …") is never lost: it is kept where it first occurs, only its later copies go;
    everything that does not repeat stays. Page numbers ("- 3 -", "Seite 2 von 3") and OCR specks
    go wherever they stand at an edge, and so does a header naming the paper by a number printed
    on an earlier page ("Rhein-Sieg-Kreis – Vorlage Nr. 2020/0298" atop page 2).
    """
    counts: Counter[tuple[str, int, str]] = Counter()
    for page in pages:
        counts.update(set(_edge_keys(page.splitlines())))
    running = {k for k, n in counts.items() if n >= MIN_REPEATS}
    seen: set[str] = set()
    stripped = []
    digits_before = ""  # the digits of the pages so far, one string (built page by page: linear)
    for i, page in enumerate(pages):
        if i:
            digits_before += _NON_DIGITS.sub("", pages[i - 1])
            page = _drop_paper_header(page, digits_before)
        stripped.append(_strip_page(page, running, seen))
    return stripped


_NON_DIGITS = re.compile(r"\D+")


def _drop_paper_header(page: str, digits_before: str) -> str:
    """The first line of a later page when it names the paper by a number printed before (nothing is lost).

    `digits_before`: the digits of the earlier pages, all other characters removed.
    """
    lines = page.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return page
    m = _PAPER_HEADER.match(lines[first])
    digits = _NON_DIGITS.sub("", m.group("num")) if m else ""
    if len(digits) >= 6 and digits in digits_before:
        return "\n".join(lines[:first] + lines[first + 1 :])
    return page


def _strip_page(page: str, running: set[tuple[str, int, str]], seen: set[str]) -> str:
    lines = page.splitlines()
    edge = {i: key for i, key in zip(_edge_indices(lines), _edge_keys(lines))}
    kept = []
    for i, line in enumerate(lines):
        if _JUNK_LINE.match(line):
            continue
        if i in edge and (_PAGE_NUMBER.match(line) or edge[i] in running):
            if not (_PROTECTED.search(line) and _text(line) not in seen):
                continue
        if line.strip():
            seen.add(_text(line))
        kept.append(line)
    return "\n".join(kept).strip("\n")


def join_split_words_across_pages(pages: list[str]) -> list[str]:
    """A word hyphenated at the foot of a page continues at the head of the next: join it there."""
    pages = list(pages)
    for i in range(len(pages) - 1):
        here, there = pages[i].rstrip(), pages[i + 1].lstrip()
        # Only a page that ends in a hyphen is searched (the search tries every offset of the page).
        m = re.search(r"([^\W\d_]+)-$", here) if here.endswith("-") else None
        n = re.match(r"([a-zäöüß]\S*)\s?", there)
        if m and n:
            pages[i] = here + n.group(1)
            pages[i] = pages[i][: m.end(1)] + pages[i][m.end(1) + 1 :]
            pages[i + 1] = there[n.end() :]
    return pages


def _edge_indices(lines: list[str]) -> list[int]:
    content = [i for i, line in enumerate(lines) if line.strip()]
    return content[:_EDGE] + [i for i in content[-_EDGE:] if i not in content[:_EDGE]]


def _edge_keys(lines: list[str]) -> list[tuple[str, int, str]]:
    """(edge, position from that edge, line key) of the lines at the top and bottom of a page."""
    content = [i for i, line in enumerate(lines) if line.strip()]
    top = content[:_EDGE]
    bottom = [i for i in content[-_EDGE:] if i not in top]
    keys = [("top", n, _key(lines[i])) for n, i in enumerate(top)]
    keys += [("bottom", len(content) - 1 - content.index(i), _key(lines[i])) for i in bottom]
    return keys


def _text(line: str) -> str:
    return " ".join(line.split())


def _key(line: str) -> str:
    """A header's identity: digits vary from page to page ("Seite 2 von 3")."""
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())
