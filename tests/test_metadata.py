"""Metadata of the seed paper (hand-corrected reference text), the sample corpus, and focused cases."""

from __future__ import annotations

import json
import re
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.metadata import MAX_TOPICS, TOPICS, extract_metadata, find_amounts
from tests.conftest import ROOT, SEED_REFERENCE

CORPUS = ROOT / "tests" / "eval" / "corpus"
PAPERS = json.loads((CORPUS / "papers.json").read_text(encoding="utf-8")) if (CORPUS / "papers.json").exists() else []


def split_pages(text: str) -> list[str]:
    """Pages of a plain text: separated by runs of three or more blank lines, else one page."""
    return [p.strip("\n") for p in re.split(r"\n(?:[ \t]*\n){3,}", text) if p.strip()]


def wrapped(text: str, width: int = 72) -> str:
    """The text as a page shows it: paragraphs broken into lines (also at hyphens)."""
    return "\n".join("\n".join(textwrap.wrap(line, width)) if line else "" for line in text.split("\n"))


# --- the seed paper --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed():
    return extract_metadata(split_pages(SEED_REFERENCE.read_text(encoding="utf-8")))


def test_seed_session_and_type(seed):
    assert (seed.session.body, seed.session.date) == ("Ausschuss für Inklusion und Gesundheit", "2019-06-04")
    assert seed.doc_type == "Mitteilung"  # ends "Um Kenntnisnahme wird gebeten."
    assert (seed.title, seed.date, seed.vorlage_number) == (None, None, None)


def test_seed_grant_period(seed):
    grant = [d for d in seed.dates if d.end]
    assert [(d.iso, d.end) for d in grant] == [("2019-03-01", "2020-12-31")]
    assert grant[0].sentence.startswith("Mit Bescheid vom 27.02.2019 hat die Bezirksregierung Köln eine Zuwendung")
    assert grant[0].sentence.endswith("bewilligt.")


def test_seed_dates(seed):
    isos = {d.iso for d in seed.dates}
    assert {"2016-11-16", "2016-12-19", "2018-04-09", "2018-06-11", "2019-02-27", "2019-04-01", "2019-05-15",
            "2019-05-24"} <= isos
    months = {d.surface: (d.iso, d.precision) for d in seed.dates if d.precision == "month"}
    assert months == {"Juli 2018": ("2018-07", "month"), "Oktober 2018": ("2018-10", "month")}
    assert all(d.page == 1 for d in seed.dates)
    # Doppel-Haushalt 2019/2020 is no date, the 80 % and 20 % are no dates either
    assert not any("2019/2020" in d.surface for d in seed.dates)


def test_seed_date_sentences(seed):
    by_iso = {d.iso: d for d in seed.dates}
    assert by_iso["2019-05-15"].sentence == "Seit 15.05.2019 ist die Stelle der Projektmitarbeitenden mit Frau Rafalski besetzt."
    assert by_iso["2018-10"].sentence.startswith("Dem vorausgegangen war im Oktober 2018 die Entscheidung des Landes")
    assert by_iso["2018"].surface == "für das Jahr 2018"


def test_seed_people(seed):
    people = {p.name: p.role for p in seed.people}
    assert set(people) == {"Herr Lehmann-Diebold", "Frau Rafalski", "Frau Lübbert"}
    assert people["Herr Lehmann-Diebold"] == "Projektkoordinator"
    assert people["Frau Rafalski"] == "Projektmitarbeitende"
    # The apposition (her position) wins over "als Gesamtprojekt-Verantwortlicher" (a function).
    assert people["Frau Lübbert"] == "Leiterin der Abteilung „Planungsaufgaben, Heimaufsicht, Betreuungsbehörde“"


def test_seed_bodies_organisations_amounts(seed):
    assert seed.bodies == ["Kreistag", "Ausschuss für Soziales, Gleichstellung und Integration",
                           "Ausschuss für Inklusion und Gesundheit"]
    assert {"Bezirksregierung Köln", "MAGS", "G.I.B.", "FSA", "ESF", "ARGE Wohlfahrt",
            "Ministerium für Arbeit, Gesundheit und Soziales des Landes Nordrhein-Westfalen",
            "Gesellschaft für innovative Beschäftigungsförderung",
            "Fachstelle für sozialraumorientierte Armutsbekämpfung"} <= set(seed.organisations)
    assert len(seed.organisations) == len(set(seed.organisations))
    assert [(a.value, a.unit) for a in seed.amounts] == [(80.0, "%"), (20.0, "%")]


def test_seed_topics(seed):
    assert "Förderung" in seed.topics and "Soziales" in seed.topics
    assert set(seed.topics) <= set(TOPICS) and len(seed.topics) <= MAX_TOPICS


def test_seed_wrapped_like_a_page_gives_the_same(seed):
    again = extract_metadata(split_pages(wrapped(SEED_REFERENCE.read_text(encoding="utf-8"))))
    assert again.session == seed.session
    assert {(p.name, p.role) for p in again.people} == {(p.name, p.role) for p in seed.people}
    assert [(d.iso, d.end) for d in again.dates] == [(d.iso, d.end) for d in seed.dates]
    assert [d.sentence for d in again.dates] == [d.sentence for d in seed.dates]
    assert again.bodies == seed.bodies and again.organisations == seed.organisations


def test_dates_of_a_three_page_paper_carry_their_page():
    text = wrapped(SEED_REFERENCE.read_text(encoding="utf-8"))
    lines = text.split("\n")
    third = len(lines) // 3
    pages = ["\n".join(lines[:third]), "\n".join(lines[third : 2 * third]), "\n".join(lines[2 * third :])]
    md = extract_metadata(pages)
    assert {d.page for d in md.dates} == {1, 2, 3}
    assert next(d for d in md.dates if d.iso == "2016-12-19").page == 1


# --- the sample corpus: agreement with the hand-made truth --------------------------------------


def _corpus_text(paper: dict) -> str:
    path = CORPUS / paper["file"]
    return (path if path.exists() else SEED_REFERENCE).read_text(encoding="utf-8")


@pytest.mark.parametrize("layout", ["clean", "wrapped"])
@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p["id"])
def test_corpus_metadata_matches_truth(paper, layout):
    text = _corpus_text(paper)
    md = extract_metadata(split_pages(text if layout == "clean" else wrapped(text)))
    assert md.session is not None
    assert (md.session.body, md.session.date) == (paper["body"], paper["session_date"])
    assert md.date == paper["date"]
    assert md.vorlage_number == paper["vorlage_number"]
    assert md.doc_type == paper["doc_type"]
    assert md.title == paper["title"]
    roles = {p.name: p.role for p in md.people}
    for person in paper["people"]:
        assert person["name"] in roles
        if person["role"]:
            assert person["role"] in (roles[person["name"]] or "")


# --- amounts -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("im Umfang von 80 %.", 80.0, "%"),
        ("Eigenanteil von 80%", 80.0, "%"),
        ("auf 20 Prozent", 20.0, "%"),
        ("auf 37,8 Prozent", 37.8, "%"),
        ("Kosten von 1.250.000 EUR", 1_250_000.0, "EUR"),
        ("Kosten von 1.250.000 €", 1_250_000.0, "EUR"),
        ("rund 340.000 Euro", 340_000.0, "EUR"),
        ("1,5 Mio. EUR", 1_500_000.0, "EUR"),
        ("2,4 Mio. €", 2_400_000.0, "EUR"),
        ("12.500,50 €", 12_500.5, "EUR"),
        ("5.000,- EUR", 5_000.0, "EUR"),
        ("EUR 5.000", 5_000.0, "EUR"),
        ("€ 1.200,00", 1_200.0, "EUR"),
        ("250 TEUR", 250_000.0, "EUR"),
        ("im Wert von 3880.—Euro", 3_880.0, "EUR"),  # a typed dash for the cents of a round amount
        ("3.880,– € netto", 3_880.0, "EUR"),
        ("€ 3.880,–", 3_880.0, "EUR"),
        # the currency before a figure with a multiplier: millions, not euros ("€42,2" was read as 42.20 €)
        ("Zuschuss von €42,2 Mio.", 42_200_000.0, "EUR"),
        ("EUR 2 Mio. im Jahr", 2_000_000.0, "EUR"),
        ("Euro 1,2 Mio.", 1_200_000.0, "EUR"),
        ("Euro 417.500,-", 417_500.0, "EUR"),  # the word before a figure that is money by its form
        ("350 Tausend Euro", 350_000.0, "EUR"),
        ("rund 5.5 Mio. Euro", 5_500_000.0, "EUR"),  # a decimal point before a multiplier
        ("ein Zuschuss von 25 000 € jährlich", 25_000.0, "EUR"),  # thousands apart by a space ("000 €" was 0 €)
        ("insgesamt 1\u00a0250\u00a0000 Euro", 1_250_000.0, "EUR"),
        ("eine Quote von 12.5 %", 12.5, "%"),  # a decimal point before a per cent sign
        ("zu 80 vom Hundert", 80.0, "%"),
        # numbers prose writes as words
        ("bringt Fahrgäste für einen Euro bis zur Haustür", 1.0, "EUR"),
        ("Zuschuss von zwei Millionen Euro", 2_000_000.0, "EUR"),
        ("um drei Prozent", 3.0, "%"),
    ],
)
def test_amount_forms(text, value, unit):
    [amount] = find_amounts(text, page=1)
    assert (amount.value, amount.unit) == (value, unit)


def test_amounts_in_words_and_figures_come_in_text_order():
    # a figure broken across a line keeps its place (its surface, whitespace joined, is not in the text as such)
    got = [a.surface for a in find_amounts("Zuschuss: zwei Millionen Euro, dazu 1.250.000\nEUR und 5 %.", page=1)]
    assert got == ["zwei Millionen Euro", "1.250.000 EUR", "5 %"]


def test_amount_surface_and_sentence():
    [amount] = find_amounts("Vorbemerkung. Die Kosten betragen rund 340.000 Euro im Jahr.", page=2)
    assert (amount.surface, amount.sentence, amount.page) == ("340.000 Euro", "Die Kosten betragen rund 340.000 Euro im Jahr.", 2)


@pytest.mark.parametrize("text", ["Vorlage Nr. 2019/0123", "am 01.03.2019", "8,5 Stellen", "um 15.00 Uhr", "14 Plätze",
                                  "eine Euro-Palette", "zwei Eurostar-Züge"])
def test_not_amounts(text):
    assert find_amounts(text, page=1) == []


@pytest.mark.parametrize(("text", "value"), [
    ("Anteil 2019 2020\n21 100 %", 100.0),  # a table's columns: 21 and 100 %, not 21,100 %
    ("Plätze Kosten\n60 150 €", 150.0),
    ("Kosten in Euro 2019 2020\n5.000 €", 5_000.0),  # "Euro 2019": a header's year, not money
])
def test_table_columns_are_no_thousands(text, value):
    assert [a.value for a in find_amounts(text, page=1)] == [value]


# --- letterhead: number, date, title, session, type ----------------------------------------------------

LETTERHEAD = ("Rhein-Sieg-Kreis\nDer Landrat\nVorlage Nr. 2020/0345\nDatum: 12.05.2020\nBeschlussvorlage\n"
              "Gremium: Jugendhilfeausschuss\nSitzung: 02.07.2020\nBetreff: Schulsozialarbeit an Förderschulen\n\n"
              "Beschlussvorschlag:\nDer Jugendhilfeausschuss beschließt, die Vorlage Nr. 2019/0088 fortzuführen.")


def test_letterhead():
    md = extract_metadata([LETTERHEAD])
    assert (md.vorlage_number, md.date, md.doc_type, md.title) == (
        "2020/0345", "2020-05-12", "Beschlussvorlage", "Schulsozialarbeit an Förderschulen")
    assert (md.session.body, md.session.date) == ("Jugendhilfeausschuss", "2020-07-02")


def test_letterhead_as_ocr_gives_it():
    # OCR separates letterhead lines by blank lines and wraps a long Betreff.
    page = ("Rhein-Sieg-Kreis\n\nDer Landrat\n\nVorlagen-Nr.: VO/2018/456\n\nSiegburg, den 12.05.2018\n\nMitteilungsvorlage\n\n"
            "Gremium: Ausschuss für Inklusion und Gesundheit\nSitzung: 16.06.2018\n\n"
            "Betreff: Gesundheitliche Folgen der Hitze im Sommer 2018 und Vorschlag für einen\nHitzeaktionsplan\n\n"
            "Erläuterungen:\n\nIm Sommer 2018 wurden an 19 Tagen über 30 Grad gemessen.")
    md = extract_metadata([page])
    assert (md.vorlage_number, md.date, md.doc_type) == ("VO/2018/456", "2018-05-12", "Mitteilung")
    assert md.title == "Gesundheitliche Folgen der Hitze im Sommer 2018 und Vorschlag für einen Hitzeaktionsplan"
    assert (md.session.body, md.session.date) == ("Ausschuss für Inklusion und Gesundheit", "2018-06-16")


def test_two_column_letterhead_with_beratungsfolge():
    page = ("Kreis Euskirchen                                   Vorlagen-Nr.: VO/2018/456\n"
            "Der Landrat                                         Datum: 03.05.2018\n\nSitzungsvorlage\n\n"
            "Beratungsfolge:\nKreisausschuss                                      16.05.2018\n"
            "Kreistag                                            30.05.2018\n\n"
            "Betreff: Fortschreibung des Nahverkehrsplans für den Kreis Euskirchen\n         2018 - 2023\n\n"
            "Sachverhalt:\n\nDie Kosten von 48.500,00 € werden zu 50 v. H. vom Zweckverband Nahverkehr Rheinland (NVR) erstattet.")
    md = extract_metadata([page])
    assert (md.vorlage_number, md.date, md.doc_type) == ("VO/2018/456", "2018-05-03", "Vorlage")
    assert (md.session.body, md.session.date) == ("Kreisausschuss", "2018-05-16")
    assert md.title == "Fortschreibung des Nahverkehrsplans für den Kreis Euskirchen 2018 - 2023"
    assert md.organisations == ["Zweckverband Nahverkehr Rheinland", "NVR"]
    assert [(a.value, a.unit) for a in md.amounts] == [(48500.0, "EUR"), (50.0, "%")]


def test_protokoll_with_attendance_list():
    page = ("Protokoll der 3. Sitzung des Finanzausschusses am Montag, dem 16.11.2020\n\n"
            "Anwesend: Herr Bürgermeister a.D. Peter Klein (Vorsitzender), Frau Ulla Wirtz,\n"
            "Herr Dr. med. Hans-Jürgen Vogel, Kreisdirektorin Frau Svenja Udelhoven\n\n"
            "TOP 2: Haushalt 2021\nKämmerer Herr Ritter erläuterte den Entwurf. Frau Wirtz (SPD) fragte nach.")
    md = extract_metadata([page])
    assert (md.doc_type, md.session.body, md.session.date) == ("Niederschrift", "Finanzausschuss", "2020-11-16")
    assert [(p.name, p.role) for p in md.people] == [
        ("Herr Peter Klein", "Bürgermeister a.D."), ("Frau Ulla Wirtz", None), ("Herr Dr. med. Hans-Jürgen Vogel", None),
        ("Frau Svenja Udelhoven", "Kreisdirektorin"), ("Herr Ritter", "Kämmerer")]


def test_ocr_leftovers_in_fuer():
    text = "Zur Sitzung des Ausschusses fiir Inklusion und Gesundheit 04.06.2019. Die Fachstelle flir Armutsbekämpfung (FSA) berät."
    md = extract_metadata([text])
    assert (md.session.body, md.session.date) == ("Ausschuss für Inklusion und Gesundheit", "2019-06-04")
    assert md.organisations == ["Fachstelle für Armutsbekämpfung", "FSA"]


@pytest.mark.parametrize(
    ("line", "number"),
    [("Vorlage Nr. 2020/0345", "2020/0345"), ("Drucksache 2019/123", "2019/123"), ("Vorlagen-Nr.: VO/2018/456", "VO/2018/456"),
     ("Drucksachen-Nr. 2021/0067-1", "2021/0067-1"), ("Der Ausschuss beriet die Vorlage Nr. 2016/0412.", None)],
)
def test_vorlage_number(line, number):
    assert extract_metadata([f"Rhein-Sieg-Kreis\n{line}\nBetreff: Test"]).vorlage_number == number


DURLACH_FORM = ("STADT KARLSRUHE\nStadtamt Durlach\n\nANTRAG\n\nB'90/DIE GRÜNEN-OR-Fraktion\n\nvom: 27.04.2020\n"
                "eingegangen: 30.04.2020\nGremium:\n\nTermin:\n\nTOP:\n\nVerantwortlich:\nOrtschaftsrat Durlach\n\n"
                "24.06.2020\n{number}\n6\nöffentlich\nSuS i. B. m. OA / Dez. 3 und 2\n\nNutzung des Schulhofs\n")


@pytest.mark.parametrize(
    ("number", "found"),
    [("2020/0688", "2020/0688"), ("2019/2020", None)],  # a double year in the column is no number
)
def test_number_in_the_value_column_of_a_form_without_a_number_label(number, found):
    """A form letterhead labels Gremium, Termin, TOP, Verantwortlich and lists the values below, the paper's
    number among them, with no "Vorlage Nr." label of its own."""
    assert extract_metadata([DURLACH_FORM.format(number=number)]).vorlage_number == found
    # Without the form's labels a number alone on a line is not taken for the paper's.
    assert extract_metadata([DURLACH_FORM.format(number=number).replace("TOP:", "").replace("Termin:", "")]).vorlage_number is None


@pytest.mark.parametrize(
    ("text", "body", "date"),
    [
        ("Um Kenntnisnahme wird gebeten.\n\nZur Sitzung des Ausschusses für Inklusion und Gesundheit 04.06.2019.",
         "Ausschuss für Inklusion und Gesundheit", "2019-06-04"),
        ("Niederschrift über die 12. Sitzung des Kreistages am 19.12.2016\nBeginn: 15:00 Uhr", "Kreistag", "2016-12-19"),
        ("Rhein-Sieg-Kreis\nNiederschrift über die 14. Sitzung des Ausschusses für Inklusion und\nGesundheit am 12.09.2024\n",
         "Ausschuss für Inklusion und Gesundheit", "2024-09-12"),
        ("Vorlage für die Sitzung des Jugendhilfeausschusses am 02.07.2020", "Jugendhilfeausschuss", "2020-07-02"),
        ("Beratungsfolge: Kreisausschuss 16.06.2020\nBetreff: X", "Kreisausschuss", "2020-06-16"),
        ("Gremium: Kreistag\nSitzungstermin: 16.06.2020", "Kreistag", "2020-06-16"),
    ],
)
def test_session(text, body, date):
    session = extract_metadata([text]).session
    assert (session.body, session.date) == (body, date)


def test_no_session_from_past_sessions():
    md = extract_metadata(["Der Kreistag hat in seiner Sitzung am 19.12.2016 beschlossen. Um Kenntnisnahme wird gebeten."])
    assert md.session is None


@pytest.mark.parametrize(
    ("text", "doc_type"),
    [
        ("Rhein-Sieg-Kreis\nBeschlussvorlage\nBetreff: X", "Beschlussvorlage"),
        ("Rhein-Sieg-Kreis\nMitteilungsvorlage\nBetreff: X", "Mitteilung"),
        ("Rhein-Sieg-Kreis\nMitteilung\nBetreff: X", "Mitteilung"),
        ("Rhein-Sieg-Kreis\nNiederschrift über die 9. Sitzung des Kreistages am 19.12.2016", "Niederschrift"),
        ("Fraktion im Kreistag\nAntrag der Fraktion Bündnis 90/Die Grünen\nBetreff: X", "Antrag"),
        ("Rhein-Sieg-Kreis\nAnfrage\nBetreff: Anfrage der Fraktion der FDP", "Anfrage"),
        ("Rhein-Sieg-Kreis\nBericht\nBetreff: Evaluation", "Bericht"),
        ("Rhein-Sieg-Kreis\nBeschluss\nDer Kreistag beschließt.", "Beschluss"),
        ("Der Ausschuss wird informiert.\n\nUm Kenntnisnahme wird gebeten.", "Mitteilung"),
        ("Betreff: Bericht über den Hitzeschutz\n\nBeschlussvorschlag:\nDer Kreistag beschließt.", "Beschlussvorlage"),
        ("Rhein-Sieg-Kreis\nVorlage Nr. 2020/0001\nBetreff: X", "Vorlage"),
    ],
)
def test_doc_type(text, doc_type):
    assert extract_metadata([text]).doc_type == doc_type


# Letterheads as real council papers print them (Karlsruhe forms, wording generalised).
HYPHENATED = ("Stadt Karlsruhe\nDer Oberbürgermeister\nINTERFRAKTIONELLER  ÄNDERUNGS-\nANTRAG\nCDU-Gemeinderatsfraktion\n"
              "vom 29.07.2016\nVorlage Nr.: 2016/0464\nKarlsruher Pass\nGremium Termin TOP ö nö\nGemeinderat 26.07.2016 4 x")
OFFENLAGE = ("Beschlussvorlage – Offenlage\nVorlage Nr.:\nVerantwortlich: Dez. 3\nHaushalt 2022: Aufhebung Sperrvermerk\n"
             "Beratungsfolge dieser Vorlage\nGremium Termin TOP ö nö Ergebnis\nMigrationsbeirat 06.07.2022 3 x")
NAMED_AMENDMENT = ("Antrag\nVorlage Nr.: 2026/0242\nEingang: 24.03.2026\nKonzept zur Entwicklung der Eisenbahnstraße\n"
                   "(Änderungsantrag CDU-Fraktion)\nGremien Termin TOP Ö / N Zuständigkeit\n"
                   "Ortschaftsrat Grötzingen 25.03.2026 3.1 Ö")
FRAKTION = "Elterncafe\nFDP-Ortschaftsratsfraktion\nGremium Termin TOP ö nö\nOrtschaftsrat Wolfartsweier 08.12.2020 5\n"
BELOW_TABLE = ("Bauantrag\nVorlage Nr.: 2022/0294\nBeratungsfolge dieser Vorlage\nGremium Termin TOP ö nö Ergebnis\n"
               "Ortschaftsrat Grötzingen 23.03.2022 7\nBauantrag: Errichtung einer Photovoltaikanlage\n"
               "Stellungnahme der Ortsverwaltung\nDas Bauvorhaben liegt im Außenbereich.")


@pytest.mark.parametrize(
    ("text", "doc_type"),
    [
        (HYPHENATED, "Änderungs-/Ergänzungsantrag"),  # a type word hyphenated at the line end
        ("Stadt\nÄnderungs-/\nErgänzungsantrag\nVorlage Nr.: 2016/0464\nBetreff: X", "Änderungs-/Ergänzungsantrag"),
        (OFFENLAGE, "Offenlage"),  # the more specific of two printed types
        (NAMED_AMENDMENT, "Änderungs-/Ergänzungsantrag"),  # an Antrag that its letterhead calls an amendment
        # a Fraktion's paper without a type word that calls itself an Anfrage (and never an Antrag)
        (FRAKTION + "Die Ortsverwaltung möge diese Anfrage in der nächsten Sitzung beantworten.\nWarum kein Elterncafe?",
         "Anfrage"),
        (FRAKTION + "Die Fraktion beantragt ein Elterncafe. Die Anfrage vom Mai blieb unbeantwortet.", "Antrag"),
        (BELOW_TABLE, "Vorlage"),  # a heading below the Beratungsfolge table is no type
        ("STADT KARLSRUHE\nDer Oberbürgermeister\nSTELLUNGNAHME zum Antrag\nGRÜNE-Gemeinderatsfraktion\nvom: 13.11.2013",
         "Stellungnahme"),
        # a form "Antrag auf Genehmigung von außerplanmäßigen Ausgaben" is an application, not a council motion
        ("Stadt Karlsruhe\nAn\nStadtkämmerei\nAntrag\nauf\nGenehmigung\nvon:\nNeubau Schulsporthalle", "Vorlage"),
    ],
)
def test_doc_type_of_real_letterheads(text, doc_type):
    assert extract_metadata([text]).doc_type == doc_type


NO_TYPE_WORD = ("Gedruckt auf 100 Prozent Recyclingpapier\nKVV-App\nFDP-Ortschaftsratsfraktion   Vorlage Nr.: 2020/0184\n"
                "Gremium Termin TOP ö nö\nOrtschaftsrat Grötzingen 23.02.2022 4\nWarum arbeitet die App ungenau?\n"
                "Wer trägt die Gebühr?\n")


@pytest.mark.parametrize(
    ("name", "text", "doc_type"),
    [
        ("TOP 4 FDP-Antrag KVV-App", NO_TYPE_WORD, "Antrag"),  # the name beats a guess from the wording
        (None, NO_TYPE_WORD, "Anfrage"),  # two questions, no motion: asked, not moved
        ("TOP 4 Informationsvorlage Golfplatz Batzenhof", "☐☒\n" * 5, "Informationsvorlage"),  # an empty scan
        ("TOP 4, Beschlussvorlage Weiteres Vorgehen Sanierungsgebiete", "Rhein-Sieg-Kreis\nVorlage Nr. 2020/0001\n", "Beschlussvorlage"),
        ("TOP_8_CDU_Anfrage_Hengstplatz", "", "Anfrage"),
        ("TOP 15 Vorlage 508 StN MfG-Anfrage Schulessen", "", "Stellungnahme"),  # the first type word names the file
        ("Protokoll Antrag 168", "", "Niederschrift"),
        ("TOP 4, Anlage zur Beschlussvorlage Sanierungsgebiete", "", "Vorlage"),  # an annex is not of the paper's type
        ("Antragsteller Liste", "", "Vorlage"),  # a type word inside another word is none
        ("TOP 3 - IV Ökologische Maßnahmen bei Sportvereinen", "☐☒\n" * 5, "Informationsvorlage"),  # the offices' abbreviation
        ("TOP_2_IV_Kita Nord", "", "Informationsvorlage"),
        ("Neureut IV Bebauungsplan", "", "Vorlage"),  # elsewhere in a name IV is a Roman numeral
        ("Bauabschnitt IV Sanierung", "", "Vorlage"),
        ("E-Antrag KULT Wohnungsbau", "", "Änderungs-/Ergänzungsantrag"),  # abbreviated amendments
        ("ÄAntrag AfD Gerechte Sprache", "", "Änderungs-/Ergänzungsantrag"),
        ("GRÜNE-Antrag Radweg", "", "Antrag"),  # a Fraktion's name ending in E is no abbreviation
        ("Europabericht", "Stadt Karlsruhe\nINFORMATIONSVORLAGE\nVorlage Nr.: 2019/0144\n", "Informationsvorlage"),
        ("Beschlussvorlage", "Stadt Karlsruhe\nINFORMATIONSVORLAGE\nVorlage Nr.: 2019/0144\n", "Informationsvorlage"),  # print first
    ],
)
def test_doc_type_from_the_file_name_where_the_letterhead_prints_none(name, text, doc_type):
    assert extract_metadata([text], name=name).doc_type == doc_type


# Own dates as real papers print them (Karlsruhe forms, wording generalised).
AMENDMENT_SIGNED_OFF = ("STADT KARLSRUHE\nDer Oberbürgermeister\nÄNDERUNGSANTRAG\nStadträtin Maria Beispiel (Die Linke)\n"
                        "vom 28.07.2014\nGremium:\nTermin:\nVorlage Nr.:\nTOP:\n1. Plenarsitzung Gemeinderat\n29.07.2014\n"
                        "2014/0025\n9\nöffentlich\nFinanzierung der Fraktionen\nWir beantragen: …\nunterzeichnet von:\n"
                        "Maria Beispiel\n\nHauptamt - Ratsangelegenheiten -\n29. Juli 2014\n")
VORLAGE_SIGNED_OFF = ("BESCHLUSSVORLAGE\nSTADT KARLSRUHE\nDer Oberbürgermeister\nGremium:\n25. Sitzung Hauptausschuss\n"
                      "Termin:\nVorlage Nr.:\n23.10.2012\n282\nAnnahme von Zuwendungen\nBeschluss:\n"
                      "Der Hauptausschuss beschließt die Annahme.\n\n Hauptamt - Ratsangelegenheiten - \n"
                      " 19. Oktober 2012 IQ-relevant\n")


@pytest.mark.parametrize(
    ("text", "date"),
    [
        # an amendment's date of record is the issuing office's sign-off, not the Fraktion's "vom"
        (AMENDMENT_SIGNED_OFF, "2014-07-29"),
        # ... unless its letterhead prints the day it was received
        (AMENDMENT_SIGNED_OFF.replace("vom 28.07.2014", "Eingang: 27.07.2014"), "2014-07-27"),
        # an Antrag is dated by its "vom", whatever office signs it off later
        (AMENDMENT_SIGNED_OFF.replace("ÄNDERUNGSANTRAG", "ANTRAG"), "2014-07-28"),
        (VORLAGE_SIGNED_OFF, "2012-10-19"),  # a Vorlage without a letterhead date: its sign-off
        # a sign-off of an appended paper (the second) is not the paper's date
        (VORLAGE_SIGNED_OFF + "\nAuszug aus der Niederschrift\nHauptamt - Sitzungsdienste -\n30. Oktober 2012\n", "2012-10-19"),
        # a date after a clause is no sign-off
        ("BESCHLUSSVORLAGE\nDer Gemeinderat nimmt die Ergebnisse der Zukunftskonferenz\n3. Mai 2012 zur Kenntnis.\n", None),
        ("Informationsvorlage\nVorlage Nr.: 2021/1142\nAbstimmung mit städtischen Gesellschaften\nabgestimmt mit AR afka, 22.09.2021\n",
         None),
    ],
)
def test_own_date_by_kind_of_paper(text, date):
    assert extract_metadata([text]).date == date


def test_topics_are_few_and_from_the_vocabulary():
    text = ("Betreff: Stellenplan 2021\n\nDer Stellenplan 2021 weist 14 neue Stellen aus. Die Personalaufwendungen steigen "
            "im Haushaltsjahr 2021. Der Haushalt trägt die Kosten.")
    md = extract_metadata([text])
    assert md.topics[:1] == ["Personal"]  # in the title, and three hits
    assert "Haushalt" in md.topics
    assert "Mobilität" not in md.topics
    assert extract_metadata(["Der Ausschuss tagte."]).topics == []


def test_empty_input():
    md = extract_metadata([""])
    assert (md.title, md.doc_type, md.session, md.dates, md.people) == (None, "Vorlage", None, [], [])


@given(st.integers(min_value=1_000, max_value=999_999_999), st.sampled_from([".", " ", "\u00a0", "\u202f"]),
       st.sampled_from([" €", " Euro", " EUR", "€"]))
def test_thousands_written_any_way(n, separator, currency):
    """A round sum of money, its thousands apart by a full stop or a (no-break) space, reads as the same value."""
    n = n - n % 1000 if separator != "." else n  # spaced groups count as money only where they cannot be columns
    figure = f"{n:,}".replace(",", separator)
    assert [a.value for a in find_amounts(f"Die Kosten betragen {figure}{currency} im Jahr.", page=1)] == [float(n)]
