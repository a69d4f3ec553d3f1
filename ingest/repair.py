"""Repair OCR damage in German text: umlauts and ß, quotes and dashes, split and glued words.

The word repair is a noisy-channel choice. For each word, candidates are generated from
the OCR confusion model (`ingest.confusions`: "fl" for "fü", "é" for "ö", "l3" for "ß",
a lost umlaut, a spurious one ...). Each candidate is scored by how plausible it is as
German (`Lexicon.score`) minus the cost of the edits that lead to it, and replaces the word
only if it beats the word as written by a margin. The margin and the cost of an umlaut edit
depend on how damaged the whole text is (`estimate_damage`): in a text where umlauts are
lost everywhere (an English-model OCR), "Forderung" next to "Férderung" is most likely
"Förderung"; in a clean text a known word is not even searched, and an unknown one is left
alone unless it cannot be German as written (digits or "{" inside letters, "PrUfung") -
names ("Noé", "Böringer") and abbreviations ("abzügl.") stay as they are. Where umlauts are
lost throughout, two signals beyond the word itself decide between two real words: its place
(capitalised inside a sentence it is a noun, so "die Flachen" is "Flächen", `Lexicon.noun`)
and the archive's own spelling where it is large enough ("Flächen" far more often than
"Flachen", `Lexicon.archive_odds`); where both stay German ("fordert"/"fördert"), the
sentence: grammar read by HanTa ("werden höher bewertet", "Mängel werden") and the archive's
word pairs ("in diesen Fällen", `_decide_by_context`). Words glued
together by a text extraction that lost the spaces are split where the lexicon is sure
(`ingest.segment`). Verdicts are memoised on the `Lexicon`, so an archive pays for each
distinct word once.

>>> from ingest.lexicon import Lexicon, analysis, fold, plural_by_umlaut, word_class, zipf_frequency
>>> repair_text("Die Férderung flr den Kreis", Lexicon()).text
'Die Förderung für den Kreis'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.confusions import edits
from ingest.layout import dehyphenate, join_letter_spaced
from ingest.lexicon import (
    Lexicon,
    analysis,
    fold,
    plural_by_umlaut,
    word_class,
    zipf_frequency,
)
from ingest.punctuation import fix_patterns, normalise_punctuation
from ingest.segment import CASE_SEAM, glued_page, space_glued_punctuation, split_glued

# A word-like run: letters plus the junk glyphs OCR leaves inside words.
# ("&" and "$" inside a word, or "&" after "f" at its end, are ß read by an English model:
# "Gro&e", "maf$gebend", "Vorstof&".)
WORD = re.compile(r"(?:\{|6(?=[a-zäöüß]{2}))?[A-Za-zÄÖÜäöüßéèáà](?:[A-Za-zÄÖÜäöüßéèáà{0-9]|[&$](?=[a-zäöü])|&(?=[A-Za-z])|(?<=f)&)*")
# Glyphs no German word has in that place, whatever the text: digits or "{" or "&" inside
# letters, a capital after a small letter ("AuBerdem", "PrUfung", "StraRe").
_JUNK = re.compile(r"[{0-9&$]|(?<=[a-zäöüß])[A-ZÄÖÜ]")
# ... and in a text where umlauts are lost throughout: accents stand for "ö" ("Férderung"),
# "ii" inside a word for "ü" ("Zuschiisse"; German has no "ii").
_JUNK_DAMAGED = re.compile(r"[{éèáà0-9&$]|(?<=[a-zäöüß])[A-ZÄÖÜ]|(?<=[A-Za-zäöü])ii|ii(?=[a-zäöü])")
_II = re.compile(r"(?<=[A-Za-zäöü])ii|ii(?=[a-zäöü])")
_NOT_A_NOUN = re.compile(r"(?:et|t|ig|lich|isch|bar|sam|end|ete|eten|ige|igen|lichen)$")
_SENTENCE_END = re.compile(r"(?:^|(?<![a-z]\.[a-z])[.!?:]\s+|\n\s*\n\s*)$")
_UMLAUT_SEEN = re.compile("[äöüÄÖÜéèáà{6]|ii")  # an umlaut or a glyph an OCR engine writes for one
_ACCENT = re.compile(r"[éèáà]")
_ABBREVIATION = 7  # an unknown word this short before a full stop is an abbreviation ("abzügl.")
_DAMAGED = 0.02  # share of damaged words from which a text is read as English-model OCR
_COMMON = 4.0  # Zipf of a common word ("sollen" 5.5), the only repair of an unknown small word
_ACRONYM = re.compile(r"[A-ZÄÖÜ][a-zäöü]*[A-ZÄÖÜ].*[A-ZÄÖÜ]|[A-ZÄÖÜ]{2}|^(?=.{2,4}$)[A-ZÄÖÜ][a-zäöü]?[A-ZÄÖÜ]")
_NOT_A_NOUN_PENALTY = 1.0  # Zipf a capitalised non-noun inside a sentence loses as written
_ARCHIVE_MARGIN = 0.3  # log10 odds beyond the edit's cost by which the archive's spelling decides
_PLURAL_QUANTIFIERS = frozenset(("alle", "viele", "einige", "mehrere", "beide", "zahlreiche", "wenige", "sämtliche"))
_DETERMINER_TAGS = ("APPR", "APPRART", "ART", "PDAT", "PIAT", "PPOSAT")  # STTS: before an attributive adjective
_CONTEXT_MARGIN = 0.7  # log10 odds (4×) by which the archive's word pairs overrule the word alone
_SAMPLE = 400  # distinct unknown words the damage estimate looks at
_FRAGMENT = 6  # shortest word read as the tail of a word split at a line end
_MIN_DAMAGED = 2  # damaged words it takes to call a text damaged: one is a name ("Noé")


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
    margin_unlisted: float = 0.7  # ... an attested word not in the curated list in this case
    damaged: bool = False  # umlauts are lost throughout (English-model OCR)

    @classmethod
    def for_damage(cls, damage: float) -> _Channel:
        # umlauts lost throughout: expect them to be lost
        return _DAMAGED_CHANNEL if damage >= _DAMAGED else _CLEAN_CHANNEL

    @property
    def junk(self) -> re.Pattern[str]:
        return _JUNK_DAMAGED if self.damaged else _JUNK

    def cost(self, kind: str) -> float:
        return {"umlaut": self.umlaut, "glyph": self.glyph, "junk": 0.1,
                "spurious": 0.8, "shape": 1.5}[kind]


_DAMAGED_CHANNEL = _Channel(umlaut=0.3, glyph=0.5, margin_known=1.4, margin_guess=0.1, damaged=True)
_CLEAN_CHANNEL = _Channel(umlaut=1.0, glyph=1.5, margin_known=3.0, margin_guess=0.5)


def repair_text(text: str, lexicon: Lexicon, damage: float | None = None) -> RepairResult:
    """Repair one page (or document) of OCR text; see the module docstring.

    `damage` is the share of damaged words of the whole document (`estimate_damage`);
    by default it is estimated from `text` alone.
    """
    text = normalise_punctuation(dehyphenate(join_letter_spaced(text), lexicon))
    if damage is None:
        damage = estimate_damage(text, lexicon)
    channel = _Channel.for_damage(damage)
    matches = list(WORD.finditer(text))
    glued = glued_page([m.group() for m in matches])
    if glued:
        text = space_glued_punctuation(text)
        matches = list(WORD.finditer(text))
    memo = lexicon.repairs.setdefault(channel, {})
    fixes: list[str] = []
    for i, m in enumerate(matches):
        word = m.group()
        pos = m.end()
        abbreviation = text.startswith(".", pos)
        start = None  # at a sentence start? (asked only where it matters: a regex per word)
        noun = 0
        if channel.damaged and word[0].isupper() and not word.isupper():
            # A capital inside a sentence makes a noun (only a damaged text's search asks);
            # one not followed by another capitalised word cannot be an adjective of a title
            # ("Große Anfrage"): "der Starke im", "die Große und" are "Stärke", "Größe".
            start = _at_sentence_start(text, m.start())
            if not start:
                after = matches[i + 1] if i + 1 < len(matches) else None
                titled = after is not None and after.group()[0].isupper() and not text[pos : after.start()].strip()
                noun = 1 if titled else 2
        fixed = memo.get((word, abbreviation, noun))
        if fixed is None:
            fixed = repair_word(word, lexicon, channel, abbreviation, noun)
        if fixed != word:
            if start is None:
                start = _at_sentence_start(text, m.start())
            fixed = _match_case(word, fixed, lexicon, at_sentence_start=start)
        elif (
            len(word) >= 5
            and (glued or CASE_SEAM.search(word))
            and not lexicon.is_attested(word)
            and (glued or not _named_in_camel_case(word, text))
        ):
            fixed = split_glued(word, lexicon, glued)
        fixes.append(fixed)
    if channel.damaged:
        _decide_by_context(text, matches, fixes, lexicon)
    out: list[str] = []
    changes: list[Change] = []
    pos = 0
    for m, fixed in zip(matches, fixes):
        out.append(text[pos : m.start()])
        pos = m.end()
        if fixed != m.group():
            changes.append(Change(m.start(), m.group(), fixed))
        out.append(fixed)
    out.append(text[pos:])
    return RepairResult(fix_patterns("".join(out)), changes, damage)


def _decide_by_context(text: str, matches: list[re.Match[str]], fixes: list[str], lexicon: Lexicon) -> None:
    """Where umlauts are lost throughout and both spellings are German ("fordert"/"fördert",
    "hoher"/"höher", "Fallen"/"Fällen"), the sentence decides, in place:

    * grammar, by HanTa's morphology: an inflected adjective stands before its noun, a
      comparative does not ("mit langer Dauer", "werden höher bewertet"); a plural by umlaut
      where the place says plural ("Mängel werden"), and no plural ending without the umlaut
      such nouns take ("Anträgen", not "Antragen"); a strong verb's third person ("lässt");
    * the archive's word pairs, where it is large enough: the spelling it writes far more
      often between the same neighbours ("in Fällen", `Lexicon.context_odds`).

    Words with an umlaut as written are not asked: an umlaut the OCR engine saw is there, and
    so is one its glyphs show ("wiirde", "Gréfe"); a lost one may be decided ("Grofe")."""
    for i, (m, fixed) in enumerate(zip(matches, fixes)):
        group = lexicon.umlaut_alternatives(fixed)
        if len(group) < 2 or _UMLAUT_SEEN.search(m.group()):
            continue
        after = fixes[i + 1] if i + 1 < len(fixes) else ""
        adjacent = bool(after) and not text[m.end() : matches[i + 1].start()].strip()
        before = fixes[i - 1] if i > 0 and not text[matches[i - 1].end() : m.start()].strip() else ""
        if fixed[0].isupper():
            earlier = [w.lower() for w in fixes[max(0, i - 2) : i]]
            best = _plural_by_place(group, earlier, after if adjacent else "")
            if best is None and not _at_sentence_start(text, m.start()):
                best = _plural_with_umlaut(group)
                odds = lexicon.context_odds(before, best, fixed, after) if best else None
                if odds is not None and odds > _CONTEXT_MARGIN:
                    best = fixed.lower()  # the archive's pairs say otherwise: "die Fallen im Wald"
        else:
            best = _adjective_by_place(group, before, after if adjacent else "") or _third_person(group, before)
        if best is None and lexicon.large_archive:
            best, best_odds = fixed, _CONTEXT_MARGIN
            # Capitalised inside a sentence, the word is a noun: only a noun may replace it
            # ("hohen Zahlen zu" is no "zählen zu", however often the archive writes that).
            noun_place = fixed[0].isupper() and not _at_sentence_start(text, m.start())
            for other in group - {fixed.lower()}:
                if noun_place and other[:1].upper() + other[1:] not in lexicon.words:
                    continue
                odds = lexicon.context_odds(before, fixed, other, after)
                if odds is not None and odds > best_odds:
                    best, best_odds = other, odds
        if best is not None and best != fixed.lower():
            fixes[i] = best.upper() if fixed.isupper() else (best[0].upper() + best[1:] if fixed[0].isupper() else best)


def _plural_by_place(group: frozenset[str], earlier: list[str], after: str) -> str | None:
    """Of a noun and its plural by umlaut ("Mangel"/"Mängel", "Antragen"/"Anträgen"), the plural
    where its place says plural: before an auxiliary or modal in the plural ("Mängel werden",
    "Anträge sind") or after a plural quantifier, maybe with an adjective between ("alle
    strukturellen Mängel"). None elsewhere (the word alone decides), or without HanTa."""
    plurals = [w for w in group if plural_by_umlaut(w)]
    if len(plurals) != 1 or len(group) != 2:
        return None
    verb = bool(after) and (after.endswith("en") or after == "sind") and after.islower() and (word_class(after) or "")[:2] in ("VA", "VM")
    quantified = bool(earlier) and (
        earlier[-1] in _PLURAL_QUANTIFIERS
        or (len(earlier) == 2 and earlier[0] in _PLURAL_QUANTIFIERS and word_class(earlier[1]) == "ADJ(A)")
    )
    return plurals[0] if verb or quantified else None


def _plural_with_umlaut(group: frozenset[str]) -> str | None:
    """A noun inside a sentence whose plural takes an umlaut has no plural without it: HanTa
    reads "Antragen", "Hauser" as forms of "Antrag", "Haus" with a plural ending but without the
    umlaut its own plurals have ("Anträgen", "Häuser"). Endings "-en", "-er" only: "-e" is also
    the old dative singular ("im Falle", "im Grunde")."""
    parsed = {w: analysis(w[:1].upper() + w[1:]) for w in group}
    plain = [w for w, p in parsed.items() if p and p[1] == ("NN", "SUF_NN") and w.endswith(("en", "er"))]
    umlaut = [w for w, p in parsed.items() if p and p[1] == ("NN_VAR", "SUF_NN")]
    if len(group) != 2 or len(plain) != 1 or len(umlaut) != 1 or parsed[plain[0]][0] != parsed[umlaut[0]][0]:
        return None
    return umlaut[0]


def _third_person(group: frozenset[str], before: str) -> str | None:
    """Of a strong verb's third person with umlaut and its second person plural ("lässt"/"lasst",
    "fällt"/"fallt", "trägt"/"tragt"), the third person, unless "ihr" comes before: papers
    address no "ihr". None for other pairs ("hält"/"halt": the particle), or without HanTa."""
    parsed = {w: analysis(w) for w in group}
    third = [w for w, p in parsed.items() if p and p[2] == "VV(FIN)" and "VV_VAR" in p[1]]
    second = [w for w, p in parsed.items() if p and p[2] == "VV(FIN)" and "VV_VAR" not in p[1]]
    if len(group) != 2 or len(third) != 1 or len(second) != 1 or parsed[third[0]][0] != parsed[second[0]][0]:
        return None
    return second[0] if before.lower() == "ihr" else third[0]


def _adjective_by_place(group: frozenset[str], before: str, after: str) -> str | None:
    """Of an attributive adjective and a comparative that differ only in the umlaut ("hoher"/
    "höher", "langer"/"länger"), the one its place asks for: the attributive one after an
    article or preposition or before a noun or another adjective ("mit hoher auch
    überregionaler Bedeutung"), the other elsewhere ("werden höher bewertet"). None for other
    pairs (a capitalised word is a noun: "Alter"), or without HanTa."""
    tags = {w: word_class(w) for w in group}
    attributive = [w for w, tag in tags.items() if tag == "ADJ(A)"]
    other = [w for w, tag in tags.items() if tag == "ADJ(D)"]
    if len(attributive) != 1 or len(other) != 1 or len(group) != 2:
        return None
    attributive_place = (bool(after) and (after[0].isupper() or word_class(after.lower()) == "ADJ(A)")) or (
        bool(before) and word_class(before.lower()) in _DETERMINER_TAGS
    )
    return attributive[0] if attributive_place else other[0]


def _at_sentence_start(text: str, offset: int) -> bool:
    return offset == 0 or bool(_SENTENCE_END.search(text[max(0, offset - 8) : offset]))


RELIABLE_SPELLING = 0.9  # share of words known as written from which a text teaches the lexicon


def spelling_quality(text: str, lexicon: Lexicon) -> float | None:
    """Share of a text's words the lexicon knows as written, 0.0 if it shows OCR damage;
    None if it has too few words to tell. Born-digital text scores ~0.95, OCR text saved as
    .txt far less (or 0.0): only text at `RELIABLE_SPELLING` or more may teach the archive."""
    words = [w for w in WORD.findall(text) if len(w) > 2 and w.isalpha()]
    if len(words) < 20:
        return None
    if estimate_damage(text, lexicon) >= _DAMAGED:
        return 0.0
    return sum(lexicon.is_attested(w) for w in words) / len(words)


def _named_in_camel_case(word: str, page: str) -> bool:
    """"CityPark", "KlimaBonus": a name written with an inner capital by design recurs as it is;
    words glued by a lost space do not (on a page that otherwise kept its spaces)."""
    return word[0].isupper() and page.count(word) >= 2


def estimate_damage(text: str, lexicon: Lexicon) -> float:
    """Share of distinct words that are not German as written but are after one OCR-error edit.

    A quick estimate, not the repair's search: a word the lexicon attests is not looked at
    (in a clean text that is nearly all of them), of the others at most `_SAMPLE`, and each
    only for a single edit that leads to an attested word.
    """
    # Runs of glued words ("derStadtKarlsruhe...") are no OCR damage: they are split, not repaired.
    distinct = {w for w in WORD.findall(text) if 2 < len(w) < 20 and not w.isupper()}
    if not distinct:
        return 0.0
    suspects = sorted(w for w in distinct if _JUNK_DAMAGED.search(w) or not lexicon.is_attested(w))
    if len(suspects) > _SAMPLE:  # an even sample, the same for the same text
        step = len(suspects) / _SAMPLE
        sample = [suspects[int(i * step)] for i in range(_SAMPLE)]
        scale = len(suspects) / _SAMPLE
    else:
        sample, scale = suspects, 1.0
    damaged = sum(1 for w in sample if _one_edit_from_a_word(w, lexicon)) * scale
    if damaged < _MIN_DAMAGED:
        return 0.0  # a name or two ("Noé", "Böringer") are no sign of a damaged text
    return damaged / len(distinct)


def _one_edit_from_a_word(word: str, lexicon: Lexicon) -> bool:
    memo = lexicon.repairs.setdefault("damage", {})
    verdict = memo.get(word)
    if verdict is None:
        verdict = ""
        # A word with a junk glyph ("Landesférderung") may be a compound: worth the compound score.
        junk = bool(_JUNK_DAMAGED.search(word))
        for candidate, _ in edits(word, 1):
            if _JUNK_DAMAGED.search(candidate):
                continue
            if lexicon.is_attested(candidate) or (junk and len(candidate) >= 6 and lexicon.knows(candidate)):
                verdict = candidate
                break
        memo[word] = verdict
    return bool(verdict)


def repair_word(word: str, lexicon: Lexicon, channel: _Channel, abbreviation: bool = False, noun: int = 0) -> str:
    """The most plausible word the OCR engine read as `word` (maybe `word` itself).

    `abbreviation`: the word stands before a full stop; `noun`: it is capitalised inside a
    sentence, where German capitalises nouns (2: and no capitalised word follows, so it is no
    adjective of a title either). Verdicts are memoised on the lexicon.
    """
    if len(word) < 2 or word.isdigit():
        return word
    if word.isupper() and len(word) <= 6:
        # Abbreviations (MAGS, ESF) are not ours to fix, except a capital umlaut an English
        # model lost in one the lists know well ("OPNV" is "ÖPNV", "GRUNE" "GRÜNE").
        return _capital_umlaut(word) if channel.damaged else word
    memo = lexicon.repairs.setdefault(channel, {})
    fixed = memo.get((word, abbreviation, noun))
    if fixed is None:
        fixed = memo[(word, abbreviation, noun)] = _repair_word(word, lexicon, channel, abbreviation, noun)
    return fixed


def _capital_umlaut(word: str) -> str:
    if len(word) < 3:
        return word  # "OB", "UN"
    own = zipf_frequency(word)
    for candidate, kinds in edits(word, 1):
        if kinds == ("umlaut",) and candidate.isupper() and zipf_frequency(candidate) >= max(3.5, own + 2.0):
            return candidate
    return word


def _repair_word(word: str, lexicon: Lexicon, channel: _Channel, abbreviation: bool, noun: int = 0) -> str:
    if channel.damaged:
        suspicious = bool(channel.junk.search(word)) or lexicon.impossible_pair(word)
        if suspicious and lexicon.is_attested(word) and not channel.junk.search(_II.sub("ü", word)):
            suspicious = False  # "ii" of a real word: "initiiert", "variieren"
        return _best_candidate(word, lexicon, channel, suspicious, noun)
    # A clean text: only what cannot be German as written is searched.
    attested = lexicon.is_attested(word)
    if attested:
        return word  # nearly every word of a clean text: nothing to search
    if len(word) <= 4 and any(c.isdigit() or c in "äöüÄÖÜ" for c in word):
        return word  # too short to judge: units and codes of tables ("ha1", "e0"), fragments ("öö")
    if _ACRONYM.search(word):
        return word  # "BNatSchG", "LBodSchAG": abbreviations of laws and bodies
    if channel.junk.search(word) or lexicon.impossible_pair(word):
        return _best_candidate(word, lexicon, channel, suspicious=True)
    if abbreviation and len(word) <= _ABBREVIATION:
        return word  # "abzügl.", "Gde.": abbreviations no list holds
    if _ACCENT.search(word) and len(word) >= 6:
        # "Férderung": an accent inside a long word that is German with "ö" in its place.
        # (Short names keep theirs: "Noé" is not "Nö", "Honné" not "Honnö".)
        fixed = _best_candidate(word, lexicon, _DAMAGED_CHANNEL, suspicious=True)
        if fixed != word and lexicon.vouches_for(fixed) and re.search("[äöüÄÖÜ]", fixed):
            return fixed  # (an accent that only goes is French: "Région", "Stéphanie")
    if word[0].isupper() or lexicon.knows(word):
        return word  # an unknown capitalised word is a name ("Böringer", "Noé"), or a compound
    # A small unknown word ("söllen", "filiformis", "schluffige"): only a single slip that
    # leads to a common word is repaired.
    return _common_word_one_slip_away(word, lexicon)


def _common_word_one_slip_away(word: str, lexicon: Lexicon) -> str:
    for candidate, kinds in edits(word, 1):
        if (
            kinds[0] != "umlaut"
            and len(candidate) >= 3
            and not _JUNK.search(candidate)
            and zipf_frequency(candidate) >= _COMMON
            and lexicon.listed(candidate)
        ):
            return candidate
    return word


def _best_candidate(word: str, lexicon: Lexicon, channel: _Channel, suspicious: bool, noun: int = 0) -> str:
    own = 0.0 if suspicious else lexicon.score(word)
    if channel.damaged and _fragment_as_written(word, lexicon, suspicious):
        return word  # "schossige" of "zweige-schossige", "tungen": right as it stands
    # Capitalised inside a sentence but no noun ("die Flachen", "in Hohe von", "den Antragen"):
    # where umlauts are lost throughout, a listed noun with the umlaut is the likelier word.
    # (Names and titles capitalise adjectives too, "Große Anfrage": a frequent one stays.)
    demoted = noun * _NOT_A_NOUN_PENALTY if noun and own > 0 and not lexicon.noun(word) else 0.0
    # A real word needs a clear winner; a guessed compound or junk only a better one.
    margin = channel.margin_known if not suspicious and lexicon.is_attested(word) else channel.margin_guess
    if channel.damaged and margin == channel.margin_known and word not in lexicon.words:
        # Attested only by wordfreq, or only in another case ("Flachen" is the adjective
        # "flachen" capitalised, "Baume" is no listed form): where umlauts are lost throughout,
        # that is weaker evidence than the listed umlaut form.
        margin = channel.margin_unlisted
    best, best_score = word, own + margin
    junk = channel.junk
    for candidate, kinds in edits(word):
        cost = sum(channel.cost(k) for k in kinds)
        if junk.search(candidate):
            continue
        # The archive's own spelling, where it is large enough to say: where umlauts are lost
        # throughout and it writes "Flächen" far more often than "Flachen", the umlaut was lost.
        odds = None
        if channel.damaged and not suspicious and all(k == "umlaut" for k in kinds):
            odds = lexicon.archive_odds(word, candidate)
        if odds is not None and odds >= cost + _ARCHIVE_MARGIN and lexicon.knows(candidate):
            archive_score = own + margin + odds
        else:
            archive_score = 0.0
            if len(candidate) < 6 and lexicon.attested(candidate) - cost + demoted <= best_score:
                continue  # too short to be scored as a compound: its attestation is its score
        score = max(lexicon.score(candidate) - cost, archive_score)
        if channel.damaged and not suspicious and own > 0 and "shape" not in kinds:
            # A compound scores as its weakest part, so two that differ only in the head tie
            # ("Karl|strafe", "Karl|straße"): there the heads decide.
            score = max(score, own + _head_gain(word, candidate, lexicon) - cost)
        noun_part = False  # the umlaut turns an adjective inside a compound into a noun
        if demoted and (score + demoted <= best_score or lexicon.surely_noun(candidate)):
            # (HanTa, the dear test, only where the place can decide; the full weight of the
            # place only for a common noun: HanTa guesses NN for any capitalised word it does
            # not know, "Bündesweit")
            if score + demoted > best_score:
                score += demoted if zipf_frequency(candidate) >= _COMMON - 1 else min(demoted, _NOT_A_NOUN_PENALTY)
        elif (
            channel.damaged
            and score + _NOT_A_NOUN_PENALTY > best_score
            and "umlaut" in kinds
            and not lexicon.adjective_in_compound(candidate)
            and lexicon.adjective_in_compound(fold(candidate))
        ):
            # A compound is built of nouns and stems, not of inflected adjectives: "Bruttojagd|
            # flache", "Flachen|erschließung" lost the umlaut of a noun (as well attested as
            # the word itself: the parts decide).
            score += _NOT_A_NOUN_PENALTY
            noun_part = lexicon.score(candidate) >= lexicon.score(fold(candidate))
        elif (
            channel.damaged
            and word[0].isupper()
            and all(k == "umlaut" for k in kinds)
            and not lexicon.is_attested(word)  # "Verfahren" is a word, not "Ver|fahren"
            and lexicon.knows(candidate)
            and _noun_head(word, candidate, lexicon)
        ):
            # ... and its head is a noun: "Mehr|ertragen" (a verb) is "Mehr|erträgen",
            # "Bahnsteig|lange" (a name) "Bahnsteig|länge", however frequent the verb.
            score = max(score + _NOT_A_NOUN_PENALTY, best_score + 0.01)
            noun_part = True
        if score > best_score and (noun_part or _acceptable(word, candidate, kinds, lexicon, channel, suspicious)):
            best, best_score = candidate, score
    if best == word and channel.damaged and word.islower() and len(word) >= _FRAGMENT and not lexicon.knows(word):
        best = _fragment(word, lexicon, channel)
    if best == word and channel.damaged and _II.search(word) and not lexicon.knows(word):
        # "ii" is "ü" where umlauts are lost throughout, even in a word no list has (a fragment
        # split at a line end, "terstiitzungsbedarf"; a name), unless the word is German as
        # written ("initiiert").
        fixed = _II.sub("ü", word)
        if not channel.junk.search(fixed):
            return fixed
    return best


def _head_gain(word: str, candidate: str, lexicon: Lexicon) -> float:
    """How much better the candidate's head is than the word's where both split into the same
    modifiers and differ only in the head; 0 otherwise."""
    parts, other = lexicon.split_compound(word), lexicon.split_compound(candidate)
    if len(parts) < 2 or len(parts) != len(other) or parts[:-1] != other[:-1] or parts[-1] == other[-1]:
        return 0.0
    return lexicon.head_score(other[-1]) - lexicon.head_score(parts[-1])


def _noun_head(word: str, candidate: str, lexicon: Lexicon) -> bool:
    """Do word and candidate split alike and differ only in the head, which HanTa reads as a
    common noun in the candidate only? False without HanTa."""
    parts, other = lexicon.split_compound(word), lexicon.split_compound(candidate)
    if len(parts) < 2 or len(parts) != len(other) or parts[:-1] != other[:-1] or parts[-1] == other[-1]:
        return False
    written, repaired = (analysis(p[:1].upper() + p[1:]) for p in (parts[-1], other[-1]))
    return bool(written and repaired) and repaired[2] == "NN" and written[2] != "NN"


def _fragment_as_written(word: str, lexicon: Lexicon, suspicious: bool) -> bool:
    """A small word no list has that ends listed words is the tail of a word split at a line
    end, right as written ("tungen", "schossige") - unless an umlaut or ß edit makes a word
    ("weifs") or the tail of more words ("schrankt", "schränkt")."""
    if suspicious or not word.islower() or len(word) < _FRAGMENT - 2 or lexicon.knows(word):
        return False
    tails = lexicon.tail_count(word)
    if not tails:
        return False
    for candidate, kinds in edits(word):
        if "shape" in kinds or "spurious" in kinds:
            continue
        if zipf_frequency(candidate) >= _COMMON - 1 or lexicon.tail_count(candidate) > tails:
            return False
    return True


def _fragment(word: str, lexicon: Lexicon, channel: _Channel) -> str:
    """A small word no list has may be the tail of a word split at a line end whose head went
    elsewhere ("schrankungen" of "Ein-schränkungen", "nungsgemafen" of "ord-nungsgemäßen"):
    where umlauts are lost throughout, the cheapest spelling that ends listed words, if the
    word as written ends none. Umlaut and ß edits only; letter shapes need a whole word."""
    if lexicon.tail_count(word):
        return word
    best, best_key = word, None
    for candidate, kinds in edits(word):
        if "shape" in kinds or "spurious" in kinds or channel.junk.search(candidate):
            continue
        tails = lexicon.tail_count(candidate)
        key = (-sum(channel.cost(k) for k in kinds), tails)
        if tails and (best_key is None or key > best_key):
            best, best_key = candidate, key
    return best


def _acceptable(word: str, candidate: str, kinds: tuple[str, ...], lexicon: Lexicon, channel: _Channel, suspicious: bool) -> bool:
    """Is the evidence for a repair result strong enough for this text?

    In a clean text, a repair must lead to a word that the lexicon vouches for (wordfreq's
    faint entries are OCR damage and abbreviations of the web: "Stiadt" is not "Städt").
    Where umlauts are lost throughout, a plausible word will do for a lost umlaut (the
    text's own pattern) and junk for sure may become a word the lexicon has not seen (a name,
    a rare compound); other edits need the strong evidence.
    """
    if not channel.damaged:
        return lexicon.vouches_for(candidate)
    if suspicious or lexicon.vouches_for(candidate):
        return True
    if all(k == "umlaut" for k in kinds) and lexicon.knows(candidate):
        return True
    # A word no list has and no parts make ("Ticketpreisermafigung") that an umlaut or ß
    # edit turns into a compound of known parts ("Ticket|preis|ermäßigung").
    return (
        "shape" not in kinds
        and not lexicon.knows(word)
        and len(lexicon.split_compound(candidate)) > 1
    )


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
