"""People named in committee papers ("Herr …", "Frau Dr. …", signatures), with the role the text gives them.

>>> [(p.name, p.role) for p in find_people("Projektkoordinator ist Herr Lehmann-Diebold.", page=1)]
[('Herr Lehmann-Diebold', 'Projektkoordinator')]
"""

from __future__ import annotations

import re

from ingest.models import Person
from ingest.names import ARTICLES, data_list
from ingest.dates import page_at
from ingest.sentences import sentence_at

# Heads of role nouns; a compound adds its field in front ("Projekt|koordinator", "Sachgebiets|leiterin").
_ROLE_NOUNS = tuple(data_list("role_nouns.txt"))
# Adjectival role nouns, declined like adjectives: "die Beauftragte", "ein Beauftragter", "der Beauftragten".
_ROLE_ADJECTIVES = tuple(data_list("role_adjectives.txt"))
_ROLE_WORD = (
    rf"(?<![\w-])(?:Chief\s+[A-Z]\w+\s+Officer|(?=[A-ZÄÖÜ])[\w-]*?(?i:(?:{'|'.join(_ROLE_NOUNS)})(?:in|innen|en|n|es|s|er|e)?"
    rf"|(?:{'|'.join(_ROLE_ADJECTIVES)})(?:e|er|en|em)))(?![\w-])"
)
ROLE_WORD = re.compile(_ROLE_WORD)
_NOUN = r"(?:„[^“”\"]{1,80}[“”\"]|(?!(?:Herrn?|Frau|Der|Die|Das|Er|Sie)\b)[A-ZÄÖÜ][\w-]*)"
_GAP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"  # a space or one line break, never a blank line
_NOUNS = rf"{_NOUN}(?:{_GAP}{_NOUN}){{0,2}}(?:(?:,\s*{_NOUN})*\s+und\s+{_NOUN})?"
_PREP = r"(?:der|des|im|in\s+der|für|für\s+den|für\s+die|beim|bei\s+der|vom|von\s+der|am|an\s+der)"
_ADJ = rf"(?:(?!{ARTICLES}\b)[a-zäöü]\w*(?:en|er|es|e)\s+)"
# A role and what qualifies it: "Sachgebietsleiter Jugendhilfeplanung", "Leiterin der Abteilung „…“".
ROLE_PHRASE = rf"{_ROLE_WORD}(?:\s+{_PREP}\s+{_ADJ}?{_NOUNS}|{_GAP}{_NOUNS}){{0,2}}"

_SALUTATION = re.compile(r"(?<![\w-])(?P<salutation>Herrn?|Frau)\s+(?=[A-ZÄÖÜ]|(?:von|van|de|zu|ten)\s+[A-ZÄÖÜd])")
_TITLE = re.compile(r"Prof\.|Dr\.|med\.|phil\.|jur\.|rer\.|nat\.|Dipl\.-\w+\.?")
_WORD_AT = re.compile(r"[ \t]*\n?[ \t]*(?P<word>[^\s,;:()„“\"-]+(?:-(?:[ \t]*\n[ \t]*)?[^\s,;:()„“\"-]+)*-?)")
_NAME_TOKEN = re.compile(r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)*")
_PARTICLES = {"von", "van", "de", "zu", "ten", "der"}
# Capitalised words that follow a name but are not part of it (German nouns are capitalised).
_NOT_NAMES = {
    "Herr", "Herrn", "Frau", "Der", "Die", "Das", "Er", "Sie", "Es", "Im", "Am", "Zum", "Zur", "Und", "Als", "Mit", "Bei", "Für", "Dank",
    "Bescheid", "Bericht", "Kenntnis", "Auskunft", "Stellung", "Unterlagen", "Vertretung", "Kreis", "Stadt",
    "Gemeinde", "Ausschuss", "Kreistag", "Verwaltung", "Vorsitz", "Rhein-Sieg-Kreis", "Fragen", "Hinweise",
    "Informationen", "Gelegenheit", "Zeit", "Grüße", "Beginn", "Ende", "Anwesend", "Tel", "Telefon", "Zimmer",
}
_NOUN_ENDINGS = re.compile(r"(?:ung|heit|keit|schaft|tion|ität|ismus|ment|nahme|lagen|plan|amt|stelle|gruppe)$")
# Where a role stands around a name; "before" patterns are searched in the text before the name.
# "Herr Wendt, Sachgebietsleiter …,", "(Inklusionsbeauftragter)", a signature's next line
_APPOSITION_AFTER = re.compile(
    rf"[ \t]*(?:,\s*|\(\s*|\n[ \t]*)(?P<former>(?:bisher|ehemals|früher|zuvor)\s+)?(?P<role>{ROLE_PHRASE})"
    rf"(?=[ \t]*[,.;:)]|[ \t]*$|\s+[a-zäöü])", re.MULTILINE)
# "Der Kämmerer, Herr …", "als Projektkoordinator Herr …"
_APPOSITION_BEFORE = re.compile(rf"(?P<role>{ROLE_PHRASE})\s*,?\s+$")
# "Projektleiterin ist Frau …"
_PREDICATE_BEFORE = re.compile(rf"(?P<role>{ROLE_PHRASE})\s+(?:ist|wird|bleibt|war|wurde)\s+$")
# "Seit 15.05.2019 ist die Stelle der Projektmitarbeitenden mit Frau Rafalski besetzt."
_POST_BEFORE = re.compile(r"Stelle\s+(?:der|des)\s+(?P<role>" + _ROLE_WORD + r")\s+(?:[\w.,]+\s+){0,5}?mit\s+$")
_ALS_AFTER = re.compile(rf"\s*,?\s*(?:(?:wurde|wird|ist|war)\s+)?als\s+(?P<role>{ROLE_PHRASE})")
_APPOINTED_AFTER = re.compile(  # "Frau Vogt wurde zur Hitzeschutzbeauftragten bestellt"
    rf"\s+(?:\w+\s+){{0,3}}?(?:zum|zur)\s+(?P<role>{ROLE_PHRASE})\s+(?:bestellt|ernannt|gewählt|berufen)")
# Minutes and letterheads: "Schriftführung: Frau Petra Naumann", "Vorsitz: Herr …".
_LABEL_BEFORE = re.compile(
    r"(?:^|\n)[ \t]*(?P<label>Vorsitz|Schriftführung|Protokoll(?:führung)?|Sachbearbeitung|Berichterstattung|"
    r"Ansprechpartner(?:in)?|Sachbearbeiter(?:in)?|Projektleitung)[ \t]*:[ \t]*$")
_LABEL_ROLES = {
    "Vorsitz": "Vorsitzende", "Schriftführung": "Schriftführer", "Protokoll": "Protokollführer",
    "Protokollführung": "Protokollführer", "Sachbearbeitung": "Sachbearbeiter", "Berichterstattung": "Berichterstatter",
    "Projektleitung": "Projektleiter",
}
_FEMININE_IN = {"Schriftführer", "Protokollführer", "Sachbearbeiter", "Berichterstatter", "Projektleiter", "Ansprechpartner"}
# A name without Herr/Frau: a signature line "Petra Naumann, Schriftführerin", or a title "Landrat Sebastian Schuster".
_NAME_WORD = _NAME_TOKEN.pattern
_SIGNATURE = re.compile(  # the role after a comma, or alone on the next line
    rf"(?m)^[ \t]*(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{1,2}})(?:[ \t]*,[ \t]*|[ \t]*\n[ \t]*)(?P<role>{ROLE_PHRASE})[ \t]*$")
_TITLED = re.compile(
    rf"(?<![\w-])(?P<role>Landr(?:at|ätin)|Kreisdirektor(?:in)?|Bürgermeister(?:in)?|\w*[Dd]ezernent(?:in)?)"
    rf"[ \t]+(?P<name>{_NAME_WORD}[ \t]+{_NAME_WORD})(?![\w-])")

# How a role is stated, best first: the person's position (apposition, title, label),
# then the function a sentence assigns ("als …", "… ist Frau X", "Stelle der … mit …"),
# then a former position ("bisher …").
_POSITION, _ASSIGNED, _FORMER = 0, 1, 2


def find_people(text: str, page: int, page_starts: list[int] | None = None) -> list[Person]:
    """People named in `text` ("Herr …", "Frau Dr. …", signatures), each once, with their best role.

    Roles rank by how the text states them: the person's position (an apposition "Herr Wendt,
    Sachgebietsleiter Jugendhilfeplanung,", a title "Sozialdezernent Herr …", a label
    "Schriftführung: Frau …") before the function a sentence assigns ("als Projektkoordinator Herr
    …", "Projektleiterin ist Frau …", "Stelle der Projektmitarbeitenden mit Frau …"), before a former
    position ("bisher …"); within a rank the more specific (longer) role, then the first.
    `page` and `page_starts` as for `ingest.dates.find_dates`; the person's page and sentence are
    those of the mention that gave the role (else of the first mention).
    """
    entries: list[dict] = []
    for start, name, roles in _mentions(text):
        entry = next((e for e in entries if _same_person(e["name"], name)), None)
        if entry is None:
            entry = {"name": name, "roles": [], "pos": start}
            entries.append(entry)
        elif len(name) > len(entry["name"]):
            entry["name"] = name  # "Frau Dr. Anke Berger" is the better name than "Frau Dr. Berger"
        entry["roles"] += [(rank, role, start) for rank, role in roles]
    people = []
    for entry in sorted(entries, key=lambda e: e["pos"]):
        ranked = sorted(entry["roles"], key=lambda r: (r[0], -len(r[1].split()), r[2]))
        role, pos = (ranked[0][1], ranked[0][2]) if ranked else (None, entry["pos"])
        name = entry["name"]
        role = _nominative(role, name) if role else None
        people.append(Person(name, role, sentence_at(text, pos), page_at(pos, page, page_starts)))
    return people


def _same_person(a: str, b: str) -> bool:
    """Same salutation and surname, and no first names that differ ("Frau Dr. Berger" = "Frau Anke Berger")."""
    wa, wb = a.split(), b.split()
    if wa[0] != wb[0] or wa[-1] != wb[-1]:
        return False
    first_a = [w for w in wa[1:-1] if not _TITLE.fullmatch(w)]
    first_b = [w for w in wb[1:-1] if not _TITLE.fullmatch(w)]
    return not first_a or not first_b or first_a == first_b


def _mentions(text: str):
    """(start, name, [(rank, role)]) for every mention of a person."""
    for m in _SALUTATION.finditer(text):
        parsed = _parse_name(text, m.end())
        if parsed is None:
            continue
        name_end, tokens, leading_role = parsed
        name = ("Herr " if m.group("salutation").startswith("Herr") else "Frau ") + " ".join(tokens)
        roles = [(_POSITION, leading_role)] if leading_role else []
        roles += _roles_around(text, m.start(), name_end)
        yield m.start(), name, roles
    for m in _SIGNATURE.finditer(text):
        if _plausible(m.group("name").split()):
            role = m.group("role")
            yield m.start("name"), f"{_salutation_for(role)} {m.group('name')}", [(_POSITION, role)]
    for m in _TITLED.finditer(text):
        if _plausible(m.group("name").split()) and not _SALUTATION.match(text, m.start("name")):
            role = m.group("role")
            yield m.start("name"), f"{_salutation_for(role)} {' '.join(m.group('name').split())}", [(_POSITION, role)]


def _parse_name(text: str, pos: int) -> tuple[int, list[str], str | None] | None:
    """The name after a salutation: titles, up to three name words (with particles such as "von").

    A role word in front ("Frau Abgeordnete Meier") is returned apart; returns (end, words, role).
    """
    words: list[str] = []
    pending: list[str] = []  # particles, kept only if a name word follows
    names, leading_role, end, cursor = 0, None, pos, pos
    while names < 3:
        m = _WORD_AT.match(text, cursor)
        if not m:
            break
        word = re.sub(r"-\s+", "-", m.group("word"))
        cursor = m.end()
        if not names and leading_role and re.fullmatch(r"a\.\s?D\.", word):
            leading_role += " a.D."  # "Herr Bürgermeister a.D. Klein": retired from that office
        elif not names and _TITLE.fullmatch(word):
            words.append(word)
        elif not names and not words and leading_role is None and ROLE_WORD.fullmatch(word):
            leading_role = word
        elif word in _PARTICLES:
            pending.append(word)
        else:
            bare = word.rstrip(".")
            if not _NAME_TOKEN.fullmatch(bare) or not _plausible([bare]) or text.startswith(":", m.end()):
                break  # "Beginn:" on the next line is a label, not a surname
            words += pending + [bare]
            pending = []
            names += 1
            end = m.start("word") + len(bare) if bare == word else m.start("word") + len(m.group("word").rstrip("."))
            if bare != word:  # a full stop after the name ends the sentence
                break
    return (end, words, leading_role) if names else None


def _plausible(words: list[str]) -> bool:
    return all(w not in _NOT_NAMES and not ROLE_WORD.fullmatch(w) and not _NOUN_ENDINGS.search(w) for w in words)


def _roles_around(text: str, start: int, end: int) -> list[tuple[int, str]]:
    before, after = text[max(0, start - 160) : start], text[end : end + 200]
    roles = []
    m = _APPOSITION_AFTER.match(after)
    if m:
        roles.append((_FORMER if m.group("former") else _POSITION, m.group("role")))
    for pattern, rank in ((_PREDICATE_BEFORE, _ASSIGNED), (_POST_BEFORE, _ASSIGNED), (_APPOSITION_BEFORE, _POSITION)):
        m = pattern.search(before)
        if m:
            roles.append((rank, m.group("role")))
            break
    for pattern in (_ALS_AFTER, _APPOINTED_AFTER):
        m = pattern.match(after)
        if m:
            roles.append((_ASSIGNED, m.group("role")))
    m = _LABEL_BEFORE.search(before)
    if m:
        label = m.group("label")
        roles.append((_POSITION, _LABEL_ROLES.get(label, label)))
    return roles


def _salutation_for(role: str) -> str:
    head = role.split()[0]
    return "Frau" if re.search(r"(?:in|e)$", head) else "Herr"  # "Schriftführerin", "Fraktionsvorsitzende"


def _nominative(role: str, name: str) -> str:
    """The role's head word in the nominative, for the person's gender.

    "Projektmitarbeitenden" → "Projektmitarbeitende", "Gesamtprojekt-Verantwortlicher" (Frau) →
    "Gesamtprojekt-Verantwortliche", "Sozialdezernenten" → "Sozialdezernent"; "Schriftführung:" → "Schriftführerin".
    """
    role = " ".join(role.split())
    head, _, rest = role.partition(" ")
    female = name.startswith("Frau")
    adjective = re.match(rf"(.*(?i:{'|'.join(_ROLE_ADJECTIVES)}))(?:e|er|en|em)$", head)
    if adjective:
        head = adjective.group(1) + ("e" if female else "er")
    elif re.search(r"(?:ent|ant|ist)en$", head):
        head = head[:-2]
    elif re.search(r"(?:at|or|er|ent)e?s$", head):  # genitive: "des Landrates", "des Koordinators"
        head = re.sub(r"e?s$", "", head)
    if female and head in _FEMININE_IN:
        head += "in"
    return f"{head} {rest}".strip()


