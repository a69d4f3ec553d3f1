"""Question analysis for German staff questions: what kind of answer, about what, where to look.

    "Wann endet der Förderzeitraum?"      → end        (a date that closes a period)
    "Ab wann / seit wann …"               → start
    "Wie lange …", "Für welchen Zeitraum" → period     (a date range or a duration)
    "Wann …", "In welchem Jahr …"         → date
    "Wer koordiniert das Projekt?"        → person, role asked for: Koordinator/Koordination
    "Wer fördert / betreibt …"            → organisation (a person is accepted too)
    "Wie hoch ist die Förderquote?"       → percentage; "Wie hoch sind die Kosten?" → amount
    "Wie viele Kurse …"                   → count of "Kurse"
    "Welches Gremium / welche Behörde …"  → entity / organisation
    "Warum / weshalb …"                   → reason;  "Wo …" → place

Besides the type: the key terms (for scoring evidence sentences) and the filters the question
implies (a Gremium, a year, a topic). Implied filters are hints that rank evidence; only
filters the user sets are hard filters (a question about the Kreistag's decision is often
answered in a committee paper that reports it).

>>> a = analyze("Wer koordiniert das Projekt?")
>>> (a.answer_type, a.roles)
('person', ('koordin',))
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from haystack import component

from ingest.dates import find_dates
from ingest.entities import ROLE_WORD, find_bodies
from ingest.metadata import NUMBER_WORDS, topics
from kb.analysis import (
    fold,
    german_analyzer,
    shared_lexicon,  # the decompounder's lexicon, loaded once
)
from kb.names import PARTIES

AnswerType = str  # one of ANSWER_TYPES
ANSWER_TYPES = ("date", "start", "end", "period", "person", "organisation", "amount", "percentage", "count",
                "entity", "reason", "place", "area", "law", "decision",
                "reference")  # a paper's number: answered from its metadata only (kb.metadata_answers)

# Verbs of a "wer" question → the role nouns (folded, lower case stems) that name who does it.
ROLE_VERBS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"koordinier", ("koordin",)),  # Koordinator, Koordinatorin, Koordination
    (r"leite|geleitet|leitung", ("leit", "vorsitz")),  # Leiter, Leiterin, Leitung, leiten
    (r"verantwort", ("verantwort", "leit")),
    (r"zustandig|ansprech|wende|kontakt", ("ansprechpartner", "zustandig", "leit")),
    (r"protokoll|schriftfuhr|niederschrift", ("schriftfuhr", "protokollfuhr")),
    (r"vorsitz", ("vorsitz",)),
    (r"vorgestellt|stellte|berichtet|erlauter", ("bericht", "leiter", "beauftragt")),
    (r"betreut|begleit", ("betreu", "begleit", "koordination")),
    (r"unterschri|unterzeichn", ("unterzeichn",)),  # "unterzeichnet von: Johannes Ruf" under an Antrag
    (r"vertrat|vertritt|vertreten", ("vertret",)),  # "Wer vertritt die IHK im Beirat?": ihr Vertreter, ihre Vertreterin
)
# "wer" questions whose verb is done by institutions rather than people.
# Patterns match the folded question, where "teuer" reads "teur" (`kb.analysis.fold` drops the e of ue).
_TEUER = fold("teuer")
_ORGANISATION_VERBS = re.compile(
    r"\b(?:fordert|gefordert|finanziert|bewilligt|bezuschusst|betreibt|betrieben|tragt|getragen|zahlt|"
    r"erstattet|beantragt|gestellt|eingereicht|veroffentlicht|warnt|moderiert|berat|"
    # the same verbs after a modal ("Wer soll den Kindergarten tragen / betreiben / finanzieren?")
    r"tragen|betreiben|finanzieren|bezuschussen|bewilligen|erstatten|zahlen)\w*")
# "für die FDP", "für die CDU-Fraktion", "für die Zählgemeinschaft …": acting for a party or Fraktion.
_FOR_A_PARTY = re.compile(r"\bfur\s+(?:die|den)\s+(?:[\w/|‘'-]*fraktion\w*|zahlgemeinschaft|partei\b|(?:grunen|freien\s+wahler|"
                          + "|".join(sorted({re.escape(fold(p)).replace("\\ ", r"\s+") for p in PARTIES}, key=len, reverse=True))
                          + r")\b)")  # "für die Grünen", "für die Freien Wähler": the dative plural
_QUESTION_WORDS = {
    "wann", "wer", "wen", "wem", "wessen", "wie", "was", "wo", "wohin", "woher", "warum", "weshalb", "wieso", "weswegen",
    "welch", "welche", "welcher", "welches", "welchem", "welchen", "hoch", "viel", "viele", "vielen", "wieviel",
    "wieviele", "lang", "lange", "bis", "ab",
    "seit", "denn", "eigentlich", "genau", "gibt", "gab", "ist", "sind", "war", "waren", "wird", "werden", "wurde",
    "wurden", "hat", "haben", "hatte", "hatten", "kann", "konnen", "soll", "sollen", "fur", "fuer", "uber", "ueber",
    "statt", "denn", "noch", "dort", "da", "es", "man",
}
# Words that name the kind of answer, not what it is about ("Wie viel Prozent …", "Zu welchem Datum …").
_TYPE_WORDS = {"prozent", "prozentsatz", "datum", "zeitpunkt", "euro", "eur", "geld", "anzahl", "zahl", "hohe", "betrag",
               "summe", "termin", "tag", "monat", "jahr", "grund", "ort"}
# A span of time's nouns ("Förderzeitraum", "Laufzeit", "Bindungsfrist"), folded; "daur" as OCR reads "Dauer".
PERIOD_HEADS = r"zeitraum|laufzeit|dauer|daur|frist|bauzeit|(?<!mahl)zeiten\b|offnungszeit|betriebszeit|sprechzeit"
# After "welche(r/s/m/n)": the head noun decides the type.
_DISCOUNT = r"rabatt|nachlass|skonto|rendite"  # given in per cent ("einen Rabatt in Höhe von 50 Prozent")
_HEAD_TYPES: tuple[tuple[str, AnswerType], ...] = (
    (r"jahr|monat|tag|datum|termin|zeitpunkt|sitzung", "date"),
    (PERIOD_HEADS, "period"),
    (r"quote|prozentsatz|anteil|satz(?!ung)|gewicht|gewichtung|" + _DISCOUNT, "percentage"),  # a "Satzung" is a rule (law)
    (r"betrag|summe|kosten|hohe|mittel|budget|zuschuss|wert|preis|miete|mietzins|einnahme\w*|einzahlung\w*|ertrag|ertrage|"
     r"aufwand|aufwendungen|mehrbelastung|belastung|forderbetrag|auftragssumme|erlos|erlose|differenz|defizit|gebuhr|"
     r"gebuhren|entgelt|pacht|honorar|verlust|uberschuss|fehlbetrag|auftragswert|gesamtwert|investition|investitionen|"
     r"ausgaben|vergutung|schulden|kredit|darlehen|rucklage|grossenordnung|ausschuttung|zuwendung|pauschale|zahlung", "amount"),
    (r"person|mitarbeiter|kollegin|kollege|ansprechpartner|leiter|koordinator|dezernent|mitglied|vorsitzend|"
     r"stadtrat|stadtratin|stadtrate|stadtratinnen|ortschaftsratin|gemeinderatin|burgermeister|burgermeisterin|"
     r"ortsvorsteher|ortsvorsteherin|beigeordnete|beigeordneter|prasident|prasidentin|referent|referentin|sprecher|"
     r"sprecherin|einwohner|einwohnerin|gutachter|gutachterin|autor|autorin|redner|rednerin|nachfolger|nachfolgerin|"
     r"kaufmann|kauffrau|fabrikant|fabrikantin|stifter|stifterin|unternehmer|unternehmerin|kunstler|kunstlerin", "person"),
    (r"gesetz|gesetzbuch|vorschrift|richtlinie|satzung|verordnung|rechtsgrundlage|paragraph|grundlage|norm|"
     r"regel(?:n|werk)?$", "law"),  # "Welche Technische Regel …" (not "Regelschule", "Regelbetrieb")
    (r"flache|grundstucksflache|grosse", "area"),
    (r"behorde|organisation|ministerium|gesellschaft|verband|trager|fraktion|partei|institution|stelle|amt|bund|land|gericht|"
     r"firma|unternehmen|buro|ingenieurburo|architekturburo|verein|bieter|bieterin|betreiber|betreiberin|hochschule|"
     r"gewerkschaft|kammer|bank|projektentwickler|investor|bautrager", "organisation"),
    (r"gremium|gremien|ausschuss|beirat|ortschaftsrat|gemeinderat|kreistag|kommission", "entity"),
    (r"gemeinde|stadt|stadte|kommune|ort|orte|standort|raum|saal", "place"),
    (r"grund|grunde|ursache", "reason"),
    (r"anzahl|zahl", "count"),
)
_PERSON_HEADS = next(pattern for pattern, kind in _HEAD_TYPES if kind == "person")  # "Wie heißt der Leiter …?" too
# Heads that end in a kind of place: "Platz", "Straßen", "Gebäude", "Wohngebiet", "Schule", "Luftmessstation".
_PLACE_HEAD = re.compile(r"[\w-]*(?:strasse|platz|weg|allee|gasse|gebiet|gebaude|schule|station|park|siedlung|viertel|"
                         r"stadtteil|quartier|bahnhof|haltestelle|brucke|halle|grundstuck|gelande)(?:e|en|n|s|es|er|ern|platze)?")
# A superlative asks for the extreme of several values ("In welchem Monat hatte der Rufbus die meisten Fahrgäste?")
SUPERLATIVE = re.compile(r"\b(?!meister\b)(?:meist|hochst|grosst|starkst|niedrigst|geringst|wenigst|langst|kurzest|" + fold("teuerst") + "|"
                         r"haufigst|spitzen\w*|rekord\w*)(?:e[nmrs]?)?\b|\bam\s+\w+sten\b")
# "Was empfiehlt die Verwaltung …?": a recommendation on a motion is answered like a decision.
_RECOMMENDATION_Q = re.compile(r"\bwas\s+(?:empfiehlt|empfehlen|empfahl|empfahlen)\b|\bwelche\s+empfehlung\b")
# "Wie hat der Gemeinderat … abgestimmt?", "Mit welchem Ergebnis beschloss …?": the vote is asked for, not the motion.
_VOTE_Q = re.compile(r"\bwie\s+(?:hat|haben|hatte|hatten|wurde)\b.*\b(?:abgestimmt|votiert)\b|"
                     r"\bmit\s+welche[mnr]\s+(?:abstimmungs)?(?:ergebnis|mehrheit|stimmenverhaltnis)\b|"
                     r"\bwie\s+(?:ging|fiel|ist|war|lautete|lautet)\b.*\babstimmung(?:sergebnis)?\b|"
                     r"\bwelche[sn]?\s+(?:abstimmungs|stimm)ergebnis\b")
# "Wann gab es zuletzt …", "Wann wurden die ersten … aufgestellt?": an event of the past, which papers date by its year.
_PAST_EVENT_Q = re.compile(r"\b(?:zuletzt|letzte[nmrs]?|erstmals|erstmalig|ersten|erste|erster|zum\s+ersten\s+mal|damals|ursprunglich|"
                           r"fruher|jemals|einst)\b")
# "Wann lag der Entwurf öffentlich aus?", "Wann sollen die Aufzüge gebaut werden?": what lasts a while, dated by its span.
_LASTING_Q = re.compile(r"\b(?:lag|lagen|liegt|liegen)\b.*\baus\b|\bausgelegt|\bgebaut\b|\bumgebaut\b|\bsaniert\b|"
                        r"\b" + fold("erneuert") + r"\b|\brenoviert\b|\bgesperrt\b|\bgeschlossen\b|\bdauert\w*|\bbauzeit|\bbauarbeiten|"
                        # a measurement, survey or event carried out over weeks ("vom 24. Juni bis 22. Juli 2024 durchgeführt")
                        r"\bdurchgefuhrt\b|\bgemessen\b|\berhoben\b|\bstattgefunden\b|\bfand\b.*\bstatt\b")
_NUMBER_WORDS = {fold(word): n for word, n in NUMBER_WORDS.items()}


@dataclass(frozen=True)
class QuestionAnalysis:
    question: str
    answer_type: AnswerType
    accepts: tuple[AnswerType, ...]  # types a candidate may have (the first is preferred)
    roles: tuple[str, ...] = ()  # folded role stems asked for ("koordinator", "koordination")
    counted: str | None = None  # the noun of "wie viele X" (folded)
    head: str | None = None  # the noun after "welche" (folded)
    key_terms: tuple[str, ...] = ()  # analysed terms (German analyzer) without question words
    words: tuple[tuple[str, ...], ...] = ()  # per content word of the question: its analysed terms
    nouns: tuple[bool, ...] = ()  # per content word: capitalised (a noun carries the topic; verbs weigh less)
    role_words: tuple[int, ...] = ()  # indexes of words that name the role asked for ("koordiniert", "Protokoll")
    body: str | None = None  # implied filters (hints)
    year: int | None = None
    topic: str | None = None
    query: str = ""  # what retrieval searches for
    value_noun: str | None = None  # folded stem of the noun the asked value belongs to ("gesamtkost", "forderquot")
    value_nouns: tuple[str, ...] = ()  # that stem, then its compound parts ("bundesforderung", "forder")
    dates_in_question: tuple[str, ...] = field(default_factory=tuple)
    numbers_in_question: tuple[str, ...] = field(default_factory=tuple)  # "30 Grad": given, not asked
    recommendation: bool = False  # "Was empfiehlt …": a recommendation is the decision asked for
    vote: bool = False  # "Wie hat … abgestimmt?": the vote ("Einstimmige Zustimmung") is the decision asked for
    past_event: bool = False  # a date question about a past event ("zuletzt", "die ersten"): a year answers it
    lasting: bool = False  # a date question about what lasts ("lag aus", "gebaut"): a span answers it
    extreme: bool = False  # a superlative ("die meisten", "am höchsten"): the sentence that names an extreme answers

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def implied_filters(self) -> dict[str, Any]:
        return {k: v for k, v in (("body", self.body), ("year", self.year), ("topic", self.topic)) if v}


_TYPE_CUE_VERBS = {"end": re.compile(r"endet|enden|endete|endeten|auslauft|auslaufen|ausgelaufen"),
                   "start": re.compile(r"beginnt|beginnen|begann|begannen|startet|starten|startete")}


def analyze(question: str) -> QuestionAnalysis:
    text = restore_umlauts(" ".join(question.split()))
    q = fold(text)
    answer_type, accepts, head, counted = _answer_type(q, text)
    roles = _roles(q, text) if "person" in accepts else ()
    if answer_type == "person" and head and head not in ("person", "personen") and not roles:
        # "Welche Stadträtin hat …?" asks for the holder of the title as "Wer ist Vorsitzender …?" for the role's.
        roles = (re.sub(r"(?:innen|in|en|n|e)$", "", head) or head,)
    if answer_type == "count" and counted != "jahre":  # "Wie alt …?" counts years whatever noun follows
        counted = _counted_noun(text)
    # Words that name the kind of answer ("Prozent", "Datum", the noun after "welche") are no content.
    # "Wann endet der Förderzeitraum?": a span of time has its end and start; the verb that asks for one is not a word
    # the evidence states ("für den Zeitraum vom 01.03.2019 - 31.12.2020"). Asked of anything else ("Wann endet die
    # Förderung …?") the verb stays: it is what ties a date to the thing.
    cue = _TYPE_CUE_VERBS.get(answer_type) if re.search(PERIOD_HEADS, q) else None
    content = [(w, t) for w, t in _content_words(text)
               if fold(w) != head and not (fold(w) in _TYPE_WORDS and fold(w) not in ("tag", "monat", "jahr", "ort"))
               and not (cue and cue.fullmatch(fold(w)))]
    words = tuple(terms for _, terms in content)
    key_terms = tuple(dict.fromkeys(t for w in words for t in w))
    role_words = tuple(i for i, (word, _) in enumerate(content) if roles and _names_role(word))
    bodies = find_bodies(text)
    years = question_years(text)
    found_topics = topics(text, text)
    mentioned = find_dates(text, 1)
    in_question = tuple(d.iso for d in mentioned) + tuple(d.end for d in mentioned if d.end)
    return QuestionAnalysis(
        question=text, answer_type=answer_type, accepts=accepts, roles=roles, counted=counted, head=head,
        key_terms=key_terms, words=words, nouns=tuple(w[:1].isupper() for w, _ in content), role_words=role_words,
        body=bodies[0] if bodies else None,
        year=int(years[0]) if years else None, topic=found_topics[0] if found_topics else None,
        query=text.rstrip("?"), dates_in_question=in_question, value_noun=(noun := _value_noun(text, answer_type, bodies)),
        value_nouns=_value_nouns(noun, text),
        numbers_in_question=tuple(re.findall(r"\d+(?:[.,]\d+)*", text)),
        recommendation=answer_type == "decision" and bool(_RECOMMENDATION_Q.search(q)),
        vote=answer_type == "decision" and bool(_VOTE_Q.search(q)),
        past_event=answer_type == "date" and bool(_PAST_EVENT_Q.search(q)),
        lasting=answer_type == "date" and bool(_LASTING_Q.search(q)),
        extreme=bool(SUPERLATIVE.search(q)),
    )


def restore_umlauts(text: str) -> str:
    """Umlaut-free typing as staff use it ("Foerderanteil", "fuer") → "Förderanteil", "für",
    where the lexicon knows the umlaut form and not the typed one."""
    lexicon = shared_lexicon()

    def fix(m: re.Match[str]) -> str:
        typed = umlauted = m.group()
        for pair, umlaut in (("ae", "ä"), ("oe", "ö"), ("ue", "ü"), ("Ae", "Ä"), ("Oe", "Ö"), ("Ue", "Ü")):
            umlauted = umlauted.replace(pair, umlaut)
        # "Steuerung", "Quelle", "neue" stay: their umlaut forms are no (better) words.
        return umlauted if lexicon.score(umlauted) > lexicon.score(typed) + 0.5 else typed

    return re.sub(r"\b\w*(?:ae|oe|ue|Ae|Oe|Ue)\w*\b", fix, text)


def _head_noun(text: str) -> str | None:
    """The noun after "welche(r/s)": "Welche Behörde …", "Welches neue Gremium …" (nouns are capitalised)."""
    # A place's adjective before the noun is no head: "In welchem Durlacher Wohngebiet …".
    # An extended attribute is none either: "Welches für den Winterdienst zuständige Amt …" (a preposition's phrase
    # and the participle or adjective that closes it).
    m = re.search(r"(?i:\bwelche[mnrs]?|was\s+für\s+ein\w*)\s+"
                  r"(?:(?:für|von|vom|zu|zum|zur|mit|in|im|an|am|auf|bei|beim|über|aus|nach|gegen)\s+[^?,]{1,60}?\s+(?=[a-zäöü]\w*e[nmrs]?\s+[A-ZÄÖÜ]))?"
                  r"(?:[a-zäöü]\w*\s+)?(?:[A-ZÄÖÜ]\w+er\s+(?=[A-ZÄÖÜ]\w*[a-zäöüß](?<!s)\b)|"
                  # an adjective of a name's: "Welche Technische Regel …", "Welcher Soziale Dienst …"
                  r"[A-ZÄÖÜ]\w*(?:isch|lich|ig|al|ell|iv|är)e[nmrs]?\s+(?=[A-ZÄÖÜ]))?"
                  r"(?P<head>[A-ZÄÖÜ][\w-]*)", text)
    return fold(m.group("head")) if m else None


def _answer_type(q: str, text: str) -> tuple[AnswerType, tuple[AnswerType, ...], str | None, str | None]:
    """(type, accepted types, head noun of welche, counted noun) from the folded question."""
    if re.search(r"\b(?:warum|weshalb|wieso|weswegen|wodurch)\b|aus welchem grund|was ist der grund", q):
        return "reason", ("reason",), None, None
    if _VOTE_Q.search(q) or re.search(r"\bwas\b.*\b(?:beschlossen|beschloss|beschliesst|beschliest|entschieden|entschied|entscheidet)\b", q) or \
            re.search(r"\bwie\s+(?:hat|haben|hatte|hatten|ist|wurde)\b.*\b(?:entschieden|beschlossen|abgestimmt|votiert|"
                      r"verfahren)\b", q) or \
            re.search(r"\bwas\s+(?:hat|haben|hatte|hatten|ist|wurde)\b.*\b(?:antrag\w*|vorlage|anfrage)\b.*\b(?:gemacht|geschehen|"
                      r"passiert)\b", q) or _RECOMMENDATION_Q.search(q) or \
            re.search(r"\bwas\s+(?:ist|wurde|wird)\b.*\baus\s+(?:de[mnr]|diese[mnr])\s+(?:\S+\s+){0,3}?\S*(?:antrag\w*|vorlage|"
                      r"anfrage)\b", q):  # "Was wurde aus dem CDU-Antrag …?": what became of it
        return "decision", ("decision",), None, None
    if re.search(r"\bwie\s+(?:heisst|hiess|heissen|hiessen|lautet|lautete)\b|\bwie\s+soll\b.*\bheissen\b|"
                 r"\bwelchen\s+namen\b|\bunter\s+welchem\s+namen\b", q):
        # The noun named is the capitalised one ("Wie heißt der Treppenweg von …", not "von"; "der neue Leiter des …").
        named = re.search(r"(?i:\b(?:heißt|hieß|heißen|hießen|lautet|lautete)\s+(?:der|die|das|den)\s+)(?:[a-zäöü]\w*\s+)?"
                          r"(?P<noun>[A-ZÄÖÜ][\w-]*)", text)
        head = fold(named.group("noun")) if named and fold(named.group("noun")) not in _QUESTION_WORDS else "name"
        if re.fullmatch(rf"[\w-]*(?:{_PERSON_HEADS})[\w-]*", head):
            # "Wie heißt der Leiter des Amtes?", "Wie heißt die neue Ortsvorsteherin?": a person's name
            return "person", ("person", "organisation"), head, None
        return "entity", ("entity", "organisation", "place"), head, None
    if re.search(r"\bwie\s+gro(?:ss|ß)\b|\bwie\s+viele\s+(?:quadratmeter|hektar)\b|\bauf\s+welche[rm]\s+flache\b|"
                 r"\bwie\s*viel\s+(?:[a-z]+e\s+)?\w*flache\b", q) and not re.search(r"\bwie\s+gross\w*\s+(?:\w+\s+){1,3}?\w*(?:anteil|quote)\b", q) \
            and not re.search(r"\bwie\s+gross\w*\s+(?:ist|war|sind|waren)\s+(?:der|die|das)\s+(?:\w+\s+)?\w*"
                              r"(?:defizit|betrag|summe|kosten|budget|zuschuss|anteil|verlust|uberschuss|fehlbetrag|differenz)", q):
        return "area", ("area",), None, None
    if re.search(r"\bwie\s*viele[n]?\s+(?:quadratmeter|hektar)", q):
        return "area", ("area",), None, None
    if re.search(r"\bwie\s+alt\b", q):
        return "count", ("count", "period"), None, "jahre"  # an age: "mindestens 60 Jahre alt"
    if re.search(r"\bwie\s*viele[n]?\s+(?:wochen|monate[n]?|jahre[n]?|tage[n]?|minuten|stunden)\b|\bwie\s*viel\s+zeit\b", q) and \
            not re.search(r"\ban\s+wie\s*vielen\s+tagen\b", q):  # "an wie vielen Tagen" counts days
        return "period", ("period",), None, None
    if re.search(r"\bwie\s*viele[n]?\b|\bwieviele[n]?\b|\banzahl\b", q) or \
            re.search(r"(?i:\bwie\s+viel)\s+(?!Geld|Euro|Kost)[A-ZÄÖÜ]\w*en\b", text):  # a noun ("wie viel Einwohnern"), no verb
        return "count", ("count",), None, None
    if re.search(r"\bbis\s+wann\b|\bbis\s+(?:zu\s+)?welche[mn]\s+(?:datum|zeitpunkt|tag)\b", q) or (
        re.search(r"\bwann\b", q) and re.search(r"\b(?:endet|enden|endete|auslauf|lauft\w*\s+.*\baus\b|ausgelaufen|ende\b)", q)
    ):
        return "end", ("end", "date"), None, None
    if re.search(r"\b(?:ab|seit)\s+wann\b", q) or (
        re.search(r"\bwann\b", q) and re.search(r"\b(?:beginnt|begann|beginn|startet|startete|start|anfang|fahrt\s+seit)\b", q)
    ):
        return "start", ("start", "date"), None, None
    if re.search(r"\bwie\s+lange?\b|\bvon\s+wann\s+bis\s+wann\b|\bwelche[nm]?\s+zeitraum\b|\bfur\s+welche\w*\s+zeitraum\b", q):
        return "period", ("period",), None, None
    head = _head_noun(text)
    if re.search(r"\bin\s+welche[mn]\s+(?:jahr|monat)\b|\ban\s+welchem\s+(?:tag|datum)\b|\bzu\s+welchem\s+(?:datum|zeitpunkt)\b", q):
        return "date", ("date",), head, None
    if re.search(r"\bwann\b", q):
        return "date", ("date", "start", "end"), head, None
    if re.search(r"\bmit\s+wem\b|\bwem\s+(?:gehort|gehoren|gehorte|gehorten)\b|\bwessen\b", q):
        return "organisation", ("organisation", "person"), head, None
    if re.search(r"\bwer\b|\bwem\b|\bwen\b|\bvon\s+wem\b", q):
        if _FOR_A_PARTY.search(q):
            # "Wer hat für die FDP den Antrag gestellt?": who acted for the party is one of its people, not the party
            return "person", ("person", "organisation"), head, None
        if re.search(r"\bwer\s+(?:ist|war|wird|sind|waren)\s+(?:der\s+|die\s+)?(?:\w+\s+)?\w*(?:(?<!amts)(?<!funktions)"
                     r"(?<!mandats)(?<!preis)trager|betreiber|eigentumer|auftraggeber|auftragnehmer|bauherr|veranstalter|"
                     r"zuwendungsgeber)\w*\b", q):
            # "Wer ist Träger / Vorhabenträger / Betreiber / Bauherr …?": roles institutions hold (a person is accepted
            # too; "Amtsträger", "Mandatsträger" are people)
            return "organisation", ("organisation", "person"), head, None
        if _ORGANISATION_VERBS.search(q) and not re.search(r"zustandig|ansprech|leite|koordin|verantwort|vorsitz", q):
            return "organisation", ("organisation", "person"), head, None
        # "Wer ist …": a person; an office or institution answers only where no person is named
        return "person", ("person", "organisation"), head, None
    if re.search(r"\bwie\s+hoch\b|\bwie\s*viel\b|\bwieviel\b|\bin\s+welcher\s+hohe\b|\bwas\s+kost(?:et|en)\b|\bwie\s+"
                 + _TEUER + r"\b|\bwas\b.*\b(?:kosten|kostet|kostete|gekostet)\W*$|"  # "Was soll der Neubau kosten?"
                 r"\bwas\b.*\b(?:ausgegeben|gezahlt|bezahlt|investiert|eingenommen|erlost|bewilligt|zahlt|zahlen|zahlte)\b|"
                 r"\bwas\b.*\b(?:gibt|geben|gab)\b.*\baus\W*$|\bwas\b.*\b(?:nimmt|nehmen|nahm)\b.*\bein\W*$|"
                 r"\bwie\s+gross\w*\s+(?:ist|war|sind|waren)\b|\bwie\s+gross\w*\s+(?:\w+\s+){1,3}?\w*(?:anteil|quote)\b", q):
        if re.search(r"\bwie\s*viel\s+prozent\b|\bwieviel\s+prozent\b", q):
            return "percentage", ("percentage",), None, None  # asked in per cent: an amount in euros is no answer
        # A ratio noun asks in per cent: "Förderquote", "Eigenanteil", "Versorgungsgrad" (not "30 Grad": a compound only)
        if re.search(r"prozent|%|quote|prozentsatz|anteil\b|\banteil|umlage|\w{3,}grad(?:es|s)?\b|" + _DISCOUNT, q) and \
                not re.search(r"(?<![\w-])(?:euro|eur)(?![\w-])|\bkosten\b", q):
            return "percentage", ("percentage", "amount"), None, None
        return "amount", ("amount", "percentage"), None, None
    if re.search(r"\bwo\b|\bwohin\b|\ban\s+welchem\s+ort\b|\bin\s+welche[nmr]?\s+(?:gemeinde|stadt|stadten|orte|kommune)", q):
        return "place", ("place",), head, None  # a place or an address, not the Gremium that met there
    if head:
        if re.fullmatch(r"[\w-]*nummer|nr|aktenzeichen|kennziffer", head):
            # An identifier ("Welche Nummer hat die Vorlage …?"): no name in the text is one — a letterhead's
            # office ("Dezernat 2 – Kreissozialamt") was answered at 0.93. The paper's metadata answers it.
            return "reference", ("reference",), head, None
        if head == "flache" and re.search(r"(?:^|[.,;]\s*)welche\s+flache\s+(?!hat|haben|hatte|umfass|miss|betrag|bringt)", q):
            # "Welche Fläche hält die Stadt für geeignet?" asks which area (a place), not how large it is.
            return "place", ("place", "entity"), head, None
        if _PLACE_HEAD.fullmatch(head) and not head.startswith("hochschul"):
            # "Welchen Platz / welche Straße / in welchem Gebäude / an welcher Schule …": a place's name (a party in
            # the sentence, "Stadträtin Wiedemann (CDU)", is no answer).
            return "place", ("place", "entity"), head, None
        for pattern, kind in _HEAD_TYPES:
            if re.fullmatch(rf"[\w-]*(?:{pattern})[\w-]*", head):
                accepts = {"amount": ("amount", "percentage"), "person": ("person", "organisation"),
                           "entity": ("entity",),
                           "organisation": ("organisation", "entity"), "law": ("law", "entity")}.get(kind, (kind,))
                return kind, accepts, head, head if kind == "count" else None
        if re.search(r"gremi|ausschuss|beirat|rat$", head):
            return "entity", ("entity",), head, None  # a Gremium: not the firm or office the paper names
        return "entity", ("entity", "organisation", "place"), head, None
    return "entity", ("entity", "organisation", "place", "person"), head, None


_VALUE_NOUN = re.compile(
    r"(?i:wie\s+(?:hoch|viel|viele|vielen|teuer|lange|gro(?:ss|ß))\s+(?:\w+\s+)?(?:ist|sind|war|waren|wird|werden|liegt|lag|betr[aä]gt)?"
    r"\s*(?:der|die|das|den|dem)?\s*|welche[nmrs]?\s+|wann\s+(?:\w+\s+){0,2}(?:der|die|das)\s+|"
    r"ab\s+wann\s+(?:\w+\s+){0,2}(?:der|die|das)\s+|bis\s+wann\s+(?:\w+\s+){0,2}(?:der|die|das)\s+)"
    r"(?:[a-zäöü]\w*\s+)?(?:[A-ZÄÖÜ][\w-]*er\s+(?=[A-ZÄÖÜ]))?(?P<noun>[A-ZÄÖÜ][\w-]{3,})")


def _value_noun(text: str, kind: AnswerType, bodies: list[str]) -> str | None:
    """The noun the asked value belongs to: "Wie hoch sind die Gesamtkosten …" → "gesamtkost";
    for "Wann hat der Gemeinderat …" the Gremium, whose row in the Beratungsfolge carries the date."""
    m = _VALUE_NOUN.search(text)
    noun = fold(m.group("noun")) if m else None
    if noun in _TYPE_WORDS or (noun and noun in _QUESTION_WORDS):
        noun = None
    if kind in ("date", "start", "end") and bodies and (noun is None or fold(bodies[0]).startswith(noun[:5])):
        return fold(bodies[0])
    if noun is None:
        return None
    return re.sub(r"(?:en|n|e|s|er)$", "", noun) if len(noun) > 6 else noun


def _value_nouns(noun: str | None, text: str) -> tuple[str, ...]:
    """The value noun and its compound parts; "Was kostet … insgesamt?" asks for the "Gesamtkosten"."""
    out = [noun] if noun else []
    if noun:
        out += [t for t in dict.fromkeys(fold(t.text) for t in german_analyzer()(noun)) if len(t) >= 5 and t != noun][1:]
    q = fold(text)
    if re.search(r"\bwas\s+kostet|\bwie\s+" + _TEUER, q):
        out += ["gesamtkost"] if re.search(r"insgesamt|gesamt", q) else []
        out += ["kosten"]
    elif re.search(r"\bwie\s*viel\s+kostet\b.*\binsgesamt\b", q):
        out += ["gesamtkost"]
    elif re.search(r"\bwie\s*viel\s+(?:kostet|kosten|kostete|kosteten)\b", q):
        out += ["kosten", "aufwand"]  # "Wie viel kostet das Verfahren?" — "ein Gesamtaufwand von 600.000 Euro"
    return tuple(dict.fromkeys(out))


def _roles(q: str, text: str) -> tuple[str, ...]:
    """Role stems a "wer" question asks for: from its verb, or a role noun it names."""
    roles: list[str] = []
    for pattern, stems in ROLE_VERBS:
        if re.search(rf"\b\w*(?:{pattern})", q):
            roles += stems
    roles += [_role_stem(fold(m.group())) for m in ROLE_WORD.finditer(text)]
    # "Wen nennt der Antrag als Karlsruher Partner …?", "Wer hat als IHK-Präsident …?": the noun after "als" is the
    # role asked for, whether or not a list of roles knows it (its last part: "Präsident").
    roles += [_role_stem(word) for m in _AS_ROLE.finditer(text) if len(word := fold(m.group("noun").split("-")[-1])) >= 4]
    return tuple(dict.fromkeys(roles))


def _role_stem(word: str) -> str:
    """ "projektleiterin" → "projektleit": a folded role noun without its ending, so that either gender matches."""
    return re.sub(r"(?:in|innen|en|n|e|er|s)$", "", word) or word


_AS_ROLE = re.compile(r"\bals\s+(?:[a-zäöü]\w*e[nrs]?\s+|[A-ZÄÖÜ]\w*er\s+)?(?P<noun>[A-ZÄÖÜ][\w-]+)")


def _content_words(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """(word, analysed terms: stem + compound parts) per word of the question that is not a question word."""
    analyzer = german_analyzer()
    out = []
    for word in re.findall(r"[\w.-]+", text):
        if fold(word) in _QUESTION_WORDS or len(word) < 2:
            continue
        terms = tuple(dict.fromkeys(t.text for t in analyzer(word)))
        if terms:
            out.append((word, terms))
    return out


def _names_role(word: str) -> bool:
    """Does this question word say which role is asked for (the verb "koordiniert", the noun "Protokoll")?"""
    folded = fold(word)
    return bool(ROLE_WORD.fullmatch(word)) or any(re.match(rf"\w*(?:{p})", folded) for p, _ in ROLE_VERBS) or \
        folded in ("gefuhrt", "fuhrt", "fuhrte", "ist", "hat")


def _counted_noun(text: str) -> str | None:
    """The noun counted in "Wie viele neue Plätze …" / "Anzahl der Kurse" (the first capitalised word after)."""
    # A capitalised adjective of a place ("An wie vielen Karlsruher Schulen", "wie viele Berliner Firmen") stands
    # before the noun counted, as a lower-case adjective does.
    m = re.search(r"(?i:wie\s*viele[n]?|anzahl\s+(?:der|an))\s+(?:[a-zäöü]\w*\s+){0,2}(?:[A-ZÄÖÜ][\w-]*er\s+(?=[A-ZÄÖÜ]))?"
                  r"(?P<noun>[A-ZÄÖÜ][\w-]+)", text)
    return fold(m.group("noun")) if m else None


@lru_cache(maxsize=1024)  # asked per passage (`kb.scoring.year_ok`), the same question each time
def question_years(question: str) -> tuple[str, ...]:
    """The years a question names, in order: "… 2009 für den Finanzplanungszeitraum 2011 bis 2013" → 2009, 2011, 2013.
    The first is `QuestionAnalysis.year`."""
    return tuple(dict.fromkeys(re.findall(r"\b((?:19|20)\d{2})\b", question)))


def number_word(word: str) -> int | None:
    return _NUMBER_WORDS.get(fold(word))


@component
class QuestionAnalyzer:
    """Haystack component: question → analysis, the retrieval query and the (hard) filters."""

    @component.output_types(analysis=QuestionAnalysis, query=str, filters=dict[str, Any] | None)
    def run(self, question: str, filters: dict[str, Any] | None = None) -> dict[str, Any]:
        analysis = analyze(question)
        return {"analysis": analysis, "query": analysis.query, "filters": filters}
