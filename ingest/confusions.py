"""The OCR confusion model: what an engine writes for what was printed, and what each costs.

Each pattern is (as OCR wrote it, what was printed, kind); the kind prices the edit on the
Zipf scale (`Channel.cost`), so an edit must be paid for by a gain in how plausible the
word becomes. The patterns are letter shapes, not words: they were read off the aligned
word errors of real OCR output (the seed's English-model OCR, Tesseract `-l eng` of rendered
Karlsruhe papers in tests/eval/real-ocr/eng/, the few OCR'd Karlsruhe scans: "Kar1sruhe",
"l3" for "ß"); `bench/confusion_counts.py` counts how often each pattern explains a real word
error. The kinds group them by how often they occur there:

* umlaut: the umlaut's dots lost ("Forderung" for "Förderung"), the commonest error of an
  English model; cheap where a text shows it throughout, dear in a clean text;
* glyph: an umlaut or ß read as other letters ("fl"/"ii"/"il" for "ü", "l3"/"R" for "ß");
* junk: characters no German word has in that place ("é" for "ö", "{" for "ü", "&" in ß);
* shape: letters and digits of one shape ("rn"/"m", "1"/"l", "0"/"o", "q"/"g", "t"/"l");
* spurious: an umlaut that is not there, the error of a German model on noisy scans.
"""

from __future__ import annotations

from functools import lru_cache

CONFUSIONS: tuple[tuple[str, str, str], ...] = (
    # lost umlauts
    ("a", "ä", "umlaut"), ("o", "ö", "umlaut"), ("u", "ü", "umlaut"),
    ("A", "Ä", "umlaut"), ("O", "Ö", "umlaut"), ("U", "Ü", "umlaut"), ("U", "ü", "umlaut"),
    ("O", "ö", "umlaut"), ("A", "ä", "umlaut"),  # capital umlauts inside a word: "PrUfung"
    # umlauts read as other glyphs
    ("fl", "fü", "glyph"), ("fi", "fü", "glyph"), ("fii", "fü", "glyph"), ("fli", "fü", "glyph"),
    ("ft", "fü", "glyph"), ("ftt", "fü", "glyph"), ("li", "ü", "glyph"), ("ii", "ü", "glyph"), ("il", "ü", "glyph"), ("i", "ü", "glyph"),
    ("d", "ä", "glyph"), ("d", "ö", "glyph"), ("da", "ä", "glyph"), ("ia", "ä", "glyph"),
    ("ti", "ü", "glyph"), ("iti", "ü", "glyph"),
    # ß read as other glyphs
    ("l3", "ß", "glyph"), ("I3", "ß", "glyph"), ("13", "ß", "glyph"), ("R", "ß", "glyph"),
    ("B", "ß", "junk"), ("&", "ß", "junk"), ("&S", "ß", "junk"), ("f&", "ß", "junk"), ("&s", "ß", "junk"),
    ("S", "ß", "junk"), ("k", "ß", "glyph"), ("g", "ß", "glyph"), ("f", "ß", "glyph"), ("fs", "ß", "glyph"), ("fS", "ß", "junk"), ("Ss", "ß", "junk"), ("8", "ß", "junk"), ("f$", "ß", "junk"), ("$", "ß", "junk"),
    # junk glyphs for umlauts
    ("é", "ö", "junk"), ("oé", "ö", "junk"), ("é", "ä", "junk"), ("é", "e", "junk"),
    ("{", "ü", "junk"), ("{", "Ü", "junk"), ("o6", "ö", "junk"), ("6", "ö", "junk"), ("6é", "ö", "junk"),
    # an umlaut read as "é" next to a letter of its shape: "Gewéahr", "Biodiversitaét",
    # "Naturnédhe", "ermdéglichen"
    ("éa", "ä", "junk"), ("aé", "ä", "junk"), ("éd", "ä", "junk"), ("dé", "ö", "junk"), ("éd", "ö", "junk"),
    ("éo", "ö", "junk"),
    # spurious umlauts
    ("ä", "a", "spurious"), ("ö", "o", "spurious"), ("ü", "u", "spurious"),
    ("ä", "", "spurious"), ("ö", "", "spurious"), ("ü", "", "spurious"),
    # letter shapes and digits
    ("rn", "m", "shape"), ("m", "rn", "shape"), ("cl", "d", "shape"), ("1", "l", "shape"),
    ("1", "i", "shape"), ("0", "o", "shape"), ("0", "O", "shape"), ("I", "l", "shape"),
    ("l", "I", "shape"), ("q", "g", "shape"), ("t", "l", "shape"),
)
MAX_EDITS = 3
_BEFORE_SS = frozenset("aeiouäöüAEIOUÄÖÜ")
# Beyond this length the search is not worth it (and grows fast): a glued run of words.
MAX_WORD = 30


# The patterns by the letter they start with: the search tries only those that can match.
_BY_FIRST: dict[str, tuple[tuple[str, str, str], ...]] = {}
for _c in CONFUSIONS:
    _BY_FIRST[_c[0][0]] = (*_BY_FIRST.get(_c[0][0], ()), _c)


@lru_cache(maxsize=200_000)
def edits(word: str, budget: int = MAX_EDITS) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Every spelling reachable with up to `budget` confusion edits, with the edit kinds."""
    results: dict[str, tuple[str, ...]] = {}
    if len(word) > MAX_WORD:
        return ()

    def walk(i: int, prefix: str, kinds: tuple[str, ...]) -> None:
        if i == len(word):
            if kinds and (prefix not in results or len(kinds) < len(results[prefix])):
                results[prefix] = kinds
            return
        walk(i + 1, prefix + word[i], kinds)
        if len(kinds) < budget:
            for seen, meant, kind in _BY_FIRST.get(word[i], ()):
                if meant == "ß" and (not prefix or prefix[-1] not in _BEFORE_SS):
                    continue  # German writes "ß" after a vowel or diphthong only ("Straße", "heißt")
                if word.startswith(seen, i):
                    walk(i + len(seen), prefix + meant, kinds + (kind,))

    walk(0, "", ())
    return tuple(results.items())
