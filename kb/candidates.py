"""Typed spans in one evidence sentence: dates in their role, people with roles, amounts, counts …

Each extractor returns `Typed` spans with a *fit* (0..1): how well the span answers the
kind of question asked ("bis wann" + the end of a range "01.03.2019 – 31.12.2020" → 1.0;
a lone date after "ab" → 0.3), and its position in the sentence, so the scorer can check
that the question's words stand near the span, not just somewhere in the sentence.
The ingest extractors (dates, people, amounts, organisations, Gremien) do the finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.dates import find_dates
from ingest.entities import find_bodies, find_organisations, find_people
from ingest.metadata import find_amounts
from kb.analysis import fold
from kb.questions import QuestionAnalysis, number_word

_MONTH_NAMES = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
                "November", "Dezember")
_END_CUE = re.compile(r"\b(?:bis(?:\s+zum)?|endet|enden|endete|ende|hinaus|auslauf\w*|ausgelaufen|spatestens)\W*(?:\w+\W+){0,2}$")
_START_CUE = re.compile(r"\b(?:ab|seit|beginnt|begann|beginn|startet|start|zum|vom|erstmals)\W*(?:\w+\W+){0,2}$")
_END_VERB = re.compile(r"\b(?:endet|enden|endete|auslauf\w*|ausgelaufen|lauft\s+\w+\s+aus)\b")
_START_VERB = re.compile(r"\b(?:beginnt|begann|startet|fahrt\s+seit|seit\s+dem|eingestellt|eingerichtet|besetzt)\b")
_DURATION = re.compile(
    r"(?<![\w,.])(?P<n>\d+(?:,\d+)?|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf)\s+"
    r"(?P<unit>Monate[n]?|Jahre[n]?|Wochen|Tage[n]?|Minuten|Stunden)\b")
_NUMBER = re.compile(
    r"(?<![\w.,/:])(?P<n>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?(?!:)|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf)"
    r"(?P<gap>(?:\s+[a-zäöü][\wäöüß]*){0,2})\s+(?P<noun>[A-ZÄÖÜ][\wäöüß-]+)")
_QUOTED = re.compile(r"[„\"](?P<name>[^“”\"\n]{3,80})[“”\"]")
_FRAKTION = re.compile(r"\bFraktion(?:\s+der)?\s+(?P<name>(?:[A-ZÄÖÜ][\w/.-]*|\d+)(?:[ /](?:[A-ZÄÖÜ][\w/.-]*|\d+\S*))*)")
_INSTITUTION = re.compile(
    r"(?<![\w-])(?:(?:Kommunale|Städtische)[ns]?\s+)?[A-ZÄÖÜ][\w-]*(?:gesellschaft|verband|zentrum|amt|behörde|ministerium|"
    r"agentur|stelle|werk)(?:\s+für\s+[A-ZÄÖÜ]\w+(?:\s+und\s+[A-ZÄÖÜ]\w+)?)?(?![\w-])")
_LAND = re.compile(r"\b(?:[Dd]as|[Dd]em|[Dd]es)\s+Land(?:es)?\b(?:\s+Nordrhein-Westfalen)?")
_REASON = re.compile(r"(?:,\s*|\b)(?:weil|da|denn|wegen|aufgrund|infolge|angesichts|nachdem)\b", re.IGNORECASE)
_REASON_AFTER = re.compile(r"\b(?:deshalb|daher|deswegen|darum|weshalb|somit)\b", re.IGNORECASE)
# The Kreis' towns: the places its papers name ("in Much, Ruppichteroth und Windeck").
TOWNS = ("Alfter", "Bad Honnef", "Bornheim", "Eitorf", "Hennef", "Königswinter", "Lohmar", "Meckenheim", "Much",
         "Neunkirchen-Seelscheid", "Niederkassel", "Rheinbach", "Ruppichteroth", "Sankt Augustin", "Siegburg",
         "Swisttal", "Troisdorf", "Wachtberg", "Windeck")
_TOWN = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(t) for t in TOWNS) + r")(?![\w-])")
_SITE = re.compile(r"(?:Sitzungsort|Ort|Tagungsort)\s*:\s*(?P<site>[^\n]+)")
_IM_UNIT = re.compile(r"\b(?:im|beim|in\s+der|bei\s+der)\s+(?P<unit>[A-ZÄÖÜ][\w-]*(?:amt|zentrum|stelle|behörde|haus))\b")


@dataclass(frozen=True)
class Typed:
    answer: str
    value: object
    type: str
    fit: float
    pos: int  # where the span stands in the sentence (-1: the whole sentence is the span)
    extra: str = ""  # what the span itself says beyond the sentence (a person's role from the metadata)


def extract(sentence: str, page: int, analysis: QuestionAnalysis, roles: dict[str, str | None]) -> list[Typed]:
    """Typed spans of `sentence` that could answer `analysis`; `roles`: surname → role from the paper's metadata."""
    accepts = analysis.accepts
    out: list[Typed] = []
    if {"date", "start", "end", "period"} & set(accepts):
        out += _dates(sentence, page, analysis)
    if {"amount", "percentage"} & set(accepts):
        out += _amounts(sentence, page, analysis)
    if "count" in accepts:
        out += _counts(sentence, page, analysis)
    if "person" in accepts:
        out += _people(sentence, page, analysis, roles)
    if "organisation" in accepts:
        out += _organisations(sentence, analysis)
    if "place" in accepts:
        out += _places(sentence, analysis)
    if "entity" in accepts:
        out += _entities(sentence, analysis)
    if "reason" in accepts:
        out += _reasons(sentence)
    return out


# --- dates ----------------------------------------------------------------------------------


def german_date(iso: str) -> str:
    parts = iso.split("-")
    if len(parts) == 3:
        return f"{parts[2]}.{parts[1]}.{parts[0]}"
    if len(parts) == 2:
        return f"{_MONTH_NAMES[int(parts[1]) - 1]} {parts[0]}"
    return iso


def _dates(sentence: str, page: int, analysis: QuestionAnalysis) -> list[Typed]:
    kind = analysis.answer_type
    out = []
    flat = fold(sentence)
    for m in find_dates(sentence, page):
        if m.iso in analysis.dates_in_question or (m.end and m.end in analysis.dates_in_question):
            continue  # the question names this date; it asks for another
        pos = max(sentence.find(m.surface), 0)
        before = fold(sentence[max(0, pos - 40) : pos])
        local = pos + len(m.surface) // 2
        passed = bool(re.match(r"\s*(?:\S+\s+)?hinaus\b", sentence[pos + len(m.surface) : pos + len(m.surface) + 20]))
        end_cue = (bool(_END_CUE.search(before)) or bool(_END_VERB.search(flat))) and not passed
        start_cue = bool(_START_CUE.search(before)) or bool(_START_VERB.search(flat))
        if m.end:  # a range
            span = f"{german_date(m.iso)} – {german_date(m.end)}"
            if kind == "end":
                out.append(Typed(german_date(m.end), m.end, "end", 1.0, local))
            elif kind == "start":
                out.append(Typed(german_date(m.iso), m.iso, "start", 1.0, local))
            elif kind == "period":
                out.append(Typed(span, f"{m.iso}/{m.end}", "period", 1.0, local))
            else:
                out.append(Typed(german_date(m.iso), m.iso, "date", 0.4, local))
            continue
        precision = {"day": 1.0, "month": 0.9, "year": 0.8}[m.precision]
        asked = {"monat": "month", "jahr": "year"}.get(analysis.head or "")
        if asked:  # "In welchem Monat …": a month is the answer, a day only names one
            precision = 1.0 if m.precision == asked else 0.5
        if kind == "end":
            fit = 0.9 if end_cue and not _START_CUE.search(before) else 0.3 if start_cue else 0.5
        elif kind == "start":
            fit = 0.9 if start_cue and not _END_CUE.search(before) else 0.3 if end_cue else 0.5
        elif kind == "period":
            continue
        else:
            fit = 1.0
        out.append(Typed(german_date(m.iso), m.iso, kind if kind != "period" else "date", fit * precision, local))
    if kind == "period":
        for m in _DURATION.finditer(sentence):
            n = m.group("n")
            number = float(n.replace(",", ".")) if n[0].isdigit() else float(number_word(n) or 0)
            unit = re.sub(r"n$", "", m.group("unit")) if m.group("unit") != "Wochen" else "Wochen"
            unit = {"Tage": "Tage", "Monate": "Monate", "Jahre": "Jahre"}.get(unit, unit)
            value = f"{number:g} {unit}"
            out.append(Typed(" ".join(m.group().split()), value, "period", 0.9, m.start()))
    return out


# --- amounts and counts ------------------------------------------------------------------------


def _amounts(sentence: str, page: int, analysis: QuestionAnalysis) -> list[Typed]:
    out = []
    cursor = 0
    for a in find_amounts(sentence, page):
        pos = sentence.find(a.surface.split()[0], cursor)
        pos = pos if pos >= 0 else cursor
        cursor = pos + 1
        kind = "percentage" if a.unit == "%" else "amount"
        fit = (1.0 if kind == analysis.answer_type else 0.6) * _preposition_fit(sentence, pos, analysis)
        answer = a.surface if a.unit == "%" else _euro(a.surface)
        out.append(Typed(answer, a.value, kind, fit, pos))
    return out


def _preposition_fit(sentence: str, pos: int, analysis: QuestionAnalysis) -> float:
    """ "Auf wie viel Prozent sinkt …" asks for the value after "auf" in "von 60 % auf 50 %"."""
    asked = re.search(r"\b(auf|von|um|bis)\s+(?:wie|welche)", analysis.question, re.IGNORECASE)
    if not asked:
        return 1.0
    before = re.search(r"\b(auf|von|um|bis(?:\s+zu)?)\s*$", sentence[max(0, pos - 12) : pos])
    if not before:
        return 1.0
    return 1.0 if before.group(1).split()[0].lower() == asked.group(1).lower() else 0.7


def _euro(surface: str) -> str:
    return re.sub(r"\s*(?:€|Euro)$", " EUR", surface).strip()


def _counts(sentence: str, page: int, analysis: QuestionAnalysis) -> list[Typed]:
    taken = [m.surface for m in find_dates(sentence, page)] + [a.surface for a in find_amounts(sentence, page)]
    out = []
    for m in _NUMBER.finditer(sentence):
        n = m.group("n")
        if any(n in t for t in taken) or re.fullmatch(r"(?:19|20)\d{2}", n) or n in analysis.numbers_in_question:
            continue
        if re.search(r"(?:Nr\.?|TOP|Nummer|§)\s*$", sentence[max(0, m.start() - 8) : m.start()]):
            continue
        number = float(n.replace(".", "").replace(",", ".")) if n[0].isdigit() else float(number_word(n) or 0)
        noun = fold(m.group("noun"))
        if analysis.counted:
            # The noun counted, or a more specific one (1.0); only its head ("Gespräche" for "Beratungsgespräche"): 0.8.
            stem = re.sub(r"(?:en|n|e|s)$", "", analysis.counted)
            fit = 1.0 if stem in noun else 0.8 if _same_noun(analysis.counted, noun) else 0.3
        else:
            fit = 0.6
        out.append(Typed(" ".join(m.group().split()), number, "count", fit, m.start()))
    return out


def _same_noun(counted: str, noun: str) -> bool:
    """ "Kurse" counts "Integrationskurse", "Stellen" counts "Vollzeitstellen"; "Schüler" does not count "Förderschulen"."""
    stem = re.sub(r"(?:en|n|e|s)$", "", counted)
    noun_stem = re.sub(r"(?:en|n|e|s)$", "", noun)
    return len(stem) >= 3 and (stem in noun or (len(noun_stem) >= 4 and stem.endswith(noun_stem)))


# --- people, organisations, places, entities -----------------------------------------------


def _people(sentence: str, page: int, analysis: QuestionAnalysis, roles: dict[str, str | None]) -> list[Typed]:
    out = []
    asked = analysis.roles
    flat = fold(sentence)
    question = fold(analysis.question)
    for person in find_people(sentence, page):
        surname = person.name.split()[-1]
        if fold(surname) in question:
            continue  # the question names this person
        role = roles.get(surname) or person.role
        role_f = fold(role or "")
        if asked:
            fit = 1.0 if any(r in role_f for r in asked) else 0.8 if any(r in flat for r in asked) else 0.35
        else:
            fit = 0.9
        if analysis.answer_type == "organisation":
            fit *= 0.6
        answer = f"{person.name} ({role})" if role else person.name
        pos = max(sentence.find(surname), 0)
        out.append(Typed(answer, person.name, "person", fit, pos, role or ""))
    return out


def _organisations(sentence: str, analysis: QuestionAnalysis) -> list[Typed]:
    question = fold(analysis.question)
    names = find_organisations(sentence)
    names += [f"Fraktion {m.group('name')}" for m in _FRAKTION.finditer(sentence)]
    names += [" ".join(m.group().split()) for m in _INSTITUTION.finditer(sentence)]
    names += ["Land Nordrhein-Westfalen" for _ in _LAND.finditer(sentence)]
    out = []
    fit = 1.0 if analysis.answer_type in ("organisation", "entity") else 0.55
    for name in dict.fromkeys(names):
        if fold(name) in question:
            continue
        pos = max(sentence.find(name.split()[-1]), 0)
        out.append(Typed(name, name, "organisation", fit, pos))
    return out


def _places(sentence: str, analysis: QuestionAnalysis) -> list[Typed]:
    question = fold(analysis.question)
    out = []
    for m in _SITE.finditer(sentence):
        site = " ".join(m.group("site").split())
        out.append(Typed(site, site, "place", 1.0, m.start("site")))
    towns = [m for m in _TOWN.finditer(sentence) if fold(m.group()) not in question]
    if towns:
        value = ", ".join(dict.fromkeys(m.group() for m in towns))
        out.append(Typed(value, value, "place", 0.9, towns[0].start()))
    for m in _IM_UNIT.finditer(sentence):
        if fold(m.group("unit")) not in question:
            out.append(Typed(m.group("unit"), m.group("unit"), "place", 0.7, m.start("unit")))
    return out


_ENTITY_HEADS = (
    (re.compile(r"gremi|ausschuss|rat\b"), "body"),
    (re.compile(r"programm|projekt|aufruf|name|titel|baustein|plan|bericht|angebot"), "quoted"),
    (re.compile(r"fraktion|partei"), "fraktion"),
)


def _entities(sentence: str, analysis: QuestionAnalysis) -> list[Typed]:
    question = fold(analysis.question)
    head = analysis.head or ""
    wanted = next((kind for pattern, kind in _ENTITY_HEADS if pattern.search(head)), None)
    found: list[tuple[str, str]] = []
    found += [("body", b) for b in find_bodies(sentence)]
    label = re.match(r"\s*([A-ZÄÖÜ][\wäöüß]+)\s*:", sentence)
    found += [("quoted", " ".join(m.group("name").split())) for m in _QUOTED.finditer(sentence)]
    found += [("fraktion", f"Fraktion {m.group('name')}") for m in _FRAKTION.finditer(sentence)]
    out = []
    for kind, name in found:
        if fold(name) in question:
            continue
        fit = 1.0 if kind == wanted else 0.4 if wanted else 0.7
        pos = max(sentence.find(name.split()[0]), 0)
        if label and fold(label.group(1)) == head:
            fit = min(1.0, fit + 0.2)  # "Gremium: Finanzausschuss" answers "Welches Gremium …"
        elif re.search(r"\b(?:dem|den|des)\s+$", sentence[max(0, pos - 5) : pos]):
            fit *= 0.7  # an object ("empfiehlt dem Kreistag"), not the body that acts
        out.append(Typed(name, name, "entity", fit, pos))
    return out


def _reasons(sentence: str) -> list[Typed]:
    text = " ".join(sentence.split())
    if text.endswith("?") or re.search(r"\b(?:warum|weshalb|wieso|gefragt)\b", text, re.IGNORECASE):
        return []  # a question asked in the paper is not its answer
    m = _REASON.search(text)
    if m and m.start() > 0:
        clause = text[m.end() :].strip(" ,;.")
        return [Typed(clause, clause, "reason", 1.0, -1)]
    if _REASON_AFTER.search(text) or (m and m.start() == 0):
        return [Typed(text.rstrip("."), text.rstrip("."), "reason", 0.8, -1)]
    return [Typed(text.rstrip("."), text.rstrip("."), "reason", 0.35, -1)]
