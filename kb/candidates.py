"""Typed spans in one evidence sentence: dates in their role, people with roles, amounts, counts …

Each extractor returns `Typed` spans with a *fit* (0..1): how well the span answers the
kind of question asked ("bis wann" + the end of a range "01.03.2019 – 31.12.2020" → 1.0;
a lone date after "ab" → 0.3), and its position in the sentence, so the scorer can check
that the question's words stand near the span, not just somewhere in the sentence.
The ingest extractors (dates, people, amounts, organisations, Gremien) do the finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ingest.dates import find_dates
from ingest.entities import find_bodies, find_organisations, find_people
from ingest.metadata import THOUSANDS_SPACE, find_amounts
from ingest.models import DateMention
from ingest.names import NAME_ADJECTIVE, is_given_name
from ingest.places import towns
from kb.analysis import fold
from kb.decisions import MOTION_FOR_VOTE
from kb.names import (
    NAME_QUESTION,
    NAME_STOP,
    PARTIES,
    STREET_WORDS,
    abbreviation_long_form,
    appositions,
    class_names,
    fraktionen,
    given_names,
    institution_class,
    join_broken,
    name_at,
    place_phrase,
    plural_of,
    preposition_case,
    trim_address,
    trim_name,
)
from kb.questions import QuestionAnalysis, number_word
from kb.scoring import verb_stem

_MONTH_NAMES = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
                "November", "Dezember")
# A compound naming the end or the start ("Vertragsende", "Laufzeitende"; "Auftragsbeginn ist der 1. September 2017",
# "Baubeginn:", "Projektstart") labels the date after it as the bare word does.
_END_CUE = re.compile(r"\b(?:bis(?:\s+zum)?|endet|enden|endete|ende|\w{3,}[st]ende|hinaus|auslauf\w*|ausgelaufen|spatestens)\W*(?:\w+\W+){0,2}$")
# A deadline's last day: "Bis zum Ende der Bewerbungsfrist am 30. Juli 2021", "Anmeldeschluss ist der 15.03.",
# "Ablauf der Einspruchsfrist: 12.05." (the noun says it ends; no "bis" stands near the date)
_DEADLINE = re.compile(r"\b(?:\w*frist|(?:anmelde|einsende|bewerbungs|abgabe|melde|annahme|antrags|teilnahme)schluss|stichtag|ablauf)\s*(?:ist|war|endet|endete|:)?\s*(?:am|der|zum|den)?\s*$")
_START_CUE = re.compile(r"\b(?:ab|seit|beginnt|begann|\w*beginn|startet|\w*start|zum|erstmals)\W*(?:\w+\W+){0,2}$")
# "Seit 15.05.2019 ist …", "seit seiner Einführung 1986" (the event that started it between "seit" and its year)
# "seit ihrem Beitritt im Oktober 2014": any event noun between "seit" and its date.
_IMMEDIATE_START = re.compile(r"\b(?:ab|seit)(?:\s+(?:dem|den|der))?\s*$|\bseit\s+(?:seiner|ihrer|ihrem|seinem|der|dem)\s+(?:Einführung|Gründung|"
                              r"Eröffnung|Inbetriebnahme|Errichtung|Einrichtung)\s*$|\bseit\s+(?:seiner|ihrer|ihrem|seinem|der|dem)\s+"
                              r"[A-ZÄÖÜ][a-zäöüß]{3,}\s+(?:im|am|zum|vom|in)\s*$", re.IGNORECASE)
_IMMEDIATE_END = re.compile(r"\b(?:bis(?:\s+(?:zum|zur|einschließlich))?|spätestens(?:\s+(?:am|zum))?)\s*$", re.IGNORECASE)
# "vom" opens a range only with "bis" after it; "Beschluss vom 20. Oktober" dates a document.
_VOM_RANGE = re.compile(r"\s*(?:-|–|bis)\s")
_END_VERB = re.compile(r"\b(?:endet|enden|endete|auslauf\w*|ausgelaufen|lauft\s+\w+\s+aus|beendet|aufgelost|abgeschlossen)\b")
# Setting something up starts it: "Erst 2012 wurde ein Korb aufgestellt" answers "Seit wann stand …?".
_START_VERB = re.compile(r"\b(?:beginnt|begann|startet|fahrt\s+seit|seit\s+dem|eingestellt|eingerichtet|besetzt|aufgestellt|"
                         r"errichtet|eroffnet|gegrundet|eingefuhrt)\b")
# A rule or contract "tritt am 01.01.2025 in Kraft" (starts then), "tritt zum 31.12. außer Kraft" (ends): the date
# right before the phrase, not every date of the sentence ("Die Richtlinie vom 6. Dezember 1985 tritt am Tag nach …
# in Kraft" names when the old one was issued).
_IN_FORCE = re.compile(r"\W*(?:\w+\W+){0,2}?(?P<out>ausser\s+)?(?:in\s+)?kraft\b")
_DURATION = re.compile(
    r"(?<![\w,.])(?P<n>\d+(?:,\d+)?|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf)\s+"
    r"(?P<unit>Monate[n]?|Jahre[n]?|Wochen|Tage[n]?|Minuten|Stunden)\b")
_NUMBER = re.compile(
    r"(?<![\w.,/:])(?P<n>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:" + THOUSANDS_SPACE + r"\d{3})+(?![\d.,]\d)|\d+(?:,\d+)?(?!:)|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|"
    r"dreizehn|vierzehn|fünfzehn|sechzehn|siebzehn|achtzehn|neunzehn|zwanzig|dreißig|vierzig|fünfzig|hundert)"
    r"(?P<gap>(?:\s+[a-zäöü][\wäöüß]*){0,2})\s+(?P<noun>[A-ZÄÖÜ][\wäöüß-]+)")
_QUOTED = re.compile(r"[„\"“‚'](?P<name>[^“”\"‘’'\n]{3,80})[“”\"‘’']")
_FRAKTION = re.compile(r"\bFraktion(?:\s+der)?\s+(?P<name>(?:[A-ZÄÖÜ][\w/.-]*|\d+)(?:[ /](?:[A-ZÄÖÜ][\w/.-]*|\d+\S*))*)")
# A state's court or office is named with its Land ("des Verwaltungsgerichtshofes Baden-Württemberg").
_LAENDER = (r"Baden-Württemberg|Bayern|Berlin|Brandenburg|Bremen|Hamburg|Hessen|Mecklenburg-Vorpommern|Niedersachsen|"
            r"Nordrhein-Westfalen|Rheinland-Pfalz|Saarland|Sachsen-Anhalt|Sachsen|Schleswig-Holstein|Thüringen")
_INSTITUTION = re.compile(
    rf"(?<![\w-])(?P<name>(?:{NAME_ADJECTIVE}\s+)?(?:[A-ZÄÖÜ]\w*-\s+und\s+)?"
    r"[A-ZÄÖÜ][\w-]*(?:gesellschaft|genossenschaft|verband|verein|stiftung|archiv|zentrum|amt(?<!gesamt)|"
    r"behörde|ministerium|agentur|stelle|werke|gericht|gerichtshof))(?P<genitive>(?<=[^e]ts)es|(?<=amt|hof)es|(?<=amt|hof|cht)s)?"
    rf"(?P<rest>(?:\s+für\s+[A-ZÄÖÜ]\w+(?:\s+und\s+[A-ZÄÖÜ]\w+)?)?(?:\s+(?:{_LAENDER}))?)(?![\w-])")
# Courts by their abbreviation ("Beschluss des BVerwG vom November 2021", "Urteil des VGH Mannheim"). "VG", "LG" with a
# town only after a neuter article: "das / des VG Karlsruhe" is a court, "die / der VG Kandel" a Verbandsgemeinde.
_FEDERAL_COURTS, _STATE_COURTS, _LOCAL_COURTS = "BVerwG|BVerfG|BGH|BFH|BSG|EuGH", "VGH|OVG|OLG", "VG|LG"
_COURT_ABBR = re.compile(rf"(?<![\w-])(?:(?:{_FEDERAL_COURTS})|(?:{_STATE_COURTS})(?:\s+(?:[A-ZÄÖÜ][a-zäöü]+(?:-[A-ZÄÖÜ][a-zäöü]+)?))?"
                         rf"|(?:(?<=des\s)|(?<=das\s)|(?<=dem\s)|(?<=vom\s)|(?<=beim\s))(?:{_LOCAL_COURTS})\s+[A-ZÄÖÜ][a-zäöü]+)(?![\w-])")
_COURT_LETTERS = re.compile(rf"(?:{_FEDERAL_COURTS}|{_STATE_COURTS}|{_LOCAL_COURTS})\b")
_COURT_TOWN_NOT = re.compile(r"\s+(?:Der|Die|Das|Den|Dem|Des|Im|In|Am|Vom|Zum|Zur|Nach|Mit|Bei|Urteil\w*|Beschluss\w*)$")
# A society, not a company ("die Karlsruher Stadtgesellschaft", "Zivilgesellschaft"), or a company's kind
# ("Tochtergesellschaft", "Kommanditgesellschaft"): no name of one.
_SOCIETY = re.compile(r"(?:Stadt|Zivil|Bürger|Stadtteil|Wissens|Informations|Tochter|Mutter|Personen|Kommandit|Kapital)"
                      r"gesellschaft(?:en)?")
# Single generic words the institution pattern would take for names ("Gewerk", "Leitstelle", "Stelle").
_GENERIC_UNIT = re.compile(r"(?:Ge|Leit|Zentral|Dienst|Verwaltungs|Fach|Stabs|Förder|Beratungs|Melde|Informations)?"
                           r"(?:werk|stelle|amt|zentrum|agentur)", re.IGNORECASE)
_LAND = re.compile(rf"\b(?:[Dd]as|[Dd]em|[Dd]es)\s+Land(?:es)?\b(?:\s+(?P<name>{_LAENDER}))?")  # named where the paper names it
# "da" opens a causal clause after a comma or at the sentence's start, never before a comma: "… stehen ohne
# Möglichkeiten da, ihren Sport auszuüben" is the verb "dastehen".
_REASON = re.compile(r"(?:,\s*|\b)(?:weil|denn|wegen|aufgrund|infolge|angesichts|nachdem)\b|(?:,\s*|^\s*)da\b(?!\s*[,.;:])|"
                     # a reason named as one: "Grund dafür ist …", "Ursache hierfür sind …", "… liegt daran, dass",
                     # "Im Sinne der geltenden Datenschutzgrundverordnung wurde …"
                     r"\b(?:Grund|Ursache|Hintergrund)\s+(?:dafür|hierfür|dessen)\s+(?:ist|sind|war|waren|liegt|lag)\b|"
                     r"\bliegt\s+(?:daran|darin)\b|\bzurückzuführen\s+auf\b|\b[Ii]m\s+Sinne\s+de[rs]\b",
                     re.IGNORECASE)
_REASON_AFTER = re.compile(r"\b(?:deshalb|daher|deswegen|darum|weshalb|somit|folglich|infolgedessen|demzufolge)\b|"
                           r"\baus\s+diese[mn]\s+Gr(?:und|ünden)\b", re.IGNORECASE)
# A town named by its kind where no gazetteer knows it: "die Gemeinde Windeck" (a Gemeinde of villages).
_NAMED_TOWN = re.compile(r"\b(?:Stadt|Gemeinde|Kommune|Ortsgemeinde|Verbandsgemeinde|Landeshauptstadt|Kreisstadt)"
                         r"\s+(?P<name>[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)*)(?![\w-])")
# A question that asks for a town: "Welche Stadt …?", "Welche großen Städte …?", "In welcher Gemeinde …?"
_TOWN_HEAD = re.compile(r"(?:gro(?:ss|ß)?|kreis|nachbar|haupt)?"
                        r"(?:stadt|stadte|gemeinde|gemeinden|kommune|kommunen|ort|orte|ortschaft|ortschaften)")
TOWN_NOT_LOCATED = 0.6  # a town's fit for "Wo …?" where the sentence puts nothing in it
_IN_TOWN = re.compile(r"\b(?:in|nach)\s+$")
_AREA = re.compile(
    r"(?<![\w.,])(?P<n>\d{1,3}(?:[.\s]\d{3})+(?:,\d+)?|\d+(?:,\d+)?)\s*(?P<unit>m²|m2\b|qm\b|Quadratmeter\w*|ha\b|Hektar)")
# People the ingest extractor misses: titled names ("Oberbürgermeister Dr. Frank Mentrup", "Stadtrat Tobias Bunk").
_TITLED = re.compile(
    r"\b(?P<title>(?:(?:Herrn?|Frau|Stadträtin|Stadtrat|Oberbürgermeister(?:in)?|(?:Erste[rn]?\s+)?Bürgermeister(?:in)?|"
    r"Ortsvorsteher(?:in)?|Landrat|Landrätin|Professor(?:in)?|Präsident(?:in)?|Direktor(?:in)?|Minister(?:in)?|"
    # an office's compound: "Bundeswirtschaftsminister Gabriel", "Finanzbürgermeisterin Luczak-Schwarz",
    # "Regierungspräsidentin Felder"
    r"[A-ZÄÖÜ][a-zäöüß]+(?:minister|bürgermeister|präsident|senator)(?:in)?|"
    # Council members by their council: "Ortschaftsrätin Hauswirth-Metzger"; the masculine title is also the body's
    # name ("Ortschaftsrat Grötzingen", "der Gemeinderat Karlsruhe …"), so a councillor is named there with first name
    # and surname and without an article.
    r"(?:Ortschafts|Gemeinde|Kreis|Bezirksbei)rätin|"
    r"(?<![Dd]er\s)(?<![Dd]es\s)(?<![Dd]em\s)(?<![Dd]en\s)(?:Ortschafts|Gemeinde|Kreis|Bezirksbei)rat(?=\s+(?:Dr\.\s*)?[A-ZÄÖÜ][a-zäöüß]+[ \t]+[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?\b))\s+)+)"
    r"(?:(?:Prof\.|Dr\.(?:\s?-\s?Ing\.?)?|Dipl\.-\w+\.)\s*)*"
    r"(?P<name>(?!(?:Dr|Prof|Dipl|Ing|Unterzeichnet|Gezeichnet|Gez|Sehr|Mit)\b|(?:Ober)?[Bb]ürgermeister|Stadträt|Stadtrat|"
    r"Ortsvorsteher|Landr[aä]t|Professor|Präsident|Direktor|(?:Ortschafts|Gemeinde|Kreis|Bezirksbei)r[aä]t)"
    r"[A-ZÄÖÜ][\wäöüßçø-]+(?:\s+[A-ZÄÖÜ]\.)?"
    r"(?:[ \t]+(?!(?:Stadt|Karlsruhe|Vorsitz|Leiter|Geschäftsführer|Fraktion)\w*\b)[A-ZÄÖÜ][\wäöüßçø-]+){0,2})")
# A signature block under an Antrag: "unterzeichnet von:\nJohannes Ruf\nund die …-Fraktion".
# "gez. Dr. Heike Puzicha-Martz": academic titles before the name; "gez. Framke": a surname alone after "gez.".
# A letter's closing for a Fraktion: "Für die CDU-Fraktion\nErika Muster", "Stellvertretend für die FDP-Fraktion\n…".
SIGNATURE_LABEL = r"(?:[Uu]nterzeichnet\s+von|[Gg]ez\.|[Gg]ezeichnet)"  # also kb.extractor's sentence split
_SIGNED = re.compile(r"(?:" + SIGNATURE_LABEL + r"|(?:^|\n)[ \t]*(?:[Ss]tellvertretend\s+|[Ii]m\s+Namen\s+)?"
                     r"[Ff]ür\s+die\s+[\w/|-]*[Ff]raktion\w*[ \t]*\n)\s*:?\s*(?:(?:Dr|Prof)\.[ \t]*)*"
                     r"(?P<names>[A-ZÄÖÜ][\w-]+(?:[ \t]+[A-ZÄÖÜ][\w-]+){1,2}"
                     r"(?:\s*(?:,|\bund\b|\n)\s*(?:(?:Dr|Prof)\.[ \t]*)*[A-ZÄÖÜ][\w-]+(?:[ \t]+[A-ZÄÖÜ][\w-]+){1,2})*)"
                     r"|\b[Gg]ez\.[ \t]*(?:(?:Dr|Prof)\.[ \t]*)*(?P<surname>[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?)(?=[ \t]*(?:\n|$))")
# A first name, perhaps a second, and a surname, not inside a hyphenated compound ("Karl-Friedrich-Straße"), the words
# one or two spaces or a line break apart (wider gaps are a table's columns); tried at every capitalised word (a
# lookahead: "Tabakfabrikanten Christian Griesbach" holds "Christian Griesbach"). A list's "Wenzel, Jürgen": reversed.
_NAME_PART = r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?"
_NAME_GAP = r"(?:[ \t]{1,2}|[ \t]*\n[ \t]*)"
_GIVEN_NAMED = re.compile(rf"(?<![\w-])(?=(?P<first>[A-ZÄÖÜ][a-zäöüß]+)(?:{_NAME_GAP}(?P<second>[A-ZÄÖÜ][a-zäöüß]+))?"
                          rf"{_NAME_GAP}(?P<surname>(?:(?:von|van|de|zu)[ \t]+)?{_NAME_PART})(?![\w-]))"
                          rf"|(?<![\w-])(?=(?P<listed>{_NAME_PART}),[ \t]*(?P<listed_first>[A-ZÄÖÜ][a-zäöüß]+)(?![\w-]))")
# What ends a place's or an institution's name, not a surname ("Karl Friedrich Straße", "Hans Thoma Schule"): the word
# after the name, or the name's last part ("… Gedächtnisschule"; surnames end in "-ring", "-haus", "-weg": "Döring").
_NOT_SURNAME = re.compile(r"\w*(?:stra(?:ß|ss)e|platz|allee|gasse|schule|gymnasium|halle|stiftung|anlage|zentrum|brücke)",
                          re.IGNORECASE)
_PLACE_AFTER = re.compile(r"(?:Straße|Platz|Allee|Weg|Gasse|Ring|Schule|Gymnasium|Halle|Park|Stiftung|Haus|Preis|Anlage|"
                          r"Zentrum|Brücke|Center|Institut|Kaserne)")
_TITLE_WORD = re.compile(r"Dr|Prof|Dipl|Ing|Herrn?|Frau")
# A party's or a Fraktion's word inside a name ("SPD-Fraktion", "GRÜNE Karlsruhe", "der LINKEN"): no person, no brand.
_PARTY_WORD = re.compile(r"Fraktion|KULT|Stadt\b|(?<!\w)(?:" + "|".join(re.escape(p) for p in PARTIES) + r")[Nn]?(?!\w)")
_ROLE_NEAR = re.compile(r"\b(?:(?:erste[rn]?|zweite[rn]?|stellvertretende[rn]?)\s+)?(?:Vorsitzende[rn]?|Leiter(?:in)?|"
                        r"Geschäftsführer(?:in)?|Koordinator(?:in)?|Sprecher(?:in)?|Vertreter(?:in)?|Nachfolger(?:in)?|Mitglied)\b")
# Firms, associations, Fraktionen: what the ingest organisation finder does not know.
_FIRM = re.compile(
    r"(?:(?<=Firma)|(?<=Firma:)|(?<=Fa\.))\s*(?P<a>[^,;\n]{2,60}?)(?=,|\s+zum\b|\s+abschließend|\s+\d|\s*$)|"
    # "Institut für Regionalwirtschaft GmbH", "Gesellschaft für Stadterneuerung mbH", "Bezirksverband der Gartenfreunde
    # e. V.": a class noun and its field or members
    r"(?P<b>(?:\b(?:[A-ZÄÖÜ][\w-]*)?(?:Institut|[Gg]esellschaft|[Vv]erein|[Vv]erband|[Zz]entrum|[Bb]üro|[Aa]gentur|[Ss]tiftung|"
    r"[Aa]kademie)\s+(?:für|der|des)\s+(?=[A-ZÄÖÜ]))?"
    r"(?:[A-ZÄÖÜ][\w&+.-]*\s+(?:und\s+(?=[A-ZÄÖÜ]))?){0,4}[\w&+.-]*?\s?(?:GmbH(?:\s*&\s*Co\.\s*KG)?|mbH|AG|e\.\s?V\.|KG|SE|gGmbH|"
    r"Ingenieurgesellschaft|Architekten|Ingenieure|Planungsgesellschaft)(?![\w]))")
_LEGAL_FORM = re.compile(r"(?:g?GmbH(?:\s*&\s*Co\.\s*KG)?|mbH|AG|e\.\s?V\.|KG|SE)")
_FUNCTION_WORD = re.compile(r"(?:zu|zum|zur|die|der|den|dem|des|das|mit|für|und|in|im|an|am|auf|von|vom|bei|beim|aus|ist|wird|wurde|"
                            r"hat|soll|sowie|oder|als|nach|über|unter)\b")
# A contractor named by its trade label ("Ingenieurleistung: dplan Ingenieur und Umweltplanung, Karlsruhe",
# "Architektenleistungen  Fuchs Maucher Architekten, Waldkirch"): firm names need not be capitalised.
_TRADE_LABEL = re.compile(r"\b(?:Ingenieur|Architekten|Architektur|Planungs|Tragwerksplanungs|Fachplanungs)\w*leistung(?:en)?"
                          r"\s*:?[ \t]+(?P<name>[^,;\n]{2,60}?)(?=,|[ \t]*\n|[ \t]*$)")
# Table labels that stand before a name in flattened tables ("Ingenieurleistungen Kofler Energies …").
_LABEL_WORD = re.compile(r"^.*\b\w+(?:leistungen|betreuung)\s+")
_FRAKTION_NAMED = re.compile(
    r"(?P<name>(?:(?:DIE|Die)\s+)?(?:[A-ZÄÖÜ][\w.]*/(?:Die\s+)?)*[A-ZÄÖÜ][\wÄÖÜäöü.]*)-(?:Gemeinderats|Ortschaftsrats|OR-|Kreistags|Rats)?[Ff]raktion\b")
# Parties as minutes name a speaker's Fraktion: "Stadträtin Melchien (SPD)" (German parties, not a council's list).
_PARTIES = "|".join(PARTIES)
_PARTY_PAREN = re.compile(rf"\((?P<name>(?:{_PARTIES})(?:/(?:{_PARTIES}|[A-ZÄÖÜ]\w*))*)\)")
# A long form with the lower-case words names have inside ("Kommunalverband für Jugend- und Soziales (KVJS)", "Fachstelle
# für sozialraumorientierte Armutsbekämpfung (FSA)"): joiners, and adjectives before a noun.
_ABBREV = re.compile(r"(?P<long>(?:[A-ZÄÖÜ][\w-]+\s+(?:(?:für|und|der|des|von|zur|zum)\s+)?"
                     r"(?:(?!(?:gegen|unter|hinter|neben|zwischen|wegen|über|ohne|seit)\s)[a-zäöüß]+(?:e|en|er|es|em)\s+)?){1,6}"
                     r"[\w-]+)\s+\((?P<paren>(?P<short>[A-ZÄÖÜ][A-ZÄÖÜa-z.]{1,8})(?:\s*e\.\s?V\.)?)\)")


@lru_cache(maxsize=64)
def paper_abbreviations(text: str) -> tuple[tuple[str, str], ...]:
    """The abbreviations a paper defines ("Verkehrsentwicklungsplan (VEP)", "Karlsruher Verkehrsverbund (KVV)"), as
    (short, long) pairs: later sentences use one form where a question may use the other ("Im November 2012 hat
    der Gemeinderat den VEP beschlossen")."""
    pairs: dict[str, str] = {}
    for m in _ABBREV.finditer(text):
        long = abbreviation_long_form(" ".join(m.group("long").split()), m.group("short"))
        if long and len(m.group("short")) >= 2 and m.group("short") not in pairs:
            pairs[m.group("short")] = long
    return tuple(pairs.items())


_ADDRESS = re.compile(
    r"(?:(?:Am|An\s+der|Im|In\s+der|Auf\s+dem|Alte[nmr]?|Zum|Zur)\s+)?(?:[A-ZÄÖÜ][\w-]+[ \t]+)?"
    r"[A-ZÄÖÜ][\w-]*(?:" + STREET_WORDS + "|damm|ufer|markt|hof|schlachthof|park|passage|anlage|steig|"
    r"pfad|graben|tor)\s*\d+\s?[a-z]?\b"
    # a street named as a field name is ("Am Entenfang 1", "Im Zinsgut 3"): its house number makes it an address
    r"|\b(?:Am|An\s+der|An\s+den|Im|In\s+der|Auf\s+dem|Auf\s+der|Zum|Zur|Hinter\s+der|Unter\s+den)[ \t]+"
    r"(?!(?:Jahre?|Monat|Haushalt\w*|Bereich|Rahmen|Vergleich|Durchschnitt|Schnitt|Mittel|" + "|".join(_MONTH_NAMES) + "|"
    r"Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)\b)"
    r"[A-ZÄÖÜ][\w-]+[ \t]+\d{1,3}(?:[ \t]?[a-z]\b)?(?![\w.:/%-]|,\d|\s*(?:%|Prozent|Euro|€|EUR|Jahre|Monate|"
    r"Wochen|Tage|Stunden|Minuten|Mio|Millionen|Plätze|Stellen|Personen|m²|qm|ha|km|m\b))")
_SEAT = re.compile(r"\b(?:Sitz|Firmensitz|Hauptsitz|Geschäftssitz)\s+in\s+(?P<place>[A-ZÄÖÜ][\w-]+(?:\s+(?:am|an\s+der|im)\s+[A-ZÄÖÜ][\w-]+)?)")
_LOCATION = re.compile(
    r"\b(?P<prep>im|am|an\s+der|auf\s+dem|auf\s+der|in\s+der|zwischen\s+dem|zwischen\s+der|südlich|nördlich|östlich|westlich|beim|"
    r"bei\s+der|(?:vor|hinter|neben)\s+(?:dem|der)|entlang\s+der|"
    r"auf\s+den|auf\s+die|in\s+den|in\s+die|an\s+den|an\s+die)\s+"
    r"(?P<place>(?:[A-ZÄÖÜ][\w.-]*|der|des|dem|und|zur|zum|am)(?:,?\s+(?:[A-ZÄÖÜ][\w-]*|der|des|dem|und|zur|zum|am|\d+\s?[a-z]?\b)){0,8})")
_PLACE_WORD = re.compile(r"(?:" + STREET_WORDS + "|park|garten|hof|halle|haus|schule|bad|see|berg|"
                         r"markt|tor|eingang|gebiet|quartier|zentrum|brücke|bahnhof|"
                         r"Karlsruhe|Durlach)", re.IGNORECASE)
# A law's name: its own compound ("Landesbauordnung"), a word before it that is no article or preposition ("Achtes
# Buch" after a Gesetzbuch, "Wassergesetz Baden-Württemberg"), and its abbreviation in parentheses.
_LAW = re.compile(
    r"(?:§+\s*\d+[a-z]?(?:\s+Abs(?:atz|\.)\s*\d+(?:\s?[a-z]\b)?)?(?:\s+(?:Satz|Nr\.|Ziff\.)\s*\d+)?\s+(?:des\s+|der\s+)?)?"
    # "Kreislaufwirtschafts- und Abfallgesetz": a compound cut short before "und" is part of the name.
    r"(?P<name>(?:[A-ZÄÖÜ][\w]*-\s+(?:und|oder|sowie)\s+|(?!(?:Der|Die|Das|Dem|Den|Des|Nach|Gemäß|Laut|Im|In|Auf|Mit|Zur|"
    r"Zum|Von|Vom|Bei)\s)[A-ZÄÖÜ][\w-]*\s+)?"
    r"[A-ZÄÖÜ][\w-]*(?:[Gg]esetz(?:es|buch(?:es|s)?(?:\s+[A-ZÄÖÜ][a-zäöü]+es\s+Buch|\s+[IVX]+\b)?)?|[Oo]rdnung|[Vv]erordnung|"
    r"[Rr]ichtlinien?|[Ss]atzung)(?:\s+für\s+Baden-Württemberg|\s+Baden-Württemberg|\s+des\s+Landes\s+[A-ZÄÖÜ][\w-]+)?|"
    # a rule named by what it rules: "Satzung über die Beteiligung sachkundiger Einwohner", "Richtlinie zur Förderung …"
    r"(?:Satzung|Richtlinie|Verordnung)\s+(?:über|für|zur|zum)\s+(?:(?:die|den|das|der|dem)\s+)?"
    r"[A-ZÄÖÜ][\w/-]*(?:\s+(?:[a-zäöüß]+(?:e|en|er|es)\s+)?[A-ZÄÖÜ][\w/-]*|\s+[a-zäöüß]+(?:e|en|er|es)(?=\s+[A-ZÄÖÜ])){0,4})"
    r"(?:\s+\((?P<abbr>[A-Za-zÄÖÜ]{2,10}(?:\s+[IVX]+)?)\))?")
# Law abbreviations: "SGB VIII", "§ 34 BauGB", "GemO", "BImSchG", "StVO" (an upper-case start, another capital, a legal
# ending), a word of their own: not the end of a word ("VERSORGUNG"), not a shouted word ("ANTRAG": all capitals, six
# letters or more).
_LAW_ABBR = re.compile(r"(?:§+\s*\d+[a-z]?(?:\s+Abs(?:atz|\.)\s*\d+(?:\s?[a-z]\b)?)?(?:\s+(?:Satz|Nr\.)\s*\d+)?\s+)?"
                       r"(?P<name>SGB\s+[IVX]+\b|SGB\b|(?<![\w-])(?![A-ZÄÖÜ]{6})(?=[A-ZÄÖÜ][a-zäöü]*[A-ZÄÖÜ])"
                       r"[A-ZÄÖÜ][A-Za-zÄÖÜäöü]{1,7}(?:GB|G|O|VO)\b)")
_NORM = re.compile(r"(?<![\w-])(?:(?:DIN|ISO|VDI|VDE|DVGW|EN)(?:\s+(?:EN|ISO|IEC))*\s+\d{2,5}(?:[-:.]\d+)*(?![\d,])|"
                   # technical rules for workplaces and hazardous substances, accident insurance rules
                   r"ASR\s+[A-Z]\d+(?:\.\d+)*|TR[A-Z]{2,3}\s+\d{3,4}|DGUV[- ](?:Regel|Vorschrift|Information)\s+\d+(?:-\d+)*)")
# A European legal act by its number: "EU-Verordnung Nr. 763/2008", "Verordnung (EU) 2016/679", "Richtlinie 2008/98/EG".
_EU_ACT = re.compile(r"(?<![\w-])(?:(?:EU|EG|EWG)-)?(?P<kind>Verordnung|Richtlinie|Durchführungsverordnung)"
                     r"(?:\s+\((?:EU|EG|EWG)\))?(?:\s+Nr\.)?\s+\d{1,4}/\d{2,4}(?:/(?:EU|EG|EWG))?(?![\w/])")
_DECISION = re.compile(r"\b(?:beschließt|beschlossen|stimmt|genehmigt|ermächtigt|bestellt|beauftragt|hebt|nimmt)\b")
_BODY = re.compile(r"\b(?:Ortschaftsrat|Bezirksbeirat)\s+[A-ZÄÖÜ][\w-]+|"
                   rf"\bAusschuss\s+für\s+(?:{NAME_ADJECTIVE}\s+)?[A-ZÄÖÜ][\w-]+(?:\s+und\s+[A-ZÄÖÜ][\w-]+)?|"
                   # the assembly of a Verband or a company: "NVK-Verbandsversammlung", "Gesellschafterversammlung"
                   r"\b[A-ZÄÖÜ][\w-]*(?:ausschuss|beirat|[Vv]ersammlung|kommission)\b|\bGemeinderat\b|\bKreistag\b")
_GREMIUM_NAME = re.compile(r"(?:ausschuss|beirat|rat|kommission|gremium|konferenz)$", re.IGNORECASE)
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
        out += _reasons(sentence, analysis)
    if "area" in accepts:
        out += _areas(sentence, analysis)
    if "law" in accepts:
        out += _laws(sentence, analysis)
    if "decision" in accepts:
        out += _decisions(sentence, analysis.vote)
    if _specific_head(analysis.head) and analysis.answer_type in ("entity", "organisation", "place"):
        out = _agreeing_with_head(sentence, analysis, out)
    if analysis.head and analysis.answer_type in ("entity", "organisation", "place") and \
            analysis.head not in _NO_APPOSITION and not _GREMIUM_HEAD.search(analysis.head):  # Gremien: compounds
        # "Welches Büro …" — "durch das Büro Voegele + Gerhardt": named as the asked noun, the name agrees with it
        # the asked noun hyphenated at a line break ("Das Maßnahmenpa- ket M 6") is the noun
        joined = join_broken(sentence, lines_only=False)
        for n in appositions(joined, analysis.head, analysis.question, compounds=analysis.answer_type != "place"):
            if joined != sentence:
                n = replace(n, pos=max(sentence.find(n.text), 0))
            # A name another finder read too ("Firma Ragolds Süßwaren GmbH"): that one agrees, no second value.
            same = [i for i, t in enumerate(out) if n.text.split()[0] in t.answer.split() or t.answer in n.text]
            for i in same:
                t = out[i]
                out[i] = Typed(t.answer, t.value, t.type, max(t.fit, APPOSITION), t.pos, t.extra)
            if not same:
                out.append(Typed(n.text, n.text, analysis.answer_type, APPOSITION, n.pos))
    if analysis.answer_type == "entity" and NAME_QUESTION.search(fold(analysis.question)):
        # "Das Gremium führt den Namen Kunstbeirat": the name a naming verb gives is the one asked for, also where
        # another finder read it as a Gremium of the sentence.
        given = {fold(n.text): n for n in given_names(sentence, analysis.question)}
        out = [t for t in out if fold(t.answer) not in given]
        out += [Typed(n.text, n.text, "entity", HEAD_AGREES, n.pos) for n in given.values()]
    if "organisation" in accepts:
        out = [t for t in out if t.type != "organisation" or not _inside_quoted_title(sentence, t.answer)]
    # a society or a kind of company is no name, whichever finder read it
    out = [t for t in out if t.type not in ("organisation", "entity") or not _SOCIETY.fullmatch(t.answer)]
    if analysis.head and _PLURAL_HEAD.fullmatch(analysis.head):
        out = _listed(sentence, out, analysis.answer_type)
    return out


# "Welche Gesetze …", "Welche Firmen …": asked in the plural, the names a sentence lists are one answer.
_PLURAL_HEAD = re.compile(r"[\w-]*(?:gesetze|vorschriften|richtlinien|verordnungen|satzungen|normen|firmen|"
                          r"organisationen|vereine|verbande|gesellschaften|institutionen|behorden|amter|buros)")


def _listed(sentence: str, found: list[Typed], kind: str) -> list[Typed]:
    """Names of the asked kind that the sentence lists ("§ 29 Wassergesetz und § 38 Wasserhaushaltsgesetz") are one
    value in their order, with the fit of the weakest: the list replaces its members (`found` otherwise)."""
    names = sorted({t.pos: t for t in found if t.type == kind and t.pos >= 0}.values(), key=lambda t: t.pos)
    listed = [names[0]] if names else []
    for t in names[1:]:
        last = listed[-1]  # its answer's words, the line breaks between them as the sentence has them
        end = re.compile(r"\s+".join(map(re.escape, last.answer.split()))).match(sentence, last.pos)
        between = sentence[end.end() if end else last.pos + len(last.answer) : t.pos]
        if re.fullmatch(r"\s*(?:,|und|sowie|bzw\.|oder)\s*(?:(?:des|der|dem|die|das)\s+)?(?:§+\s*[\d\w.\s]*?)?", between):
            listed.append(t)
        elif len(listed) < 2:
            listed = [t]
        else:
            break
    if len(listed) < 2:
        return found
    value = " und ".join(dict.fromkeys(str(t.value) for t in listed))
    members = {id(t) for t in listed}
    return [t for t in found if id(t) not in members] + [Typed(value, value, kind, min(t.fit for t in listed), listed[0].pos)]


# Heads whose apposition is not the answer: a name asked for has no class noun; Fraktionen have their own finder.
_NO_APPOSITION = {"name", "namen", "fraktion", "fraktionen", "partei", "parteien", "person", "stelle", "stadt"}


# Heads of "Welche(r/s) X" that name a kind of thing whose names end in X ("Welches Gericht" →
# "Bundesverwaltungsgericht", "An welcher Schule" → "Elisabeth-Selbert-Schule", "Welches Amt" → "Liegenschaftsamt");
# the generic ones ("Name", "Firma", "Fraktion", "Organisation") do not.
_GENERIC_HEADS = {"name", "namen", "firma", "fraktion", "fraktionen", "partei", "parteien", "organisation", "institution",
                  "person", "unternehmen", "stelle", "einrichtung", "trager", "bieter", "bieterin", "gremium", "gremien"}
_GREMIUM_HEAD = re.compile(r"gremi|ausschuss|beirat|rat$|kommission|kreistag")
HEAD_AGREES = 1.25  # the name is a compound of the asked noun
OTHER_CLASS = 0.5  # a name of another kind of institution than the one asked for
APPOSITION = HEAD_AGREES  # a name right after the asked noun ("das Büro X") agrees with it like its compounds


def _stem(noun: str) -> str:
    """A noun without its plural or case ending ("Schulen" → "Schul", "Plätze" → "Plätz"): what its compounds share."""
    return _ENDING.sub("", noun)


_ENDING = re.compile(r"(?:en|n|e|s)$")


def _specific_head(head: str | None) -> bool:
    return bool(head) and len(head) >= 3 and head not in _GENERIC_HEADS


def _head_stem(head: str) -> str:
    return _stem(head) if len(head) > 5 else head


def _agreeing_with_head(sentence: str, analysis: QuestionAnalysis, found: list[Typed]) -> list[Typed]:
    """Names that agree with the asked noun: those that are its compounds are preferred, and a capitalised compound
    of it in the sentence is a candidate itself (the finders know no "Elisabeth-Selbert-Schule")."""
    stem = _head_stem(analysis.head or "")
    question = fold(analysis.question)
    asked_class = institution_class(analysis.head or "")
    out = []
    for t in found:
        last = t.answer.split()[-1] if t.answer.split() else ""
        if (stem in fold(t.answer) and not plural_of(fold(last), stem)) or \
                (asked_class == "gericht" and _COURT_LETTERS.match(t.answer)):  # "BVerwG" is a Gericht by its letters
            t = Typed(t.answer, t.value, t.type, t.fit * HEAD_AGREES, t.pos, t.extra)
        elif asked_class and institution_class(last) not in (None, asked_class):
            # "Welches Gericht …": a "Liegenschaftsamt" is another kind of institution
            t = Typed(t.answer, t.value, t.type, t.fit * OTHER_CLASS, t.pos, t.extra)
        out.append(t)
    known = {fold(t.answer) for t in out}
    kind = analysis.answer_type
    # Compounds with a name before a hyphen ("AS&P-Gutachten"), and hyphenated at a line break ("Liegen- schaftsamt").
    for m in re.finditer(r"(?<![\w&-])[A-ZÄÖÜ][\w&+-]*[\w](?:-[ \t]*\n[ \t]*(?!(?:und|oder|bzw|sowie)\b)[a-zäöü]\w+)?", sentence):
        word = re.sub(r"-\s+", "", m.group())
        folded = fold(word)
        if len(folded) >= len(stem) + 3 and re.search(rf"{re.escape(stem)}\w{{0,3}}$", folded) and folded not in known \
                and folded not in question:
            # A plural ("Seitenstraßen" for "Welche Straßen") is the common noun, not a name.
            out.append(Typed(word, word, kind, 0.4 if plural_of(folded, stem) else 0.8, m.start()))
            known.add(folded)
    return out


def _number_agrees(name: str, head: str) -> bool:
    """ "Welche Fraktion …" asks for one: a list of several ("GRÜNE, SPD und KAL") answers a plural head only."""
    return not (re.fullmatch(r"fraktion|partei", head) and re.search(r",|\bund\b|\bsowie\b", name))


def _party_like(name: str) -> bool:
    """ "Fraktion DIE LINKE", "Fraktion GRÜNE", "Fraktion FW|FÜR": a party's name, not the person named after
    the word ("… der Fraktion Yvette Melchien")."""
    return bool(re.match(rf"(?:{_PARTIES}|Bündnis|BÜNDNIS|Freie|Unabhängige|Karlsruher|Wählervereinigung)\b|[A-ZÄÖÜ]{{2,}}|\w+/", name))


# --- dates ----------------------------------------------------------------------------------


DATE_PREPOSITION = 1.2  # a date after the preposition the question asks with ("Zu welchem Datum" — "zum 30.04.")
_TO_DATE_Q = re.compile(r"\s*zu\s+welchem\s+(?:datum|zeitpunkt|termin|tag|stichtag)\b")
DATELINE = 1.25  # a paper's dateline ("Karlsruhe, Januar 2022") dates its issue, where that is asked
_DATELINE = re.compile(r"\s*[A-ZÄÖÜ][\wäöüß-]+(?:\s+[A-ZÄÖÜ][\wäöüß-]+)?,\s*(?:(?:den|im)\s+)?"
                       r"(?:\d{1,2}\.\s*(?:\d{1,2}\.|[A-ZÄÖÜ][a-zä]+)\s*\d{2,4}|[A-ZÄÖÜ][a-zä]+\s+\d{4})\s*")
_ISSUED_Q = re.compile(r"\b(?:herausgegeben|veroffentlicht|erstellt|verfasst|datiert|geschrieben|erschienen|publiziert)\b")
DOCUMENT_DATE = 0.8  # a date after "<noun> vom" whose noun the question does not name
SINCE_DATE = 0.8  # "Wann …?" answered by a date after "seit": a state that began then, the event less surely
_SINCE = re.compile(r"\bseit(?:\s+(?:dem|der|den))?\s*$")
# "Wann hat der Gemeinderat … beschlossen?": "In der Sitzung vom 26. April 2016 wurde … beschlossen" dates the decision.
_DECIDED_Q = re.compile(r"\b(?:beschlossen|beschliesst|beschloss\w*|entschieden|entschied\w*|beraten|beriet\w*|zugestimmt|"
                        r"verabschiedet|abgestimmt|genehmigt|gewahlt|bestellt)\b")


def german_date(iso: str) -> str:
    parts = iso.split("-")
    if len(parts) == 3:
        return f"{parts[2]}.{parts[1]}.{parts[0]}"
    if len(parts) == 2:
        return f"{_MONTH_NAMES[int(parts[1]) - 1]} {parts[0]}"
    return iso


def _dates(sentence: str, page: int, analysis: QuestionAnalysis) -> list[Typed]:
    kind = analysis.answer_type
    question = fold(analysis.question)
    issued, to_date = bool(_ISSUED_Q.search(question)), bool(_TO_DATE_Q.match(question))
    out = []
    flat = fold(join_broken(sentence, lines_only=False))  # "aufge- stellt": the verb whole
    found = find_dates(sentence, page)
    for m in found + _bare_years(join_broken(sentence, lines_only=False), page, found):
        if m.iso in analysis.dates_in_question or (m.end and m.end in analysis.dates_in_question):
            continue  # the question names this date; it asks for another
        pos = max(sentence.find(m.surface), 0)
        before = fold(join_broken(sentence[max(0, pos - 40) : pos], lines_only=False))
        local = pos + len(m.surface) // 2
        passed = bool(re.match(r"\s*(?:\S+\s+)?hinaus\b", sentence[pos + len(m.surface) : pos + len(m.surface) + 20]))
        end_cue = (bool(_END_CUE.search(before)) or bool(_END_VERB.search(flat)) or bool(_DEADLINE.search(before))) \
            and not passed
        after = sentence[pos + len(m.surface) : pos + len(m.surface) + 6]
        start_cue = bool(_START_CUE.search(before)) or bool(_START_VERB.search(flat)) or (
            before.rstrip().endswith("vom") and bool(_VOM_RANGE.match(after)))
        raw_before = join_broken(sentence[max(0, pos - 30) : pos], lines_only=False)[-25:]
        cue = re.match(r"\D*?(?=\d|[A-ZÄÖÜ])", m.surface)  # the finder may take the cue into the surface ("seit 1986")
        if cue and cue.group().strip():
            raw_before += " " + cue.group().strip()
            before = fold(raw_before)
            start_cue = start_cue or bool(_START_CUE.search(before))
            end_cue = end_cue or (bool(_END_CUE.search(before)) and not passed)
        if m.end:  # a range
            span = f"{german_date(m.iso)} – {german_date(m.end)}"
            if kind == "end":
                out.append(Typed(german_date(m.end), m.end, "end", 1.0, local))
            elif kind == "start":
                out.append(Typed(german_date(m.iso), m.iso, "start", 1.0, local))
            elif kind == "period":
                out.append(Typed(span, f"{m.iso}/{m.end}", "period", 1.0, local))
            else:  # "Wann wird … gebaut?" — a range answers with the range, a single date in it less so
                out.append(Typed(span, f"{m.iso}/{m.end}", "period", 0.6, local))
                out.append(Typed(german_date(m.iso), m.iso, "date", 0.4, local))
            continue
        precision = {"day": 1.0, "month": 0.9, "year": 0.65}[m.precision]  # "Wann …": a day if the paper gives one
        asked = {"monat": "month", "jahr": "year"}.get(analysis.head or "")
        if asked:  # "In welchem Monat …": a month is the answer, a day only names one
            precision = 1.0 if m.precision == asked else 0.5
        end_verb, start_verb = bool(_END_VERB.search(flat)), bool(_START_VERB.search(flat))
        force = _IN_FORCE.match(fold(sentence[pos + len(m.surface) : pos + len(m.surface) + 30]))
        if force:
            end_verb, start_verb = bool(force.group("out")), not force.group("out")
            end_cue, start_cue = end_verb, start_verb
        if m.precision == "year" and kind in ("start", "end") and \
                (_IMMEDIATE_START if kind == "start" else _IMMEDIATE_END).search(raw_before):
            precision = 1.0  # "seit 1986", "bis 2017": the paper gives the year in the role asked, and no day
        dated = re.search(r"(\w+)\W{0,3}\s+vom\s*$", raw_before)
        # "Beschluss des Gemeinderates vom 18. Juli 2023", "Bescheid vom 12.03.2019": the date of a paper, notice or
        # meeting, not the start or end of what it decides or grants (unless the question names that paper).
        dated = bool(dated) and fold(dated.group(1))[:6] not in question and \
            not (fold(dated.group(1)).endswith("sitzung") and _DECIDED_Q.search(question))
        if kind == "end":
            # "Bewerbungsfrist: 15.03.2024": a deadline's noun right before the date names the end as "bis" does
            fit = 1.0 if _IMMEDIATE_END.search(raw_before) or _DEADLINE.search(before) else \
                0.3 if start_verb and not end_verb else \
                0.9 if end_cue and not _START_CUE.search(before) else 0.3 if start_cue else 0.5
            fit *= DOCUMENT_DATE if dated else 1.0
        elif kind == "start":
            fit = 1.0 if _IMMEDIATE_START.search(raw_before) else \
                0.3 if end_verb and not start_verb else \
                0.9 if start_cue and not _END_CUE.search(before) else 0.3 if end_cue else 0.5
            fit *= DOCUMENT_DATE if dated else 1.0
        elif kind == "period":
            continue
        else:
            # "Empfehlung des Ausschusses vom 16.11.2016": the date of another paper or meeting
            fit = DOCUMENT_DATE if dated else 1.0
            fit *= SINCE_DATE if _SINCE.search(before) else 1.0
            if issued and _DATELINE.fullmatch(sentence):
                fit *= DATELINE  # "Wann wurde der Bericht herausgegeben?" — its dateline "Karlsruhe, Januar 2022"
        if to_date and re.search(r"\b(?:zum|per)\s*$", raw_before):
            fit *= DATE_PREPOSITION  # "Zu welchem Datum …?" — "um die Entlassung zum 30.04.2023", not "Schreiben vom"
        out.append(Typed(german_date(m.iso), m.iso, kind if kind != "period" else "date", fit * precision, local))
    if analysis.head == "jahr" and kind == "date":
        # "In welchem Jahr wurde das Hexenstäffele angelegt?" — "Das im Jahr 1781 angelegte …": a year of any
        # century after "im Jahr" (the date finder reads years of this and the last century only).
        found = {t.value for t in out}
        for m in re.finditer(r"\b(?:im\s+Jahre?|anno|seit)\s+(?P<y>1[0-9]{3}|20[0-9]{2})\b", sentence):
            if m.group("y") not in found and m.group("y") not in analysis.dates_in_question:
                out.append(Typed(m.group("y"), m.group("y"), "date", 1.0, m.start("y") + 2))
    if kind == "period":
        out += _durations(sentence)
    return out


def _durations(sentence: str) -> list[Typed]:
    """Spans of time: "8 Jahre", "von 10 bis 15 Jahren" (a range: one answer, "10 bis 15 Jahre"), "ein Jahr", and the
    adjective compounds "nach einjähriger Erprobung", "eine zweijährige Laufzeit" ("1 Jahr", "2 Jahre")."""
    out = []
    ranges = [(m.start(), m.end()) for m in _DURATION_RANGE.finditer(sentence)]
    for m in _DURATION_RANGE.finditer(sentence):
        low, high = _duration_number(m.group("low")), _duration_number(m.group("n"))
        value = f"{low:g} bis {high:g} {_plural_unit(m.group('unit'))}"
        out.append(Typed(" ".join(m.group().split()), value, "period", 0.9 * _duration_fit(sentence, m), m.start()))
    for m in _DURATION.finditer(sentence):
        if any(a <= m.start() < b for a, b in ranges):
            continue  # the upper end of a range read above
        number = _duration_number(m.group("n"))
        value = f"{number:g} {_plural_unit(m.group('unit'))}"
        out.append(Typed(" ".join(m.group().split()), value, "period", 0.9 * _duration_fit(sentence, m), m.start()))
    for m in _DURATION_ONE.finditer(sentence):
        unit = m.group("unit").rstrip("esn") if m.group("unit") != "Woche" else "Woche"
        out.append(Typed(" ".join(m.group().split()), f"1 {unit}", "period", 0.9 * _duration_fit(sentence, m), m.start()))
    for m in _DURATION_ADJECTIVE.finditer(sentence):
        number = _duration_number(m.group("n"))
        unit = _ADJECTIVE_UNITS[m.group("unit").lower()]
        value = f"1 {unit[0]}" if number == 1 else f"{number:g} {unit[1]}"
        out.append(Typed(" ".join(m.group().split()), value, "period", 0.9, m.start()))
    for m in _CLOCK_RANGE.finditer(sentence):  # hours of the day: "von 13 bis 18 Uhr", "08:00 Uhr bis 23:30 Uhr"
        span = " ".join(m.group("range").split())
        out.append(Typed(span, span, "period", 0.9, m.start()))
    return out


# Hours of the day, from … to: "in der Zeit von 13 bis 18 Uhr", "8.00 – 12.30 Uhr", "08:00 Uhr bis 23:30 Uhr".
_CLOCK = r"(?:[01]?\d|2[0-4])(?:[:.][0-5]\d)?"
_CLOCK_RANGE = re.compile(rf"(?<![\w.,:/])(?P<range>{_CLOCK}(?:\s*Uhr)?\s*(?:bis|-|–)\s*{_CLOCK}\s*Uhr)\b")


def _duration_number(n: str) -> float:
    n = n.strip("-")
    return float(n.replace(",", ".")) if n[0].isdigit() else float(number_word(n) or _COUNT_WORDS.get(fold(n), 0) or
                                                                      (1 if fold(n) in ("ein", "eine", "einem", "einen") else 0))


def _plural_unit(unit: str) -> str:
    """dative "Jahren"/"Monaten"/"Tagen" → the plural; "Minuten", "Stunden", "Wochen" are plurals already"""
    return re.sub(r"(?<=[ae])n$", "", unit) if unit in ("Jahren", "Monaten", "Tagen") else unit


_SMALL_NUMBER = r"\d+(?:,\d+)?|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf"
_DURATION_RANGE = re.compile(rf"(?<![\w,.])(?P<low>{_SMALL_NUMBER})\s*(?:bis|-|–)\s*(?P<n>{_SMALL_NUMBER}|fünfzehn|zwanzig|dreißig)"
                             r"\s+(?P<unit>Monate[n]?|Jahre[n]?|Wochen|Tage[n]?|Minuten|Stunden)\b")
# "für ein Jahr", "innerhalb eines Monats", "nach einer Woche": one unit of time
_DURATION_ONE = re.compile(r"\b(?:ein|einen|einem|eines|eine|einer)\s+(?P<unit>Jahr(?:es|s)?|Monat(?:s|es)?|Woche|Tag(?:es|s)?)\b")
# "nach einjähriger Erprobungsphase", "eine zweijährige Laufzeit", "die 3-monatige Frist"
_DURATION_ADJECTIVE = re.compile(rf"\b(?P<n>ein|{_SMALL_NUMBER}|\d+-)(?P<unit>jährig|monatig|wöchig|tägig)(?:e[nmrs]?)?\b",
                                  re.IGNORECASE)
_ADJECTIVE_UNITS = {"jährig": ("Jahr", "Jahre"), "monatig": ("Monat", "Monate"), "wöchig": ("Woche", "Wochen"),
                    "tägig": ("Tag", "Tage")}


# A year the date finder leaves alone (it reads "seit", "ab", "im Jahr", "Ende" … in lower case only and never "bis"):
# "Seit 1997 führt das Amt …", "Bereits 1978 wurden … aufgestellt", "die Rückstände bis 2017 abbauen", or a sentence
# opening with its year and verb ("2019 wurden 12 Anträge gestellt"). Not a year followed by a capitalised noun: "seit
# 2000 Fällen" is a count. A noun of setting up names its year after it ("seit seiner Einführung 1986").
_BARE_YEAR = re.compile(r"(?:\b(?:[Ss]eit|[Aa]b|[Bb]is(?:\s+(?:zum\s+)?(?:Jahre?|Ende))?|[Bb]ereits|[Ss]chon|[Ee]rst|Einführung|Gründung|"
                        r"Eröffnung|Inbetriebnahme|Errichtung|Einrichtung|Fertigstellung)\s+|^\s*)"
                        r"(?P<y>(?:19|20)\d{2})\b(?![./,-]\d)(?!\s+[A-ZÄÖÜ])(?=\s+[a-zäöüß]|\s*[,.;)]|\s*$)")


def _bare_years(sentence: str, page: int, found: list[DateMention]) -> list[DateMention]:
    known = {m.iso for m in found}
    out = []
    for m in _BARE_YEAR.finditer(sentence):
        opening = not m.group().strip()[:1].isalpha()  # no cue: the sentence opens with the year
        if m.group("y") in known or (opening and not re.match(r"\s+[a-zäöüß]", sentence[m.end() :])):
            continue
        known.add(m.group("y"))
        out.append(DateMention(iso=m.group("y"), surface=m.group("y"), sentence=sentence, page=page, precision="year"))
    return out


# --- amounts and counts ------------------------------------------------------------------------


def _duration_fit(sentence: str, m: re.Match[str]) -> float:
    """ "für die Dauer von 8 Jahren", "Laufzeit von 24 Monaten": a span of time; "Kinder von elf Monaten bis sechs
    Jahren", "unter 18 Jahren", "ab 16 Jahren", "im Alter von 65 Jahren": an age (or an age range), not how long
    something lasts."""
    before = sentence[max(0, m.start() - 30) : m.start()]
    after = sentence[m.end() : m.end() + 25]
    if re.search(r"\b(?:Dauer|Laufzeit|Zeitraum|Amtszeit|Frist|Befristung|Wahlzeit)\s+(?:von\s+)?(?:(?:jeweils|insgesamt|rund|ca\.)\s+)?$", before):
        return 1.0 / 0.9  # the noun says it is a span of time: the full fit
    # An age takes the dative after its preposition ("unter 18 Jahren", "bis zu 3 Jahren"); "bis zu 9 Monate im Jahr"
    # (accusative) is how long something lasts.
    dative = m.group("unit") not in ("Jahre", "Monate", "Tage")
    age = (dative and re.search(r"\b(?:unter|über|ab|bis\s+zu)\s+$", before)) \
        or re.search(r"\b(?:Alter\s+von|Alter\s+zwischen|Kinder\w*\s+von|Jugendliche\w*\s+von)\s+$", before) \
        or re.match(r"\s+(?:alt|und\s+älter|und\s+jünger)\b", after) \
        or re.search(r"\bvon\s+\S+\s+(?:Monate|Jahre)n?\s+bis\s+$", before) \
        or (re.search(r"\bvon\s+$", before) and re.match(r"\s+bis\s+(?:zu\s+)?(?:\d+|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf)\s+Jahre", after))
    return AGE_FIT if age else 1.0


AGE_FIT = 0.5  # a duration that reads as an age
_UPPER_EURO = re.compile(r"\bEURO\b")  # "881.956,70 EURO": the amount finder knows "Euro", "EUR" and "€"


def _amounts(sentence: str, page: int, analysis: QuestionAnalysis) -> list[Typed]:
    out = []
    cursor = 0
    sentence = _UPPER_EURO.sub("Euro", sentence)  # same length: positions stay
    for a in find_amounts(sentence, page):
        pos = sentence.find(a.surface.split()[0], cursor)
        pos = pos if pos >= 0 else cursor
        cursor = pos + 1
        kind = "percentage" if a.unit == "%" else "amount"
        fit = (1.0 if kind == analysis.answer_type else 0.6) * _preposition_fit(sentence, pos, analysis)
        answer = a.surface if a.unit == "%" else _euro(a.surface)
        out.append(Typed(answer, a.value, kind, fit, pos))
    for m in _FRACTION_AMOUNT.finditer(sentence):  # "eine Investition von mindestens ½ Mio. Euro"
        value = (float(m.group("whole") or 0) + _FRACTIONS[m.group("frac")]) * _SCALES[m.group("scale")[:3].lower()]
        fit = (1.0 if analysis.answer_type == "amount" else 0.6) * _preposition_fit(sentence, m.start(), analysis)
        out.append(Typed(" ".join(m.group().split()), value, "amount", fit, m.start()))
    return out


_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75}
_SCALES = {"mio": 1e6, "mil": 1e6, "mrd": 1e9}
_FRACTION_AMOUNT = re.compile(r"(?<![\d,.])(?P<whole>\d+)?\s?(?P<frac>[½¼¾])\s*(?P<scale>Mio\.?|Millionen|Mrd\.?)\s*(?:€|Euro\b|EUR\b)")


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
    taken = [m.surface for m in find_dates(sentence, page)] + [a.surface for a in find_amounts(_UPPER_EURO.sub("Euro", sentence), page)]
    out = []
    for m in _NUMBER.finditer(sentence):
        n = m.group("n")
        if any(n in t for t in taken) or n in analysis.numbers_in_question or \
                (re.fullmatch(r"(?:19|20)\d{2}", n) and not _year_shaped_count(sentence, m, analysis)):
            continue
        if re.search(r"(?:Nr\.?|TOP|Nummer|§)\s*$", sentence[max(0, m.start() - 8) : m.start()]):
            continue
        number = float(re.sub(r"[.\s]", "", n).replace(",", ".")) if n[0].isdigit() else \
            float(number_word(n) or _COUNT_WORDS.get(fold(n), 0))
        noun = fold(m.group("noun"))
        if noun.endswith("-"):  # a noun hyphenated at a line break: "2.853 Plät- zen"
            rest = re.match(r"\s+([a-zäöüß]+)", sentence[m.end() : m.end() + 30])
            noun = noun[:-1] + fold(rest.group(1)) if rest else noun
        if analysis.counted and noun.endswith("er"):
            # "An den sechs Karlsruher Schulen": a capitalised adjective of a place stands before the noun counted.
            named = re.match(r"[ \t]+([A-ZÄÖÜ][\wäöüß-]+)", sentence[m.end() : m.end() + 40])
            stem = _stem(analysis.counted)
            if named and stem not in noun and stem in fold(named.group(1)):
                noun = fold(named.group(1))
        # "180 Plätze in der Tagespflege": the attribute after the noun says what is counted.
        attribute = re.match(r"\s+(?:in\s+der|im|in\s+den|für\s+die|für\s+den|an\s+der|bei\s+der)\s+([A-ZÄÖÜ][\wäöüß-]+)",
                             sentence[m.end() : m.end() + 40])
        if attribute and analysis.counted:
            combined = fold(attribute.group(1)) + noun
            if _stem(analysis.counted) in combined:
                noun = combined
        if analysis.counted:
            # The noun counted, or a more specific one (1.0); only its head ("Gespräche" for "Beratungsgespräche"): 0.8.
            stem = _stem(analysis.counted)
            # The same head of another compound ("Betreuungsplätze" for "Kindergartenplätze") counts as the head alone.
            heads = [p for p in analysis.value_nouns[1:] if len(p) >= 4]
            fit = 1.0 if stem in noun or _same_vote(analysis.counted, noun) else \
                0.8 if _same_noun(analysis.counted, noun) or any(h in noun for h in heads) else 0.3
        else:
            fit = 0.6
        out.append(Typed(" ".join(m.group().split()), number, "count", fit, m.start()))
    out += _labelled_counts(sentence, analysis)
    return _part_of(sentence, analysis, out)


# A count after its label, as tables and forms give it: "Anzahl eingereichter Angebote 1", "Zahl der Teilnehmer: 45",
# "Teilnehmerzahl 45" (no noun after the number says what it counts: the label before it does).
# Prose says it with a verb: "Die Zahl der Teilnehmenden lag zuletzt bei 1.234", "Die Anzahl der Schülerinnen und
# Schüler in Vorbereitungsklassen beträgt 654", "Bewerberzahlen (zuletzt 135)".
_COUNT_VERB = (r"(?P<verb>(?:\s+[\wäöüß-]+){0,5}?\s+(?:beträgt|betrug|betragen|betrugen|lag|liegt|lagen|liegen|stieg|steigt|"
               r"stiegen|sank|sinkt|belief\s+sich|beläuft\s+sich|erhöhte\s+sich|erhöht\s+sich|verringerte\s+sich)\b"
               r"(?:(?:\s+[\wäöüß.]+){0,4}?\s+(?:bei|auf))?"
               r"(?:\s+(?:zuletzt|derzeit|aktuell|rund|ca\.|etwa|insgesamt|nun|jetzt|mittlerweile|inzwischen))*\s+"
               r"|(?:\s+[a-zäöüß]+){0,2}\s*\((?:zuletzt|aktuell|derzeit|rund|ca\.)?\s*(?=\d[\d.]*\)))")
_LABELLED_COUNT = re.compile(
    r"(?:\b(?:Anzahl|Zahl)\s+(?:der\s+|an\s+|von\s+)?(?:[a-zäöüß][\wäöüß]*\s+){0,2}(?P<noun>[A-ZÄÖÜ][\wäöüß-]+)"
    r"|\b(?P<compound>[A-ZÄÖÜ][\wäöüß-]{2,}?)(?:anzahl|zahl)(?:en)?)(?:" + _COUNT_VERB + r"|\s*:?[ \t]*)"
    r"(?P<n>\d{1,3}(?:\.\d{3})+|\d+)(?![\d.,]*\d)(?!\s*(?:%|€|Euro|EUR|Prozent)\b)")


def _labelled_counts(sentence: str, analysis: QuestionAnalysis) -> list[Typed]:
    if not analysis.counted:
        return []
    stem = _stem(analysis.counted)
    out = []
    for m in _LABELLED_COUNT.finditer(sentence):
        noun = fold(m.group("noun") or m.group("compound"))
        if m.group("n") in analysis.numbers_in_question or not (stem in noun or _same_noun(analysis.counted, noun)):
            continue
        number = float(m.group("n").replace(".", ""))
        label = " ".join(sentence[m.start() : m.start("verb") if m.group("verb") is not None else m.start("n")].split()).rstrip(" :")
        out.append(Typed(f"{m.group('n')} ({label})", number, "count", 1.0, m.start("n")))
    return out


_PART_OF = re.compile(r"(?<![\w.,/:])(?P<n>\d+)\s+(?:von|der|aus)\s+(?:(?:insgesamt|allen)\s+)?(?P<m>\d+)(?=\s+[A-ZÄÖÜ])")


def _part_of(sentence: str, analysis: QuestionAnalysis, found: list[Typed]) -> list[Typed]:
    """ "in 14 von 27 Stadtteilen", "73 der 75 Plätze": the first number counts the noun too (a part of the second);
    the second keeps its own candidate (a total)."""
    for m in _PART_OF.finditer(sentence):
        whole = [t for t in found if t.pos == m.start("m")]
        if not whole or m.group("n") in analysis.numbers_in_question or any(t.pos == m.start() for t in found):
            continue
        t = whole[0]
        found.append(Typed(f"{m.group('n')} {sentence[m.end('n') : m.start('m')].strip()} {t.answer}", float(m.group("n")),
                           "count", t.fit, m.start()))
        if not _WHOLE_ASKED.search(fold(analysis.question)):  # the set the part is taken from is not what is asked
            found = [Typed(x.answer, x.value, x.type, x.fit * WHOLE_OF_PART, x.pos, x.extra) if x is t else x for x in found]
    return found


WHOLE_OF_PART = 0.85
_WHOLE_ASKED = re.compile(r"\b(?:insgesamt|gesamt\w*|alle[rn]?|von\s+wie\s*viele\w*)\b")


_COUNT_WORDS = {"dreizehn": 13, "vierzehn": 14, "funfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18,
                "neunzehn": 19, "zwanzig": 20, "dreissig": 30, "vierzig": 40, "funfzig": 50, "hundert": 100}
_TIME_BEFORE = re.compile(r"\b(?:im|in|seit|bis|ab|vom|von|zum|nach|vor|um|Jahre?s?|Anfang|Mitte|Ende|Stand|Haushalt\w*|"
                          r"Frühjahr|Sommer|Herbst|Winter|Quartal)\s*$", re.IGNORECASE)


def _year_shaped_count(sentence: str, m: re.Match[str], analysis: QuestionAnalysis) -> bool:
    """ "In Karlsruhe fehlen … 2000 Betreuungsplätze": a number shaped like a year is a count where the noun counted
    follows it at once and no word of time stands before it ("im Jahr 2019 Menschen …", "seit 2015 Wohnungen …")."""
    if not analysis.counted or m.group("gap").strip():
        return False
    stem = _stem(analysis.counted)
    return stem in fold(m.group("noun")) and not _TIME_BEFORE.search(sentence[max(0, m.start() - 20) : m.start()])


_VOTES = (("ja", re.compile(r"(?:ja|dafur|fur|zustimmung\w*)(?:-?stimme[n]?)?")),
          ("nein", re.compile(r"(?:nein|gegen|dagegen)(?:-?stimme[n]?)?|ablehnung\w*")),
          ("enthaltung", re.compile(r"enthaltung\w*|stimmenthaltung\w*")))


def _same_vote(counted: str, noun: str) -> bool:
    """A vote result ("Mehrheitliche Zustimmung (30 JA, 16 NEIN-Stimmen, 2 Enthaltungen)"): "Gegenstimmen" are the
    NEIN votes, "Ja-Stimmen" / "Stimmen dafür" the JA votes, whatever word the minutes use."""
    kinds = [{kind for kind, pattern in _VOTES if pattern.fullmatch(word)} for word in (counted, noun)]
    return bool(kinds[0] & kinds[1])


def _same_noun(counted: str, noun: str) -> bool:
    """ "Kurse" counts "Integrationskurse", "Stellen" counts "Vollzeitstellen"; "Schüler" does not count "Förderschulen"."""
    stem = _stem(counted)
    noun_stem = _stem(noun)
    if "-" in counted and counted.split("-")[0] == noun:  # "Ja-Stimmen" counted as "35 JA"
        return True
    return len(stem) >= 3 and (stem in noun or (len(noun_stem) >= 4 and stem.endswith(noun_stem)))


# --- people, organisations, places, entities -----------------------------------------------


def _people(sentence: str, page: int, analysis: QuestionAnalysis, roles: dict[str, str | None]) -> list[Typed]:
    out = []
    asked = analysis.roles
    flat = fold(sentence)
    question = fold(analysis.question)
    people = [(p.name, p.role) for p in find_people(sentence, page)
              if not p.name.endswith(("Stadtrat", "Stadträtin", "Dr", "Dr.", "Prof", "Prof.", "Dipl", "Dipl.", "Ing", "Ing."))]
    known = {n.split()[-1] for n, _ in people}
    for m in _TITLED.finditer(sentence):
        name = m.group("name")
        if name.split()[-1] in known or fold(name.split()[-1]) in ("der", "die"):
            continue
        roles_before = list(_ROLE_NEAR.finditer(sentence[max(0, m.start() - 60) : m.start()]))
        role = roles_before[-1].group() if roles_before else m.group("title").split()[-1]
        people.append((" ".join((m.group("title") + name).split()), role if role not in ("Herr", "Herrn", "Frau") else None))
        known.add(name.split()[-1])
    for m in _SIGNED.finditer(sentence):
        for name in re.split(r"\s*(?:,|\bund\b|\n)\s*", m.group("names") or m.group("surname")):
            name = re.sub(r"^(?:(?:Dr|Prof)\.\s*)+", "", " ".join(name.split()))
            if (len(name.split()) >= 2 or m.group("surname")) and name.split()[-1] not in known and not _PARTY_WORD.search(name):
                people.append((name, "Unterzeichner"))
                known.add(name.split()[-1])
    for m in _GIVEN_NAMED.finditer(sentence):  # "hat Bernd Bechtold … vorgeschlagen": a first name makes a person
        if m.group("listed"):
            first, surname, name = m.group("listed_first"), m.group("listed"), f"{m.group('listed_first')} {m.group('listed')}"
            end = m.end("listed_first")
        else:
            first, second, surname = m.group("first"), m.group("second"), m.group("surname")
            end = m.end("surname")
            if second and not is_given_name(second):  # "Christian Griesbach Dieser …": the name ends before
                second, surname, end = None, second, m.end("second")
            name = " ".join(w for w in (first, second, surname) if w)
        surname = surname.split()[-1]
        after = re.match(r"[ \t]+([\wäöüß]+)", sentence[end:])  # "Hans Thoma Schule": a school's name, no person
        if (not is_given_name(first) or surname in known or surname in NAME_STOP or _TITLE_WORD.fullmatch(surname)
                or _NOT_SURNAME.fullmatch(surname) or (after and _PLACE_AFTER.fullmatch(after.group(1)))):
            continue
        roles_before = list(_ROLE_NEAR.finditer(sentence[max(0, m.start() - 60) : m.start()]))
        people.append((name, roles_before[-1].group() if roles_before else None))
        known.add(surname)
    holders: list[bool] = []  # per person in `out`: the sentence gives them the asked role
    # The preposition the question asks with ("Von welchem Künstler", "Von wem", "Mit wem"): a name right after it
    # stands where the answer stands.
    by = re.match(r"\s*(von|mit|bei|durch)\s+(?:wem|welche[mnr])\b", question)
    asked_by = by.group(1) if by else None
    for name, person_role in people:
        surname = name.split()[-1]
        if fold(surname) in question:
            continue  # the question names this person
        role = roles.get(surname) or person_role
        role_f = fold(role or "")
        holds = any(_role_match(r, role_f) for r in asked)  # the person the sentence gives the asked role
        at = max(0, sentence.find(name))
        if asked and not holds:
            # the asked role right after the name ("Yatalamatte Wipassi Thero, unser Projektleiter", "Ulrich Krumm\n
            # Schulsozialarbeit am …") or right before it ("sein Karlsruher Partner Martin Müller"), whether or not
            # the list of roles knows it
            after = _ROLE_AFTER.match(sentence, at + len(name)) if at or sentence.startswith(name) else None
            before_name = re.search(r"(?P<role>[A-ZÄÖÜ][\wäöüß-]+)[ \t]+$", sentence[max(0, at - 60) : at])
            if after and any(_role_match(r, fold(after.group("role"))) for r in asked):
                holds, role = True, role or after.group("role")
            elif before_name and any(_role_match(r, fold(before_name.group("role"))) for r in asked):
                holds = True
        # "Geschäftsführer der TTK" does not answer "Wer ist Geschäftsführer des Verkehrsverbunds?"
        elsewhere = holds and _role_elsewhere(question, fold(sentence[max(0, at - 60) : at]), asked)
        holds = holds and not elsewhere
        if asked == ("unterzeichn",):  # anyone may sign: a named signatory is preferred, others are not unlikely
            fit = 1.0 if holds else 0.9
        elif asked:
            fit = 1.0 if holds else ROLE_ELSEWHERE if elsewhere else 0.8 if any(r in flat for r in asked) else 0.35
            if fit == 0.8 and _handed_role(fold(sentence[:at]), asked):
                fit = 1.0  # "Die Koordination übernimmt Herr Tobias Wendt": the role is handed to this person
        else:
            fit = 0.9
        if fit < ASKED_PREPOSITION and asked_by and re.search(rf"\b{asked_by}\s+(?:(?:Herrn?|Frau|Dr\.|Prof\.)\s+)*$",
                                                           sentence[max(0, at - 30) : at], re.IGNORECASE):
            fit = ASKED_PREPOSITION  # "Von welchem Künstler …?" – "das Kunstwerk … von Axel Heil"
        if analysis.answer_type == "organisation":
            fit *= 0.6
        answer = f"{name} ({role})" if role and role not in name else name  # not "Stadtrat Honné (Stadtrat)"
        pos = max(sentence.find(surname), 0)
        out.append(Typed(answer, name, "person", fit, pos, role or ""))
        holders.append(holds)
    if asked != ("unterzeichn",) and any(holders):
        # the asked role is another person's in this sentence ("Herr Turkali (Vorsitzender) und Herr Haas"): the
        # others only stand beside it
        out = [t if holds else replace(t, fit=t.fit * OTHERS_ROLE) for t, holds in zip(out, holders)]
    return out


OTHERS_ROLE = 0.6  # a person beside the one the sentence gives the asked role
ASKED_PREPOSITION = 0.8  # a person after the preposition the question asks with, the asked role not given
# A role right after a name, as an apposition or a signature's next line: "Thero, unser Projektleiter in …",
# "Ulrich Krumm\nSchulsozialarbeit am Markgrafen-Gymnasium".
_ROLE_AFTER = re.compile(r"[ \t]*(?:,[ \t]*(?:(?:unser|unsere|ihr|ihre|sein|seine|der|die)[ \t]+)?|\n[ \t]*)"
                         r"(?P<role>[A-ZÄÖÜ][\wäöüß-]+)")
ROLE_ELSEWHERE = 0.35  # the asked role, given for another organisation than the question's: as if not given


def _role_elsewhere(question: str, before: str, asked: tuple[str, ...]) -> bool:
    """The question asks the role of one organisation ("Geschäftsführer des Karlsruher Verkehrsverbunds"), the
    sentence gives it for another ("Geschäftsführer der TTK, Herr …"); `question`, `before` (the text before the
    name) folded. False where either names none, or the sentence's one shares a word with the question's or is an
    acronym with its first letter."""
    for role in asked:
        asked_of = re.search(rf"\b\w*{re.escape(role)}\w*\s+(?:des|der)\s+((?:[\w-]+\s*){{1,3}})", question)
        given_of = list(re.finditer(rf"\b\w*{re.escape(role)}\w*\s+(?:des|der)\s+([\w-]+)", before))
        if not asked_of or not given_of:
            continue
        words = [w for w in re.findall(r"[\w-]+", asked_of.group(1)) if len(w) >= 3]
        given = given_of[-1].group(1)
        initials = "".join(p[0] for w in words for p in re.split(r"-", w) if p)
        short = len(given) <= 5  # an acronym ("KVV" for "Karlsruher Verkehrsverbund"): its first letter must agree
        if not any(w[:5] == given[:5] for w in words) and not (short and given[0] == initials[:1]):
            return True
    return False


_HANDED = re.compile(r"\s+(?:ubernimmt|ubernehmen|ubernahm|obliegt|oblag|liegt\s+bei|lag\s+bei|verantwortet|tragt|hat)"
                     r"(?:\s+(?:jetzt|kunftig|nun|weiterhin|seit\s+\S+|ab\s+\S+))?\s*$")


def _handed_role(before: str, asked: tuple[str, ...]) -> bool:
    """The asked role's noun as the subject of a verb that hands it to the person after it ("Die Koordination
    übernimmt Herr …", "Die Projektleitung liegt bei Frau …"); `before` is the folded text before the name."""
    m = re.search(r"(\w+)" + _HANDED.pattern, before)
    return bool(m) and any(r in m.group(1) for r in asked)


def _role_match(asked: str, role: str) -> bool:
    """ "projektmitarbeiter" asked, "projektmitarbeitende" named: one word family."""
    if not role:
        return False
    if asked in role:
        return True
    n = 0
    for x, y in zip(asked, role):
        if x != y:
            break
        n += 1
    return n >= max(5, 0.7 * min(len(asked), len(role)))


def _organisations(sentence: str, analysis: QuestionAnalysis) -> list[Typed]:
    """Named institutions, firms, associations and Fraktionen; the question's head noun ("Welche Firma",
    "Welche Fraktion", "Welches Ingenieurbüro") prefers the kind of name it asks for."""
    question = fold(analysis.question)
    kinds: list[tuple[str, str]] = [("org", n) for n in find_organisations(sentence)]
    kinds += [("fraktion", f"Fraktion {m.group('name')}") for m in _FRAKTION.finditer(sentence) if _party_like(m.group("name"))]
    # An institution in the genitive only with its field or Land ("des Verwaltungsgerichtshofes Baden-Württemberg"):
    # the bare genitive ("des Kreissozialamtes") is mostly an attribute of another noun, a rival to the answer — unless
    # the question asks for that attribute ("In wessen Vorhaben …?": "… des Umweltbundesamtes").
    owner = bool(re.search(r"\bwessen\b", question))
    kinds += [("org", " ".join((m.group("name") + m.group("rest")).split())) for m in _INSTITUTION.finditer(sentence)
              if not _GENERIC_UNIT.fullmatch(m.group("name").strip())
              and (m.group("rest").strip() or not m.group("genitive") or owner)]
    kinds += [("org", f"Land {m.group('name')}" if m.group("name") else "Land") for m in _LAND.finditer(sentence)]
    kinds += [("org", _COURT_TOWN_NOT.sub("", m.group())) for m in _COURT_ABBR.finditer(sentence)]
    kinds += [("firm", trim_name(_LABEL_WORD.sub("", _joined_part(" ".join((m.group("a") or m.group("b")).split())))))
              for m in _FIRM.finditer(join_broken(sentence))
              if (m.group("a") or m.group("b")) and len((m.group("a") or m.group("b")).strip()) > 2
              and not _FUNCTION_WORD.match((m.group("a") or m.group("b")).strip())]
    kinds += [("firm", " ".join(m.group("name").split())) for m in _TRADE_LABEL.finditer(sentence)
              if not re.match(r"(?:Amt|Stadt|Fachbereich)\b", m.group("name").strip())]
    kinds += [("fraktion", m.group("name")) for m in _FRAKTION_NAMED.finditer(sentence)]
    if analysis.answer_type != "person":  # "Stadtrat Hofmann (CDU) fragt …": asked who, the speaker answers
        kinds += [("fraktion", m.group("name")) for m in _PARTY_PAREN.finditer(sentence)]
    asked_short: set[str] = set()  # "ein Gründungs- und Gewerbezentrum (GGZ)" asked about: its short form is the
    # question's subject, not the answer
    for m in _ABBREV.finditer(sentence):
        long = abbreviation_long_form(m.group("long"), m.group("short"))
        if long and fold(long) in question:
            asked_short.add(m.group("short"))
        # "Stadtrat Hofmann (CDU)" gives a party, not an abbreviation (`_PARTY_PAREN` reads it). The name with its
        # abbreviation is one value (`kb.answer_groups.merge_abbreviations` joins either form read elsewhere to it).
        if long and fold(long) not in question and not re.search(rf"(?<!\w){re.escape(fold(m.group('short')))}(?!\w)", question) \
                and not _rule_kind(long.split()[0]):  # "Gesetz gegen Wettbewerbsbeschränkungen (GWB)" is a law
            kinds += [("org", f"{long} ({m.group('paren')})")]
    kinds += [("partner", name) for name in _partners(sentence, analysis.question)]
    # An acronym no list knows, used as a noun ("im Besitz der KVVH"): a guess, weaker than any name read whole
    kinds += [("acronym", m.group("short")) for m in _ARTICLE_ACRONYM.finditer(sentence)
              if not _PARTY_WORD.fullmatch(m.group("short"))]
    # "vom Ingenieurbüro Schmidt + Partner", "von der Organisation Attac Deutschland": named by their class noun
    # (not where another finder read the same name: "Firma Ragolds Süßwaren GmbH" is one value, not two)
    kinds += [("firm" if re.search(r"(?:Büro|Firma|Unternehmen|Kanzlei|Anbieter|Dienstleister)\s*$", sentence[: n.pos])
               else "org", n.text) for n in class_names(sentence, analysis.question)
              if not any(n.text.split()[0] in name.split() or name in n.text for _, name in kinds)]
    kinds += [("fraktion", n.text) for n in fraktionen(sentence, analysis.question)  # "Ergänzungsantrag: SPD"
              if _number_agrees(n.text, analysis.head or "")]
    head = analysis.head or ""
    wanted = ("firm" if re.search(r"firma|unternehmen|buro|bieter|betreiber", head)
              else "fraktion" if re.search(r"fraktion|partei", head)
              else "partner" if re.search(r"\b(?:mit\s+wem|wessen)\b", fold(analysis.question))
              else "institution" if institution_class(head) else None)  # "Welches Amt / Gericht / welche Schule"
    base = 1.0 if analysis.answer_type == "organisation" or (analysis.answer_type == "entity" and analysis.head != "name") \
        else 0.6 if analysis.answer_type == "entity" else 0.45
    if analysis.answer_type == "entity" and head and wanted is None and not _GREMIUM_HEAD.search(head):
        base *= ORGANISATION_FOR_THING  # "Auf welchem Flurstück …", "Welche Kleingartenanlage …": a thing, not who
    # "Welches Ingenieurbüro / Architekturbüro / Planungsbüro": the compound's first part names the trade; a
    # firm whose name or table label ("Ingenieurleistung: dplan …") names it is the one asked for.
    trade = re.match(r"(ingenieur|architekt|planung|bau|gutacht|anwalt|steuer)\w*(?:buro|gesellschaft|firma)$", head)
    best: dict[str, float] = {}  # a name several finders read (an abbreviation's long form, a partner): its best kind
    for kind, name in kinds:
        name = _branded(sentence, _nominative(name.strip(" ,.:")))
        if len(name) < 2 or fold(name) in question or _SHOUTED.fullmatch(name) or name in asked_short:
            continue
        # An institution asked for: any name but a Fraktion's may be one ("GRÜNE-Gemeinderatsfraktion" is no Amt).
        fit = base * (1.0 if wanted is None or kind == wanted or (wanted == "institution" and kind != "fraktion") else 0.3)
        fit *= UNKNOWN_ACRONYM if kind == "acronym" else 1.0
        if trade and kind == "firm":
            at = sentence.find(name)
            label = fold(sentence[max(0, at - 40) : at] + " " + name) if at >= 0 else fold(name)
            fit *= 1.0 if trade.group(1) in label else 0.6
        best[name] = max(fit, best.get(name, 0.0))
    # The sentence defines an abbreviation ("Kommunalverband für Jugend- und Soziales (KVJS)"): the other finders' parts
    # of it ("Kommunalverband", "KVJS") are that one name, not rival values of the sentence.
    defined = [n for n in best if n.endswith(")") and " (" in n]
    parts = {n for n in best if any(n != d and n in d for d in defined)}
    # "Institut für Regionalwirtschaft" read by one finder, "… GmbH" by another: one firm, named with its legal form
    parts |= {n for n in best if any(o.startswith(n + " ") and _LEGAL_FORM.fullmatch(o[len(n) + 1 :]) for o in best)}
    best = {n: max([f] + [best[p] for p in parts if p in n]) for n, f in best.items() if n not in parts}
    return [Typed(name, name, "organisation", fit, max(sentence.find(name.split()[-1]), 0)) for name, fit in best.items()]


# "von der CIMA – Institut für Regionalwirtschaft GmbH": the short name an organisation goes by, before a dash.
_BRAND_BEFORE = re.compile(r"(?<![\w-])(?P<brand>[A-ZÄÖÜ][A-ZÄÖÜ&+]{1,7})[ \t]*[–—-][ \t]*$")


# "im Besitz der KVVH": an article before an acronym of capitals no list knows (not an agenda item "dem TOP 1", not a
# standard with its number "nach der DIN 18040"); five letters at most, as six are a shouted word (`_SHOUTED`)
_ARTICLE_ACRONYM = re.compile(r"\b(?:der|die|des|dem|den|vom|zur|beim)\s+(?P<short>(?!TOP\b)[A-ZÄÖÜ]{3,5})(?![\w-]|\s*\d)")
UNKNOWN_ACRONYM = 0.7


def _branded(sentence: str, name: str) -> str:
    """An organisation's name with the short name it goes by, where the paper writes it before a dash ("CIMA –
    Institut für Regionalwirtschaft"): asked who, staff know it by the short name."""
    at = sentence.find(name)
    m = _BRAND_BEFORE.search(sentence[max(0, at - 12) : at]) if at > 0 else None
    return f"{m.group('brand')} – {name}" if m and not _PARTY_WORD.fullmatch(m.group("brand")) else name


def _nominative(name: str) -> str:
    """ "Landratsamtes" is "Landratsamt": every finder's institution in the genitive is one value with its nominative."""
    m = _INSTITUTION.fullmatch(name)
    return m.group("name") + m.group("rest") if m and m.group("genitive") else name


# A heading's word in capitals ("ANTRAG", "STELLUNGNAHME"), no acronym: a name alone in capitals is shorter ("ARGE").
_SHOUTED = re.compile(r"[A-ZÄÖÜ]{6,}")
def _joined_part(name: str) -> str:
    """ "Stadt und Karlsruher Bäder GmbH": a word that continues the sentence ("Stadt", "Verwaltung") is joined to the
    firm by the sentence's "und", not by the name's ("Müller und Partner GmbH")."""
    m = re.match(r"(.*?)\s+und\s+(?=\S)", name)
    return name[m.end():] if m and any(w in NAME_STOP for w in m.group(1).split()) else name


_QUOTE_SPAN = re.compile(r"[„“\"»«]([^„“”\"»«]{3,200})[“”\"«»]")


def _inside_quoted_title(sentence: str, name: str) -> bool:
    """A word inside a quoted title is no name of its own: the Abteilung „Planungsaufgaben, Heimaufsicht,
    Betreuungsbehörde“ is one department, not the Betreuungsbehörde; a name that is the whole quote stays."""
    for m in _QUOTE_SPAN.finditer(sentence):
        inner = m.group(1).strip(" ,.")
        if name in inner and name != inner:
            return True
    return False


_PARTNER = re.compile(r"\bmit\s+(?:dem|der|den|einem|einer)\s+(?:[a-zäöü][\wäöüß]+\s+)?(?P<name>[A-ZÄÖÜ][\wäöüß-]+)")


def _partners(sentence: str, question: str) -> list[str]:
    """ "Mit wem stimmt sich die Projektgruppe ab?" → the noun after "mit dem/der" ("… die sich eng mit dem
    Sozialdezernenten abstimmt": a role, an office or a body, not only a named organisation); "Wessen
    Dienstsitz …?" → the genitive after the noun asked about ("… des Dienstsitzes des Landratsamtes")."""
    folded = fold(question)
    if re.search(r"\bmit\s+wem\b", folded):
        # the whole name ("mit dem Karlsruher Institut für Technologie"), not only its first word
        return [name_at(sentence, m.start("name")) or m.group("name") for m in _PARTNER.finditer(sentence)]
    owned = re.search(r"\b[Ww]essen\s+([A-ZÄÖÜ][\wäöüß-]+)", question)
    if owned:
        stem = fold(owned.group(1))[:6]
        # the whole name ("auf Anfrage der Wählergruppe FÜR Karlsruhe"), not only its first word
        return [name_at(sentence, m.start("name")) or m.group("name") for m in re.finditer(
            r"\b(?P<noun>[A-ZÄÖÜ][\wäöüß-]+)\s+(?:des|der)\s+(?:[a-zäöü][\wäöüß]+\s+)?(?P<name>[A-ZÄÖÜ][\wäöüß-]+)", sentence)
            if stem in fold(m.group("noun"))]
    return []


def _places(sentence: str, analysis: QuestionAnalysis) -> list[Typed]:
    question = fold(analysis.question)
    out = []
    for m in _SITE.finditer(sentence):
        site = " ".join(m.group("site").split())
        out.append(Typed(site, site, "place", 1.0, m.start("site")))
    for m in _SEAT.finditer(sentence):
        if fold(m.group("place")) not in question:
            out.append(Typed(m.group("place"), m.group("place"), "place", 1.0, m.start("place")))
    town_asked = bool(analysis.head and _TOWN_HEAD.fullmatch(analysis.head))
    # asked for another kind of place ("Welcher Standort", "An welcher Schule"), a town is no answer
    named = [(t.name, t.start) for t in towns(sentence)] if town_asked or not analysis.head else []
    if town_asked:
        named += [(m.group("name"), m.start("name")) for m in _NAMED_TOWN.finditer(sentence)]
    named = sorted(((name, start) for name, start in named if fold(name) not in question), key=lambda item: item[1])
    if named:
        value = ", ".join(dict.fromkeys(name for name, _ in named))
        # "Wo …?" without a noun: a town is the answer where the sentence puts something in it ("Rettungswachen in
        # Eitorf und Lohmar"); a town named otherwise (a letterhead, "die Stadt Karlsruhe beschließt") mostly is not
        located = town_asked or bool(_IN_TOWN.search(sentence[max(0, named[0][1] - 8) : named[0][1]]))
        out.append(Typed(value, value, "place", 0.9 if located else 0.9 * TOWN_NOT_LOCATED, named[0][1]))
    for m in _NAMED_AREA.finditer(sentence):
        # "der Bereich „Am Rintheimer Reserveacker“", "das Baugebiet „Östlich Esslinger Straße“": an area's name
        name = " ".join(m.group("name").split())
        if fold(name) not in question:
            out.append(Typed(name, name, "place", 1.0, m.start("name")))
    for m in _IM_UNIT.finditer(sentence):
        if fold(m.group("unit")) not in question:
            out.append(Typed(m.group("unit"), m.group("unit"), "place", 0.7, m.start("unit")))
    for m in _ADDRESS.finditer(sentence):
        address = trim_address(" ".join(m.group().split()))
        if fold(address) not in question:
            # A street address answers "Wo …?"; asked for a name (a fund, a programme) it is a letterhead or
            # contact line, not the answer.
            fit = 0.85 if analysis.answer_type == "place" else 0.35
            line = sentence[sentence.rfind("\n", 0, m.start()) + 1 : m.start()]
            if re.search(r"[Ff]raktion", line) and "fraktion" not in question:
                fit *= 0.5  # "KAL Gemeinderatsfraktion, Hebelstraße 21, …": the motion's sender, not the place asked
            out.append(Typed(address, address, "place", fit, m.start()))
    # "Wohin …?" asks where to: the accusative ("auf den Friedrichsplatz verlegt"); "Wo …?" where: the dative.
    asked_case = "accusative" if re.search(r"\bwohin\b", question) else "dative" if re.search(r"\bwo\b", question) else None
    for m in _LOCATION.finditer(sentence):
        place = place_phrase(" ".join(m.group().split()))
        words = [w for w in re.findall(r"[A-ZÄÖÜ][\w-]+", place) if fold(w) not in question]
        if _GREMIUM_HEAD.search(fold(re.match(r"[\w-]*", m.group("place")).group())):
            continue  # "im Ortschaftsrat Durlach": where a paper was discussed is a Gremium, not a place
        if words and _PLACE_WORD.search(place):
            # "im Stadtgebiet", "im Haushaltsplan", "im Karlsruher Stadtbild": common nouns of area, no place's name.
            common = all(_COMMON_PLACE_NOUN.search(w) or w.endswith("er") for w in words)
            case = preposition_case(m.group("prep"), m.group("place"))
            fit = (0.35 if common else 0.75) * (PLACE_CASE_OTHER if asked_case and case and case != asked_case else 1.0)
            out.append(Typed(place, place, "place", fit, m.start()))
    return out


# A quoted name right after a noun of area names that area.
_NAMED_AREA = re.compile(r"\b(?:[A-ZÄÖÜ][a-zäöüß]*)?(?:[Bb]ereich|[Gg]ebiet|[Ff]läche|[Gg]ewann|[Aa]real|[Gg]elände|[Ss]tandort|"
                         r"[Qq]uartier|[Ss]iedlung|[Gg]rundstück)(?:e?s)?\s+[„\"“‚](?P<name>[^“”\"‘’\n]{3,80})[“”\"‘’]")
PLACE_CASE_OTHER = 0.6  # "Wohin …?" answered by a dative place (where something is), "Wo …?" by an accusative one


_COMMON_PLACE_NOUN = re.compile(r"(?:gebiet|bild|plan|bereich|verlauf|rahmen|haushalt|ordnung|teil|raum)$", re.IGNORECASE)


ORGANISATION_FOR_THING = 0.7  # an organisation's fit where the question's noun names no kind of organisation
# A form's field: "Flurstück: 7604/1", "Gemarkung: Grötzingen" (the label, a colon, the value to the line's end).
_FIELD = re.compile(r"(?:^|\n)[ \t]*(?P<label>[A-ZÄÖÜ][\wäöüß.-]*)[ \t]*:[ \t]*(?P<value>[^\n;:]{1,60}?)[ \t]*(?=\n|$)")
_NUMBERED = re.compile(r"\b([A-ZÄÖÜ][\w-]+)\s+(?:Nr\.|Nummer)\s*\d+[\w./-]*(?<![.,])")
_ENTITY_HEADS = (
    (re.compile(r"gremi|ausschuss|rat\b"), "body"),
    (re.compile(r"programm|projekt|aufruf|name|titel|baustein|plan|bericht|angebot|fonds|system|weg|zentrum|gebiet"), "quoted"),
    (re.compile(r"fraktion|partei"), "fraktion"),
)


def _entities(sentence: str, analysis: QuestionAnalysis) -> list[Typed]:
    question = fold(analysis.question)
    head = analysis.head or ""
    wanted = next((kind for pattern, kind in _ENTITY_HEADS if pattern.search(head)), None)
    found: list[tuple[str, str]] = []
    # A Gremium's name hyphenated at a line break ("im Sozi-\nalausschuss") is read whole.
    found += [("body", b) for b in dict.fromkeys(find_bodies(sentence) + [" ".join(m.group().split())
                                                                          for m in _BODY.finditer(join_broken(sentence))])]
    label = re.match(r"\s*([A-ZÄÖÜ][\wäöüß]+)\s*:", sentence)
    # A quoted name that is a Gremium's ("zu einem neuen Gremium „Kunstbeirat“") counts as a body.
    found += [("body" if wanted == "body" and _GREMIUM_NAME.search(m.group("name")) else "quoted", " ".join(m.group("name").split()))
              for m in _QUOTED.finditer(sentence)]
    found += [("fraktion", f"Fraktion {m.group('name')}") for m in _FRAKTION.finditer(sentence) if _party_like(m.group("name"))]
    if wanted == "quoted" and len(head) >= 3:
        # A plan or project named by its number ("Welcher Bebauungsplan …" — "der gültige Bebauungsplan Nr. 768").
        found += [("quoted", " ".join(m.group().split())) for m in _NUMBERED.finditer(sentence) if _stem(head) in fold(m.group(1))]
    found += [("fraktion", n.text) for n in fraktionen(sentence, analysis.question) if _number_agrees(n.text, head)]
    if len(head) >= 4:
        # A form's field named as the question's noun: "Flurstück: 7604/1" answers "Auf welchem Flurstück …".
        found += [("field", value) for m in _FIELD.finditer(sentence)
                  if fold(m.group("label")).startswith(head[: max(4, len(head) - 2)])
                  and (value := m.group("value").strip(" .,"))]
    found += [("thing", np) for np in _things(sentence, analysis)]
    named = bool(NAME_QUESTION.search(question))
    asked_to = _asked_preposition(question)
    out = []
    for kind, name in found:
        if fold(name) in question:
            continue
        fit = 1.0 if kind in (wanted, "field", "thing") else 0.4 if wanted else 0.7
        if kind == "body" and re.fullmatch(r"\w*(?:ausschuss|beirat)", head) and head[-6:] not in fold(name):
            fit *= 0.5  # "Welcher Ausschuss …": the Gemeinderat is no Ausschuss
        elif kind == "body" and (_specific_head(head) or analysis.answer_type == "organisation") and \
                not _GREMIUM_HEAD.search(head):
            fit *= 0.4  # "Welches Gericht / Büro / welche Firma …": the Gremium that discussed it is not what is asked
        pos = max(sentence.find(name.split()[0]), 0)
        if label and fold(label.group(1)) == head:
            fit = min(1.0, fit + 0.2)  # "Gremium: Finanzausschuss" answers "Welches Gremium …"
        elif asked_to and re.search(rf"\b(?i:{asked_to})\s+$", sentence[max(0, pos - 12) : pos]):
            pass  # "An welches Gremium … verwiesen?": the object after that preposition is the one asked
        elif re.search(r"\b(?i:dem|den|des)\s+$", sentence[max(0, pos - 5) : pos]):
            fit *= 0.7  # an object ("empfiehlt dem Kreistag"), not the body that acts
        if kind == "body" and _CLASS_OF_BODY.fullmatch(name):
            fit *= CLASS_OF_BODY  # "verwiesen in den Fachausschuss": a kind of Gremium, not the one that got it
        if kind == "body" and named and not re.search(rf"[„\"“‚']{re.escape(name)}", sentence):
            fit *= UNNAMED_BODY  # "Wie heißt das neue Gremium?": the Gemeinderat that decided it is named by no one
        out.append(Typed(name, name, "entity", fit, pos))
    return out


# A noun phrase: an article, adjectives or adverbs, the noun ("die ursprünglich geplanten Sprengladungen").
_NP = r"(?:der|die|das|den|dem|des|ein|eine|einen|einem|einer|eines)\s+(?P<np>(?:[a-zäöüß][\wäöüß-]*\s+){0,3}[A-ZÄÖÜ][\wäöüß-]+)"
_PRO_ADVERB = {"worauf": "auf", "womit": "mit", "wofur": "für", "woran": "an", "wovon": "von", "woruber": "über",
               "wozu": "zu", "wogegen": "gegen", "worin": "in", "wodurch": "durch", "worum": "um"}


def _things(sentence: str, analysis: QuestionAnalysis) -> list[str]:
    """What a question asks for that is no name: "Welche Alternative …?" — "Eine urbane Seilbahn als infrastrukturelle
    Alternative" (the noun phrase the sentence calls the asked noun); "Worauf wurde … verzichtet?" — "Auf die
    ursprünglich geplanten Sprengladungen wurde … verzichtet" (the phrase after the asked preposition, in a sentence
    that states the question's last word of five letters or more — mostly its verb, "verzichtet")."""
    question = fold(analysis.question)
    out = []
    head = analysis.head or ""
    if len(head) >= 5:
        prefix = head[: max(5, len(head) - 2)]  # "alternative" / "Alternativen"
        for m in re.finditer(rf"(?i:\b{_NP})\s+als\s+(?:[a-zäöüß]\w*\s+){{0,2}}(?=[A-ZÄÖÜ])", sentence):
            if fold(sentence[m.end() :]).startswith(prefix):
                out.append(" ".join(m.group("np").split()))
    participle = re.findall(r"\b[a-zäöüß]{5,}\b", analysis.question.split(",")[0])[-1:]  # the main clause's
    if re.match(r"\s*was\s+(?:wurde|wurden|wird|werden|soll|sollen)\b", question) and not head and participle:
        # "Was wurde an der Anlage eingebaut?" — "(Einbau einer Zeitschaltuhr und eines Fettabscheiders)", "Es wurde
        # eine Zeitschaltuhr eingebaut": what the verbal noun governs, or the subject of the passive
        stem = verb_stem(fold(participle[0]))
        np2 = r"(?:[a-zäöüß][\wäöüß-]*\s+){0,2}[A-ZÄÖÜ][\wäöüß-]+"
        if stem and len(stem) >= 4:
            for m in re.finditer(rf"\b(?i:{re.escape(stem)})\w*\s+(?:einer|eines|des|der)\s+(?P<np>{np2}"
                                 rf"(?:\s+und\s+(?:einer|eines|des|der)\s+{np2})?)", sentence):
                out.append(" ".join(m.group("np").split()))
        for m in re.finditer(rf"\bwurden?\s+(?:\w+\s+)?{_NP}\s+(?:[\wäöüß.-]+\s+){{0,4}}{re.escape(participle[0])}\b", sentence):
            out.append(" ".join(m.group("np").split()))
    asked = re.match(r"\s*(wo(?:r?(?:auf|an|uber|in|um)|mit|fur|von|zu|gegen|durch))\b", question)
    verb = re.findall(r"[a-zäöüß]{5,}", fold(analysis.question))[-1:] if asked else []
    if asked and verb and verb[0] in fold(join_broken(sentence, lines_only=False)):
        prep = _PRO_ADVERB.get(asked.group(1))
        for m in re.finditer(rf"\b(?i:{prep})\s+{_NP}", sentence) if prep else ():
            np = " ".join(m.group("np").split())
            if fold(np.split()[-1]) not in question:
                out.append(np)
    return out


def _asked_preposition(question: str) -> str | None:
    """ "In welchen Ausschuss …", "An welches Gremium …": the preposition the question asks with, as a pattern
    of it with the articles and contractions an answer takes after it ("in den", "ins", "an den", "am")."""
    m = re.match(r"\s*(an|in|zu|auf|bei|von|vor)\s+welche[mnrs]?\b", question)
    if not m:
        return None
    prep = m.group(1)
    return rf"{prep}\s+(?:den|dem|die|das|der|einen|einem|eine)|" + {
        "an": "am|ans", "in": "im|ins", "zu": "zum|zur", "bei": "beim", "von": "vom", "auf": "aufs", "vor": "vors"}[prep]


CLASS_OF_BODY = 0.5  # a Gremium named by its kind only ("Fachausschuss", "Gremium"), where a name is asked
_CLASS_OF_BODY = re.compile(r"(?:Fach)?(?:[Aa]usschuss|[Gg]remium)|Ausschüsse|Gremien|Fachausschüsse")
UNNAMED_BODY = 0.6  # a name question answered by a Gremium the sentence only mentions (no naming verb, no quotes)


_COMPARATIVE_Q = re.compile(r"\b(?:teurer|hoher|mehr|gestiegen|steigt|gunstiger|billiger|niedriger|weniger|gesunken|sinkt)\b")
_CAUSE = re.compile(r"\b(?:entstanden|entstehen|entsteht|zurückzuführen|resultier\w*|begründe\w*|ursächlich|Ursache\w*|"
                    r"bedingt|verursacht)\b")
_CHANGE_NOUN = re.compile(r"\b(?:Mehr|Minder)\w+|\b\w*(?:[Ss]teigerung|[Ee]rhöhung|[Üü]berschreitung|[Rr]ückgang)\b")


def _reasons(sentence: str, analysis: QuestionAnalysis) -> list[Typed]:
    text = " ".join(sentence.split())
    if text.endswith("?") or re.search(r"\b(?:warum|weshalb|wieso|gefragt)\b", text, re.IGNORECASE):
        return []  # a question asked in the paper is not its answer
    if _COMPARATIVE_Q.search(fold(analysis.question)) and _CHANGE_NOUN.search(text) and _CAUSE.search(text):
        # "Warum ist das Angebot teurer als berechnet?" — "Die Mehrkosten sind beim Gewerk Erdbau entstanden.":
        # the sentence that explains the difference names it.
        return [Typed(text.rstrip("."), text.rstrip("."), "reason", 0.9, -1)]
    m = _REASON.search(text)
    if not m and not _REASON_AFTER.search(text) and _states_asked_predicate(text, analysis.question):
        # "Der Graben ist verlandet und muss reprofiliert werden" for "Warum muss der Graben reprofiliert werden?":
        # the sentence that states the asked predicate says what goes with it.
        return [Typed(text.rstrip("."), text.rstrip("."), "reason", PREDICATE_STATED, -1)]
    if m and m.start() > 0:
        clause = text[m.end() :].strip(" ,;.")
        return [Typed(clause, clause, "reason", 1.0, -1)]
    if _REASON_AFTER.search(text) or (m and m.start() == 0):
        return [Typed(text.rstrip("."), text.rstrip("."), "reason", 0.8, -1)]
    return [Typed(text.rstrip("."), text.rstrip("."), "reason", 0.35, -1)]


PREDICATE_STATED = 0.8  # a sentence without a causal word that states the asked verb phrase
CONSEQUENCE_REASON = 0.9  # the sentences before "Der Einsatz kann daher nicht geleistet werden" give its reason
CONSEQUENCE_ITSELF = 0.6  # ... and that sentence itself, which restates what is asked, weighs less
_CONSEQUENCE = re.compile(r"\b(?:deshalb|daher|deswegen|somit|folglich)\b", re.IGNORECASE)  # not "darum geht es"
REASON_CHARS = 120  # the reason before a consequence: the sentence before it, and one more while shorter than this


def consequence_reason(before: list[str], sentence: str) -> tuple[str, int] | None:
    """ "Der Dienstbeginn ist um 08:00 Uhr. Nach der Vorbereitung verlassen sie um 08:30 das Dienstgebäude. Der
    gewünschte Einsatz kann daher nicht geleistet werden.": a sentence that draws a consequence ("daher",
    "deshalb") in its main clause points back at its reason, the sentences before it (`before`, nearest last); None
    if it draws none, states its reason in a clause before the adverb, or nothing before it states one (a heading)."""
    m = _CONSEQUENCE.search(sentence)
    if not m or not before or re.search(r",|\bund\b|\boder\b", sentence[: m.start()]):
        return None  # "Sie unterliegen der Anliegerpflicht und können daher nicht …": the reason is its own clause
    taken: list[str] = []
    for previous in reversed(before):
        text = " ".join(previous.split())
        if not text or text.endswith((":", "?")) or not re.search(r"[.!]$", text):
            break  # a heading, label or question is no reason
        taken.insert(0, text)
        if sum(len(t) for t in taken) >= REASON_CHARS:
            break
    return (" ".join(taken).rstrip("."), len(taken)) if taken else None


def _states_asked_predicate(sentence: str, question: str) -> bool:
    """The question's verb phrase at its end ("… reprofiliert werden?", "… weichen?", "… aufgegeben werden?") stands
    in the sentence with the modal the question asks it with ("muss … reprofiliert werden")."""
    words = re.findall(r"[\wäöüß]+", question)
    verbs = [w for w in words[-3:] if w.islower() and w not in ("werden", "wird", "worden", "sein", "nicht", "mehr")]
    modal = re.search(r"\b(muss|müssen|musste|mussten|kann|können|konnte|soll|sollen|sollte|darf|dürfen)\b", question)
    if not verbs or len(verbs[-1]) < 5 or not re.search(rf"\b{re.escape(verbs[-1])}\b", sentence):
        return False
    if modal:
        return bool(re.search(rf"\b{modal.group(1)[:3]}\w*\b", sentence))
    # "Warum hält die Verwaltung … nicht für sinnvoll?" — "… würde eine Dopplung darstellen und ist weder
    # notwendig noch sinnvoll": without a modal, the sentence must deny what the question denies.
    return bool(_NEGATED.search(question)) and bool(_NEGATED.search(sentence))


_NEGATED = re.compile(r"\b(?:nicht|kein\w*|weder|nie)\b")


# --- areas, laws, decisions --------------------------------------------------------------------


def _areas(sentence: str, analysis: QuestionAnalysis) -> list[Typed]:
    """ "ca. 2 300 m²", "1,45 Hektar": the number in the unit the paper gives (m² or ha)."""
    out = []
    for m in _AREA.finditer(sentence):
        n = m.group("n")
        if n in analysis.numbers_in_question:
            continue
        number = float(re.sub(r"[.\s]", "", n).replace(",", "."))
        unit = "ha" if m.group("unit").lower().startswith(("ha", "hektar")) else "m²"
        out.append(Typed(f"{n} {unit}", number, "area", 1.0, m.start()))
    return out


def _laws(sentence: str, analysis: QuestionAnalysis) -> list[Typed]:
    """ "§ 10 des Baugesetzbuches (BauGB)", "Gemeindeordnung für Baden-Württemberg", "Richtlinie …"."""
    question = fold(analysis.question)
    whole = bool(re.search(r"(?:gesetz|gesetzbuch|satzung|verordnung|richtlinie|ordnung)e?n?$", analysis.head or ""))
    out = []
    acts = list(_EU_ACT.finditer(sentence))
    for m in _LAW.finditer(sentence):
        name = " ".join(m.group("name").split())
        if fold(name) in question or any(a.start() <= m.start() < a.end() for a in acts):
            continue  # asked about, or the start of a European act's number ("Verordnung (EU) 2016/679")
        answer = " ".join(m.group().split())
        # Asked for a law ("Welches Gesetz …"), the value is the law, not its paragraph: "§ 29 Wassergesetz" and
        # "Wassergesetz" state one answer; asked for a provision ("Welche Vorschrift …"), the paragraph is the answer.
        value = answer if not whole else f"{name} ({' '.join(m.group('abbr').split())})" if m.group("abbr") else name
        fit = 1.0 if m.group().startswith("§") else 0.85
        asked = _rule_kind(analysis.head or "")
        if asked and (asked == _rule_kind(name) or (asked == "gesetz" and _rule_kind(name) == "ordnung")):
            # "Welche Satzung …": a Satzung, not the Wahlordnung the same paragraph cites; "Nach welchem Gesetz …":
            # the Landesbauordnung and the Gemeindeordnung are laws too
            fit *= HEAD_AGREES
        out.append(Typed(answer, value, "law", fit, m.start()))
    for m in acts:  # "Die EU-Verordnung Nr. 763/2008 … verpflichtet die Mitgliedstaaten"
        answer = " ".join(m.group().split())
        if fold(answer) not in question and not any(answer in t.answer for t in out):
            fit = 0.9 * (HEAD_AGREES if _rule_kind(analysis.head or "") == _rule_kind(m.group("kind")) else 1.0)
            out.append(Typed(answer, answer, "law", fit, m.start()))
    for m in _NORM.finditer(sentence):  # a technical standard: "nach DIN 1076", "DIN EN 13432"
        answer = " ".join(m.group().split())
        if fold(answer) not in question:
            out.append(Typed(answer, answer, "law", 0.9, m.start()))
    for m in _LAW_ABBR.finditer(sentence):
        answer = " ".join(m.group().split())
        name = " ".join(m.group("name").split())
        if fold(name) not in question and not any(answer in t.answer for t in out):
            out.append(Typed(answer, name if whole else answer, "law",
                             0.9 if m.group().startswith("§") or " " in name else 0.8, m.start()))
    return out


def _rule_kind(name: str) -> str | None:
    """The kind of rule a name or asked noun names: "Wahlordnung für …" → "ordnung", "Gesetze" → "gesetz"."""
    m = re.search(r"(gesetz|satzung|verordnung|richtlinie|ordnung)", fold(name))
    return m.group(1) if m else None


def _decisions(sentence: str, vote: bool = False) -> list[Typed]:
    """What a Gremium decided: the sentence that says "beschließt", "stimmt … zu", "genehmigt". Asked how it voted
    (`vote`), that sentence is the motion, not its vote: it counts MOTION_FOR_VOTE."""
    text = " ".join(sentence.split())
    m = _DECISION.search(text)
    if not m:
        return []
    fit = 1.0 if re.search(r"\b(?:Gemeinderat|Ausschuss|Ortschaftsrat|Kreistag|Beschluss)\w*\b", text[: m.start() + 1]) else 0.6
    if vote:
        fit *= MOTION_FOR_VOTE
    return [Typed(text.rstrip("."), text.rstrip("."), "decision", fit, -1)]
