"""Words glued together by a text extraction that lost the spaces: "DerGemeinderatbeschließt".

German writes compounds as one word, so a long word is no evidence of glue by itself. A run
is split only where the lexicon is sure: the run as written is no word (nor a compound whose
head is a noun), and every part is a word of its own. Among the splits, the likeliest under a
unigram model wins (sum of log-probabilities, Zipf − 9 per part), which prefers few, frequent
parts: "beschließtdie" → "beschließt die", never "be schließt die".

>>> from ingest.lexicon import Lexicon
>>> split_glued("DerGemeinderatbeschließtdieSatzung", Lexicon())
'Der Gemeinderat beschließt die Satzung'
"""

from __future__ import annotations

import re

from ingest.lexicon import Lexicon, zipf_frequency

# A lower-case letter followed by a capital: inside a German word only in names ("McLean")
# and abbreviations ("BauGB"), so a strong sign of two words glued together.
CASE_SEAM = re.compile(r"[a-zäöüß][A-ZÄÖÜ]")
_MIN_RUN = 8
_MIN_SEAM = 5  # "imJahr"
_GLUED_SHARE = 0.08  # share of a page's words that are glued runs when its spaces were lost


def glued_page(words: list[str]) -> bool:
    """Did the text extraction lose this page's word spaces? Runs of 20+ letters or case seams
    in many of its words say so ("2.)DerGemeinderatbeschließtdieBetriebssatzung")."""
    words = [w for w in words if len(w) > 1]
    if len(words) < 5:
        return False
    glued = sum(1 for w in words if len(w) >= 20 or CASE_SEAM.search(w))
    return glued / len(words) >= _GLUED_SHARE
_MAX_RUN = 80  # the split is quadratic in the run's length
_SHORT = 3  # parts this short must be frequent words ("die", "im", "zu"), not fragments
_SHORT_ZIPF = 4.5


def split_glued(word: str, lexicon: Lexicon, glued_page: bool = True) -> str:
    """`word` with spaces where words were glued together; `word` itself if not sure.

    Without a case seam, a long unknown word is split only on a page that lost its spaces
    (`glued_page`): elsewhere it is much likelier a name or a rare compound ("Stolperstellen").
    """
    seam = bool(CASE_SEAM.search(word))
    if not (seam or glued_page) or not word.isalpha():
        return word
    if not ((_MIN_SEAM if seam else _MIN_RUN) <= len(word) <= _MAX_RUN) or _is_word(word, lexicon):
        return word
    parts = _best_split(word, lexicon)
    return " ".join(parts) if parts and len(parts) > 1 else word


def _is_word(word: str, lexicon: Lexicon) -> bool:
    if CASE_SEAM.search(word):
        return lexicon.is_attested(word)
    if lexicon.is_attested(word):
        return True
    # A compound names a thing: its head is a noun ("Betriebssatzung"), "Gemeinderatbeschließt"
    # is none. (Adjective compounds, "klimafreundlich", are mostly attested themselves.)
    if lexicon.knows(word):
        head = lexicon.split_compound(word)[-1]
        return head[:1].upper() + head[1:] in lexicon.words
    return False


def _part_score(part: str, lexicon: Lexicon) -> float | None:
    """Log-probability of one part, or None if it is no word of its own."""
    if CASE_SEAM.search(part) or len(part) < 2:
        return None
    if part[0].islower() and part not in lexicon.words and part[0].upper() + part[1:] in lexicon.words:
        return None  # a noun written small is the tail of a compound: "Haushaltsplan|entwurf"
    if len(part) <= _SHORT:
        zipf = zipf_frequency(part)
        return zipf - 9.0 if zipf >= _SHORT_ZIPF else None
    if lexicon.is_attested(part):
        return max(lexicon.attested(part), 2.5) - 9.0
    if part[0].isupper() and _is_word(part, lexicon) and len(part) >= 6:
        return lexicon.score(part) - 10.0
    return None


def _best_split(word: str, lexicon: Lexicon) -> list[str] | None:
    n = len(word)
    best: list[tuple[float, int] | None] = [None] * (n + 1)  # (score, start of last part)
    best[0] = (0.0, 0)
    for end in range(2, n + 1):
        for start in range(max(0, end - 30), end - 1):
            prev = best[start]
            if prev is None:
                continue
            part = _part_score(word[start:end], lexicon)
            if part is None:
                continue
            score = prev[0] + part
            if best[end] is None or score > best[end][0]:  # type: ignore[index]
                best[end] = (score, start)
    if best[n] is None:
        return None
    parts: list[str] = []
    end = n
    while end > 0:
        start = best[end][1]  # type: ignore[index]
        parts.append(word[start:end])
        end = start
    return parts[::-1]
