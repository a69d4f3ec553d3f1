"""Scoring a typed candidate by the sentence around it: how much of the question the sentence
states, how near the question's words stand to the span, whether the span is the value of the
noun the question asks about, and whether the sentence is evidence at all.

    score = √coverage × fit × (0.7 + 0.3 × nearness) × context × rank discount
            × 0.5 per distinctive question noun not mentioned at all × 0.4 for a year the paper never names

`coverage`  the question's words (weighted by rarity, idf; verbs half) the sentence states; words
            found only around it (the passage, the page before it, the title) count half.
`nearness`  question words close to the span, before it more than after it (German puts what a
            figure is before it: "Gesamtkosten: 1.306.000 €", "Eigenanteil von 20 %").
`context`   what the words right around the span say (`span_context`): the head noun of the
            question stands next to the value ("Förderquote … 80 %"), a negation ("nicht", "kein"),
            a letterhead or address block (postcode + town, phone numbers) that is never evidence, a row of
            the Beratungsfolge ("Gemeinderat 21.07.2020 24 x": the date of a meeting, not of the matter).

Nothing here is tuned to particular papers: the factors follow German syntax and the layout of
council papers (letterheads, Beratungsfolge tables). `kb.calibration` turns the score and a few
features of the decision into a probability.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from datetime import date
from functools import lru_cache
from typing import Any

from ingest.dates import MONTHS
from kb.analysis import fold, german_analyzer
from kb.names import join_broken
from kb.questions import PERIOD_HEADS, SUPERLATIVE, QuestionAnalysis, question_years

CONTEXT_WEIGHT = 0.5  # a question word found only around the sentence (passage, title) counts this much
VERB_WEIGHT = 0.5  # lower-case question words (verbs, adjectives) weigh this much of a noun
AFTER_FACTOR = 1.5  # a word after a figure counts as this much farther away than one before it
PROXIMITY_CHARS = 60  # a question word this far from the span counts 1/e
COVERAGE_POWER = 0.5  # coverage enters softened: paraphrased questions share few words with the text
MISSING_MIN_WEIGHT = 2.5  # idf from which a question noun is distinctive (rarer than ~1 in 5 passages)
MISSING_NOUN = 0.5  # factor per question noun the evidence does not mention at all
LETTERHEAD = 0.1  # a span in a letterhead/address block: postcode, phone, "Herrn Oberbürgermeister"
NEGATED = 0.5  # "nicht", "kein" right before the span: the sentence says what the value is not
HEAD_NEAR = 1.25  # the question's head noun ("Förderquote") right before the value
VERB_NEAR = 1.3  # the question's verb right around a date or Gremium ("am 19.12.2016 beauftragt")
TOTAL_LABELLED = 1.2  # "insgesamt" asked, the value labelled a total ("Gesamtkosten … 4.310.000 €")
PART_ASKED = 1.15  # … and the question names what the part is for ("Kosten für die Trinkwasserbrunnen")
PART_UNASKED = 0.85  # "…, davon 60.000 EUR für …": a part of the figure before, its own noun not asked
TOTAL_UNASKED = 0.85  # not asked for a total, the figure is labelled one ("Gesamtkosten 2018 92.500 Euro") among others
DIFFERENCE_LABELLED = 1.3  # "um wie viel … über" asked, the value labelled a difference ("Mehrbetrag 247.248,04 €")
HEAD_ABSENT = 0.75  # the evidence (sentence, or a table's label rows before it) never names the asked noun
RIVAL_COMPOUND = 0.7  # the value belongs to another compound of the asked noun's head ("Ausführungszeitraum")
_SKIP_VERBS = {"wurde", "wurden", "werden", "worden", "haben", "hatte", "hatten", "sollen", "sollte", "konnte", "konnen",
               "welche", "welcher", "welches", "welchen", "welchem", "insgesamt", "eigentlich", "jahrlich", "zwischen"}

_ANALYZER = german_analyzer()

_POSTCODE_TOWN = re.compile(r"\b\d{5}\s+[A-ZÄÖÜ][\w-]+")
_PHONE = re.compile(r"\b(?:Tel(?:efon)?|Fax|Telefax)\b\.?\s*:?\s*[\d /()+-]{5,}", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.-]+@[\w-]+\.[\w.]+\b")
# A page's running head: "Hauptamt – Ratsangelegenheiten – 3. Juni 2025" (office – section – date), no sentence
_RUNNING_HEAD = re.compile(r"\s*(?:[A-ZÄÖÜ][^–\-.,;:]{1,40}?\s+[–-]\s+){1,3}\d{1,2}\.\s*(?:[A-ZÄÖÜ][a-zä]+|\d{1,2}\.)\s*\d{4}\s*")
_DURATION_NOUN = re.compile(rf"\w*(?:{PERIOD_HEADS})s?\b", re.IGNORECASE)
# "nicht mehr als 80 %", "nicht später als", "nicht unter 18" set a bound: they say what the value is, not what it is not.
_NEGATION = re.compile(r"\b(?:nicht|kein\w*|ohne|weder|nie)\b(?!\W+(?:mehr|weniger|länger|kürzer|höher|niedriger|später|"
                       r"früher|größer|kleiner)\s+als\b|\W+(?:über|unter)\b)\W*(?:\w+\W+){0,2}$", re.IGNORECASE)


@lru_cache(maxsize=8192)
def analysed(text: str) -> frozenset[str]:
    return frozenset(t.text for t in _ANALYZER(text))


@lru_cache(maxsize=8192)
def _positions(text: str) -> tuple[tuple[int, int, str], ...]:
    return tuple((t.startchar, t.endchar, t.text) for t in _ANALYZER(text, chars=True))


def proximity(analysis: QuestionAnalysis, weights: list[float], sentence: str, pos: int, length: int) -> float:
    """How close the question's words stand to the span (1: right beside it; pos -1 = the whole sentence).

    Words inside the span do not count: "Integrationszentrum" does not answer "Integrationskurse".
    """
    if pos < 0 or not analysis.words:
        return 1.0
    tokens = [(at, end, token) for at, end, token in _positions(sentence) if not pos <= at < pos + length]
    got = 0.0
    for terms, weight in zip(analysis.words, weights):
        best = 0.0
        for at, end, token in tokens:
            match = word_match(terms, frozenset((token,)))
            if match:
                distance = pos - at if at < pos else AFTER_FACTOR * max(0, at - pos - length)
                best = max(best, match * math.exp(-distance / PROXIMITY_CHARS))
        got += weight * best
    return got / sum(weights) if sum(weights) else 1.0


@lru_cache(maxsize=65536)
def _matches(term: str, terms: frozenset[str]) -> float:
    if term in terms:
        return 1.0
    ordered = _sorted_terms(terms)
    if len(term) >= 4 and (_starts_with(ordered, term)
                           or any(term[:k] in terms for k in range(max(4, math.ceil(0.75 * len(term))), len(term)))):
        return 0.8  # "förder" (a compound part) and "forder" (Förderung) stem differently; "sieg" is no "siegburg"
    if len(term) >= 6 and _family(ordered, term):
        return 0.7  # one word family: "koordiniert" / "koordinator", "beschlossen" / "beschluss"
    return 0.0


# The term sets are searched by prefix in sorted order (bisect) rather than term by term: the extractor
# matches every question term against the terms of ~40 passages per question.
@lru_cache(maxsize=4096)
def _sorted_terms(terms: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(terms))


def _starts_with(ordered: tuple[str, ...], prefix: str) -> bool:
    """Does a term (of ≥ 4 letters) start with `prefix`?"""
    i = bisect_left(ordered, prefix)
    return i < len(ordered) and ordered[i].startswith(prefix)


def _family(ordered: tuple[str, ...], term: str) -> bool:
    """A term sharing a prefix with `term` of ≥ 6 letters and ≥ 0.6 of the shorter one."""
    for k in range(len(term), 5, -1):
        prefix = term[:k]
        i = bisect_left(ordered, prefix)
        while i < len(ordered) and ordered[i].startswith(prefix):
            if k >= 0.6 * min(len(term), len(ordered[i])):
                return True
            i += 1
    return False


@lru_cache(maxsize=65536)
def word_match(terms: tuple[str, ...], found: frozenset[str]) -> float:
    """1 if the word is found whole; else the share of its compound parts found (a little less)."""
    whole = _matches(terms[0], found)
    if whole or len(terms) == 1:
        return whole
    parts = terms[1:]
    return 0.8 * sum(_matches(p, found) for p in parts) / len(parts)


def coverage(analysis: QuestionAnalysis, weights: list[float], own: frozenset[str], context: frozenset[str],
             given: tuple[int, ...] = ()) -> float:
    """The weighted share of the question's words that `own` states (`context` counts CONTEXT_WEIGHT)."""
    if not analysis.words:
        return 0.0
    total = sum(weights)
    got = 0.0
    for i, (terms, weight) in enumerate(zip(analysis.words, weights)):
        if i in given:
            got += weight
            continue
        match = max(word_match(terms, own), CONTEXT_WEIGHT * word_match(terms, context), _parts_match(terms, own, context))
        verb = verb_stem(terms[0]) if match < 1.0 and i < len(analysis.nouns) and not analysis.nouns[i] else None
        for stem in _noun_stems(verb) if verb else ():
            match = max(match, VERB_FORM * max(_matches(stem, own), CONTEXT_WEIGHT * _matches(stem, context)))
        got += weight * match
    return got / total if total else 0.0


VERB_FORM = 0.9  # the question's verb stated by its other forms or its noun ("gegründet" / "Gründung", "leitete" / "Leiter")
_PARTICIPLE = re.compile(r"(?P<pre>ab|an|auf|aus|bei|durch|ein|fest|fort|her|hin|los|mit|nach|statt|teil|uber|um|unter|"
                         r"vor|weg|wieder|zu|zuruck|zusammen)?ge(?P<stem>[a-z]{3,}?)(?:et|t|en)")


@lru_cache(maxsize=4096)
def verb_stem(term: str) -> str | None:
    """The stem of a verb form the stemmer keeps whole: participles ("gegrundet" → "grund": Gründung, "abgestimmt" →
    "abstimm": Abstimmung) and finite forms ("leitete" → "leit": Leiter). None for other words."""
    m = _PARTICIPLE.fullmatch(term)
    if m:
        stem = (m.group("pre") or "") + m.group("stem")
        return stem if len(stem) >= 4 else None
    # A finite form: "leitete" → "leit" (Leiter, Leitung), "liefert" → "liefer" (Lieferung). Not the verb that asks
    # for the kind of value ("Was kostet …?", "Wie lange dauert …?"): "Gesamtkosten" does not state "kostet".
    m = re.fullmatch(r"(?P<stem>[a-z]{4,}?)(?:ete|eten|te|ten|et|t)", term)
    return m.group("stem") if m and m.group("stem") not in _VALUE_VERBS else None


_VALUE_VERBS = {"kost", "betrag", "dauer"}


def _noun_stems(verb: str) -> tuple[str, ...]:
    """The stems a verb's noun may show: its own, and for a "be-" verb the noun it is made from ("beantragt" →
    "antrag": Antrag, "beauftragt" → Auftrag, "beantwortet" → Antwort); six letters at least ("bestellt" is no
    "Stellungnahme")."""
    return (verb, verb[2:]) if verb.startswith("be") and len(verb) >= 8 else (verb,)


def _parts_match(terms: tuple[str, ...], own: frozenset[str], context: frozenset[str]) -> float:
    """A compound stated in parts: "Förderzeitraum" = "Zeitraum" in the sentence + "Förderung" around it."""
    if len(terms) < 3:
        return 0.0
    parts = terms[1:]
    return 0.8 * sum(max(_matches(p, own), CONTEXT_WEIGHT * _matches(p, context)) for p in parts) / len(parts)


def missing_nouns(analysis: QuestionAnalysis, weights: list[float], own: frozenset[str], context: frozenset[str]) -> int:
    """Distinctive nouns of the question found neither in the sentence nor around it ("Siegburg" in a
    paper on Königswinter); common ones ("Land", "Kreis") may be implied."""
    found = own | context
    return sum(1 for terms, noun, weight in zip(analysis.words, analysis.nouns, weights)
               if noun and weight >= MISSING_MIN_WEIGHT and not mentioned(terms, found))


def mentioned(terms: tuple[str, ...], found: frozenset[str]) -> bool:
    """The word itself, or all its compound parts ("Siegburg" is not mentioned by "Rhein-Sieg-Kreis")."""
    return bool(_matches(terms[0], found)) or (len(terms) > 1 and all(_matches(t, found) for t in terms[1:]))


def year_ok(analysis: QuestionAnalysis, text: str, meta: dict[str, Any]) -> float:
    """A question about 2021 is not answered by a paper that never mentions 2021."""
    if not analysis.year:
        return 1.0
    # any year the question names: "Fehlbeträge, mit denen die Kämmerei 2009 für 2011 bis 2013 rechnete"
    years = question_years(analysis.question)
    return 1.0 if any(y in text or str(meta.get("year")) == y or y in str(meta.get("title")) for y in years) else 0.4


def letterhead(sentence: str, pos: int, length: int) -> bool:
    """Is the span part of a letterhead or address block ("Hebelstraße 21, 76133 Karlsruhe", "Tel. 133-…")?"""
    if pos < 0:
        return bool(_PHONE.search(sentence)) or len(_POSTCODE_TOWN.findall(sentence)) >= 2
    for pattern in (_POSTCODE_TOWN, _PHONE, _EMAIL):
        for m in pattern.finditer(sentence):
            if m.start() <= pos < m.end() or pos <= m.start() < pos + length:
                return True
    return False


def span_context(analysis: QuestionAnalysis, sentence: str, pos: int, length: int, kind: str,
                 preceding: str = "") -> float:
    """The words right around the span: letterhead, negation, the question's head noun before the value,
    the question's verb next to a date or Gremium. `preceding`: the passage text before the sentence
    (a flattened table's header row stands there). The product of `span_factors`."""
    return math.prod(span_factors(analysis, sentence, pos, length, kind, preceding).values())


SPAN_FACTORS = ("letterhead", "negated", "head_fit", "rival_compound", "head_absent", "site_label", "attribute",
                "change_target", "total_in_row", "total_or_difference", "verb_near", "extreme", "agenda_row", "ordinal",
                "clause")
EXTREME_NAMED, EXTREME_ABSENT = 1.2, 0.85  # a superlative question: the sentence names an extreme, or none


def span_factors(analysis: QuestionAnalysis, sentence: str, pos: int, length: int, kind: str,
                 preceding: str = "", value: Any = None) -> dict[str, float]:
    """`span_context` factor by factor (each 1.0 where it does not apply), named as in SPAN_FACTORS: the learned
    ranker (`kb.ranker`) weighs their logarithms instead of multiplying them with weight 1. `value`: the candidate's
    value, where the factor reads it (a date's day of the week)."""
    factors = dict.fromkeys(SPAN_FACTORS, 1.0)
    if analysis.extreme:  # "die meisten Fahrgäste?" — "Den höchsten Wert erreichte er im Mai 2023", not "620 Fahrgäste im Juni"
        factors["extreme"] = EXTREME_NAMED if SUPERLATIVE.search(fold(sentence)) else EXTREME_ABSENT
    if (letterhead(sentence, pos, length) and kind in ("count", "amount", "place", "organisation", "area", "date")) or \
            (kind in ("organisation", "person", "place", "count", "amount") and _RUNNING_HEAD.fullmatch(sentence)):
        factors["letterhead"] = LETTERHEAD
        return factors
    if pos < 0:
        return factors
    before = sentence[max(0, pos - 40) : pos]
    if _NEGATION.search(before) and kind in ("amount", "percentage", "count", "area", "date", "start", "end"):
        factors["negated"] = NEGATED
    if analysis.value_nouns and kind in ("amount", "percentage", "count", "area", "period"):
        factors["head_fit"] = _head_fit(analysis.value_nouns, preceding[-300:] + " " + sentence,
                                        pos + len(preceding[-300:]) + 1)
        if kind == "count" and _counted_after(analysis.value_nouns[0], sentence[pos : pos + length + 40]):
            factors["head_fit"] = HEAD_NEAR  # "sechs Karlsruher Schulen": the noun counted stands right after the count
    elif analysis.value_nouns and kind in ("date", "start", "end"):
        factors["head_fit"] = _head_fit(analysis.value_nouns, sentence, pos, table=False)
    if analysis.value_nouns and kind in ("amount", "percentage", "count", "area", "period", "date", "start", "end") and \
            rival_compound(analysis.value_nouns[0], sentence[max(0, pos - 60) : pos]):
        factors["rival_compound"] = RIVAL_COMPOUND
    if analysis.value_nouns and kind in ("amount", "percentage", "count", "area", "period", "date", "start", "end") and \
            not names_value_noun(analysis.value_nouns, (preceding[-300:] + " " if kind not in ("date", "start", "end") else "")
                                 + sentence):
        factors["head_absent"] = HEAD_ABSENT
    asked_day = WEEKDAYS.get(analysis.value_nouns[0]) if analysis.value_nouns and kind in ("date", "start", "end") else None
    if asked_day is not None:
        # "An welchem Sonntag …?": the calendar says whether "am 4. Juni 2023" is one, whatever the sentence calls it
        day = _weekday(value)
        if day is not None:
            factors["head_absent"] = 1.0 if day == asked_day else OTHER_WEEKDAY
            factors["head_fit"] = max(factors["head_fit"], HEAD_NEAR) if day == asked_day else factors["head_fit"]
    if kind == "period" and _DURATION_NOUN.search(sentence[max(0, pos - 60) : pos]):
        # "Der maximale Mietzeitraum beträgt acht Wochen", "Projektzeitraum 01.12.2021 - 31.08.2022": a noun of
        # duration names what the span is the duration of, whatever the question calls the thing that lasts.
        factors["head_absent"], factors["head_fit"] = 1.0, max(factors["head_fit"], HEAD_NEAR)
    if kind == "place" and _MEETING_Q.search(fold(analysis.question)) and _SITE_LABEL.match(sentence):
        factors["site_label"] = SITE_LABELLED  # "Wo tagte der Ausschuss …?": the minutes' "Sitzungsort: Kreishaus Siegburg"
    if kind == "count":
        factors["attribute"] = _attribute_fit(analysis, sentence, pos, length)
    if kind in ("amount", "percentage", "count"):
        factors["change_target"] = _target_of_change(analysis, sentence, pos, length)
    if kind in ("amount", "count", "area"):
        factors["total_in_row"] = _total_in_a_row(analysis, sentence, pos)
        factors["total_or_difference"] = _total_or_difference(analysis, preceding[-300:] + " " + sentence,
                                                              pos + len(preceding[-300:]) + 1)
    if kind in ("amount", "percentage", "count", "area", "date", "start", "end", "period"):
        factors["ordinal"] = ordinal_fit(analysis.question, (preceding[-300:] + " " + sentence[:pos])[-ORDINAL_REACH:])
        if kind in ("date", "start") and _FIRST_TIME.search(fold(analysis.question)) and _AGAIN.search(fold(sentence)):
            factors["ordinal"] = ORDINAL_OTHER  # "Wann wurden die ersten … aufgestellt?" — "1993 erneut ein Versuch"
    if kind in ("amount", "percentage", "count", "area"):
        factors["clause"] = clause_fit(analysis, sentence, pos)
    if kind in ("date", "start", "end") and agenda_row(sentence) and not _meeting_asked(analysis, sentence):
        factors["agenda_row"] = AGENDA_ROW
    if kind in ("date", "start", "end", "entity", "count"):
        # German main clauses put the finite verb before the date ("Die Frist endet am 14.08.2015"; a date's
        # pos is its middle),
        # participles after it ("am 19.12.2016 beauftragt"); a Gremium stands after its verbal noun.
        # A count stands after the verb that says what was counted ("Die Verwaltung erwartet … 3.500 Fahrgäste").
        at = max(0, pos - length // 2) if kind in ("date", "start", "end") else pos  # a date's pos is its middle
        factors["verb_near"] = verb_near(analysis, sentence, at, length,
                                         before=30 if kind in ("entity", "count") else 20 if kind == "date" else 0)
    return factors


ORDINAL_OWN, ORDINAL_OTHER = 1.2, 0.6  # the figure stands under the asked "2. Wahlgang" / under another one
ORDINAL_REACH = 120  # characters before a figure where its label stands ("2. Wahlgang: Jens Jägle 24 Stimmen")
_ORDINALS = {"erst": 1, "zweit": 2, "dritt": 3, "viert": 4, "funft": 5, "fünft": 5, "sechst": 6, "siebt": 7, "siebent": 7, "acht": 8,
             "neunt": 9, "zehnt": 10}
_ORDINAL_WORD = "|".join(sorted(_ORDINALS, key=len, reverse=True))
_ASKED_ORDINAL = re.compile(rf"\b(?:(?P<digits>\d{{1,2}})\.|(?P<word>{_ORDINAL_WORD})(?:e|en|er|es|em))\s+(?P<noun>[A-ZÄÖÜ][a-zäöüß]{{3,}})")


WEEKDAYS = {"montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5, "sonnabend": 5,
            "sonntag": 6}
OTHER_WEEKDAY = 0.4  # asked for a Sunday, the date is another day of the week


def _weekday(value: Any) -> int | None:
    """The day of the week of a day's ISO date ("2023-06-04" → 6), None for a month, a year or no date."""
    try:
        return date.fromisoformat(str(value)).weekday() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)) else None
    except ValueError:
        return None


def ordinal_fit(question: str, before: str) -> float:
    """ "Wie viele Stimmen bekam X im zweiten Wahlgang?" — "1. Wahlgang: X 22 Stimmen … 2. Wahlgang: X 24 Stimmen":
    of the figures, the one after the asked "2. Wahlgang" (× ORDINAL_OWN), not one after another ordinal of the
    same noun (× ORDINAL_OTHER): Wahlgang, Bauabschnitt, Quartal, Lesung, Stufe. `before`: the text before the
    figure. Neutral where the question names no ordinal or the text none of its noun."""
    asked = _asked_ordinal(question)
    if not asked:
        return 1.0
    number, label = asked
    found = list(label.finditer(fold(before)))
    if not found:
        return 1.0
    last = found[-1]
    stated = int(last.group("digits")) if last.group("digits") else _ORDINALS[last.group("word")]
    return ORDINAL_OWN if stated == number else ORDINAL_OTHER


# The first time something happened is asked ("die ersten", "erstmals"); a sentence that tells it happened again
# ("erneut", "wieder") dates a later time.
_FIRST_TIME = re.compile(r"\b(?:die|der|das|den)\s+ersten?\b(?!\s+(?:halbjahr|quartal|lesung|wahlgang|bauabschnitt|stufe))|"
                         r"\berstmal\w*|\bzum\s+ersten\s+mal\b")
_AGAIN = re.compile(r"\b(?:erneut\w*|wieder|nochmal\w*|abermals)\b")


@lru_cache(maxsize=1024)  # asked per figure of every candidate sentence, the same question each time
def _asked_ordinal(question: str) -> tuple[int, re.Pattern[str]] | None:
    """The ordinal the question asks with ("im zweiten Wahlgang" → 2) and the pattern of any ordinal of its noun
    in folded text ("1. wahlgang", "zweiten wahlgang"); None where it names none (a day of a month is none)."""
    asked = next((m for m in _ASKED_ORDINAL.finditer(question) if fold(m.group("noun")) not in MONTHS), None)
    if not asked:
        return None
    number = int(asked.group("digits")) if asked.group("digits") else _ORDINALS[fold(asked.group("word"))]
    stem = re.escape(fold(asked.group("noun"))[:max(4, len(asked.group("noun")) - 2)])
    return number, re.compile(rf"\b(?:(?P<digits>\d{{1,2}})\.\s*|(?P<word>{_ORDINAL_WORD})(?:e|en|er|es|em)\s+){stem}")


CLAUSE_OTHER = 0.7  # a figure in a clause that states less of the question than another clause of its sentence
# Clauses a sentence sets side by side: "Grötzingen erhielt 2.294 Euro, während Wolfartsweier 17.000 Euro erhielt".
_CLAUSE = re.compile(r",\s+(?=(?:während|wobei|wohingegen|hingegen|aber|jedoch|sowie|und)\b)|;\s+")


def clause_fit(analysis: QuestionAnalysis, sentence: str, pos: int) -> float:
    """A figure belongs to its clause: where the sentence sets clauses side by side, the one that states more of
    the question's words ("die Ortsverwaltung Wolfartsweier … 17.000 Euro") holds the figure asked for."""
    cuts = [m.start() for m in _CLAUSE.finditer(sentence)]
    if not cuts:
        return 1.0
    bounds = [0, *cuts, len(sentence)]
    terms = set(analysis.key_terms)
    shares = [len(terms & analysed(sentence[a:b])) for a, b in zip(bounds, bounds[1:])]
    own = next(i for i, (a, b) in enumerate(zip(bounds, bounds[1:])) if a <= pos < b or b == len(sentence))
    return 1.0 if shares[own] >= max(shares) else CLAUSE_OTHER


AGENDA_ROW = 0.6  # a date in a row of the Beratungsfolge ("Gemeinderat 21.07.2020 24 x"): a meeting's, not the matter's
_AGENDA_ROW = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{4}\s+(?:TOP\s*)?\d{1,4}(?:\s+\d{1,4})?\s*(?:x|X|ö|Ö|nö|NÖ|N|"
                         r"(?:nicht\s*)?öffentlich)?(?:\s+[A-ZÄÖÜ][\wäöüß]+){0,2}\s*$")
_MEETING_VERB = re.compile(r"\b(?:\w*berat\w*|beschl\w*|behandel\w*|befass\w*|tagt\w*|getagt|tagung\w*|sitzung\w*|vorgelegt|"
                           r"entschied\w*|entscheid\w*|abgestimmt|zugestimmt|genehmigt|kenntnis\w*)\b")


def agenda_row(sentence: str) -> bool:
    """A row of a paper's Beratungsfolge table (Gremium, meeting date, agenda item, public mark, purpose:
    "Gemeinderat 30.09.2025 37 Ö Kenntnisnahme", "22.11.2011 903 9 öffentlich") or its header line."""
    text = " ".join(sentence.split())
    return len(text) <= 120 and (bool(_AGENDA_ROW.search(text)) or "Beratungsfolge" in text)


def _meeting_asked(analysis: QuestionAnalysis, sentence: str) -> bool:
    """The question asks when a Gremium the row names met on the matter ("Wann hat der Hauptausschuss … beraten?"):
    then the row's date is the answer. A question that only names the Gremium ("im Auftrag des Gemeinderats") is not."""
    question = fold(analysis.question)
    if not _MEETING_VERB.search(question):
        return False
    bodies = [fold(w) for w in re.findall(r"[A-ZÄÖÜ][\wäöüß-]*(?:ausschuss|rat|beirat|kommission|versammlung|kreistag|konferenz)\b",
                                          sentence)]
    return not bodies or any(b[:8] in question for b in bodies)


SITE_LABELLED = 1.3  # a meeting's place asked, the span stands in the minutes' "Sitzungsort:" line
_MEETING_Q = re.compile(r"\bwo\b.*\b(?:tagt\w*|getagt|fand\w*|findet|stattgefunden|traf\w*|trifft|getroffen|versammelt\w*|"
                        r"sitzung\w*)\b")
_SITE_LABEL = re.compile(r"\s*(?:Sitzungsort|Tagungsort|Ort\s+der\s+Sitzung|Sitzungsraum|Ort)\s*:", re.IGNORECASE)
ATTRIBUTE_OWN = 1.2  # the counted noun carries the question's attribute ("2,5 zusätzliche Stellen")
ATTRIBUTE_ABSENT = 0.9  # the sentence never states the attribute the question asks the count with
_ATTRIBUTE_Q = re.compile(r"\b(?i:wie\s*viele[n]?)\s+(?P<attrs>(?:[a-zäöüß]+\s+){1,2})[A-ZÄÖÜ]")
_NO_ATTRIBUTE = {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "noch", "davon", "insgesamt", "etwa",
                 "ungefahr", "derzeit", "aktuell", "jeweils", "bisher", "schon", "bereits", "uberhaupt"}


def _attribute_fit(analysis: QuestionAnalysis, sentence: str, pos: int, length: int) -> float:
    """ "Wie viele zusätzliche Stellen …": of the sentence's counts, the one whose noun carries the question's
    attribute ("2,5 zusätzliche Stellen", "2,0 Stellen zusätzlich") is the one asked, not "zwei Stellen der
    Sozialplanung", whose sentence never says "zusätzlich" (× ATTRIBUTE_ABSENT). No attribute asked: neutral."""
    m = _ATTRIBUTE_Q.search(analysis.question)
    if not m:
        return 1.0
    stems = [re.sub(r"(?:e|en|er|es|em|n)$", "", fold(w))[:6] for w in m.group("attrs").split()
             if fold(w) not in _NO_ATTRIBUTE and len(w) >= 3]
    stems = [st for st in stems if len(st) >= 3]
    if not stems:
        return 1.0
    span = fold(sentence[pos : pos + length + 30])
    if any(re.search(rf"\b{re.escape(st)}", span) for st in stems):
        return ATTRIBUTE_OWN
    return 1.0 if any(re.search(rf"\b{re.escape(st)}", fold(sentence)) for st in stems) else ATTRIBUTE_ABSENT


_TOTAL_Q = re.compile(r"\b(?:insgesamt|gesamt\w*|zusammen)\b", re.IGNORECASE)
_DIFFERENCE_Q = re.compile(r"\bum\s+wie\s*viel\b(?!\s+prozent).*\b(?:uber|unter|mehr|weniger|hoher|teurer|niedriger|"
                           r"gunstiger|billiger|gestiegen|gesunken|erhoht|steig\w*|sink\w*)\b")
_DIFFERENCE_LABEL = re.compile(r"(?:mehr|minder|differenz|unterschied|uberschreit|erhoh|steigerung|abweichung)\w*", re.IGNORECASE)


def _total_or_difference(analysis: QuestionAnalysis, text: str, pos: int) -> float:
    """ "Was kostet … insgesamt?" asks for the figure labelled a total ("Gesamtkosten", "insgesamt"), not a
    part of it; "Um wie viel liegt das Angebot über der Kostenberechnung?" for the figure labelled a
    difference ("Mehrbetrag", "Mehrkosten", "Minderkosten"), not either of the figures compared."""
    question = fold(analysis.question)
    before = fold(text[max(0, pos - 60) : pos])
    if _DIFFERENCE_Q.search(question):
        return DIFFERENCE_LABELLED if _DIFFERENCE_LABEL.search(before[-40:]) else 0.7
    if _TOTAL_Q.search(question) and analysis.answer_type in ("amount", "count", "area"):
        labelled = "gesamt" in before or _head_fit(("gesamt",), text, pos) > 1.0
        return TOTAL_LABELLED if labelled else 0.9
    # "Kosten von 95.000 EUR, davon 60.000 EUR für die Trinkwasserbrunnen": the figure after "davon" is a part of
    # the one before, asked only where the question names what follows it.
    if re.search(r"\bdavon\s+(?:[a-z]+\s+){0,2}$", before[-25:]):
        after = fold(text[pos : pos + 60])
        return PART_ASKED if any(t in after for t in analysis.key_terms if len(t) >= 4) else PART_UNASKED
    return 1.0


def _total_in_a_row(analysis: QuestionAnalysis, sentence: str, pos: int) -> float:
    """Not asked for a total: in a row of figures ("5 Wissenschaftliche Begleitforschung durch das KIT 10.000 Euro
    … Gesamtkosten 2018 92.500 Euro", one flattened table row), the figure labelled a total is the sum, not the
    part the question names. A total after parts stated in sentences before it ("So ergibt sich ein Gesamtaufwand
    von 600.000 Euro für das gesamte Verfahren") is the cost of the whole, and stays."""
    if _TOTAL_Q.search(fold(analysis.question)) or _DIFFERENCE_Q.search(fold(analysis.question)):
        return 1.0
    pattern = _KIND_FIGURE.get(analysis.answer_type)
    if pattern is not None and re.search(r"\b(?:gesamt\w*|summe\w*)\W+(?:\w+\W+)?$", fold(sentence[max(0, pos - 30) : pos])) \
            and pattern.search(sentence[: max(0, pos - 30)]):
        return TOTAL_UNASKED
    return 1.0


CHANGE_TARGET, CHANGE_SOURCE = 1.2, 0.8  # "Auf welchen Betrag wurde … angehoben?": "von 25.000 € auf 40.000 €"
_CHANGE_Q = re.compile(r"\bauf\s+(?:welche\w*|wie\s*viel\w*|wieviel\w*)\b.*\b(?:anheb\w*|angehob\w*|\w*erhoh\w*|\w*senk\w*|"
                       r"gesenkt|\w*steig\w*|gestiegen|\w*sink\w*|gesunken|reduz\w*|verringer\w*|aufgestockt|festgesetzt|"
                       r"festgelegt|angepasst|gekurzt|kurz\w*|anpass\w*|wachs\w*|gewachsen)\b")


_BY_Q = re.compile(_CHANGE_Q.pattern.replace(r"\bauf\s+", r"\bum\s+", 1))


def _target_of_change(analysis: QuestionAnalysis, sentence: str, pos: int, length: int) -> float:
    """ "Auf welchen Betrag / auf wie viel Prozent wurde … angehoben / gesenkt?" asks for the new value, the
    figure after "auf" ("von 25.000 € auf 40.000 € erhöht"), not the old one after "von". "Um wie viele Stellen
    wächst …?" asks for the change, the figure after "um" ("ein Zuwachs um 23,5 Stellen"), not the new level."""
    question = fold(analysis.question)
    before = sentence[max(0, pos - 20) : pos]
    if _BY_Q.search(question):
        if re.search(r"\bum\s+(?:[a-zäöüß]+\s+){0,2}$", before):
            return CHANGE_TARGET
        return CHANGE_SOURCE if re.search(r"\b(?:auf|von)\s+(?:[a-zäöüß]+\s+){0,2}$", before) else 1.0
    if not _CHANGE_Q.search(question):
        # No change asked ("Wie hoch war 2020 die Fehlzeitenquote?"): of "um ca. 1 Prozent auf 5,81 Prozent gesenkt",
        # "von 6,82 auf 5,81 Prozent", the level reached is the value; the change and the old level are not.
        if not _DIFFERENCE_Q.search(question) and not re.search(r"\bvon\s+(?:welche|wie)", question) \
                and re.search(r"\b(?:um|von)\s+(?:(?:ca\.|rund|etwa|knapp|uber|über|mehr\s+als|fast)\s+)?$", before) \
                and re.match(r"[^.;:]{0,40}?\bauf\s+(?:(?:ca\.|rund|etwa|knapp|über|nur\s+noch|nunmehr)\s+)?\d",
                             sentence[pos + length : pos + length + 60]):
            return CHANGE_SOURCE
        return 1.0
    if re.search(r"\bauf\s+(?:[a-zäöüß]+\s+){0,2}$", before):
        return CHANGE_TARGET
    if re.search(r"\bvon\s+(?:[a-zäöüß]+\s+){0,2}$", before) and re.search(r"\bauf\b", sentence[pos + length : pos + length + 40]):
        return CHANGE_SOURCE
    return 1.0


def _counted_after(noun: str, text: str) -> bool:
    """Does the count's own noun (the first capitalised words after the number) name the asked noun?"""
    m = re.match(r"\S+(?:\s+[a-zäöüß][\wäöüß]*){0,2}((?:\s+[A-ZÄÖÜ][\wäöüß-]*){1,2})", text)
    return bool(m) and noun in fold(m.group(1))


def names_value_noun(nouns: tuple[str, ...], text: str) -> bool:
    """Does the text name the noun the value belongs to, or its head ("Zeitraum" for "Förderzeitraum")?"""
    folded = fold(join_broken(text, lines_only=False))  # "Verbandsver- sammlung" names the "Verbandsversammlung"
    heads = [t.text for t in _ANALYZER(nouns[0])][1:][-1:]
    return any(n in folded for n in (*nouns, *(h for h in heads if len(h) >= 4)))


def rival_compound(noun: str, before: str) -> bool:
    """The value belongs to another compound of the asked noun's head: "Ausführungszeitraum: 07.09.2015
    bis 29.01.2016" does not state the "Förderzeitraum", "Projektkosten" are not the "Gesamtkosten".
    The bare head ("für den Zeitraum vom …") or the noun itself nearer to the value is no rival."""
    parts = [t.text for t in _ANALYZER(noun)]
    head = parts[-1] if len(parts) > 1 else ""
    if len(head) < 4 or head == noun:
        return False
    for word in reversed(re.findall(r"[A-ZÄÖÜ][\wäöüß-]+", before)):
        folded = fold(word)
        if folded.startswith(noun[:6]):
            return False  # the asked noun is the nearer one
        at = folded.find(head)
        if at > 0 and not _VERB_PREFIX.fullmatch(folded[:at]):
            return True
    return False


# A word that is the head with a verb prefix before it ("Zustimmung", "Abstimmung", "Bestimmung" for "Ja-Stimmen")
# is derived from a verb, not another compound of the asked noun.
_VERB_PREFIX = re.compile(r"(?:zu|ab|an|auf|aus|be|ein|ent|er|ge|mit|nach|uber|uberein|um|ver|vor|zer|zuruck)+")


_FIGURE = re.compile(r"\d[\d.,]*\s*(?:€|Euro|EUR|%|Prozent|m²|ha\b)|\b\d{1,2}\.\d{1,2}\.\d{2,4}\b")
_KIND_FIGURE = {
    "amount": re.compile(r"\d[\d.,]*\s*(?:€|Euro\b|EUR\b|Mio\.?\s*(?:€|Euro))"),
    "percentage": re.compile(r"\d[\d.,]*\s*(?:%|Prozent\b)"),
    "area": re.compile(r"\d[\d.,]*\s*(?:m²|m2\b|qm\b|ha\b|Hektar|Quadratmeter)"),
    "count": re.compile(r"(?<![\d.,])\d[\d.,]*(?=\s+[A-ZÄÖÜ])"),
}
LABEL_FLOOR = 0.75  # a figure whose own label (the words since the figure before it) states none of the question
YEAR_OWN, YEAR_OTHER = 1.15, 0.8
LABEL_CHARS = 60  # a label longer than this is prose, not a row label
FIRST_LABEL_CHARS = 60
_YEAR_TOKEN = re.compile(r"\b(?:19|20)\d{2}(?:/(?:19|20)?\d{2})?\b")  # the figure's label names the question's year / another year


def label_fit(analysis: QuestionAnalysis, weights: list[float], sentence: str, pos: int, kind: str) -> float:
    """In a sentence with several figures of the asked kind (an enumeration, a flattened table row: "4 Optimierung
    des Webauftritts 2.500 Euro 5 Wissenschaftliche Begleitforschung durch das KIT 10.000 Euro"), a figure's own
    label is the text since the figure before it: the figure whose label states the question is the one asked.
    A year in that label binds the figure to it ("2016: 12,4 %, 2019: 20,5 %")."""
    pattern = _KIND_FIGURE.get(kind)
    if pattern is None or pos < 0:
        return 1.0
    # the day of a date ("13. August 2011") is no count
    figures = [m for m in pattern.finditer(sentence) if not (kind == "count" and _MONTH_AFTER.match(sentence, m.end()))]
    if len(figures) < 2:
        return 1.0
    def label_of(at: int) -> tuple[str, str]:
        """The figure's label before it and its postposed attribute after it ("60 % | für die Wiederverwendung")."""
        # The first figure's label is the few words before it ("mit Erträgen von"): the sentence's subject before
        # them ("Der Ergebnisplan 2017 schließt …") belongs to every figure of the sentence.
        # (Counts: their noun stands after them, so the words before a count are no label of its own: unchanged.)
        before = [m for m in figures if m.start() < at]
        start = before[-1].end() if before else first_label(max(0, at - FIRST_LABEL_CHARS), at)
        while before and len(sentence[start:at].strip()) < 15:  # "von 25.000 € auf 40.000 €": one label for both
            before.pop()
            start = before[-1].end() if before else first_label(max(0, start - FIRST_LABEL_CHARS), start)
        if kind == "count":
            return sentence[start:at], ""
        # "… von mindestens 60 % für die Wiederverwendung und von 15 % für stoffliche Verwertung": the words after a
        # figure up to "und" / "sowie" / ";" (a postposed "für …", "im …") are its own, not the next figure's label.
        own = sentence[start:at]
        previous = next((m for m in figures if m.end() == start), None)
        taken = postfix(previous) if previous is not None else ""
        if taken:
            own = re.sub(r"^\s*(?:und|sowie|bzw\.|beziehungsweise|oder|;)\s*", " ", own[len(taken):])
        this = next((m for m in figures if m.start() <= at < m.end()), None)
        return own, (postfix(this) if this is not None else "")

    def postfix(figure: re.Match[str]) -> str:
        later = [m.start() for m in figures if m.start() > figure.start()]
        tail = sentence[figure.end() : later[0] if later else len(sentence)]
        stop = _JOIN.search(tail)
        end = stop.start() if stop else len(tail) if not later else -1  # the last figure: its clause's rest
        if end < 0 or not _POSTFIX_ATTRIBUTE.match(tail) or end > LABEL_CHARS:
            return ""
        return tail[:end]

    def first_label(start: int, at: int) -> int:
        return start if kind == "count" else _clause_start(sentence, start, at)

    label, attribute = label_of(pos)
    # Relative to the best-labelled figure of the sentence: a sentence with several figures is no worse evidence
    # than one with a single figure; only which of its figures is meant is decided here.
    # Only short labels (a table row, an enumeration) are a figure's own; in prose the words between two figures
    # are the clause of the first ("… mit ca. 1.400 m² soll weiterhin im städtischen Eigentum verbleiben, während …").
    labels = [label_of(m.start()) for m in figures]
    covered = [coverage(analysis, weights, analysed(x + " " + y), frozenset()) for x, y in labels if len(x.strip()) <= LABEL_CHARS]
    own = coverage(analysis, weights, analysed(label + " " + attribute), frozenset())
    factor = 1.0 if len(label.strip()) > LABEL_CHARS or not covered or max(covered) <= 0 else \
        LABEL_FLOOR + (1.0 - LABEL_FLOOR) * min(1.0, own / max(covered))
    asked = set(_YEAR_TOKEN.findall(analysis.question))
    if asked:
        years = _own_years(sentence, figures, pos)
        if asked & years:
            factor *= YEAR_OWN
        elif years:
            factor *= YEAR_OTHER
    return factor


def _own_years(sentence: str, figures: list[re.Match[str]], pos: int) -> set[str]:
    """The years of the sentence that belong to the figure at `pos`: each year to the figure on its side of a
    conjunction or comma ("865,6 Mio. Euro in 2009 und 857,8 Mio. Euro in 2010"; "2016: 12,4 %, 2019: 20,5 %"), else
    to the nearer one, a year after a figure counting AFTER_FACTOR as far ("auf 314.483 Personen bis 2030, … bis 2025
    auf 438.090 Einwohner"). A year inside a figure is none; "2019/2020" (a school year) is one token."""
    own = set()
    for year in _YEAR_TOKEN.finditer(sentence):
        if any(m.start() <= year.start() < m.end() for m in figures):
            continue

        def apart(m: re.Match[str]) -> tuple[int, float]:
            before = year.end() <= m.start()
            gap = sentence[year.end() : m.start()] if before else sentence[m.end() : year.start()]
            return len(_SEPARATOR.findall(gap)), len(gap) if before else AFTER_FACTOR * len(gap)

        nearest = min(figures, key=apart)
        if nearest.start() <= pos < nearest.end():
            own.add(year.group())
    return own


_MONTH_AFTER = re.compile(r"\s+(?:" + "|".join(m.capitalize() for m in MONTHS) + r")\b")
_JOIN = re.compile(r"\s(?:und|sowie|bzw\.|beziehungsweise|oder)\s|;")
_SEPARATOR = re.compile(rf"(?<!-){_JOIN.pattern}|,")  # a clause's joins and commas; "Erst- und Zweit…" joins no clauses
_POSTFIX_ATTRIBUTE = re.compile(r"\s*(?:für|im|in|bei|beim|pro|je)\s")


_FUNCTION_WORDS = {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines", "und", "oder",
                   "mit", "von", "vom", "für", "bei", "beim", "auf", "in", "im", "am", "an", "zu", "zum", "zur", "über",
                   "unter", "aus", "nach", "vor", "ca", "rund", "etwa", "insgesamt", "je", "pro", "bis", "um", "als",
                   "jeweils", "sowie", "nur", "noch", "bereits", "knapp", "gut", "fast", "mehr", "weniger", "nun", "jetzt"}


def _clause_start(sentence: str, start: int, at: int) -> int:
    """Where the first figure's own label begins: after the last content word in lower case before it (the verb:
    "Der Ergebnisplan 2017 schließt | mit Erträgen von 803.450.000 EUR und Aufwendungen von 805.120.000 EUR ab"),
    so that the sentence's subject belongs to every figure of the sentence, not to the first alone. A label
    without a capitalised word left keeps its start."""
    words = list(re.finditer(r"(?<![\wäöüßÄÖÜ-])[a-zäöüß][\wäöüß-]*", sentence[start:at]))
    for w in reversed(words):
        if w.group() not in _FUNCTION_WORDS and len(w.group()) >= 3:
            cut = start + w.end()
            return cut if re.search(r"[A-ZÄÖÜ]", sentence[cut:at]) else start
    return start


_POSTFIX_LABEL = re.compile(r"\d[\d.,]*\s*(?:€|Euro|EUR)(?:/a)?[ \t]+(?P<label>[A-ZÄÖÜ][\wäöüß/-]+)[ \t]*(?=\n|$|\d)")


def _head_fit(nouns: tuple[str, ...], sentence: str, pos: int, table: bool = True) -> float:
    """The value belongs to the noun the question asks about: the noun right before it ("Eigenanteil
    von 20 %"), or the first figure after the noun (a flattened table: "Gesamtkosten der Maßnahme
    … Ja ☒ Nein ☐ 1.660.000 Euro"). The whole noun counts more than one of its compound parts."""
    if table:
        # A table row whose figures carry their labels after them ("1.175.400 € Förderung" newline "130.600 €
        # Erbschaft"): that label is the figure's own; a label before it belongs to the previous figure.
        own = _POSTFIX_LABEL.match(sentence[pos : pos + 80])
        if own:
            label = fold(own.group("label"))
            hit = [i for i, noun in enumerate(nouns) if noun in label or (len(label) >= 5 and label in noun)]
            return (HEAD_NEAR if hit[0] == 0 else 1.1) if hit else 1.0
    before = fold(sentence[max(0, pos - 400) : pos])
    best = 1.0
    for i, noun in enumerate(nouns):
        at = before.rfind(noun)
        if at < 0:
            continue
        gain = HEAD_NEAR if i == 0 else 1.1
        between = sentence[max(0, pos - 400) : pos][at + len(noun) :]
        if len(before) - at <= 60 or (table and not _FIGURE.search(between)):
            best = max(best, gain)
    return best


_SEPARABLE = re.compile(r"\b(ab|an|auf|aus|bei|ein|fort|mit|nach|vor|weg|zuruck|uber|um|durch|weiter|zusammen)(?:ge|zu)(?=[a-z]{3})")


def _joined(folded: str) -> str:
    """A separable verb's forms on one stem: "fortgeführt", "fortzuführen" → "fortführt", "fortführen"."""
    return _SEPARABLE.sub(r"\1", folded)


def verb_near(analysis: QuestionAnalysis, sentence: str, pos: int, length: int, before: int = 0) -> float:
    """A verb of the question (a lower-case content word, or its noun: "vorberaten" / "Vorberatung")
    right around the span: German puts the participle after the date it belongs to ("am 19.12.2016
    beauftragt"); the Gremium stands after the verbal noun ("nach Vorberatung im Jugendhilfeausschuss")
    or before its result in the Beratungsfolge ("Bauausschuss 24.02.2017 … vorberaten")."""
    verbs = [_joined(fold(w))[:6] for w in re.findall(r"\b[a-zäöüß]{5,}\b", analysis.question) if fold(w) not in _SKIP_VERBS]
    if not verbs:
        return 1.0
    # A verb hyphenated at a line break ("be- schlossen") is the verb.
    after = _joined(fold(join_broken(sentence[pos + length : pos + length + 44], lines_only=False)))
    distances = [after.find(v) for v in verbs if v in after]
    if before:
        ahead = _joined(fold(join_broken(sentence[max(0, pos - before) : pos], lines_only=False)))
        distances += [len(ahead) - ahead.rfind(v) - len(v) for v in verbs if v in ahead]
    if not distances:
        return 1.0
    return 1.0 + (VERB_NEAR - 1.0) * math.exp(-max(0, min(distances)) / 20)


# The confidence (a probability fitted on questions the rules never saw) lives in kb.calibration; its names stay
# importable from here, where the extractor, the metadata answers and the bench scripts have always found them.
from kb.calibration import (
    CALIBRATION_FILE,
    CONTENDER_SHARE,
    FEATURES,
    Calibration,
    decision_features,
    fit_logistic,
)

__all__ = ["CALIBRATION_FILE", "CONTENDER_SHARE", "FEATURES", "Calibration", "decision_features", "fit_logistic"]
