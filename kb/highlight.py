"""Which words of a passage match the query: character offsets, and a marked-up snippet."""

from __future__ import annotations

import html
import re
from functools import lru_cache

from kb.analysis import german_analyzer

_WORD = re.compile(r"\w+(?:[.]\w+)*")


@lru_cache(maxsize=1)
def _analyzer():
    return german_analyzer()


@lru_cache(maxsize=50_000)
def _tokens(word: str) -> frozenset[str]:
    return frozenset(t.text for t in _analyzer()(word))


def query_terms(query: str) -> list[str]:
    """The query analysed like the text (stems, compound parts), for highlighting."""
    return list(dict.fromkeys(t.text for t in _analyzer()(query)))


def highlight_spans(text: str, terms: list[str] | set[str]) -> list[tuple[int, int]]:
    """Offsets of the words whose analysed forms (stem, compound parts) match a query term."""
    wanted = set(terms)
    if not wanted:
        return []
    return [(m.start(), m.end()) for m in _WORD.finditer(text) if _tokens(m.group()) & wanted]


def mark(text: str, spans: list[tuple[int, int]]) -> str:
    """HTML-escaped text with <mark> around the spans."""
    out, pos = [], 0
    for start, end in spans:
        out += [html.escape(text[pos:start]), "<mark>", html.escape(text[start:end]), "</mark>"]
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)
