"""German word knowledge for the text repair: how plausible is a word?

Three sources, combined into one score on wordfreq's Zipf scale (log10 of
occurrences per billion words; "für" ≈ 6.9, "Zuwendung" ≈ 3.5, unknown = 0):

* wordfreq's German frequencies: broad, but it learned from web text that contains
  OCR damage itself ("fir" 2.8, "flir" 2.4), so a low frequency alone proves nothing;
* Debian's `wngerman` word list (/usr/share/dict/ngerman): curated spellings, with case;
* the archive's own vocabulary: words seen intact in other papers (`DomainCounts`),
  which knows that a Kreisverwaltung writes "Förderung" far more often than "Forderung".

Compounds ("Landesfördermittel", "Fördertopf") are mostly in none of them, so a word
is also scored by splitting it into known parts.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import wordfreq

WORDLIST = Path("/usr/share/dict/ngerman")
# Linking elements (Fugenelemente) between the parts of a German compound.
# ("e" and "er" are left out: they mostly make nonsense splits such as "ford|er|topf".)
_FUGEN = ("", "s", "es", "n", "en")
_MIN_PART = 3
_HEAD = 4  # shortest head of a compound
MIN_DOMAIN_COUNT = 2
_ARCHIVE_WORDS = 100_000  # an archive this large has counts worth comparing (`archive_odds`)
_ARCHIVE_EVIDENCE = 5  # occurrences of either spelling it takes
_CONTEXT_EVIDENCE = 3  # occurrences of either spelling beside the same neighbours it takes
_INFLECTED = ("e", "en", "er", "es", "em")  # endings of an inflected adjective
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+(?:-[A-Za-zÄÖÜäöüß]+)*")


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    """wordfreq's German list as one dict, loaded once per process (~1 s).

    `wordfreq.zipf_frequency` tokenises its argument on every call (0.03 ms): the repair asks
    millions of times, so we look the casefolded word up in the list itself ("ß" is "ss" there).
    """
    return wordfreq.get_frequency_dict("de")


@lru_cache(maxsize=500_000)
def zipf_frequency(word: str) -> float:
    """Zipf frequency of a single German word, as `wordfreq.zipf_frequency(word, "de")` gives it."""
    freq = _frequencies().get(word.casefold(), 0.0)
    return round(math.log10(freq * 1e9), 2) if freq > 0 else 0.0


_NOUN_TAGS = ("NN", "NE")  # HanTa's (STTS) noun tags, with NNA/NNI (nominalised, inflected)


@lru_cache(maxsize=1)
def _tagger():
    """HanTa's German morphology (its model ships with the package; 0.3 s to load, once)."""
    try:
        from HanTa import HanoverTagger
    except ImportError:  # optional: the word list decides instead
        return None
    return HanoverTagger.HanoverTagger("morphmodel_ger.pgz")


@lru_cache(maxsize=100_000)
def word_class(word: str) -> str | None:
    """The likeliest STTS tag of a word on its own ("Flachen" ADJ(A), "Flächen" NN); None
    without HanTa. Asked only for capitalised words of damaged texts, so rarely."""
    tagger = _tagger()
    if tagger is None:
        return None
    tags = tagger.tag_word(word, cutoff=5)
    return tags[0][0] if tags else None


def plural_by_umlaut(word: str) -> bool:
    """Is the word a noun's plural formed with an umlaut ("Mängel", "Anträgen", "Häuser"; HanTa's
    morphology marks the stem as a variant of the singular's)? False without HanTa."""
    parsed = analysis(word[:1].upper() + word[1:])
    return parsed is not None and parsed[2] == "NN" and "NN_VAR" in parsed[1]


@lru_cache(maxsize=10_000)
def analysis(word: str) -> tuple[str, tuple[str, ...], str] | None:
    """HanTa's lemma, morpheme tags and STTS tag of a word ("lässt": "lass", ("VV_VAR",
    "SUF_FIN"), "VV(FIN)"); None without HanTa."""
    tagger = _tagger()
    if tagger is None:
        return None
    lemma, morphemes, tag = tagger.analyze(word, taglevel=3)
    return lemma, tuple(m for _, m in morphemes), tag


@lru_cache(maxsize=4)
def _load_wordlist(path: Path = WORDLIST) -> frozenset[str]:
    if not path.exists():
        return frozenset()
    return frozenset(path.read_text(encoding="utf-8").split())


@lru_cache(maxsize=4)
def _lowered(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


_RARE_PAIR = 5  # a letter pair in fewer listed words than this is (almost) never German
# An umlaut next to its own vowel ("aä", "öo"): how a German model misreads a noisy vowel.
_UMLAUT_PAIR = re.compile(r"(?=(aä|äa|oö|öo|uü|üu))")


@lru_cache(maxsize=4)
def _umlaut_pairs(words: frozenset[str]) -> frozenset[str]:
    """Umlaut pairs that at least `_RARE_PAIR` listed words have: "aä" (only at a compound seam,
    "Klimaänderung") or "öo" are in (almost) no German word, so a word that holds one is most
    likely damaged ("Soziaälplanung"). Names keep their rare pairs ("Lüer"): only an umlaut
    next to its own vowel counts."""
    counts = Counter(_UMLAUT_PAIR.findall("\n".join(words).lower()))
    return frozenset(pair for pair, n in counts.items() if n >= _RARE_PAIR)


@lru_cache(maxsize=4)
def _reversed_sorted(lower_words: frozenset[str]) -> list[str]:
    """The listed words spelled backwards, sorted: the words ending in a given tail are one
    range of it (`Lexicon.tail_count`)."""
    return sorted(w[::-1] for w in lower_words)


_UNFOLD = str.maketrans("äöü", "aou")


def fold(word: str) -> str:
    """The word without its umlauts, lower case: what an English OCR model reads."""
    return word.lower().translate(_UNFOLD)


@lru_cache(maxsize=4)
def _umlaut_groups(lower_words: frozenset[str]) -> dict[str, frozenset[str]]:
    """Listed words that are also listed with their umlauts lost ("fordert"/"fördert",
    "hoher"/"höher", "fallen"/"fällen"), by the folded form: ~2,700 groups, ~5,500 words.
    Only the sentence decides between them, so only their neighbours are counted."""
    groups: dict[str, set[str]] = {}
    for w in lower_words:
        if ("ä" in w or "ö" in w or "ü" in w) and (f := fold(w)) in lower_words:
            groups.setdefault(f, {f}).add(w)
    return {f: frozenset(g) for f, g in groups.items()}


def umlaut_groups() -> dict[str, frozenset[str]]:
    return _umlaut_groups(_lowered(_load_wordlist()))


def wordlist() -> frozenset[str]:
    """Debian's German word list, with case (empty where it is not installed)."""
    return _load_wordlist()


@lru_cache(maxsize=1)
def _ambiguous() -> frozenset[str]:
    return frozenset(w for g in umlaut_groups().values() for w in g)


class DomainCounts(Counter):
    """Counts of words seen intact in the archive (lowercased), persisted as `word<TAB>count`.

    Beside the words, the word pairs around an umlaut-ambiguous word ("wird gefördert",
    "in fällen", keys with a space) are counted: the archive's own sentences are the context
    signal for a lost umlaut where both spellings are German (`Lexicon.context_odds`). They
    ride in the same counter, so every place that adds, subtracts or persists the archive's
    counts carries them (the Karlsruhe texts: 46,600 pair keys beside 70,800 words; learning
    costs ~40 % more, 0.15 s per 300 texts)."""

    def add_text(self, text: str) -> None:
        words = [w.lower() for w in _WORD.findall(text) if len(w) > 1]
        self.update(words)
        ambiguous = _ambiguous()
        self.update(f"{a} {b}" for a, b in pairwise(words) if a in ambiguous or b in ambiguous)

    def save(self, path: Path) -> None:
        tmp = path.with_suffix(".tmp")
        tmp.write_text("".join(f"{w}\t{n}\n" for w, n in self.most_common()), encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> DomainCounts:
        counts = cls()
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                word, _, n = line.partition("\t")
                if n.isdigit():
                    counts[word] = int(n)
        return counts


class Lexicon:
    """Scores German words; see the module docstring.

    >>> lex = Lexicon()
    >>> lex.score("Förderung") > lex.score("Foerderung")
    True
    """

    def __init__(self, domain: DomainCounts | None = None, wordlist: Iterable[str] | None = None):
        self.words = frozenset(wordlist) if wordlist is not None else _load_wordlist()
        self.lower_words = _lowered(self.words)
        self.domain = domain or DomainCounts()
        self._domain_total = max(sum(n for w, n in self.domain.items() if " " not in w), 1)
        # Cache per instance: the scores depend on the domain counts.
        self.score = lru_cache(maxsize=200_000)(self._score)
        self.compound = lru_cache(maxsize=200_000)(self._compound)
        self.attested = lru_cache(maxsize=200_000)(self._attested)
        self.is_attested = lru_cache(maxsize=200_000)(self._is_attested)  # type: ignore[method-assign]
        self._head_score = lru_cache(maxsize=200_000)(self._head_score)  # type: ignore[method-assign]
        self._stem_score = lru_cache(maxsize=200_000)(self._stem_score)  # type: ignore[method-assign]
        # The repair's verdict per (word, channel): a word recurs on every page of an archive.
        self.repairs: dict[object, dict] = {}

    def impossible_pair(self, word: str) -> bool:
        """Does the word hold an umlaut next to its own vowel, as (almost) no listed word does?"""
        if not self.words:
            return False
        pairs = _umlaut_pairs(self.words)
        return any(pair not in pairs for pair in _UMLAUT_PAIR.findall(word.lower()))

    def listed(self, word: str) -> bool:
        """Is the word in the curated list (any case)?"""
        return word in self.words or word.lower() in self.lower_words

    def tail_count(self, tail: str) -> int:
        """How many listed words end in `tail` and are longer ("schränkungen": "beschränkungen",
        "einschränkungen" ...): a fragment of a word split at a line end is the tail of one."""
        rev = _reversed_sorted(self.lower_words)
        key = tail.lower()[::-1]
        lo = bisect.bisect_left(rev, key)
        hi = bisect.bisect_left(rev, key + "\U0010ffff")
        return hi - lo - (lo < len(rev) and rev[lo] == key)

    def noun(self, word: str) -> bool:
        """Can the word, as capitalised, be a noun? Not if the word list has it only small
        ("Flachen", "Hohe") and HanTa's morphology, where installed, agrees. The list lacks
        many nouns ("Falle", "Zahlen", "Miete"): HanTa knows them. (HanTa alone guesses
        "Antragen" a noun, so the list must say no first.)"""
        cap = word[:1].upper() + word[1:]
        if cap in self.words or word.lower() not in self.lower_words:
            return True
        tag = word_class(cap)  # listed small only: a noun the list lacks ("Falle", "Zahlen")?
        return tag is not None and tag.startswith(_NOUN_TAGS)

    def surely_noun(self, word: str) -> bool:
        """Is the word, capitalised, a noun beyond doubt ("Flächen", "Höhe", "Anträgen")?"""
        cap = word[:1].upper() + word[1:]
        tag = word_class(cap)
        return cap in self.words or tag in ("NN", "NE")

    def adjective_in_compound(self, word: str) -> bool:
        """Is one part of the word, split as a compound, an inflected adjective that is no noun
        ("bruttojagd|flache", "flachen|erschließung")? Only a word of two parts or more."""
        parts = self.split_compound(word)
        return len(parts) > 1 and any(
            len(p) >= 4 and p.endswith(_INFLECTED) and p in self.lower_words and not self.noun(p) for p in parts
        )

    def archive_odds(self, word: str, other: str) -> float | None:
        """log10 of how much more often the archive writes `other` than `word` ("flächen" 558
        times, "flachen" never: 3.0); None if the archive is too small or has seen neither
        often enough to tell. For a compound it has not seen, its head decides where the two
        differ only there ("Ausweich|flachen", "Ausweich|flächen")."""
        if not self.large_archive:
            return None
        a, b = word.lower(), other.lower()
        for _ in range(2):
            na, nb = self.domain.get(a, 0), self.domain.get(b, 0)
            if na + nb >= _ARCHIVE_EVIDENCE:
                return math.log10((nb + 0.5) / (na + 0.5))
            head = self.split_compound(b)[-1]
            if len(head) == len(b) or a[: len(b) - len(head)] != b[: len(b) - len(head)] or len(a) != len(b):
                return None
            a, b = a[len(b) - len(head) :], head
        return None

    @property
    def large_archive(self) -> bool:
        """Is the archive large enough for its counts to be compared (`archive_odds`)?"""
        return self._domain_total >= _ARCHIVE_WORDS

    def umlaut_alternatives(self, word: str) -> frozenset[str]:
        """The listed spellings of `word` that differ only in umlauts, lower case, itself
        included ("fordert" → {"fordert", "fördert"}); empty if there are none."""
        return umlaut_groups().get(fold(word), frozenset()) if self.words else frozenset()

    def context_odds(self, before: str, word: str, other: str, after: str) -> float | None:
        """log10 of how much likelier the archive makes `other` than `word` between these
        neighbours: naive Bayes over the two word pairs, each spelling's count times how often
        each neighbour goes with it, add-one smoothed ("diesen Fällen" 11 of 182 "fällen",
        "diesen Fallen" 0 of 97 "fallen": 0.8). None if the archive is too small or has seen
        `other` beside these neighbours fewer than `_CONTEXT_EVIDENCE` times (a rare word's
        unseen pairs say nothing)."""
        if not self.large_archive:
            return None
        before, after = before.lower(), after.lower()
        scores, evidence = [], 0
        for w in (word.lower(), other.lower()):
            n = self.domain.get(w, 0)
            score = math.log10(n + 1)
            for pair in (f"{before} {w}", f"{w} {after}"):
                pairs = self.domain.get(pair, 0)
                score += math.log10((pairs + 1) / (n + 1))
                evidence += pairs * (w != word.lower())
            scores.append(score)
        return scores[1] - scores[0] if evidence >= _CONTEXT_EVIDENCE else None

    def preferred_case(self, word: str) -> str | None:
        """The spelling the curated list uses: "über" vs "Übernahme"; None if unlisted."""
        for form in (word, word.lower(), word[:1].upper() + word[1:].lower()):
            if form in self.words:
                return form
        return None

    def domain_zipf(self, word: str) -> float:
        """The archive's own frequency of the word on the Zipf scale.

        A word seen once proves nothing: it may be an OCR error of that very page.
        """
        n = self.domain.get(word.lower(), 0)
        return math.log10(n * 1e9 / self._domain_total) if n >= MIN_DOMAIN_COUNT else 0.0

    def _score(self, word: str) -> float:
        """Plausibility of a whole word, Zipf scale; compounds by their parts."""
        score = self.attested(word)
        # A compound wordfreq has seen a few times ("waldflache" 2.8, OCR damage of the web)
        # may still be less plausible than its parts make the alternative ("wald|fläche").
        if score < 3.5 and len(word) >= 2 * _MIN_PART:
            score = max(score, self.compound_score(word.lower()))
        return score

    def _attested(self, word: str) -> float:
        """Evidence for the word itself, without guessing from parts."""
        lower = word.lower()
        score = zipf_frequency(lower)
        if self.listed(word):
            score = max(score, 2.5)
        # The archive's own usage, damped: it is a small sample.
        return max(score, self.domain_zipf(lower) - 1.0)

    def _compound(self, word: str) -> tuple[float, tuple[str, ...]]:
        """Best split into a known modifier and a known head ("förder|topf"), with its score.

        The score is the weaker part's, less a penalty, so a compound never outranks a
        plain word that is as well attested. The head must be a noun the word list
        knows, or a word seen in the archive; the modifier a word or stem the lists know.
        """
        best: tuple[float, tuple[str, ...]] = (0.0, (word,))
        for i in range(_MIN_PART, len(word) - _HEAD + 1):
            head = word[i:]
            head_score = self._head_score(head)
            if head_score < 2.0:
                continue
            left = word[:i]
            for fuge in _FUGEN:
                if fuge and not left.endswith(fuge):
                    continue
                stem = left[: len(left) - len(fuge)] if fuge else left
                if len(stem) < _MIN_PART:
                    continue
                stem_score, stem_parts = self._stem_score(stem), (stem,)
                if stem_score < 2.0 and len(stem) >= 2 * _MIN_PART:
                    inner_score, inner_parts = self.compound(stem)
                    if inner_score - 0.5 > stem_score:  # (wordfreq's faint entry may say more)
                        stem_score, stem_parts = inner_score - 0.5, inner_parts
                score = min(stem_score, head_score) - 1.0
                if score > best[0]:
                    best = (score, (*stem_parts, head))
        return best

    def compound_score(self, word: str) -> float:
        return self.compound(word)[0]

    def split_compound(self, word: str) -> tuple[str, ...]:
        """The parts of a German compound, lower case: "Landesförderung" → ("land", "förderung").

        A word that is not a compound of known parts comes back whole.
        """
        lower = word.lower()
        if len(lower) < _MIN_PART + _HEAD:
            return (lower,)
        return self.compound(lower)[1]

    def head_score(self, head: str) -> float:
        """Plausibility of a word as a compound's head (a noun the lists know), Zipf scale."""
        return self._head_score(head)

    def _head_score(self, head: str) -> float:
        noun = head[:1].upper() + head[1:]
        score = zipf_frequency(head)
        if noun in self.words:
            score = max(score, 2.5)
        elif head not in self.lower_words and self.domain.get(head, 0) < MIN_DOMAIN_COUNT:
            return 0.0  # neither a listed word nor seen in the archive: no head
        return max(score, self.domain_zipf(head) - 1.0)

    def _stem_score(self, stem: str) -> float:
        if stem in self.lower_words or self.domain.get(stem, 0) >= MIN_DOMAIN_COUNT:
            return max(2.5, zipf_frequency(stem), self.domain_zipf(stem) - 1.0)
        # A verb stem ("förder-" of "fördern") is a modifier too.
        for verb in (stem + "n", stem + "en"):
            if verb in self.lower_words:
                return max(2.0, zipf_frequency(verb) - 1.0, self.domain_zipf(stem) - 1.0)
        # wordfreq alone: faint entries are web OCR damage, frequent long ones real words
        # ("biodiversität" 3.1, unlisted); short ones are verb forms ("fährt|zahlen").
        zipf = zipf_frequency(stem)
        return zipf if zipf >= 3.0 and len(stem) >= 8 else min(zipf, 2.0)

    def _is_attested(self, word: str) -> bool:
        """Known as a word in its own right, not only as a plausible compound."""
        return self.attested(word) >= 2.5 or self.listed(word) or self.domain.get(word.lower(), 0) >= MIN_DOMAIN_COUNT

    def knows(self, word: str) -> bool:
        """Plausible German: attested, or a compound of well-known parts."""
        return self.score(word) >= 2.0 or self.listed(word)

    def vouches_for(self, word: str) -> bool:
        """Strong evidence that a repair result is German: curated, frequent, seen in the archive,
        or a compound of such parts. wordfreq alone is weak below Zipf 3: it learned from web
        text with OCR damage and abbreviations in it ("fir" 2.8, "städt" 2.7, "abzgl" 2.0)."""
        return (
            self.listed(word)
            or zipf_frequency(word) >= 3.0
            or self.domain.get(word.lower(), 0) >= MIN_DOMAIN_COUNT
            or self.compound_score(word.lower()) >= 2.0
        )
