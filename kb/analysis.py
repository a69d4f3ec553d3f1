"""German text analysis for the Whoosh index.

Two analyzers, used on two fields of the same text:

* `german_analyzer`: lower case → spelling folding (ä/ae → a, ß → ss, so "Foerderung"
  and OCR's "Forderung" for "Förderung" meet) → decompounding ("Landesförderung" also
  yields "landes" and "förderung", so a search for "Förderung" finds it) → German stop
  words → Snowball stemming. Recall.
* `exact_analyzer`: lower case only, umlauts kept. Precision: an exact form ranks first.

>>> [t.text for t in german_analyzer()("Die Landesförderung für Städte")]
['landesforder', 'land', 'forder', 'stadt']
"""

from __future__ import annotations

import re
from functools import lru_cache

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter

from ingest.lexicon import _HEAD as MIN_HEAD
from ingest.lexicon import _MIN_PART as MIN_PART
from ingest.lexicon import MIN_DOMAIN_COUNT, Lexicon

TOKEN = r"\w+(?:[.]\w+)*"  # keeps 01.03.2019 and G.I.B together; hyphens split
_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "é": "e"})
_DIGRAPH = re.compile(r"(?<=[a-z])(ae|oe|ue)")
MIN_COMPOUND = 8  # shorter words are rarely compounds worth splitting


def fold(word: str) -> str:
    """Spelling-insensitive form: "Förderung", "Foerderung", "Forderung" → "forderung"."""
    word = word.lower().translate(_FOLD)
    return _DIGRAPH.sub(lambda m: m.group(1)[0], word)


class FoldFilter(Filter):
    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


class DecompoundFilter(Filter):
    """Adds the parts of German compounds as tokens at the compound's position."""

    def __init__(self, lexicon: Lexicon | None = None):
        self._lexicon = lexicon

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DecompoundFilter)

    def __call__(self, tokens):
        for t in tokens:
            # Read the word before yielding it: later filters rewrite t.text in place.
            word = t.text
            yield t
            if len(word) >= MIN_COMPOUND and word.isalpha():
                parts = _split(word)
                if len(parts) > 1:
                    for part in parts:
                        t.text = part
                        yield t


@lru_cache(maxsize=1)
def shared_lexicon() -> Lexicon:
    return Lexicon()


@lru_cache(maxsize=100_000)
def _split(word: str) -> tuple[str, ...]:
    lexicon = shared_lexicon()
    if not _has_head(lexicon, word.lower()):
        return (word.lower(),)
    return lexicon.split_compound(word)


def _has_head(lexicon: Lexicon, word: str) -> bool:
    """Could any ending of the word be a compound's head? Set look-ups only.

    The lexicon scores every candidate head with a word-frequency look-up (~0.1 ms, as
    the frequency library tokenises each call), then drops heads that neither its word
    lists nor the archive know. Most long words of a new text have no such ending at all;
    this answers that first, with the lexicon's own rule, so they cost no frequency
    look-ups: decompounding was a third of indexing time and most of a first-time
    query's (its hits are highlighted with this analyzer).
    """
    for i in range(MIN_PART, len(word) - MIN_HEAD + 1):
        head = word[i:]
        if head in lexicon.lower_words or head[:1].upper() + head[1:] in lexicon.words:
            return True
        if lexicon.domain.get(head, 0) >= MIN_DOMAIN_COUNT:
            return True
    return False


def german_analyzer():
    # Decompounding needs the unfolded word (the lexicon knows "förderung", not "forderung").
    return (
        RegexTokenizer(TOKEN)
        | LowercaseFilter()
        | StopFilter(lang="de", minsize=2)
        | DecompoundFilter()
        | FoldFilter()
        | StemFilter(lang="de")
    )


def exact_analyzer():
    return RegexTokenizer(TOKEN) | LowercaseFilter()
