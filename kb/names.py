"""Names in council papers by the syntax around them: what kind of thing a name is, where it begins and ends.

The candidate finders (`kb.candidates`) find spans that could be names; this module decides what German syntax
says about them, never by lists fitted to questions:

- *Abbreviations* "Knettenbrech und Gurdulic (K+G)": the long form starts with the short form's first letter and
  spells its letters in order; "Stadtrat Hofmann (CDU)" defines no abbreviation (it gives a speaker's party).
- *Names beside a noun*: the name after the asked noun ("das Büro Voegele + Gerhardt"), after an organisation's class
  noun ("die Organisation Attac Deutschland"), after a motion's label ("Ergänzungsantrag: SPD"), after a naming verb
  ("führt den Namen Kunstbeirat").
- *Span edges*: a name ends before a sentence's verb or a conjunction ("… (K+G) vergeben", "… Allee und") and does
  not start with a preposition and article (`trim_name`; the candidates use it for firms); an address keeps its house
  number and loses the noun before it ("Gebäudes Herrenstraße 30" → "Herrenstraße 30").
- *Kinds* by the last part of a compound: asked "Welches Gericht", a "Liegenschaftsamt" is another kind of
  institution; a plural compound ("Seitenstraßen") is a common noun, not a street's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.analysis import fold

# --- abbreviations -----------------------------------------------------------------------------------------------


def abbreviation_long_form(long: str, short: str) -> str | None:
    """The long form an abbreviation in parentheses stands for, or None when the words before it are no long form
    of it: its first word starts with the short form's first letter ("Amt für Abfallwirtschaft (AfA)",
    "Knettenbrech und Gurdulic (K+G)"); "Stadtrat Hofmann (CDU)" names a party, not an abbreviation."""
    words = long.split()
    if re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß]{4,}", short) or not words:
        return None  # "… vorgetragenen Argumente verwiesen (Anlage)": a word in parentheses after a verb
    initial = short[:1].upper()
    starts = [i for i, w in enumerate(words) if w[:1].upper() == initial and w[:1].isupper()]
    if not starts:
        return None
    letters = [ch for ch in short.lower() if ch.isalpha()]
    rest = iter(" ".join(words[starts[0]:]).lower())
    if not all(ch in rest for ch in letters):  # "SPD" is not spelled by "Stadtrat Huber" (a speaker's party)
        return None
    # The long form is as long as the short form has capitals (a word may carry two: "Bundesverwaltungsgericht").
    capitals = max(1, sum(1 for ch in short if ch.isupper()))
    fitting = [i for i in starts if len(words) - i <= max(2, capitals + 2)]
    return " ".join(words[fitting[0] if fitting else starts[-1] :]) or None


# --- span edges --------------------------------------------------------------------------------------------------

# Words that open a phrase around a name, not the name: a preposition with its article, a lone article. ("am", "im",
# "zum" stay: "Am Rintheimer Reserveacker", "Im Eichbäumle" are names.)
_LEADING = re.compile(r"^(?:(?:an|auf|in|bei|von|zu|aus|nach|über|unter|vor|hinter|neben|zwischen|durch|für|mit|gegen|um)"
                      r"\s+)?(?:der|die|das|dem|den|des|ein|eine|einer|einem|einen|eines)\s+(?=\S)", re.IGNORECASE)
# Words a name does not end with: conjunctions, and lower-case words after its last capitalised word (a verb,
# "vergeben", "durchgeführt"), except the joiners names have inside ("Eltern und Freunde für Inklusion").
_TRAILING = re.compile(r"(?:\s+(?:und|oder|sowie|bzw\.?|sind|ist|wird|wurde|werden|wurden|hat|haben|"
                       r"[a-zäöüß][\wäöüß]*(?:t|en|te|ten)))+\s*$")
# A relational noun before a place's name: "im Verlauf der Durlacher Allee", "im Bereich des Marktplatzes".
_RELATIONAL = re.compile(r"^(?:Verlauf|Bereich|Höhe|Ende|Anfang|Beginn|Rand|Nähe|Ecke|Einmündung|Kreuzung|Abschnitt|Teil)"
                         r"\s+(?:der|des)\s+(?=[A-ZÄÖÜ])")
# What a street's name ends in ("Zähringerstraße", "Marktplatz", "Am Zinsgut"): the one list for addresses, places
# and names.
STREET_WORDS = r"straße|str\.|platz|allee|weg|gasse|ring"
# A place's name that is a compound of a place word ("Elisabeth-Selbert-Schule", "Zähringerstraße"): what follows an
# article after it starts another phrase ("… an der Elisabeth-Selbert-Schule der Bildungsgang …").
_PLACE_COMPOUND = re.compile(r"(?<=[\wäöüß-]{3})(?:" + STREET_WORDS + "|schule|gymnasium|halle|park|"
                             r"brücke|bahnhof|markt|anlage|passage)\b", re.IGNORECASE)


def trim_name(span: str) -> str:
    """A name without the words around it: "Knettenbrech und Gurdulic (K+G) vergeben" → "Knettenbrech und Gurdulic
    (K+G)", "im Verlauf der Durlacher Allee und" → "Durlacher Allee", "an der Elisabeth-Selbert-Schule der
    Bildungsgang" → "Elisabeth-Selbert-Schule". A span that would lose all its capitalised words stays as it is."""
    text = " ".join(span.split()).strip(" ,;:")
    trimmed = _TRAILING.sub("", re.sub(r"(?<=[a-zäöüß]{3})\.$", "", text))  # a sentence's full stop, not "e.V."
    if re.match(r"\S+\s+\S", trimmed):
        trimmed = _LEADING.sub("", trimmed, count=1)
    trimmed = re.sub(r"^(?:im|am|beim)\s+(?=(?:Verlauf|Bereich|Höhe|Ende|Anfang|Beginn|Rand|Nähe|Ecke)\b)", "", trimmed)
    trimmed = _RELATIONAL.sub("", trimmed)
    compound = _PLACE_COMPOUND.search(trimmed)
    if compound:
        rest = re.match(r"\s+(?:der|die|das|dem|den|des)\s+[A-ZÄÖÜ]", trimmed[compound.end():])
        if rest:
            trimmed = trimmed[: compound.end()]
    trimmed = trimmed.strip(" ,;:-/")
    return trimmed if re.match(r"[A-ZÄÖÜ0-9]", trimmed) else text


# A town's or district's name by its ending ("Festhalle Blankenloch", "Sporthalle Neureut", "Rathaus Grötzingen"):
# it belongs to the place before it.
_TOPONYM = r"\w+(?:ingen|heim|bach|dorf|loch|feld|hausen|stadt|weier|reut|lach|burg|berg|tal)"


def place_phrase(phrase: str) -> str:
    """A place's phrase without what follows the place: a dangling joiner ("auf dem Marktplatz und"), the noun after
    a street's or square's name that starts the clause's own words ("im Verlauf der Lessingstraße Querungsinseln")."""
    phrase = re.sub(r"(?:\s+(?:und|oder|der|des|dem|den|zur|zum|am|im))+$", "", phrase.strip(" ,"))
    compound = None
    for compound in _PLACE_COMPOUND.finditer(phrase):
        rest = re.match(r"\s+([A-ZÄÖÜ][a-zäöüß]{5,})\b", phrase[compound.end():])
        if rest and not _PLACE_COMPOUND.search(rest.group(1)) and \
                not re.fullmatch(r"(?:Nord|Süd|Ost|West)\w*|\w+er|" + _TOPONYM, rest.group(1)):
            return phrase[: compound.end()]
    return phrase


def preposition_case(preposition: str, noun: str) -> str | None:
    """ "auf den Friedrichsplatz" (accusative: where to), "auf dem Marktplatz", "im Park" (dative: where);
    "in den Anlagen" (a plural's dative) and "in den Park" are told apart by the noun's ending."""
    p = " ".join(preposition.lower().split())
    if p in ("ins", "aufs") or re.fullmatch(r"(?:in|auf|an|über|unter|vor|hinter|neben|zwischen)\s+(?:die|das)", p):
        return "accusative"
    if re.fullmatch(r"(?:in|auf|an|über|unter|vor|hinter|neben|zwischen)\s+den", p):
        first = noun.split()[0] if noun.split() else ""
        return "dative" if re.search(r"(?:en|n|ern)$", first) else "accusative"
    if p in ("im", "am", "beim") or re.fullmatch(r"\w+\s+(?:dem|der)", p):
        return "dative"
    return None


def join_broken(text: str, *, lines_only: bool = True) -> str:
    """Words hyphenated at a line break joined ("Sozi-\nalausschuss" → "Sozialausschuss"); "Bau- und" stays.
    `lines_only=False`: also where the break became a space, as in a sentence with its whitespace collapsed
    ("aufge- stellt", "Ein- führung"); "Dach- und Fassadenbegrünung" stays."""
    return (_BROKEN_AT_LINE if lines_only else _BROKEN).sub("", text)


_BROKEN_AT_LINE = re.compile(r"(?<=[a-zäöüß])-[ \t]*\n[ \t]*(?!(?:und|oder|bzw|sowie)\b)(?=[a-zäöüß])")
_BROKEN = re.compile(r"(?<=[a-zäöüß])-\s+(?!(?:und|oder|bzw|sowie)\b)(?=[a-zäöüß])")


def trim_address(address: str) -> str:
    """ "Gebäudes Herrenstraße 30" → "Herrenstraße 30": a noun before a street's name is the building or lot it
    names, not part of the name; an adjective of a place ("Durlacher", "Alte", "Obere") is part of it."""
    words = address.split()
    if len(words) >= 3 and not re.search(r"(?:er|e|en)$", words[0]) and words[0] not in ("Am", "An", "Im", "In", "Auf", "Zum", "Zur"):
        return " ".join(words[1:])
    return address


# --- kinds -------------------------------------------------------------------------------------------------------

# Kinds of institution by the last part of their name (folded).
_INSTITUTION_CLASSES = ("gerichtshof", "gericht", "ministerium", "behorde", "verband", "gesellschaft", "archiv", "museum",
                        "gewerkschaft", "bank",
                        "institut", "prasidium", "schule", "gymnasium", "verein", "stiftung", "kammer", "dezernat", "amt")


def institution_class(word: str) -> str | None:
    """ "verwaltungsgerichtshof" → "gericht", "liegenschaftsamt" → "amt", "realschule" → "schule" (folded words).
    An umbrella noun ("Behörde", "Stelle", "Einrichtung") names no one kind: an Amt or a Präsidium is a Behörde."""
    word = fold(word)
    if re.fullmatch(r"\w*(?:behorde|stelle|einrichtung|institution|organisation)(?:n|en)?", word):
        return None
    if not word.endswith(("ss", "gesellschaft")):
        word = re.sub(r"(?:es|s)$", "", word)
    found = next((c for c in _INSTITUTION_CLASSES if word.endswith(c)), None)
    return {"gerichtshof": "gericht", "gymnasium": "schule"}.get(found or "", found)


def plural_of(word: str, stem: str) -> bool:
    """Is the folded `word` the plural of a compound of `stem` ("seitenstrassen" of "strass")? Names of streets,
    schools, offices are singular; the plural is the common noun ("Seitenstraßen", "Grundschulen")."""
    return bool(re.search(rf"{re.escape(stem)}(?:en|ern)$", word))


# --- names by the noun they stand beside -------------------------------------------------------------------------

# One token of a proper name: a capitalised word (hyphenated compounds, "Karlsruhe-Nordwest", "gpc.systems" after a
# capital), an acronym, a number that names ("M 6", "594 Hofäcker II", "331.1"), or "+"/"&" between names.
_TOKEN = r"(?:[A-ZÄÖÜ][\wÄÖÜäöüß.&'|/-]*|\d+(?:\.\d+)?[a-z]?(?![.\d])|[+&]|e\.\s?V\.)"
# Lower-case words inside a name: "Eltern und Freunde für Inklusion", "Aktion Partnerschaft Eine Welt".
_JOINER = r"(?:und|für|der|des|am|an|im|in|von|zur|zum)"
_NAME = re.compile(rf"{_TOKEN}(?:[ \t]+(?:{_JOINER}[ \t]+)?{_TOKEN}){{0,6}}")
# Nouns that introduce an organisation's own name: "das Büro X", "die Organisation X", "Träger ist der Verein X".
ORGANISATION_CLASS = ("Büro", "Planungsbüro", "Ingenieurbüro", "Architekturbüro", "Organisation", "Verein", "Firma",
                      "Initiative", "Stiftung", "Verband", "Agentur", "Kanzlei", "Institut", "Netzwerk", "Bündnis",
                      "Projektträger", "Anbieter", "Dienstleister", "Arbeitsgemeinschaft", "Wählergruppe", "Wählervereinigung",
                      "Gewerkschaft")
_CLASS = re.compile(r"(?<![\w-])(?:[A-ZÄÖÜ][a-zäöüß]+(?=büro\b))?(?:" + "|".join(ORGANISATION_CLASS) + r"|büro)(?:e?s)?[ \t]+"
                    r"(?=[A-ZÄÖÜ0-9])")
# Words that continue a sentence, not a name: the name ends before them.
_STOP = {"Die", "Der", "Das", "Den", "Dem", "Des", "Ein", "Eine", "Er", "Sie", "Es", "Im", "In", "Am", "An", "Auf",
         "Mit", "Von", "Bei", "Zu", "Zur", "Zum", "Für", "Nach", "Seit", "Ab", "Bis", "Als", "Wie", "Und", "Oder",
         "Stadt", "Stadtverwaltung", "Verwaltung", "Karlsruhe", "Gemeinderat"}
NAME_STOP = _STOP


@dataclass(frozen=True)
class Name:
    text: str
    pos: int
    how: str  # "apposition" | "class" | "fraktion" | "named"


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


def name_at(sentence: str, start: int) -> str | None:
    """The proper name that starts at `start` (capitalised tokens, codes, inner joiners), or None."""
    m = _NAME.match(sentence, start)
    if not m:
        return None
    kept: list[str] = []
    for w in m.group().split():
        if w in _STOP:
            break
        kept.append(w)
    name = _clean(" ".join(kept))
    # A name has a letter: "Planungsausschuss 19.04.2018 3 x vorberaten" names a date, not a committee.
    return name if len(name) >= 2 and (re.search(r"[A-Za-zÄÖÜäöüß]", name) or re.fullmatch(r"\d+\.\d+", name)) else None


def is_head_word(word: str, head: str) -> bool:
    """ "Büro" for "buro", "Messstation" for "luftmessstation" (the head's last part), "Tiefbauabteilung" for
    "abteilung" (a compound of it), "Gutachtens" for "gutachten" (inflected)."""
    w = fold(word)
    stem = re.sub(r"(?:en|n|e|s|es)$", "", head) if len(head) > 5 else head
    w_stem = re.sub(r"(?:en|n|e|s|es)$", "", w) if len(w) > 5 else w
    return (w.startswith(stem) and len(w) - len(stem) <= 3) or (len(w_stem) >= 5 and (stem.endswith(w_stem) or head.endswith(w))) \
        or (len(stem) >= 4 and w_stem.endswith(stem))


def appositions(sentence: str, head: str, question: str, compounds: bool = True) -> list[Name]:
    """The name right after the asked noun: "Welches Büro …" — "durch das Büro Voegele + Gerhardt"; "Welche
    Abteilung …" — "der Tiefbauabteilung Städtentwässerung"; "Welcher Bebauungsplan" — "Bebauungsplan: 594
    Hofäcker II". Names the question itself gives are not answers. `compounds=False`: only the asked noun itself
    introduces a name ("Luftmessstation Karlsruhe-Nordwest"); a place's compound is a name ("Kaiserstraße West")."""
    out = []
    for m in re.finditer(r"(?<![\w-])[A-ZÄÖÜ][\wäöüß-]{2,}", sentence):
        if not is_head_word(m.group(), head) or (not compounds and len(fold(m.group())) > len(head) + 3):
            continue
        # "Bebauungsplan: 594 Hofäcker II", "die KiTa „Katze“": a colon, a number sign or an opening quote between
        after = re.match(r"[ \t]*\n?[ \t]*:?[ \t]*(?:Nr\.[ \t]*)?[„\"“‚»]?", sentence[m.end():])
        start = m.end() + (after.end() if after else 0)
        if start == m.end():
            continue  # glued to the noun: no apposition
        name = name_at(sentence, start)
        if name and fold(name) not in fold(question) and not is_head_word(name.split()[0], head):
            out.append(Name(name, start, "apposition"))
    return out


def class_names(sentence: str, question: str) -> list[Name]:
    """Organisations introduced by their class noun ("von der Organisation Attac Deutschland", "Träger des Projekts
    ist der Verein X"): what a who-question asking for an organisation is answered with."""
    out = []
    for m in _CLASS.finditer(sentence):
        name = name_at(sentence, m.end())
        if name and fold(name) not in fold(question):
            out.append(Name(name, m.end(), "class"))
    return out


# A Fraktion named by the label of its motion or by the plural noun before the list.
# The parties and voters' lists councils have (one list: the candidate finders read them in a paper, `kb.questions`
# in a question's "für die SPD").
PARTIES = ("CDU", "CSU", "SPD", "FDP", "AfD", "GRÜNE", "Grüne", "B90/Grüne", "LINKE", "Die Linke", "DIE LINKE", "FW",
           "Freie Wähler", "FREIE WÄHLER", "ÖDP", "Volt", "Die PARTEI", "BSW", "Piraten", "KAL")
_PARTY_TOKEN = r"(?:B(?:ündnis|ÜNDNIS)?[ \t]*['‘’´]?[ \t]*90[ \t]*/[ \t]*(?:(?:DIE|Die)[ \t]+)?(?:GRÜNEN?|Grünen?)|" \
    r"(?:(?:DIE|Die)[ \t]+)?(?:[A-ZÄÖÜ]{2,}[\wÄÖÜ|/.]*(?:[ \t]+(?:PARTEI|LINKE|Aufbruch))?|[A-ZÄÖÜ]\w*[|/][\wÄÖÜ|/.]+))"
_PARTY_LIST = rf"{_PARTY_TOKEN}(?:\s*(?:,|\bund\b|\bsowie\b)\s*{_PARTY_TOKEN})*"
_FRAKTION_LABEL = re.compile(
    rf"(?m:^)[ \t]*(?:(?:[Ii]nterfraktioneller\s+)?(?P<label>Antrag|Anfrage|Ergänzungsantrag|Änderungsantrag|Zusatzantrag|ANTRAG|ANFRAGE)"
    rf"\s*(?:der\s+)?:?[ \t]*|(?:Gemeinderats|Ortschaftsrats)?[Ff]raktionen[ \t]+(?:(?:von|der)[ \t]+)?)(?P<names>{_PARTY_LIST})")
_NOT_PARTY = re.compile(r"(?:NR|TOP|BESCHLUSS|VORLAGE|STELLUNGNAHME|ANTRAG|ANFRAGE|VOM|DATUM)\b")


def fraktionen(sentence: str, question: str) -> list[Name]:
    """The label that opens a motion's line names who brought it: "Anfrage: SPD", "Änderungsantrag: FW|FÜR", "Gemeinderatsfraktionen GRÜNE, SPD und KAL" (the whole list:
    they asked together)."""
    out = []
    for m in _FRAKTION_LABEL.finditer(sentence):
        names = re.sub(r"-(?:Gemeinderats|Ortschaftsrats|OR-)?[Ff]raktion\w*$", "", m.group("names").strip())
        names = re.sub(r"\s+(?:vom|Nr)\b.*$", "", names).strip(" ,")
        if not names or _NOT_PARTY.match(names) or fold(names) in fold(question):
            continue
        label = fold(m.group("label") or "fraktionen")
        if label != "fraktionen" and not MOTION_ASKED[label].search(fold(question)):
            continue  # the minutes' other motions: "Änderungsantrag: CDU" does not answer who asked (Anfrage)
        out.append(Name(names, m.start("names"), "fraktion"))
    return out


# The motion a question is about, by the label's kind: a question about an Anfrage ("Wer hat gefragt …") is answered
# by "Anfrage: SPD", not by the "Änderungsantrag: CDU" of the same minutes.
MOTION_ASKED = {
    "antrag": re.compile(r"antrag|beantrag|gestellt|eingebracht|eingereicht|fordert|gefordert|verlangt|wollte"),
    "anfrage": re.compile(r"anfrage|fragt|gefragt|erkundigt|wissen|auskunft"),
    "erganzungsantrag": re.compile(r"erganzungsantrag|erganz"),
    "anderungsantrag": re.compile(r"anderungsantrag|anderung|geandert"),
    "zusatzantrag": re.compile(r"zusatzantrag|zusatz"),
}


# The verb or noun that gives a name: "führt den Namen Kunstbeirat", "Benennung einer Straße … mit Johestraße",
# "unter der Bezeichnung X", "heißt künftig X", "genannt X".
# Not "heißt" alone ("das heißt, …"), "genannt" ("die oben genannten Kosten") or "Bezeichnung" (a table's column label).
_NAMING = re.compile(r"(?:\b(?:den|dem|einen|ihren|seinen)\s+Namen|\bheißt\s+(?:künftig|nun|jetzt|fortan)|"
                     r"\bBenennung\b[^.;:]{0,60}?\bmit|\b(?:um)?benannt\s+(?:in|als)|"
                     # a renaming "X in Y": "Umbenennung Schulbeirat in Schulausschuss", "Änderung der Bezeichnung … in"
                     r"\b(?:Umbenennung|Änderung\s+der\s+Bezeichnung)\b[^.;:]{0,80}?\bin)\s*:?\s*[„\"“‚']?(?=[A-ZÄÖÜ0-9])")
NAME_QUESTION = re.compile(r"\bwie\s+(?:heisst|hiess|heissen|hiessen|lautet|lautete)\b|\bwie\s+soll\b.*\bheissen\b|"
                           r"\bwelchen\s+namen\b|\bunter\s+welchem\s+namen\b")


def given_names(sentence: str, question: str) -> list[Name]:
    """Names the sentence gives with a naming verb or noun: what "Wie heißt …?" asks for."""
    out = []
    for m in _NAMING.finditer(sentence):
        name = name_at(sentence, m.end())
        if name and fold(name) not in fold(question):
            out.append(Name(name.strip("“”\"'‘’"), m.end(), "named"))
    return out
