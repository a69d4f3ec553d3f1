"""German dates: the forms staff write, what is not a date, and the sentences around them."""

from __future__ import annotations

import pytest

from ingest.dates import find_dates, parse_german_date, sentence_at, sentences


def _found(text: str) -> list[tuple[str, str | None, str]]:
    return [(d.iso, d.end, d.precision) for d in find_dates(text, page=1)]


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("am 01.03.2019 beginnt", "2019-03-01", "day"),
        ("am 1.3.2019 beginnt", "2019-03-01", "day"),
        ("am 1. März 2019 beginnt", "2019-03-01", "day"),
        ("am 01. März 2019 beginnt", "2019-03-01", "day"),
        ("am 3.März 2019 beginnt", "2019-03-03", "day"),
        ("zum 1. Jan. 2020 besetzt", "2020-01-01", "day"),
        ("am 01.03.19 beginnt", "2019-03-01", "day"),
        ("am 01.03.98 beschlossen", "1998-03-01", "day"),
        ("am 01.03,2019 (OCR)", "2019-03-01", "day"),
        ("am 29.02.2020 beschlossen", "2020-02-29", "day"),
        ("im März 2019 beantragt", "2019-03", "month"),
        ("seit Dezember 2015 rund", "2015-12", "month"),
        ("Anfang 2019 vorgelegt", "2019", "year"),
        ("bis Ende 2020 entscheiden", "2020", "year"),
        ("bis Mitte 2024 anbieten", "2024", "year"),
        ("im Frühjahr 2023 vorlegen", "2023", "year"),
        ("im ersten Quartal 2023 betrug", "2023", "year"),
        ("im Jahr 2018 wurde", "2018", "year"),
        ("für das Jahr 2018 konnte", "2018", "year"),
        ("mit Beginn des Jahres 2019 zugeordnet", "2019", "year"),
        ("im Haushaltsjahr 2021 steigen", "2021", "year"),
        ("in 2017 vorbereitend", "2017", "year"),
        ("am 30. März 1830 gegründet", "1830-03-30", "day"),  # with the month's name an old year is a year
    ],
)
def test_single_date_forms(text, iso, precision):
    assert _found(text) == [(iso, None, precision)]


@pytest.mark.parametrize(
    ("text", "iso", "end"),
    [
        ("01.03.2019 - 31.12.2020", "2019-03-01", "2020-12-31"),
        ("01.03.2019 – 31.12.2020", "2019-03-01", "2020-12-31"),
        ("01.03.2019-31.12.2020", "2019-03-01", "2020-12-31"),
        ("vom 01.03.2019 bis 31.12.2020", "2019-03-01", "2020-12-31"),
        ("vom 01.03.2019 bis zum 31.12.2020", "2019-03-01", "2020-12-31"),
        ("für den Zeitraum vom 01.03.2019 –\n31.12.2020 bewilligt", "2019-03-01", "2020-12-31"),
        ("vom 01.03. bis 31.12.2020", "2020-03-01", "2020-12-31"),
        ("vom 01.10. bis 31.03.2021", "2020-10-01", "2021-03-31"),  # over the turn of the year
        ("vom 1. bis 3. März 2019", "2019-03-01", "2019-03-03"),
        ("vom 1. März bis 30. Juni 2016", "2016-03-01", "2016-06-30"),  # the start keeps its day
        ("vom 1. Okt. bis 31. März 2016", "2015-10-01", "2016-03-31"),
        ("von März 2019 bis Dezember 2020", "2019-03", "2020-12"),
        ("von März bis Dezember 2020", "2020-03", "2020-12"),
        ("für die Jahre 2021 und 2022", "2021", "2022"),
        ("im Zeitraum 2019 bis 2021", "2019", "2021"),
    ],
)
def test_ranges(text, iso, end):
    [mention] = find_dates(text, page=1)
    assert (mention.iso, mention.end) == (iso, end)


def test_range_keeps_surface_and_sentence():
    text = "Mit Bescheid vom 27.02.2019 hat die Bezirksregierung Köln eine Zuwendung für den Zeitraum\nvom 01.03.2019 – 31.12.2020 bewilligt. Die Förderung beträgt 80 %."
    notice, grant = find_dates(text, page=3)
    assert (notice.iso, notice.surface, notice.page) == ("2019-02-27", "27.02.2019", 3)
    assert (grant.surface, grant.page) == ("01.03.2019 – 31.12.2020", 3)
    assert grant.sentence == ("Mit Bescheid vom 27.02.2019 hat die Bezirksregierung Köln eine Zuwendung für den Zeitraum "
                              "vom 01.03.2019 – 31.12.2020 bewilligt.")


def test_dates_split_by_line_breaks():
    assert _found("am 1.\nMärz 2019 und am 01.03.\n2020") == [("2019-03-01", None, "day"), ("2020-03-01", None, "day")]


def test_several_dates_in_reading_order():
    found = find_dates("Am 1.5.2019, 2.5.2019 und im Juni 2019 sowie am 1.5.2019 erneut.", page=1)
    assert [d.iso for d in found] == ["2019-05-01", "2019-05-02", "2019-06", "2019-05-01"]


def test_backwards_range_is_two_dates():
    assert _found("31.12.2020 - 01.03.2019") == [("2020-12-31", None, "day"), ("2019-03-01", None, "day")]


@pytest.mark.parametrize(
    "text",
    [
        "Kosten von 1.250.000 EUR",  # an amount
        "rund 12.500.000 Euro",
        "Vorlage Nr. 2019/0123",  # a Vorlage number
        "Drucksache 2019/123",
        "VO/2018/456",
        "um 15.00 Uhr",  # times
        "Beginn: 15:00 Uhr",
        "am 31.02.2019",  # no such day
        "am 29.02.2019",
        "am 12.13.2019",
        "§ 3.1.2",  # paragraph and section numbers
        "gemäß § 12.3.20 SGB",
        "Ziffer 1.2.2019",
        "siehe Tabelle 3.1.19",
        "Version 1.2.10",
        "Sitzungssaal 1.17",
        "der Doppel-Haushalt 2019/2020",  # a bare year is no date without a cue
        "Stellenplan 2021",
        "in 2000 Fällen",
        "8,5 Stellen",
    ],
)
def test_not_dates(text):
    assert find_dates(text, page=1) == []


def test_page_starts_number_the_pages():
    pages = ["Am 01.03.2019 begann es, und die Förderung", "endete am 31.12.2020.", "Im Mai 2021 folgte der Bericht."]
    text = "\n".join(pages)
    starts = [0, len(pages[0]) + 1, len(pages[0]) + len(pages[1]) + 2]
    found = find_dates(text, page=1, page_starts=starts)
    assert [(d.iso, d.page) for d in found] == [("2019-03-01", 1), ("2020-12-31", 2), ("2021-05", 3)]
    # the sentence running over the page break stays whole
    assert found[1].sentence == "Am 01.03.2019 begann es, und die Förderung endete am 31.12.2020."


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("1.3.2019", "2019-03-01"),
        ("01.03.2019", "2019-03-01"),
        (" 01.03.19 ", "2019-03-01"),
        ("1. März 2019", "2019-03-01"),
        ("01. März 2019", "2019-03-01"),
        ("März 2019", "2019-03"),
        ("2019-03-01", "2019-03-01"),
        ("2019-03", "2019-03"),
        ("2019", "2019"),
    ],
)
def test_parse_german_date(text, iso):
    assert parse_german_date(text) == iso


@pytest.mark.parametrize("text", ["31.02.2019", "2019-02-30", "2019-13", "morgen", "15.00 Uhr", "1.250.000", "2019/0123", "", "01.03."])
def test_parse_german_date_rejects(text):
    assert parse_german_date(text) is None


# --- sentences ---------------------------------------------------------------------------------


def test_sentences_ignore_abbreviations_and_ordinals():
    text = ("Es wurde u.a. erörtert, z.B. am 1. März 2019 im Kreishaus. Die mit dem o.a. Beschluss angestrebte Förderung "
            "(ggf. mit einem neuen Aufruf) bzw. Vorlage Nr. 5 nannte Herrn Dr. Kessler und die G.I.B. als Partner. "
            "Die 12. Sitzung folgt.")
    assert sentences(text) == [
        "Es wurde u.a. erörtert, z.B. am 1. März 2019 im Kreishaus.",
        "Die mit dem o.a. Beschluss angestrebte Förderung (ggf. mit einem neuen Aufruf) bzw. Vorlage Nr. 5 nannte "
        "Herrn Dr. Kessler und die G.I.B. als Partner.",
        "Die 12. Sitzung folgt.",
    ]


def test_sentences_end_after_dates_years_and_amounts():
    text = "Beschlossen am 19.12.2016. Geplant im Jahr 2019. Die Kosten betragen 1,5 Mio. EUR. Danach nichts."
    assert len(sentences(text)) == 4


def test_sentences_run_over_line_breaks_but_not_letterhead_lines():
    text = ("Rhein-Sieg-Kreis\nDer Landrat\nDatum: 20.03.2018\nMitteilungsvorlage\nGremium: Kreistag\nSitzung: 09.04.2018\n\n"
            "Vorbemerkungen:\n\nDer Kreistag hat in seiner Sitzung am 19.12.2016 beschlossen, die Verwaltung mit der\n"
            "Erarbeitung zu beauftragen. Einbezogen\n\nwerden die Städte und Gemeinden.\nSiegburg, den 12.04.2021")
    assert sentences(text) == [
        "Rhein-Sieg-Kreis", "Der Landrat", "Datum: 20.03.2018", "Mitteilungsvorlage", "Gremium: Kreistag",
        "Sitzung: 09.04.2018", "Vorbemerkungen:",
        "Der Kreistag hat in seiner Sitzung am 19.12.2016 beschlossen, die Verwaltung mit der Erarbeitung zu beauftragen.",
        "Einbezogen werden die Städte und Gemeinden.",  # a paragraph break inside a sentence (OCR)
        "Siegburg, den 12.04.2021",
    ]


def test_sentence_at_offset():
    text = "Erster Satz. Zweiter Satz mit 01.03.2019 darin. Dritter."
    assert sentence_at(text, text.index("01.03")) == "Zweiter Satz mit 01.03.2019 darin."
    assert sentence_at(text, 0) == "Erster Satz."
    assert sentence_at(text, len(text) - 1) == "Dritter."
