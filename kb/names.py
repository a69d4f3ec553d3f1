"""Names without a legal form, found by the noun they stand beside, and the agent of a sentence.

The ingest finders know names with a legal form ("… GmbH"), a title ("Frau …") or a Gremium's suffix; most names
in council papers have none of these. German names them by apposition to a class noun — "das Büro Voegele +
Gerhardt", "die Organisation Attac Deutschland", "der Verein Eltern und Freunde für Inklusion", "die Messstation
Karlsruhe-Nordwest", "Maßnahmenpaket M 6", "Bebauungsplan: 594 Hofäcker II" — and a Fraktion by the label of its
motion ("Anfrage: SPD", "Änderungsantrag: FW|FÜR", "Gemeinderatsfraktionen GRÜNE, SPD und KAL"). These finders
read that syntax, not lists of names: a question's head noun ("Welches Büro …", "Welche Luftmessstation …")
selects the class noun, and who-questions take the class nouns of organisations (Büro, Verein, Organisation …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.analysis import fold

# One token of a proper name: a capitalised word (hyphenated compounds, "Karlsruhe-Nordwest", "gpc.systems" after a
# capital), an acronym, a number that names ("M 6", "594 Hofäcker II", "331.1"), or "+"/"&" between names.
_TOKEN = r"(?:[A-ZÄÖÜ][\wÄÖÜäöüß.&'|/-]*|\d+(?:\.\d+)?[a-z]?(?![.\d])|[+&]|e\.\s?V\.)"
# Lower-case words inside a name: "Eltern und Freunde für Inklusion", "Aktion Partnerschaft Eine Welt".
_JOINER = r"(?:und|für|der|des|am|an|im|in|von|zur|zum)"
_NAME = re.compile(rf"{_TOKEN}(?:[ \t]+(?:{_JOINER}[ \t]+)?{_TOKEN}){{0,6}}")
# Nouns that introduce an organisation's own name: "das Büro X", "die Organisation X", "Träger ist der Verein X".
ORGANISATION_CLASS = ("Büro", "Planungsbüro", "Ingenieurbüro", "Architekturbüro", "Organisation", "Verein", "Firma",
                      "Initiative", "Stiftung", "Verband", "Agentur", "Kanzlei", "Gesellschaft", "Institut", "Einrichtung",
                      "Unternehmen", "Netzwerk", "Bündnis", "Projektträger", "Anbieter", "Dienstleister", "Arbeitsgemeinschaft")
_CLASS = re.compile(r"(?<![\w-])(?:" + "|".join(ORGANISATION_CLASS) + r")(?:e?s)?[ \t]+(?=[A-ZÄÖÜ0-9])")
# Words that continue a sentence, not a name ("Büro Die …" is rare; "Verein Der …" rarer): the name ends before them.
_STOP = {"Die", "Der", "Das", "Den", "Dem", "Des", "Ein", "Eine", "Er", "Sie", "Es", "Im", "In", "Am", "An", "Auf",
         "Mit", "Von", "Bei", "Zu", "Zur", "Zum", "Für", "Nach", "Seit", "Ab", "Bis", "Als", "Wie", "Und", "Oder",
         "Stadt", "Stadtverwaltung", "Verwaltung", "Karlsruhe", "Gemeinderat"}
# A Fraktion named by the label of its motion or by the plural noun before the list.
_PARTY_TOKEN = r"(?:(?:DIE|Die)[ \t]+)?(?:[A-ZÄÖÜ]{2,}[\wÄÖÜ|/.]*(?:[ \t]+(?:PARTEI|LINKE|Aufbruch))?|[A-ZÄÖÜ]\w*[|/][\wÄÖÜ|/.]+)"
_PARTY_LIST = rf"{_PARTY_TOKEN}(?:\s*(?:,|\bund\b|\bsowie\b)\s*{_PARTY_TOKEN})*"
_FRAKTION_LABEL = re.compile(
    rf"(?:\b(?:[Ii]nterfraktioneller\s+)?(?:Antrag|Anfrage|Ergänzungsantrag|Änderungsantrag|Zusatzantrag|ANTRAG|ANFRAGE)"
    rf"\s*(?:der\s+)?:?[ \t]*|\b(?:Gemeinderats|Ortschaftsrats)?[Ff]raktionen[ \t]+(?:(?:von|der)[ \t]+)?)(?P<names>{_PARTY_LIST})")
_NOT_PARTY = re.compile(r"(?:NR|TOP|BESCHLUSS|VORLAGE|STELLUNGNAHME|ANTRAG|ANFRAGE|VOM|DATUM)\b")


@dataclass(frozen=True)
class Name:
    text: str
    pos: int
    how: str  # "apposition" | "class" | "fraktion"


def _clean(name: str) -> str:
    """Trailing joiners, dots and half tokens off; "e. V." kept with its name."""
    name = " ".join(name.split())
    while True:
        stripped = re.sub(r"(?:\s+(?:" + _JOINER + r"|[+&]))+$", "", name).rstrip(" ,;:-")
        if stripped.endswith(".") and not re.search(r"(?:e\.\s?V|[A-ZÄÖÜ]|\d)\.$", stripped):
            stripped = stripped[:-1]
        if stripped == name:
            return name
        name = stripped


def _name_at(sentence: str, start: int) -> str | None:
    m = _NAME.match(sentence, start)
    if not m:
        return None
    words = m.group().split()
    kept: list[str] = []
    for w in words:
        if w in _STOP:
            break
        kept.append(w)
    name = _clean(" ".join(kept))
    # A name has a letter: "Planungsausschuss 19.04.2018 3 x vorberaten" names a date, not a committee.
    return name if len(name) >= 2 and (re.search(r"[A-Za-zÄÖÜäöüß]", name) or re.fullmatch(r"\d+\.\d+", name)) else None


def _is_head_word(word: str, head: str) -> bool:
    """ "Büro" for "buro", "Messstation" for "luftmessstation" (the head's last part), "Tiefbauabteilung" for
    "abteilung" (a compound of it), "Gutachtens" for "gutachten" (inflected)."""
    w = fold(word)
    stem = re.sub(r"(?:en|n|e|s|es)$", "", head) if len(head) > 5 else head
    w_stem = re.sub(r"(?:en|n|e|s|es)$", "", w) if len(w) > 5 else w
    return w.startswith(stem) and len(w) - len(stem) <= 3 or (len(w_stem) >= 5 and (stem.endswith(w_stem) or head.endswith(w))) or \
        (len(stem) >= 4 and w_stem.endswith(stem))


def appositions(sentence: str, head: str, question: str) -> list[Name]:
    """The name right after the asked noun: "Welches Büro …" — "durch das Büro Voegele + Gerhardt"; "Welche
    Luftmessstation …" — "die Messstation Karlsruhe-Nordwest"; "Welcher Bebauungsplan" — "Bebauungsplan: 594
    Hofäcker II". Names the question itself gives are not answers."""
    out = []
    for m in re.finditer(r"(?<![\w-])[A-ZÄÖÜ][\wäöüß-]{2,}", sentence):
        if not _is_head_word(m.group(), head):
            continue
        after = re.match(r"[ \t]*:?[ \t]*(?:Nr\.[ \t]*)?", sentence[m.end():])
        start = m.end() + (after.end() if after else 0)
        if start == m.end():
            continue  # glued to the noun: no apposition
        name = _name_at(sentence, start)
        if name and fold(name) not in fold(question) and not _is_head_word(name.split()[0], head):
            out.append(Name(name, start, "apposition"))
    return out


def class_names(sentence: str, question: str) -> list[Name]:
    """Organisations introduced by their class noun ("von der Organisation Attac Deutschland", "Träger des Projekts
    ist der Verein X"): what a who-question asking for an organisation is answered with."""
    out = []
    for m in _CLASS.finditer(sentence):
        name = _name_at(sentence, m.end())
        if name and fold(name) not in fold(question):
            out.append(Name(name, m.end(), "class"))
    return out


def fraktionen(sentence: str, question: str) -> list[Name]:
    """ "Anfrage: SPD", "Änderungsantrag: FW|FÜR", "ANTRAG GRÜNE-Gemeinderatsfraktion" (the party before the
    hyphen is found elsewhere), "Gemeinderatsfraktionen GRÜNE, SPD und KAL" (the whole list: they asked together)."""
    out = []
    for m in _FRAKTION_LABEL.finditer(sentence):
        names = re.sub(r"-(?:Gemeinderats|Ortschaftsrats|OR-)?[Ff]raktion\w*$", "", m.group("names").strip())
        names = re.sub(r"\s+(?:vom|Nr)\b.*$", "", names).strip(" ,")
        if not names or _NOT_PARTY.match(names) or fold(names) in fold(question):
            continue
        out.append(Name(names, m.start("names"), "fraktion"))
    return out


# The verb or noun that gives a name: "führt den Namen Kunstbeirat", "Benennung einer Straße … mit Johestraße",
# "unter der Bezeichnung X", "heißt künftig X", "genannt X".
_NAMING = re.compile(r"(?:\b(?:den|dem|einen|ihren|seinen)\s+Namen|\bBezeichnung|\bheißt(?:\s+künftig|\s+nun)?|\bhießen?|"
                     r"\bgenannt|\bBenennung\b[^.;:]{0,60}?\bmit|\bbenannt\s+(?:in|als))\s*:?\s*[„\"“‚']?(?=[A-ZÄÖÜ0-9])")
NAME_QUESTION = re.compile(r"\bwie\s+(?:heisst|hiess|heissen|hiessen|lautet|lautete)\b|\bwie\s+soll\b.*\bheissen\b|"
                           r"\bwelchen\s+namen\b|\bunter\s+welchem\s+namen\b")


def given_names(sentence: str, question: str) -> list[Name]:
    """Names the sentence gives with a naming verb or noun: what "Wie heißt …?" asks for."""
    out = []
    for m in _NAMING.finditer(sentence):
        name = _name_at(sentence, m.end())
        if name and fold(name) not in fold(question):
            out.append(Name(name.strip("“”\"'‘’"), m.end(), "named"))
    return out
