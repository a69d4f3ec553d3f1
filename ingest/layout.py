"""Page layout clean-up: words split at line ends, running headers and footers."""

from __future__ import annotations

import re
from collections import Counter

from ingest.lexicon import Lexicon


# "Landes-" at a line end, then the continuation at the start of the next line.
_SPLIT = re.compile(r"(?P<left>[^\s-]+)-[ \t]*\n(?:[ \t]*\n)?[ \t]*(?P<right>[^\s]+)")
# "Beamtinnen und -" / "beamten": the ellipsis hyphen of a coordinated compound.
_DANGLING = re.compile(r" -[ \t]*\n[ \t]*(?=[a-zäöüß])")
_CONJUNCTIONS = {"und", "oder", "bzw.", "sowie", "bis", "als"}
# Page numbers as OCR reads them: "Seite 1 von 2", "Seite1voni", "Seitelvon1l", "- 3 -".
_NUM = r"[0-9lIi|\]\[!]{1,3}"
_PAGE_NUMBER = re.compile(rf"^\s*(?:-\s*\d+\s*-|Seite\s*{_NUM}(?:\s*von\s*{_NUM})?|\d+)\s*$", re.IGNORECASE)
# A running header names the paper: "Rhein-Sieg-Kreis – Vorlage Nr. 2020/0298".
_HEADER = re.compile(r"^.{0,60}\b(?:Vorlage|Drucksache|Niederschrift|Sitzung)\b.{0,30}\d[\d/.]*\s*$")
# Specks OCR reads as a character of their own: "|", "i", "."
_JUNK_LINE = re.compile(r"^\s*[|!il1.,:;'`_~\\/-]{1,2}\s*$")
_EDGE = 3  # lines at the top and bottom of a page where headers and footers stand


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
    """Drop page headers and footers: page numbers, and edge lines repeated on most pages."""
    keys = [
        Counter(_key(line) for line in _edges(page.splitlines()) if line.strip()) for page in pages
    ]
    seen = Counter(k for page_keys in keys for k in page_keys)
    repeated = {k for k, n in seen.items() if len(pages) >= 2 and n >= max(2, len(pages) // 2)}
    return [_strip_page(page, repeated, first_page=i == 0) for i, page in enumerate(pages)]


def _strip_page(page: str, repeated: set[str], first_page: bool = False) -> str:
    lines = page.splitlines()
    content = [i for i, line in enumerate(lines) if line.strip()]
    top, bottom = set(content[:_EDGE]), set(content[-_EDGE:])
    kept = [
        line
        for i, line in enumerate(lines)
        if not _JUNK_LINE.match(line)
        and not (
            i in top | bottom
            and (_PAGE_NUMBER.match(line) or _key(line) in repeated or (i in top and not first_page and _HEADER.match(line)))
        )
    ]
    return "\n".join(kept).strip("\n")


def join_split_words_across_pages(pages: list[str]) -> list[str]:
    """A word hyphenated at the foot of a page continues at the head of the next: join it there."""
    pages = list(pages)
    for i in range(len(pages) - 1):
        here, there = pages[i].rstrip(), pages[i + 1].lstrip()
        m = re.search(r"([^\W\d_]+)-$", here)
        n = re.match(r"([a-zäöüß]\S*)\s?", there)
        if m and n:
            pages[i] = here + n.group(1)
            pages[i] = pages[i][: m.end(1)] + pages[i][m.end(1) + 1 :]
            pages[i + 1] = there[n.end() :]
    return pages


def _edges(lines: list[str]) -> list[str]:
    content = [line for line in lines if line.strip()]
    return content[:_EDGE] + content[-_EDGE:] if len(content) > 2 * _EDGE else content


def _key(line: str) -> str:
    """A header's identity: digits vary from page to page ("Seite 2 von 3")."""
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())
