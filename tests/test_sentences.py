"""Sentence splitting: ordinals and abbreviations never end a sentence, line breaks aside."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.dates import find_dates
from ingest.sentences import sentence_at, sentences

MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember"]


@pytest.mark.parametrize(
    "text",
    [
        "Die Satzung tritt am 1. Januar 2015 in Kraft.",
        "Die Satzung tritt ab 1.\nJanuar 2015 in Kraft.",  # the ordinal at a line end (issue 14)
        "Gemäß Nr. 5 der Richtlinie gilt dies.",
        "Dies gilt z. B. für Schulen.",
        "Dies gilt z.B. für Schulen.",
        "Nach § 3 Abs. 2 ist das zulässig.",
        "Es sind ca. 20 Fälle bekannt.",
        "Frau Dr. Berger leitet das Projekt.",
        "Frau Dr.\nBerger leitet das Projekt.",
        "Die 12. Sitzung des Kreistages fand statt.",
    ],
)
def test_one_sentence(text):
    assert sentences(text) == [" ".join(text.split())]


def test_sentences_still_end():
    assert sentences("Der Rat tagte am 1. Januar 2015. Danach ging er.\nKurz.\nDer Rest folgt.") == [
        "Der Rat tagte am 1. Januar 2015.", "Danach ging er.", "Kurz.", "Der Rest folgt."]


def test_date_keeps_its_day_in_its_sentence():
    """The answer to "Wann tritt die Satzung in Kraft?" needs the day (issue 14)."""
    text = "Die Satzung tritt ab 1.\nJanuar 2015 in Kraft. Sie gilt für alle."
    [mention] = find_dates(text, page=1)
    assert (mention.iso, mention.sentence) == ("2015-01-01", "Die Satzung tritt ab 1. Januar 2015 in Kraft.")


@given(
    day=st.integers(1, 28),
    month=st.sampled_from(MONTHS),
    year=st.integers(1990, 2030),
    before=st.sampled_from(["Die Regel gilt ab dem", "Beginn ist am", "Seit", "Stichtag:", "Vom"]),
    gap=st.sampled_from([" ", "\n", " \n", "\n "]),
)
def test_an_ordinal_day_never_ends_a_sentence(day, month, year, before, gap):
    text = f"{before} {day}.{gap}{month} {year} gilt das."
    assert f"{day}. {month} {year}" in sentence_at(text, text.index(month))


@given(abbr=st.sampled_from(["Nr.", "z. B.", "Abs.", "ca.", "Dr.", "bzw.", "vgl.", "ggf."]), gap=st.sampled_from([" ", "\n"]))
def test_an_abbreviation_never_ends_a_sentence(abbr, gap):
    text = f"Der Ausschuss prüft {abbr}{gap}Fünf Punkte bleiben offen."
    assert len(sentences(text)) == 1


def test_a_degree_before_a_name_ends_no_sentence():
    """ "beruft der Gemeinderat Herrn Dipl.-Ing. Markus Müller …": the person called belongs to the verb that calls."""
    text = ("Nach dem Ausscheiden von Herrn Jörg Aldinger beruft der Gemeinderat Herrn Dipl.-Ing. Markus Müller in den "
            "Beirat. Dr. rer. nat. Eva Berg und Dipl.-Kfm. Uwe Roth stimmen zu.")
    assert sentences(text) == [
        "Nach dem Ausscheiden von Herrn Jörg Aldinger beruft der Gemeinderat Herrn Dipl.-Ing. Markus Müller in den Beirat.",
        "Dr. rer. nat. Eva Berg und Dipl.-Kfm. Uwe Roth stimmen zu."]
