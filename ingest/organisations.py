"""Organisations named in committee papers: known ones, ministries and agencies, acronyms with their long forms.

>>> find_organisations("Der Europäische Sozialfonds (ESF) fördert das Projekt mit dem Jobcenter.")
['Europäischer Sozialfonds', 'ESF', 'Jobcenter']
"""

from __future__ import annotations

import re

from ingest.names import CAP, FUER, NAME_ADJECTIVE, NAME_LIST, close_list, data_list, not_after, spell_fuer

# Organisations these papers name, each with a pattern for its declined forms ("der Deutschen Bahn").
KNOWN_ORGANISATIONS = dict(line.split("	", 1) for line in data_list("organisations.tsv"))
_KNOWN = [(name, re.compile(not_after(r"[\w-]", pattern) + r"(?![\w-])")) for name, pattern in KNOWN_ORGANISATIONS.items()]
# Abbreviations that name an organisation even where the text does not spell them out.
KNOWN_ACRONYMS = tuple(data_list("acronyms.txt"))
_KNOWN_ACRONYMS = [
    (acronym, re.compile(not_after(r"[\w.-]", re.escape(acronym.rstrip("."))) + r"\.?(?![\w-])")) for acronym in KNOWN_ACRONYMS
]
_ORG_PATTERNS = (
    re.compile(rf"\bBezirksregierung\s+{CAP}"),
    re.compile(rf"\b(?:Bundes|Landes)?[Mm]inisterium\s+{FUER}\s+{NAME_LIST}(?:\s+des\s+Landes\s+{CAP}(?:-{CAP})*)?"),
    re.compile(rf"\b(?:Bundes|Landes)(?:amt|agentur|anstalt)\s+{FUER}\s+{NAME_LIST}"),
    # "Deutsches Institut für Urbanistik": an adjective before the class noun is part of the name.
    re.compile(rf"(?:\b{NAME_ADJECTIVE}\s+)?\b(?:Gesellschaft|Fachstelle|Stiftung|Agentur|Zentrale)\s+{FUER}\s+{NAME_LIST}"),
    # A city's or district's offices are named by their field: "Amt für Abfallwirtschaft", "Referat für Bildung".
    re.compile(rf"(?:\b{NAME_ADJECTIVE}\s+)?\b(?:Amt|Ämter|Referat|Dezernat|Fachbereich|Institut|Büro|Kommission|"
               rf"Beauftragte[nr]?)\s+{FUER}\s+{NAME_LIST}"),
)
_ACRONYM = r"(?:[A-ZÄÖÜ]\.){2,}[A-ZÄÖÜ]?\.?|[A-ZÄÖÜ][A-Za-zÄÖÜäöü]{0,6}[A-ZÄÖÜ]"
_ACRONYM_DEFINITION = re.compile(rf"\((?P<acronym>{_ACRONYM})\)")
_ACRONYM_FIRST = re.compile(rf"(?<![\w.])(?P<acronym>{_ACRONYM})\s*\((?P<long>[A-ZÄÖÜ][^()]{{4,120}})\)")
# The noun that makes a spelled-out name an organisation (a law or a programme is none).
_ORG_HEAD = re.compile(
    r"(?:ministerium|regierung|gesellschaft|fachstelle|verband|amt|agentur|stiftung|vereinigung|verein|fonds|"
    r"verbund|dienst|jobcenter|zentrum|institut|kammer|werk|kreuz|wohlfahrt|bahn|union|bank|kasse|behörde|"
    r"betrieb|universität|hochschule|anstalt)$", re.IGNORECASE)
_LAW = re.compile(r"(?:gesetz|gesetzes|gesetzbuch|verordnung|ordnung|richtlinie|satzung|programm|plan)$", re.IGNORECASE)


def find_organisations(text: str) -> list[str]:
    """Organisations named in `text`, in order of first mention, each once."""
    hits: list[tuple[int, str]] = []
    for m in _ACRONYM_DEFINITION.finditer(text):  # "Europäischer Sozialfonds (ESF)"
        acronym = _dotted(m.group("acronym"))
        long_form = _long_form(text[max(0, m.start() - 160) : m.start()], acronym)
        long_form = spell_fuer(long_form) if long_form else None
        hits += _defined(m.start(), acronym, long_form, m.start() - len(long_form or ""))
    for m in _ACRONYM_FIRST.finditer(text):  # "FSA (Fachstelle für sozialraumorientierte Armutsbekämpfung)"
        acronym, inside = _dotted(m.group("acronym")), spell_fuer(" ".join(m.group("long").split()))
        long_form = _long_form(inside, acronym)
        hits += _defined(m.start(), acronym, long_form if long_form == inside else None, m.start("long"))
    for pattern in _ORG_PATTERNS:
        for m in pattern.finditer(text):
            hits.append((m.start(), close_list(spell_fuer(" ".join(m.group().split())))))
    for name, pattern in _KNOWN:
        hits += [(m.start(), name) for m in pattern.finditer(text)]
    for acronym, pattern in _KNOWN_ACRONYMS:
        hits += [(m.start(), acronym) for m in pattern.finditer(text)]
    found: list[str] = []
    for _, name in sorted(hits):
        name = _known_name(name)
        if name not in found:
            found.append(name)
    # "Jobcenter" and "Jobcenter Rhein-Sieg": keep the full name.
    return [n for n in found if not any(f != n and f.startswith(n + " ") for f in found)]


def _known_name(name: str) -> str:
    """The canonical name of a known organisation in any declined form, else `name`."""
    return next((known for known, pattern in _KNOWN if pattern.fullmatch(name)), name)


def _defined(pos: int, acronym: str, long_form: str | None, long_pos: int) -> list[tuple[int, str]]:
    """An acronym and its spelled-out name, if that names an organisation (not a law or a programme)."""
    if long_form:
        head = re.split(r"\s+(?:für|des|der|zur|zum)\s+", long_form)[0].split()
        if any(_LAW.search(w) for w in head):
            return []
        if any(_ORG_HEAD.search(w.rstrip(",")) for w in head):
            return [(long_pos, long_form), (pos, acronym)]
    return [(pos, acronym)] if acronym in KNOWN_ACRONYMS else []


def _dotted(acronym: str) -> str:
    """ "G.I.B" → "G.I.B." (OCR drops the last dot)."""
    return acronym + "." if re.fullmatch(r"(?:[A-ZÄÖÜ]\.)+[A-ZÄÖÜ]", acronym) else acronym


def _long_form(before: str, acronym: str) -> str | None:
    """The spelled-out name in front of "(ACRONYM)": the nearest capitalised word whose initial is
    the acronym's first letter and from which the other letters follow in order."""
    before = re.split(r"[.;:!?]\s|\n\s*\n", before)[-1]
    letters = [c.lower() for c in acronym if c.isalpha()]
    words = list(re.finditer(r"[\w-]+", before))
    for i in range(len(words) - 1, max(-1, len(words) - len(letters) - 8), -1):
        word = words[i].group()
        if word[0].isupper() and word[0].lower() == letters[0]:
            rest = before[words[i].start() + 1 :].lower()
            j = 0
            for c in rest:
                if j < len(letters) - 1 and c == letters[j + 1]:
                    j += 1
            if j == len(letters) - 1:
                # "Zweckverband Nahverkehr Rheinland (NVR)": the kind of organisation may stand in front
                while i > 0 and words[i - 1].group()[0].isupper() and _ORG_HEAD.search(words[i - 1].group()):
                    i -= 1
                return " ".join(before[words[i].start() :].split()).rstrip(" ,")
    return None
