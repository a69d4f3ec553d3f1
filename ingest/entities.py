"""Named things in committee papers: Gremien, people with their roles, organisations.

Text comes with the page's line breaks, so every pattern allows a line break wherever a
space may stand, and names are returned with their whitespace normalised.
"""

from __future__ import annotations

import re

from ingest.dates import page_at, sentence_at
from ingest.models import Person

_CAP = r"[A-ZÄÖÜ][\wäöüß]*"
# "für" as OCR leaves it now and then ("fur", "fiir", "flir", "flr"); names are given with "für".
_FUER = r"f(?:ü|ue|u|ii|i|li|l)r"
_ARTICLES = r"(?:der|die|das|den|dem|des|ein|eine|einen|einem|einer|eines|seine[mnrs]?|ihre[mnrs]?|diese[mnrs]?)"
# Words that cannot be part of a committee's or ministry's name although capitalised.
_NOT_IN_NAME = (
    r"(?:Herrn?|Frau|Der|Die|Das|Zur|Sitzung|Am|Im|TOP|Beschluss|Vorlage|Drucksache|Datum|Betreff|Kreistag\w*|"
    r"\w*[Aa]usschuss\w*|Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)"
)
# One part of a name list: "Soziales", "Umwelt-", "regionale Entwicklung", "E-Government".
_CONJUNCT = (
    rf"(?!{_NOT_IN_NAME}(?![\w-]))(?:(?!{_ARTICLES}\b)[a-zäöü]\w*(?:e|en|er|es)\s+)?{_CAP}(?:-(?:{_CAP})?)?"
)
_NAME_LIST = rf"{_CONJUNCT}(?:(?:\s*,\s*|\s+und\s+|\s+sowie\s+){_CONJUNCT})*"


def _close_list(name: str) -> str:
    """A name list ends before the first stop word, and a list with commas ends with its "und" part.

    "Inklusion und Gesundheit, Vertreter" → "Inklusion und Gesundheit"; "Soziales, Gleichstellung und
    Integration vom 16.11.2016" never gets past "Integration" (lower-case words end a name anyway).
    """
    parts = re.split(r"(\s*,\s*|\s+und\s+|\s+sowie\s+)", name)
    kept = parts[:1]
    for sep, word in zip(parts[1::2], parts[2::2]):
        if re.fullmatch(_NOT_IN_NAME, word.split()[-1]):
            break
        kept += [sep, word]
    if any("," in sep for sep in kept[1::2]):
        ands = [i for i in range(1, len(kept), 2) if "," not in kept[i]]
        kept = kept[: ands[-1] + 2] if ands else kept[:1]
    return "".join(kept)


# --- Gremien ----------------------------------------------------------------------------

BODY = re.compile(
    rf"(?<![\w-])(?P<body>Kreistag(?:e?s)?(?![\w-])|{_CAP}ausschuss(?:es)?(?![\w-])"
    rf"|Ausschuss(?:es)?\s+{_FUER}\s+{_NAME_LIST}|Bezirksvertretung\s+{_CAP}"
    rf"|Rat(?:es)?\s+der\s+(?:Stadt|Gemeinde)\s+{_CAP}"
    rf"|(?:Stadt|Gemeinde|Integrations|Ältesten)rat(?:e?s)?(?![\w-])|{_CAP}beirat(?:e?s)?(?![\w-]))"
)


def canonical_body(name: str) -> str:
    """Nominative, single-spaced: "Ausschusses für X" → "Ausschuss für X", "Kreistages" → "Kreistag"."""
    name = _spell_fuer(" ".join(name.split()))
    m = re.match(r"(Ausschuss(?:es)?\s+für\s+)(.+)", name)
    if m:
        name = m.group(1) + _close_list(m.group(2))
    name = re.sub(r"^(\w*[Aa]usschuss)es\b", r"\1", name)
    name = re.sub(r"^(Kreistag|\w*rat)e?s\b", r"\1", name)
    return name.rstrip(" ,-")


def _spell_fuer(name: str) -> str:
    return re.sub(rf"(?<=\s){_FUER}(?=\s)", "für", name)


def find_bodies(text: str) -> list[str]:
    """Gremien named in `text`, canonical nominative names, in order of first mention."""
    found: list[str] = []
    for m in BODY.finditer(text):
        body = canonical_body(m.group("body"))
        if body not in found:
            found.append(body)
    return found


# --- people ---------------------------------------------------------------------------------

# Heads of role nouns; a compound adds its field in front ("Projekt|koordinator", "Sachgebiets|leiterin").
_ROLE_NOUNS = (
    "leiter", "koordinator", "dezernent", "referent", "sachbearbeiter", "mitarbeiter", "geschäftsführer",
    "bürgermeister", "schriftführer", "protokollführer", "direktor", "präsident", "planer", "sprecher", "manager",
    "berater", "ansprechpartner", "assistent", "controller", "vertreter", "sozialarbeiter", "ingenieur", "kämmerer",
    "pädagoge", "pädagog", "architekt", "prüfer", "landrat", "landrät", "kämmer", "fachkraft", "kraft", "mitglied",
)
# Adjectival role nouns, declined like adjectives: "die Beauftragte", "ein Beauftragter", "der Beauftragten".
_ROLE_ADJECTIVES = ("beauftragt", "vorsitzend", "mitarbeitend", "verantwortlich", "abgeordnet", "angestellt", "bedienstet")
_ROLE_WORD = (
    rf"(?<![\w-])(?:Chief\s+[A-Z]\w+\s+Officer|(?=[A-ZÄÖÜ])[\w-]*?(?i:(?:{'|'.join(_ROLE_NOUNS)})(?:in|innen|en|n|es|s|er|e)?"
    rf"|(?:{'|'.join(_ROLE_ADJECTIVES)})(?:e|er|en|em)))(?![\w-])"
)
ROLE_WORD = re.compile(_ROLE_WORD)
_NOUN = r"(?:„[^“”\"]{1,80}[“”\"]|(?!(?:Herrn?|Frau|Der|Die|Das|Er|Sie)\b)[A-ZÄÖÜ][\w-]*)"
_GAP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"  # a space or one line break, never a blank line
_NOUNS = rf"{_NOUN}(?:{_GAP}{_NOUN}){{0,2}}(?:(?:,\s*{_NOUN})*\s+und\s+{_NOUN})?"
_PREP = r"(?:der|des|im|in\s+der|für|für\s+den|für\s+die|beim|bei\s+der|vom|von\s+der|am|an\s+der)"
_ADJ = rf"(?:(?!{_ARTICLES}\b)[a-zäöü]\w*(?:en|er|es|e)\s+)"
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


# --- organisations ------------------------------------------------------------------------------

# Organisations these papers name, each with a pattern for its declined forms ("der Deutschen Bahn").
KNOWN_ORGANISATIONS = {
    "ARGE Wohlfahrt": r"ARGE\s+Wohlfahrt",
    "Jobcenter": r"Jobcenters?",
    "Landschaftsverband Rheinland": r"Landschaftsverband(?:e?s)?\s+Rheinland",
    "Landschaftsverband Westfalen-Lippe": r"Landschaftsverband(?:e?s)?\s+Westfalen-Lippe",
    "Deutsche Bahn": r"Deutsche[mnr]?\s+Bahn",
    "Kassenärztliche Vereinigung Nordrhein": r"Kassenärztliche[mnr]?\s+Vereinigung\s+Nordrhein",
    "Deutscher Wetterdienst": r"Deutsche[mnrs]?\s+Wetterdienst(?:e?s)?",
    "Verkehrsverbund Rhein-Sieg": r"Verkehrsverbund(?:e?s)?\s+Rhein-Sieg",
    "Bundesagentur für Arbeit": r"Bundesagentur\s+für\s+Arbeit",
    "Caritasverband": r"Caritasverband(?:e?s)?",
    "Diakonisches Werk": r"Diakonische[nms]?\s+Werk(?:e?s)?",
    "Deutsches Rotes Kreuz": r"Deutsche[nms]?\s+Rote[nms]?\s+Kreuz(?:e?s)?",
    "Arbeiterwohlfahrt": r"Arbeiterwohlfahrt",
    "Europäische Union": r"Europäische[mnr]?\s+Union",
    "Europäischer Sozialfonds": r"Europäische[mnrs]?\s+Sozialfonds",
    "Landesregierung": r"Landesregierung",
}
_KNOWN = [(name, re.compile(rf"(?<![\w-]){pattern}(?![\w-])")) for name, pattern in KNOWN_ORGANISATIONS.items()]
# Abbreviations that name an organisation even where the text does not spell them out.
KNOWN_ACRONYMS = ("MAGS", "G.I.B.", "FSA", "ESF", "LVR", "VRS", "BAMF", "KVNO", "DWD", "RSVG", "AWO", "DRK", "IHK", "MKFFI")
_ORG_PATTERNS = (
    re.compile(rf"\bBezirksregierung\s+{_CAP}"),
    re.compile(rf"\b(?:Bundes|Landes)?[Mm]inisterium\s+{_FUER}\s+{_NAME_LIST}(?:\s+des\s+Landes\s+{_CAP}(?:-{_CAP})*)?"),
    re.compile(rf"\b(?:Bundes|Landes)(?:amt|agentur|anstalt)\s+{_FUER}\s+{_NAME_LIST}"),
    re.compile(rf"\b(?:Gesellschaft|Fachstelle|Stiftung|Agentur|Zentrale)\s+{_FUER}\s+{_NAME_LIST}"),
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
        long_form = _spell_fuer(long_form) if long_form else None
        hits += _defined(m.start(), acronym, long_form, m.start() - len(long_form or ""))
    for m in _ACRONYM_FIRST.finditer(text):  # "FSA (Fachstelle für sozialraumorientierte Armutsbekämpfung)"
        acronym, inside = _dotted(m.group("acronym")), _spell_fuer(" ".join(m.group("long").split()))
        long_form = _long_form(inside, acronym)
        hits += _defined(m.start(), acronym, long_form if long_form == inside else None, m.start("long"))
    for pattern in _ORG_PATTERNS:
        for m in pattern.finditer(text):
            hits.append((m.start(), _close_list(_spell_fuer(" ".join(m.group().split())))))
    for name, pattern in _KNOWN:
        hits += [(m.start(), name) for m in pattern.finditer(text)]
    for acronym in KNOWN_ACRONYMS:
        for m in re.finditer(r"(?<![\w.-])" + re.escape(acronym.rstrip(".")) + r"\.?(?![\w-])", text):
            hits.append((m.start(), acronym))
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
