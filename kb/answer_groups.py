"""Candidates that state one answer, grouped as one: before the extractor ranks the values it found, the groups that
are the same answer in another form join (a month and its day, a name read as two kinds, a reason restated).

Each group is the list of candidates (all papers and sentences) that state one value; a group's key is its
candidates' `Candidate.key`. Two groups that are one answer would otherwise compete: each the other's contender
and rival in the confidence (`kb.calibration.decision_features`), and each taking support from the other.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kb.analysis import fold
from kb.evidence import Candidate
from kb.scoring import agenda_row

NAME_TYPES = ("organisation", "entity", "place", "law")
PHRASE_TYPES = ("reason", "decision")
RESTATED = 0.8  # a phrase whose words stand this share in a longer one restates it


def merge_groups(groups: dict[str, list[Candidate]]) -> None:
    """All merges, in place."""
    fold_months_into_days(groups)
    merge_name_types(groups)
    merge_abbreviations(groups)
    merge_name_tails(groups)
    merge_restated(groups)


_DATE_LABEL = re.compile(r"\s*(?:Datum|Stand|Erstellt(?:\s+am)?|Druckdatum|Ausgabedatum)\s*:", re.IGNORECASE)


def fold_months_into_days(groups: dict[str, list[Candidate]]) -> None:
    """ "ab März 2027" (title) and "ab dem 1. März 2027" (text) state one date: the day keeps it.
    A month-only candidate joins the day candidate of the same month and type from the same paper."""
    days = [k for k in groups if re.fullmatch(r"\w+:\d{4}-\d{2}-\d{2}", k)]
    # "bis Ende 2020" and "vom 01.03.2019 – 31.12.2020" in one paper state one end: a year folds like a month.
    for unit in (r"\w+:\d{4}", r"\w+:\d{4}-\d{2}"):
        for key in [k for k in groups if re.fullmatch(unit, k)]:
            docs = {c.evidence.document for c in groups[key]}
            same = [d for d in days if d.startswith(key + "-") and docs & {c.evidence.document for c in groups[d]}]
            if len(same) == 1:
                day = groups[same[0]]
                best = max(c.score for c in day)
                if all(_DATE_LABEL.match(c.evidence.text) or agenda_row(c.evidence.text) for c in day):
                    # "Sie werden seit August 2020 … nachgeholt" and the paper's own "Datum: 26.08.2020": the date the
                    # paper was written is no event it reports, not the month's precise form; nor is the date of a
                    # meeting in its Beratungsfolge ("Gemeinderat 21.07.2020 24 x") that of "über das Jahr 2020 hinaus".
                    continue
                for c in groups.pop(key):
                    c.score = min(c.score, best)  # supports the day; never outranks it
                    day.append(Candidate(day[0].answer, day[0].value, day[0].type, c.score, c.evidence))


def merge_name_types(groups: dict[str, list[Candidate]]) -> None:
    """ "Fraktion FDP" read as an organisation and as an entity (a Gremium, a programme) is one answer, not two
    competing ones: a name typed twice joins the group of its better-scored reading, under that reading's type
    (else the second reading counts as a rival value of the same sentence and as a contender)."""
    by_name: dict[str, list[str]] = {}
    for key, group in groups.items():
        if group[0].type in NAME_TYPES:
            by_name.setdefault(" ".join(str(group[0].value).casefold().split()), []).append(key)
    for keys in by_name.values():
        if len(keys) < 2:
            continue
        keys.sort(key=lambda k: -max(c.score for c in groups[k]))
        head = groups[keys[0]]
        for key in keys[1:]:
            head += [replace(c, type=head[0].type) for c in groups.pop(key)]


# A name with its abbreviation, as papers define it: "Karlsruher Verkehrsverbund (KVV)", "Landesbauordnung (LBO)".
_DEFINED = re.compile(r"(?P<long>.+?)\s+\((?P<short>[^()]{2,12})\)")


def merge_abbreviations(groups: dict[str, list[Candidate]]) -> None:
    """ "Karlsruher Verkehrsverbund (KVV)" defines the abbreviation: "KVV" and "Karlsruher Verkehrsverbund" read in
    other sentences (or by another finder) name the same answer, which joins the group of the defining form (under
    its value, so that either form the question's reader knows is in the answer); so does the definition inflected
    ("des Karlsruher Verkehrsverbundes (KVV)"). An abbreviation two names define ("AfA" for two offices) stays apart."""
    definers: dict[str, list[str]] = {}  # the abbreviation → the groups defining it, the best first
    forms: dict[str, str] = {}
    for key in sorted(groups, key=lambda k: -max(c.score for c in groups[k])):
        m = _DEFINED.fullmatch(" ".join(str(groups[key][0].value).split())) if groups[key][0].type in NAME_TYPES else None
        if m:
            definers.setdefault(m.group("short").casefold(), []).append(key)
            forms[key] = _uninflected(m.group("long"))
    owner: dict[str, str] = {}
    for short, keys in definers.items():
        if len({forms[k] for k in keys}) != 1:
            continue  # two names for one abbreviation
        head = groups[keys[0]]
        for key in keys[1:]:
            head += [replace(c, value=head[0].value, type=head[0].type, answer=str(head[0].value)) for c in groups.pop(key)]
        owner[short] = owner[forms[keys[0]]] = keys[0]
    for key in [k for k in groups if groups[k][0].type in NAME_TYPES and k not in owner.values()]:
        value = " ".join(str(groups[key][0].value).split())
        target = owner.get(value.casefold()) or owner.get(_uninflected(value))
        if target is None or target not in groups:
            continue
        _join(groups, target, key)
    # Defined in the text, not in the value: "Das Agrarstrukturverbesserungsgesetz (ASVG – Grundstücksverkehrs-
    # gesetz) schützt …" gave the law and "ASVG" as two values of one sentence.
    for key in [k for k in groups if groups[k][0].type in NAME_TYPES and _SHORT.fullmatch(str(groups[k][0].value))]:
        short = str(groups[key][0].value)
        target = next((k for k, g in groups.items() if k != key and g[0].type in NAME_TYPES and any(
            re.search(rf"{re.escape(str(g[0].value))}\s*\(\s*{re.escape(short)}(?![\w-])", " ".join(c.evidence.text.split()))
            for c in g)), None)
        if target is not None:
            _join(groups, target, key)


def merge_name_tails(groups: dict[str, list[Candidate]]) -> None:
    """ "Investitionsbank" read in the sentence that names the "Europäischen Investitionsbank (EIB)": the end of a
    longer name, read only in sentences that state the longer one, is that name (one finder's part of another's
    name), not a rival value of the same sentences; it joins the longer name's group."""
    names = {k: " ".join(str(groups[k][0].value).split()) for k in groups if groups[k][0].type in NAME_TYPES}
    # "Europäischen Investitionsbank (EIB)" ends with the name "Investitionsbank" (its short form aside)
    bare = {k: re.sub(r"\s*\([^()]*\)$", "", v) for k, v in names.items()}
    for key, value in names.items():
        longer = [k for k in names if k != key and k in groups and bare[k].endswith(" " + value) and bare[k][:1].isupper()]
        for target in sorted(longer, key=lambda k: -max(c.score for c in groups[k])):
            if key in groups and all(names[target] in " ".join(c.evidence.text.split()) for c in groups[key]):
                _join(groups, target, key)


def _join(groups: dict[str, list[Candidate]], target: str, key: str) -> None:
    """Group `key` joins group `target`, under its value and type (an answer in its own words keeps them)."""
    head = groups[target]
    head += [replace(c, value=head[0].value, type=head[0].type,
                     answer=str(head[0].value) if c.answer == str(c.value) else c.answer) for c in groups.pop(key)]


_SHORT = re.compile(r"(?=(?:\w*[A-ZÄÖÜ]){2})[A-ZÄÖÜ][\wÄÖÜäöü&+]{1,7}")  # "ASVG", "BauGB", "KVV": two capitals at least


def _uninflected(name: str) -> str:
    """ "Karlsruher Verkehrsverbundes" → "karlsruher verkehrsverbund": a name's words without their case endings."""
    return " ".join(re.sub(r"(?<=\w{4})(?:es|s)$", "", w) for w in name.casefold().split())


def merge_restated(groups: dict[str, list[Candidate]]) -> None:
    """A reason or decision that a later paper repeats in a few more words ("weil der Fördertopf deutlich
    überzeichnet war" / "weil der Fördertopf des Landes deutlich überzeichnet war") is one answer stated twice,
    not two competing ones: the weaker statement joins the stronger one's group (as support, under its wording)."""
    phrases = [(k, frozenset(re.findall(r"\w+", fold(str(g[0].value)))), max(c.score for c in g))
               for k, g in groups.items() if g[0].type in PHRASE_TYPES]
    phrases.sort(key=lambda p: -p[2])
    for i, (key, words, _) in enumerate(phrases):
        if key not in groups:
            continue
        for other, words2, _ in phrases[i + 1 :]:
            if other not in groups or groups[other][0].type != groups[key][0].type:
                continue
            shorter = min(len(words), len(words2))
            if shorter >= 3 and len(words & words2) >= RESTATED * shorter:
                head = groups[key]
                head += [replace(c, answer=head[0].answer, value=head[0].value, type=head[0].type)
                         for c in groups.pop(other)]
