"""Metadata of the seed paper (hand-corrected reference text) and focused cases."""

from __future__ import annotations

import pytest

from ingest.dates import find_dates, parse_german_date, sentence_at
from ingest.entities import find_amounts, find_bodies, find_people
from ingest.metadata import extract_metadata
from ingest.pipeline import split_text_pages
from tests.conftest import SEED_REFERENCE


@pytest.fixture(scope="module")
def seed():
    return extract_metadata(split_text_pages(SEED_REFERENCE.read_text(encoding="utf-8")))


def test_seed_session_and_type(seed):
    assert (seed.session.body, seed.session.date) == ("Ausschuss für Inklusion und Gesundheit", "2019-06-04")
    assert seed.doc_type == "Mitteilung"


def test_seed_dates(seed):
    grant = [d for d in seed.dates if d.end]
    assert [(d.iso, d.end) for d in grant] == [("2019-03-01", "2020-12-31")]
    assert "Bescheid vom 27.02.2019" in grant[0].sentence
    days = {d.iso for d in seed.dates}
    assert {"2016-11-16", "2016-12-19", "2018-04-09", "2018-06-11", "2019-02-27", "2019-04-01", "2019-05-15", "2019-05-24"} <= days
    assert {"2018-07", "2018-10"} <= days  # "im Juli 2018", "im Oktober 2018"


def test_seed_people_with_roles(seed):
    people = {p.name: p.role for p in seed.people}
    assert people["Herr Lehmann-Diebold"] == "Projektkoordinator"
    assert people["Frau Rafalski"] == "Projektmitarbeitende"
    assert people["Frau Lübbert"].startswith("Leiterin der Abteilung „Planungsaufgaben")


def test_seed_bodies_organisations_amounts(seed):
    assert {"Kreistag", "Ausschuss für Soziales, Gleichstellung und Integration"} <= set(seed.bodies)
    assert {"Bezirksregierung Köln", "MAGS", "G.I.B."} <= set(seed.organisations)
    assert {(a.value, a.unit) for a in seed.amounts} == {(80.0, "%"), (20.0, "%")}
    assert "Förderung" in seed.topics


@pytest.mark.parametrize(
    ("text", "iso", "end"),
    [
        ("am 01.03.2019 beginnt", "2019-03-01", None),
        ("am 1.3.19 beginnt", "2019-03-01", None),
        ("am 1. März 2019 beginnt", "2019-03-01", None),
        ("seit März 2019", "2019-03", None),
        ("vom 01.03.2019 bis 31.12.2020", "2019-03-01", "2020-12-31"),
        ("01.03.2019 - 31.12.2020", "2019-03-01", "2020-12-31"),
        ("von März 2019 bis Dezember 2020", "2019-03", "2020-12"),
        ("im Jahr 2018 wurde", "2018", None),
    ],
)
def test_date_forms(text, iso, end):
    found = find_dates(text, page=1)
    assert [(d.iso, d.end) for d in found] == [(iso, end)]


@pytest.mark.parametrize("text", ["1.250.000 EUR", "Vorlage Nr. 2019/0123", "um 15.00 Uhr", "am 31.02.2019", "§ 3.1.2"])
def test_not_dates(text):
    assert find_dates(text, page=1) == []


def test_parse_german_date():
    assert parse_german_date("1.3.2019") == "2019-03-01"
    assert parse_german_date("01. März 2019") == "2019-03-01"
    assert parse_german_date("2019-03-01") == "2019-03-01"
    assert parse_german_date("31.02.2019") is None
    assert parse_german_date("morgen") is None


def test_sentences_ignore_abbreviations():
    text = "Es wurde u.a. erörtert, z.B. am 1. März 2019 im Kreishaus. Danach nicht."
    assert sentence_at(text, text.index("März")) == "Es wurde u.a. erörtert, z.B. am 1. März 2019 im Kreishaus."


def test_people_patterns():
    text = ("Projektleiterin ist Frau Sabine Krämer. Die Koordination übernimmt Herrn Tobias Wendt, "
            "Sachgebietsleiter Jugendhilfeplanung, gemeinsam mit Frau Dr. Anke Berger.")
    people = {p.name: p.role for p in find_people(text, 1)}
    assert people == {"Frau Sabine Krämer": "Projektleiterin", "Herr Tobias Wendt": "Sachgebietsleiter Jugendhilfeplanung",
                      "Frau Dr. Anke Berger": None}


def test_amount_forms():
    text = "Kosten von 1.250.000 EUR, rund 340.000 €, 1,5 Mio. Euro, 12.500,50 € und eine Quote von 90 Prozent."
    assert [(a.value, a.unit) for a in find_amounts(text, 1)] == [
        (1250000.0, "EUR"), (340000.0, "EUR"), (1500000.0, "EUR"), (12500.5, "EUR"), (90.0, "%")]


def test_bodies_canonical():
    text = "Der Jugendhilfeausschuss empfahl dem Kreistag, in der Sitzung des Kreistages und des Finanzausschusses am 1.2.2020."
    assert find_bodies(text) == ["Jugendhilfeausschuss", "Kreistag", "Finanzausschuss"]


def test_letterhead():
    page = ("Rhein-Sieg-Kreis\nDer Landrat\nVorlage Nr. 2020/0345\nDatum: 12.05.2020\nBeschlussvorlage\n"
            "Gremium: Jugendhilfeausschuss\nSitzung: 02.07.2020\nBetreff: Schulsozialarbeit an Förderschulen\n\n"
            "Beschlussvorschlag:\nDer Jugendhilfeausschuss beschließt ...")
    md = extract_metadata([page])
    assert (md.vorlage_number, md.date, md.doc_type, md.title) == (
        "2020/0345", "2020-05-12", "Beschlussvorlage", "Schulsozialarbeit an Förderschulen")
    assert (md.session.body, md.session.date) == ("Jugendhilfeausschuss", "2020-07-02")


def test_niederschrift_heading():
    md = extract_metadata(["Niederschrift über die 12. Sitzung des Kreistages am 19.12.2016\nBeginn: 15:00 Uhr"])
    assert md.doc_type == "Niederschrift"
    assert (md.session.body, md.session.date) == ("Kreistag", "2016-12-19")
