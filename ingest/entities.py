"""Named things in committee papers: Gremien, people with their roles, organisations, amounts."""

from __future__ import annotations

import re

from ingest.dates import sentence_at
from ingest.models import Amount, Person

# --- Gremien ----------------------------------------------------------------------------

_CAP = r"[A-ZÄÖÜ][\w-]*"
# "Ausschuss für Soziales, Gleichstellung und Integration": capitalised words joined by
# commas and "und"; the name ends at the first lower-case word ("vom", "folgend").
_COMMITTEE_NAME = rf"{_CAP}(?:(?:,\s+|\s+und\s+|\s+){_CAP})*"
BODY = re.compile(
    rf"\b(?P<body>Kreistag(?:e?s)?\b|Kreisausschuss(?:es)?\b|[A-ZÄÖÜ]\w*ausschuss(?:es)?\b"
    rf"|Ausschuss(?:es)?\s+für\s+{_COMMITTEE_NAME}|Bezirksvertretung\s+{_CAP})"
)
# Words that cannot end a committee name although capitalised (a sentence goes on).
_NAME_STOP = {"Herr", "Herrn", "Frau", "Der", "Die", "Das", "Zur", "Sitzung", "Am", "Im", "TOP", "Beschluss",
              "Vorlage", "Drucksache", "Datum", "Betreff"}


def canonical_body(name: str) -> str:
    """Nominative, single-spaced: "Ausschusses für X" → "Ausschuss für X", "Kreistages" → "Kreistag"."""
    words = name.split()
    kept = []
    for w in words:
        if kept and w.strip(",") in _NAME_STOP:
            break
        kept.append(w)
    name = " ".join(kept).rstrip(",")
    name = re.sub(r"\b(\w*[Aa]usschuss)es\b", r"\1", name)
    name = re.sub(r"\bKreistag(?:e?s)\b", "Kreistag", name)
    return re.sub(r"\s+und$", "", name)


def find_bodies(text: str) -> list[str]:
    found: list[str] = []
    for m in BODY.finditer(text):
        body = canonical_body(m.group("body"))
        if body not in found:
            found.append(body)
    return found


# --- people ---------------------------------------------------------------------------------

_NAME = r"(?P<salutation>Herrn?|Frau)\s+(?P<name>(?:Dr\.\s+)?(?:[A-ZÄÖÜ][a-zäöüß]+\s+)?[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?)"
PERSON = re.compile(rf"\b{_NAME}\b")
_ROLE_WORD = (
    r"(?:[A-ZÄÖÜ]\w*)?(?:[Ll]eiter(?:in)?|[Kk]oordinator(?:in)?|[Dd]ezernent(?:in)?|Landr(?:at|ätin)|"
    r"[Kk]reisdirektor(?:in)?|[Bb]eauftragte[rn]?|[Mm]itarbeite(?:r|rin|nde|nden)|[Ss]achbearbeiter(?:in)?|"
    r"[Vv]orsitzende[rn]?|[Rr]eferent(?:in)?|[Vv]erantwortliche[rn]?|[Pp]laner(?:in)?|[Ss]precher(?:in)?|"
    r"[Gg]eschäftsführer(?:in)?|[Bb]ürgermeister(?:in)?|[Mm]anager(?:in)?|[Aa]nsprechpartner(?:in)?|"
    r"[Ff]raktionsvorsitzende[rn]?|Chief\s+[A-Z]\w+\s+Officer)"
)
ROLE_WORD = re.compile(rf"\b{_ROLE_WORD}\b")
# The role phrase: a role word and what qualifies it ("Leiterin der Abteilung „…“").
_ROLE_PHRASE = rf"{_ROLE_WORD}(?:\s+(?:der|des|für)\s+(?:„[^“]*“|[\w-]+)(?:\s+(?:„[^“]*“|[A-ZÄÖÜ][\w-]*))*|\s+[A-ZÄÖÜ][\w-]+)?"
# In order of precedence: the first role found for a person is kept.
_ROLE_PATTERNS = (
    re.compile(rf"\bals\s+(?P<role>{_ROLE_WORD})\s+{_NAME}"),  # als Projektkoordinator Herr X
    re.compile(rf"\bStelle\s+(?:der|des)\s+(?P<role>[\w-]+)\s+mit\s+{_NAME}"),  # Stelle der Projektmitarbeitenden mit Frau X
    # Herr X, Sachgebietsleiter Jugendhilfeplanung / Frau X (Leiterin …) / a signature: name, then role below
    re.compile(rf"{_NAME}[ \t]*(?:\(|,|\n)\s*(?P<role>{_ROLE_PHRASE})"),
    re.compile(rf"(?P<role>{_ROLE_PHRASE}),?\s+(?:ist|wird|bleibt)\s+{_NAME}"),  # Projektleiterin ist Frau X
    re.compile(rf"(?P<role>{_ROLE_PHRASE}),\s+{_NAME}"),  # Leiterin der Abteilung „…“, Frau X
)


def _role_noun(role: str) -> str:
    """The role in the nominative: "Projektmitarbeitenden" → "Projektmitarbeitende"."""
    role = " ".join(role.split())
    return re.sub(r"^(\w+?ende)n\b", r"\1", role)


def _person_name(salutation: str, name: str) -> str:
    return f"{'Herr' if salutation.startswith('Herr') else 'Frau'} {name}"


def find_people(text: str, page: int) -> list[Person]:
    roles: dict[str, str] = {}
    for pattern in _ROLE_PATTERNS:
        for m in pattern.finditer(text):
            key = _person_name(m.group("salutation"), m.group("name"))
            roles.setdefault(key, _role_noun(m.group("role")))
    people: dict[str, Person] = {}
    for m in PERSON.finditer(text):
        key = _person_name(m.group("salutation"), m.group("name"))
        if key not in people:
            people[key] = Person(key, roles.get(key), sentence_at(text, m.start()), page)
    return list(people.values())


# --- organisations ------------------------------------------------------------------------------

KNOWN_ORGANISATIONS = (
    "ARGE Wohlfahrt", "Jobcenter", "Landschaftsverband Rheinland", "Deutsche Bahn", "Kassenärztliche Vereinigung",
    "Deutscher Wetterdienst", "Verkehrsverbund Rhein-Sieg", "Bundesagentur für Arbeit", "Caritasverband",
    "Diakonisches Werk", "Deutsches Rotes Kreuz", "Arbeiterwohlfahrt", "Europäische Union",
)
_ORG_PATTERNS = (
    re.compile(r"\bBezirksregierung\s+[A-ZÄÖÜ]\w+"),
    re.compile(r"\bMinisterium\s+für\s+[A-ZÄÖÜ][\w-]*(?:(?:,\s+|\s+und\s+)[A-ZÄÖÜ][\w-]*)*(?:\s+des\s+Landes\s+[A-ZÄÖÜ][\w-]*)?"),
    re.compile(r"\b(?:Gesellschaft|Fachstelle|Stiftung|Agentur)\s+für\s+(?:[a-zäöü]+\s+)?[A-ZÄÖÜ][\w-]*(?:\s+[A-ZÄÖÜ][\w-]*)?"),
    # An abbreviation in brackets right after a name: "(MAGS)", "(G.I.B.)"
    re.compile(r"(?<=\()(?:[A-ZÄÖÜ]\.){2,}[A-ZÄÖÜ]?\.?(?=\))|(?<=\()[A-ZÄÖÜ][A-ZÄÖÜa-z]{1,6}(?=\))"),
    re.compile(r"\b(?:[A-ZÄÖÜ]\.){2,}[A-ZÄÖÜ]?\.?"),
)
_NOT_ORGS = {"ESF", "TOP", "SGB", "EUR"}


def find_organisations(text: str) -> list[str]:
    found: list[str] = []
    spans = []
    for pattern in _ORG_PATTERNS:
        for m in pattern.finditer(text):
            name = " ".join(m.group().split()).rstrip(",")
            if not name.endswith(".") and re.fullmatch(r"(?:[A-ZÄÖÜ]\.){2,}[A-ZÄÖÜ]", name):
                name += "."
            if name.lower() in {"z.b.", "u.a.", "o.a.", "d.h.", "i.d.r.", "v.a."} or name in _NOT_ORGS:
                continue
            spans.append((m.start(), name))
    for name in KNOWN_ORGANISATIONS:
        for m in re.finditer(re.escape(name), text):
            spans.append((m.start(), name))
    for _, name in sorted(spans):
        if name not in found and len(name) > 1:
            found.append(name)
    return found


# --- amounts ------------------------------------------------------------------------------

AMOUNT = re.compile(
    r"(?<![\d.,/])(?P<num>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<dec>\d+))?\s*"
    r"(?P<mult>Mio\.|Millionen|Mrd\.|Milliarden|Tsd\.)?\s*(?P<unit>%|Prozent|EUR\b|Euro\b|€)"
)
_MULTIPLIERS = {"Mio.": 1e6, "Millionen": 1e6, "Mrd.": 1e9, "Milliarden": 1e9, "Tsd.": 1e3}


def find_amounts(text: str, page: int) -> list[Amount]:
    amounts = []
    for m in AMOUNT.finditer(text):
        value = float(m.group("num").replace(".", "") + ("." + m.group("dec") if m.group("dec") else ""))
        value *= _MULTIPLIERS.get(m.group("mult") or "", 1)
        unit = "%" if m.group("unit") in ("%", "Prozent") else "EUR"
        amounts.append(Amount(value, unit, " ".join(m.group().split()), sentence_at(text, m.start()), page))  # type: ignore[arg-type]
    return amounts
