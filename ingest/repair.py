"""Repair OCR damage in German text: umlauts and ß, quotes and dashes, split words.

The word repair is a noisy-channel choice. For each word, candidates are generated from
a table of the errors OCR engines make on German (`CONFUSIONS`: "fl" for "fü", "é" for
"ö", "B" for "ß", a lost umlaut, a spurious one ...). Each candidate is scored by how
plausible it is as German (`Lexicon.score`) minus the cost of the edits that lead to it,
and replaces the word only if it beats the word as written by a margin. The margin and
the cost of an umlaut edit depend on how damaged the whole text is: in a text where
umlauts are lost everywhere (an English-model OCR), "Forderung" next to "Férderung" is
most likely "Förderung"; in a clean text, a real word is never touched.

>>> from ingest.lexicon import Lexicon
>>> repair_text("Die Férderung flr den Fordertopf", Lexicon()).text
'Die Förderung für den Fördertopf'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.layout import dehyphenate
from ingest.lexicon import Lexicon
from ingest.punctuation import fix_patterns, normalise_punctuation

# (as OCR wrote it, what was printed, kind). Kinds price the edit, see _edit_cost.
CONFUSIONS: tuple[tuple[str, str, str], ...] = (
    # lost umlauts, the commonest damage of an English-model OCR
    ("a", "ä", "umlaut"), ("o", "ö", "umlaut"), ("u", "ü", "umlaut"),
    ("A", "Ä", "umlaut"), ("O", "Ö", "umlaut"), ("U", "Ü", "umlaut"), ("U", "ü", "umlaut"),
    # umlauts read as other glyphs
    ("fl", "fü", "glyph"), ("fi", "fü", "glyph"), ("fii", "fü", "glyph"), ("fli", "fü", "glyph"),
    ("li", "ü", "glyph"), ("ii", "ü", "glyph"), ("i", "ü", "glyph"),
    ("d", "ä", "glyph"), ("d", "ö", "glyph"), ("da", "ä", "glyph"), ("ia", "ä", "glyph"),
    ("é", "ö", "junk"), ("oé", "ö", "junk"), ("é", "ä", "junk"), ("é", "e", "junk"),
    ("{", "ü", "junk"), ("{", "Ü", "junk"), ("o6", "ö", "junk"), ("6", "ö", "junk"),
    ("B", "ß", "junk"), ("&", "ß", "junk"), ("ti", "ü", "glyph"),
    # spurious umlauts, the typical error of a German-model OCR on noisy scans
    ("ä", "a", "spurious"), ("ö", "o", "spurious"), ("ü", "u", "spurious"),
    ("ä", "", "spurious"), ("ö", "", "spurious"), ("ü", "", "spurious"),
    # letter shapes
    ("rn", "m", "shape"), ("m", "rn", "shape"), ("cl", "d", "shape"), ("1", "l", "shape"),
    ("1", "i", "shape"), ("0", "o", "shape"), ("I", "l", "shape"),
)
MAX_EDITS = 3
# A word-like run: letters plus the junk glyphs OCR leaves inside words.
WORD = re.compile(r"\{?[A-Za-zÄÖÜäöüßéèáà](?:[A-Za-zÄÖÜäöüßéèáà{0-9]|&(?=[a-zäöü]))*")
_JUNK = re.compile(r"[{éèáà0-9&]|(?<=[a-zäöü])B|(?<=[a-zäöü])U")
_NOT_A_NOUN = re.compile(r"(?:et|t|ig|lich|isch|bar|sam|end|ete|eten|ige|igen|lichen)$")
_SENTENCE_END = re.compile(r"(?:^|(?<![a-z]\.[a-z])[.!?:]\s+|\n\s*\n\s*)$")


@dataclass(frozen=True)
class Change:
    offset: int  # in the repaired text's input (after punctuation and hyphenation fixes)
    before: str
    after: str


@dataclass
class RepairResult:
    text: str
    changes: list[Change] = field(default_factory=list)
    damage: float = 0.0  # share of words that needed an edit: 0.0 clean, ~0.1 English-model OCR


@dataclass(frozen=True)
class _Channel:
    """Edit costs and margin for one text, on the Zipf scale."""

    umlaut: float
    glyph: float
    margin_known: float  # how much a candidate must beat an attested word by
    margin_guess: float = 0.1  # ... a word known only as a plausible compound, or unknown

    @classmethod
    def for_damage(cls, damage: float) -> _Channel:
        if damage >= 0.02:  # umlauts are lost throughout: expect them to be lost
            return cls(umlaut=0.3, glyph=0.5, margin_known=1.4, margin_guess=0.1)
        return cls(umlaut=1.0, glyph=1.5, margin_known=3.0, margin_guess=0.5)

    def cost(self, kind: str) -> float:
        return {"umlaut": self.umlaut, "glyph": self.glyph, "junk": 0.1,
                "spurious": 0.8, "shape": 1.5}[kind]


def repair_text(text: str, lexicon: Lexicon, damage: float | None = None) -> RepairResult:
    """Repair one page (or document) of OCR text; see the module docstring.

    `damage` is the share of damaged words of the whole document (`estimate_damage`);
    by default it is estimated from `text` alone.
    """
    text = normalise_punctuation(dehyphenate(text, lexicon))
    if damage is None:
        damage = estimate_damage(text, lexicon)
    channel = _Channel.for_damage(damage)
    out: list[str] = []
    changes: list[Change] = []
    pos = 0
    for m in WORD.finditer(text):
        word = m.group()
        out.append(text[pos : m.start()])
        pos = m.end()
        fixed = repair_word(word, lexicon, channel)
        if fixed != word:
            fixed = _match_case(word, fixed, lexicon, at_sentence_start=bool(_SENTENCE_END.search(text[: m.start()])))
        if fixed != word:
            changes.append(Change(m.start(), word, fixed))
        out.append(fixed)
    out.append(text[pos:])
    return RepairResult(fix_patterns("".join(out)), changes, damage)


def estimate_damage(text: str, lexicon: Lexicon) -> float:
    """Share of words that are not German as written but are after one OCR-error edit."""
    words = [w for w in WORD.findall(text) if len(w) > 2 and not w.isupper()]
    if not words:
        return 0.0
    loose = _Channel(umlaut=0.3, glyph=0.5, margin_known=99.0)
    damaged = sum(1 for w in set(words) if repair_word(w, lexicon, loose) != w)
    return damaged / len(set(words))


def repair_word(word: str, lexicon: Lexicon, channel: _Channel) -> str:
    """The most plausible word the OCR engine read as `word` (maybe `word` itself)."""
    if len(word) < 2 or (word.isupper() and len(word) <= 6) or word.isdigit():
        return word  # abbreviations (MAGS, ESF) and numbers are not ours to fix
    return _best_candidate(word, lexicon, channel)


def _best_candidate(word: str, lexicon: Lexicon, channel: _Channel) -> str:
    suspicious = bool(_JUNK.search(word))
    own = 0.0 if suspicious else lexicon.score(word)
    # A real word needs a clear winner; a guessed compound or junk only a better one.
    margin = channel.margin_known if not suspicious and lexicon.is_attested(word) else channel.margin_guess
    best, best_score = word, own + margin
    for candidate, cost in _candidates(word, channel):
        if _JUNK.search(candidate):
            continue
        score = lexicon.score(candidate) - cost
        if score > best_score:
            best, best_score = candidate, score
    # An unknown result is no repair, unless the input was junk for sure.
    if best != word and not lexicon.knows(best) and not suspicious:
        return word
    return best


def _candidates(word: str, channel: _Channel) -> list[tuple[str, float]]:
    return [(c, sum(channel.cost(k) for k in kinds)) for c, kinds in _edits(word, MAX_EDITS)]


@lru_cache(maxsize=100_000)
def _edits(word: str, budget: int) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Every spelling reachable with up to `budget` confusion edits, with the edit kinds."""
    results: dict[str, tuple[str, ...]] = {}

    def walk(i: int, prefix: str, kinds: tuple[str, ...]) -> None:
        if i == len(word):
            if kinds and (prefix not in results or len(kinds) < len(results[prefix])):
                results[prefix] = kinds
            return
        walk(i + 1, prefix + word[i], kinds)
        if len(kinds) < budget:
            for seen, meant, kind in CONFUSIONS:
                if word.startswith(seen, i):
                    walk(i + len(seen), prefix + meant, kinds + (kind,))

    walk(0, "", ())
    return tuple(results.items())


def _match_case(original: str, fixed: str, lexicon: Lexicon, at_sentence_start: bool) -> str:
    """Keep the case as written, except where the OCR error was the case itself.

    An "Ü" or "ü" read as "U" or "{" leaves the case open: "Uber den Zeitraum" is
    "über", "Ubernahme" is "Übernahme". The sentence position and the word list decide.
    """
    if not fixed:
        return fixed
    if not original.isupper():
        # An umlaut inside a word is lower case: "LUbbert" → "Lübbert", not "LÜbbert".
        fixed = fixed[0] + fixed[1:].replace("Ä", "ä").replace("Ö", "ö").replace("Ü", "ü")
    if original[0] not in "U{":
        return fixed
    if at_sentence_start:
        return fixed[0].upper() + fixed[1:]
    listed = lexicon.preferred_case(fixed)
    if listed is not None:
        return listed
    # Unlisted: adjectives, participles and adverbs are lower case, nouns upper.
    lower = fixed[0].lower() + fixed[1:]
    return lower if _NOT_A_NOUN.search(fixed) else fixed[0].upper() + fixed[1:]
