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

from ingest.lexicon import Lexicon, word_class, zipf_frequency

# A lower-case letter followed by a capital: inside a German word only in names ("McLean")
# and abbreviations ("BauGB"), so a strong sign of two words glued together.
CASE_SEAM = re.compile(r"[a-zäöüß][A-ZÄÖÜ]")
_MIN_RUN = 8
# A seam between two real words ("derStadt"), not an OCR capital inside one ("beschlieBt", "PrUfung").
_GLUE_SEAM = re.compile(r"[a-zäöüß][A-ZÄÖÜ][a-zäöüß]{2}")
_MIN_SEAM = 5  # "imJahr"
_GLUED_SHARE = 0.08  # share of a page's words that are glued runs when its spaces were lost


def glued_page(words: list[str]) -> bool:
    """Did the text extraction lose this page's word spaces? Runs of 20+ letters or case seams
    in many of its words say so ("2.)DerGemeinderatbeschließtdieBetriebssatzung")."""
    words = [w for w in words if len(w) > 1]
    if len(words) < 5:
        return False
    glued = sum(1 for w in words if len(w) >= 20 or _GLUE_SEAM.search(w))
    return glued / len(words) >= _GLUED_SHARE
_AFTER_COMPOUND = 5.0  # Zipf of a small word that may follow a compound known only from its parts
_COMPOUND_PART = 8  # shortest compound noun taken as a part of a glued run
_LETTERS = re.compile(r"[A-Za-zÄÖÜäöüß]{5,}")
_HEAD_TAGS = ("NN", "NE", "ADJ(A)", None)  # HanTa's tags of a compound's head (None: no HanTa, as before)
_LAST_RESORT = -30.0  # log-probability of a part no list knows, where its place says it is a word
_ACRONYM = 6  # longest acronym taken as a part of its own at the start of a run ("KASIG")
_MAX_RUN = 200  # parts are at most 30 letters: the split is linear in the run's length
_SHORT = 3  # parts this short must be frequent words ("die", "im", "zu"), not fragments
_SHORT_ZIPF = 4.5
# Capitals at most two small letters apart, or a single small letter before a capital.
_ABBREVIATED = re.compile(r"[A-ZÄÖÜ][a-zäöü]{0,2}[A-ZÄÖÜ]|^[a-zäöü][A-ZÄÖÜ]")
_VOWEL = re.compile(r"[aeiouäöüy]", re.IGNORECASE)
# A capital "I" of a gender form ("SchülerInnen") is no word start.
_GENDER = re.compile(r"In(?:nen)?\b|In(?:nen)?[a-zäöüß]*$")


# Where a page that lost its spaces had them around numbers and punctuation: "(1)Die",
# "Bau,der", "§4Abs.1der", "vom24.07.2000,zuletzt", "2017folgende", "Eigenbetriebs„Fußball".
_GLUED_SEAMS = re.compile(
    r"(?<=[,;:)“])(?=[A-Za-zÄÖÜäöü(„§])"
    r"|(?<=[A-Za-zÄÖÜäöüß])(?=[(„§])"
    r"|(?<=[a-zäöüß]{2})(?=\d+(?![a-zäöüß])|[2-57-9])"  # a 1, 0 or 6 inside a word is OCR ("Kar1sruhe")
    r"|(?<=\d)(?<![A-Za-zÄÖÜäöüß][016])(?=[A-Za-zÄÖÜäöü]{2})"
    r"|(?<=§)(?=\d)"
    r"|(?<=[A-Za-zäöüß]:)(?=\d)"  # "Vorlage:2017/0092"
    r"|(?<=\d)(?=\()"  # "2017(Anlage"
    r"|(?<=\d\d\.\d\d\.\d{4})(?=\d)"  # a date and the number after it: "07.03.201715"
    r"|(?<=[A-Za-zäöü]{2}\.)(?=\d|[A-ZÄÖÜ][a-zäöü]|[a-zäöü]{3})"
    r"|(?<=\d\.)(?=[A-ZÄÖÜa-zäöü]{2})"
)


def space_glued_punctuation(page: str) -> str:
    """Spaces around numbers and punctuation on a page that lost them (see `glued_page`)."""
    return _GLUED_SEAMS.sub(" ", page)


def split_glued(word: str, lexicon: Lexicon, glued_page: bool = True) -> str:
    """`word` with spaces where words were glued together; `word` itself if not sure.

    Without a case seam, a long unknown word is split only on a page that lost its spaces
    (`glued_page`): elsewhere it is much likelier a name or a rare compound ("Stolperstellen").
    """
    seam = bool(CASE_SEAM.search(word))
    if not word.isalpha() and glued_page:
        # A run with a digit in it ("derZuordnungdesEigenbetriebszumDezernat6zu"): its runs of
        # letters are split on their own (a digit between letters may be an OCR "ö", kept).
        return _LETTERS.sub(lambda m: split_glued(m.group(), lexicon, True), word)
    if not (seam or glued_page) or not word.isalpha():
        return word
    if not ((_MIN_SEAM if seam or glued_page else _MIN_RUN) <= len(word) <= _MAX_RUN) or _is_word(word, lexicon):
        return word
    if not glued_page and _ABBREVIATED.search(word):
        return word  # "KiTaVO", "EigBG", "StaDu", "eAkte": abbreviations, not glued words
    parts = _best_split(word, lexicon)
    return " ".join(parts) if parts and len(parts) > 1 else word


def _tail_of_compound(part: str, following: str, lexicon: Lexicon) -> bool:
    """Is `following` more likely the head of a compound `part` begins ("Bauordnung|samt",
    "Landschaftsrahmen|plan") than a word after it? A compound only known from its parts may
    be followed by a small word only if it is a frequent one ("Betriebssatzung|des"), or one
    that cannot be a compound's head: a head is a noun or an adjective ("Plan", "bezogene");
    a verb form ("dienen", "entfalten") or participle used as a noun ("fördernden") is none."""
    cap = following[0].upper() + following[1:]
    return (
        following[0].islower()
        and part[0].isupper()
        and not lexicon.is_attested(part)
        and zipf_frequency(following) < _AFTER_COMPOUND
        and (cap in lexicon.words or word_class(cap) in _HEAD_TAGS)  # last: HanTa is the dear test
    )


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
    if part in lexicon.words and CASE_SEAM.search(part):
        return zipf_frequency(part) - 9.0  # a listed word with an inner capital: "GmbH|in|der"
    if CASE_SEAM.search(part) or len(part) < 2 or _gender_suffix(part, lexicon):
        return None
    if part[0].islower() and part not in lexicon.words and part[0].upper() + part[1:] in lexicon.words:
        return None  # a noun written small is the tail of a compound: "Haushaltsplan|entwurf"
    zipf = zipf_frequency(part)
    if len(part) <= _SHORT:  # "im", "der", "zur"; not "St" (an abbreviation) or "er" after a noun
        return zipf - 9.0 if zipf >= _SHORT_ZIPF and lexicon.listed(part) and _VOWEL.search(part) else None
    if part[0].islower() and part not in lexicon.words and zipf < 3.5:
        return None  # "einvernehml|ich", "Sc|hank": a small part must be a word as written
    if part[0].isupper() and part not in lexicon.words and zipf < 3.0:
        # A long compound noun is a word of its own, in the genitive too ("Betriebssatzung|des",
        # "Eigenbetriebs|zum"); a modifier is not ("Planungs|rechtliche", "Landes|bauordnung").
        for noun in (part, part[:-1] if part.endswith("s") else ""):
            if len(noun) >= _COMPOUND_PART and _is_word(noun, lexicon) and len(lexicon.split_compound(noun)) > 1:
                return lexicon.score(noun) - 10.0
        return None
    if lexicon.is_attested(part):
        return max(lexicon.attested(part), 2.5) - 9.0
    if part[0].isupper() and _is_word(part, lexicon) and len(part) >= 6:
        return lexicon.score(part) - 10.0
    return None


def _gender_suffix(part: str, lexicon: Lexicon) -> bool:
    """Is the part the "In"/"Innen" of a gender form ("Schüler|Innen", "Bürger|Innenbeteiligung")?
    A word of its own that begins so is none ("Infrastruktur", "Information")."""
    if not (part.startswith("In") and _GENDER.match(part)):
        return False
    return part in ("In", "Innen") or not lexicon.is_attested(part)


def _abbreviation_at_end(part: str, lexicon: Lexicon) -> float | None:
    """A run may end in a frequent abbreviation without a vowel, its full stop after the run:
    "Personenzuordentlichen|bzw.", "Vorlage|Nr." (elsewhere "St", "Dr" would split words)."""
    if len(part) <= _SHORT and not _VOWEL.search(part) and part[1:].islower() and lexicon.listed(part):
        zipf = zipf_frequency(part)
        return zipf - 10.0 if zipf >= _SHORT_ZIPF else None
    return None


def _acronym_between_small_words(word: str, start: int, end: int) -> bool:
    """An acronym glued to small words: "derKASIGzudeninder" (an abbreviation
    with small letters, "GmbH", is no part of its own here)."""
    return (
        2 <= end - start <= _ACRONYM
        and word[start:end].isupper()
        and (start == 0 or word[start - 1].islower())
        # at the end of a run only 3 letters or more: "derKASIG", but "ForstBW" is a name
        and (word[end].islower() if end < len(word) else end - start >= 3)
    )


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
            if part is None and _acronym_between_small_words(word, start, end):
                part = _LAST_RESORT
            if part is None and end == n:
                part = _abbreviation_at_end(word[start:end], lexicon)
            if part is None and word[start].isupper() and not _GENDER.match(word, start) \
                    and not CASE_SEAM.search(word, start, end) and end - start >= 6 \
                    and (word[start - 1].islower() if start else end < len(word) and word[end].isupper()) \
                    and not word[start + 1].isupper():  # "KASIGzu" is an acronym and a word
                # A capital after a small letter starts a word, even one we do not know, and so
                # does a run's capital before a case seam: "Kirstin|Walsleben" (last resort).
                part = _LAST_RESORT
            if part is not None and start and _tail_of_compound(word[prev[1] : start], word[start:end], lexicon):
                part = None
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
