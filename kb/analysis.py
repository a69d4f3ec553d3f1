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

import hashlib
import json
import os
import re
from functools import lru_cache
from pathlib import Path

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


# Compound splits seen by this process. Deterministic for one lexicon, so they can be kept
# beside an index (`save_splits`/`load_splits`): a server then highlights and analyses the
# words of its archive without scoring them again (~1 ms a new long word).
SPLITS_VERSION = 1
_SPLITS: dict[str, tuple[str, ...]] = {}


def _split(word: str) -> tuple[str, ...]:
    parts = _SPLITS.get(word)
    if parts is None:
        parts = _SPLITS[word] = _compute_split(word)
    return parts


def known_splits() -> int:
    return len(_SPLITS)


def save_splits(path: Path) -> None:
    """This process's splits, merged with those in `path`, written atomically."""
    merged = dict(_read_splits(path))
    merged.update(_SPLITS)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"version": SPLITS_VERSION, "lexicon": _lexicon_key(),
                               "splits": {w: list(p) for w, p in merged.items()}}, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def load_splits(path: Path) -> None:
    for word, parts in _read_splits(path).items():
        _SPLITS.setdefault(word, parts)


def _read_splits(path: Path) -> dict[str, tuple[str, ...]]:
    """Splits saved by the same lexicon; nothing if missing, unreadable or made by another lexicon."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if data.get("version") != SPLITS_VERSION or data.get("lexicon") != _lexicon_key():
        return {}
    return {w: tuple(p) for w, p in data.get("splits", {}).items()}


@lru_cache(maxsize=1)
def _lexicon_key() -> str:
    """Which lexicon made the splits: its word list's size and a hash of a sample of it."""
    words = sorted(shared_lexicon().lower_words)
    return f"{len(words)}:{hashlib.sha256(' '.join(words[::997]).encode()).hexdigest()[:16]}"


def _compute_split(word: str) -> tuple[str, ...]:
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


class GermanFilter(Filter):
    """Lower case → German stop words → decompounding → folding → Snowball stemming, in one step.

    The same tokens as the chain `LowercaseFilter | StopFilter(lang="de", minsize=2) |
    DecompoundFilter | FoldFilter | StemFilter(lang="de")` (what indexes made before hold
    in their schema), but every filter there is a Python generator called per token, and
    Whoosh's stem cache is a Python function too: together two thirds of the analysis.
    What a word becomes depends on the word alone, so it is worked out once per distinct
    word and kept (bounded: the table is emptied when full).
    """

    MIN_SIZE = 2

    def __init__(self, cachesize: int = 100_000):
        self.cachesize = cachesize
        self._forms: dict[str, tuple[str, ...]] = {}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GermanFilter)

    def __getstate__(self) -> dict:
        return {"cachesize": self.cachesize}  # the schema is pickled into the index: not the table

    def __setstate__(self, state: dict) -> None:
        self.cachesize = state.get("cachesize", 100_000)
        self._forms = {}

    def __call__(self, tokens):
        forms_of = self._forms
        pos = None
        for t in tokens:
            if not t.removestops:  # stop words kept and marked (not used here): the chain's own way
                yield from _chain_keeping_stops(t, tokens)
                return
            lower = t.text.lower()
            forms = forms_of.get(lower)
            if forms is None:
                if len(forms_of) >= self.cachesize:
                    forms_of.clear()
                forms = forms_of[lower] = _forms(lower)
            if not forms:
                continue  # a stop word or a single character
            if t.positions:  # StopFilter's renumbering: positions without the stop words
                pos = t.pos if pos is None else pos + 1
                t.pos = pos
            t.stopped = False
            for form in forms:
                t.text = form
                yield t


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return StopFilter(lang="de", minsize=GermanFilter.MIN_SIZE).stops


@lru_cache(maxsize=1)
def _stem():
    from whoosh.lang import stemmer_for_language

    return stemmer_for_language("de")


def _forms(lower: str) -> tuple[str, ...]:
    """What the chain makes of one lower-case word: nothing (stop word), or the stemmed,
    folded word followed by its stemmed, folded compound parts."""
    if len(lower) < GermanFilter.MIN_SIZE or lower in _stop_words():
        return ()
    words = [lower]
    if len(lower) >= MIN_COMPOUND and lower.isalpha():
        parts = _split(lower)
        if len(parts) > 1:
            words += parts
    stem = _stem()
    return tuple(stem(fold(w)) for w in words)


def _chain_keeping_stops(first, rest):
    def stream():
        yield first
        yield from rest

    tokens = stream()
    for step in (LowercaseFilter(), StopFilter(lang="de", minsize=GermanFilter.MIN_SIZE), DecompoundFilter(), FoldFilter(),
                 StemFilter(lang="de")):
        tokens = step(tokens)
    yield from tokens


def german_analyzer():
    # Decompounding needs the unfolded word (the lexicon knows "förderung", not "forderung").
    return RegexTokenizer(TOKEN) | GermanFilter()


def german_chain_analyzer():
    """The analyzer as separate filters, as indexes made before `GermanFilter` hold it (same tokens)."""
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
