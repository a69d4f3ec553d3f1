"""Answers from the OParl metadata of real Karlsruhe papers (kb.metadata_answers), through `Library.ask`.

A slice of real papers is imported through kb's OParl import (as tests/test_oparl_import.py does) and
indexed with BM25; the questions are those of tests/eval/metadata-answer-questions.json on these papers
(written from the paper objects before the module was built).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.eval_answers import value_matches
from bench.eval_metadata_answers import DUMP, make_dump
from kb.library import Library
from kb.metadata_answers import SOURCE_NOTE, metadata_question
from kb.questions import analyze

QUESTIONS = Path(__file__).parent / "eval" / "metadata-answer-questions.json"
PAPERS = ("32965", "41273", "46894", "47744", "49319", "51575", "37732", "29629")
FLOOR = 0.85  # the whole set: 43/44 right (bench/eval_metadata_answers.py)


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Library:
    if not DUMP.exists():
        pytest.skip("Karlsruhe dump not present")
    dump = make_dump(tmp_path_factory.mktemp("dump"), [DUMP / "papers" / f"{p}.json" for p in PAPERS])
    lib = Library(tmp_path_factory.mktemp("data"), model=None)
    report, _ = lib.import_oparl(dump)
    assert not [o for o in report.outcomes if o.status == "failed"]
    return lib


def questions() -> list[dict]:
    data = json.loads(QUESTIONS.read_text(encoding="utf-8"))
    return [q for q in data["answerable"] if q["paper"] in PAPERS]


def paper_of(library: Library, doc_id: str) -> str | None:
    doc = library.archive.get(doc_id)
    return doc.oparl.paper.rsplit("/", 1)[-1] if doc and doc.oparl else None


def test_metadata_questions_answered_with_citation(library):
    asked = questions()
    right, wrong = [], []
    for q in asked:
        a = library.ask(q["question"])
        ok = value_matches(q["value"], a.value, q["type"]) and bool(a.evidence) and \
            paper_of(library, a.evidence[0].document) == q["paper"]
        (right if ok else wrong if not a.declined else []).append((q["question"], a.value))
        if ok and a.evidence[0].text.endswith(f"({SOURCE_NOTE})"):
            assert a.evidence[0].page == 1 and a.evidence[0].title  # cites the paper
    assert len(right) >= FLOOR * len(asked), wrong
    assert not wrong


def test_meeting_day_of_the_named_gremium_and_role(library):
    # 41273: Bauausschuss 08.07.2021 (Vorberatung), Haupt- und Finanzausschuss 13.07.2021, Gemeinderat 27.07.2021
    a = library.ask("Wann hat der Haupt- und Finanzausschuss die erste Tranche zur Modernisierung städtischer Gebäude vorberaten?")
    assert a.value == "2021-07-13"
    # cited: the Beratungsfolge entry, or the paper's own table line that prints the same meeting
    assert any("Beratungsfolge: Haupt- und Finanzausschuss" in e.text or "Hauptausschuss 13.07.2021" in e.text
               for e in a.evidence), a.evidence
    a = library.ask("Wann hat der Gemeinderat über die erste Tranche zur Modernisierung städtischer Gebäude entschieden?")
    assert a.value == "2021-07-27"


def test_gremium_the_paper_never_met_gives_no_day(library):
    """Asking for a Gremium that is not in the Beratungsfolge: no meeting day of another Gremium."""
    a = library.ask("Wann hat der Jugendhilfeausschuss über die Errichtung der Karlsruhe-Stiftung beraten?")
    assert a.declined or not a.evidence[0].text.endswith(f"({SOURCE_NOTE})")


@pytest.mark.parametrize("question", [
    "Wann hat der Gemeinderat über die Seilbahn zum Turmberg beraten?",
    "Welche Nummer hat die Vorlage zum Neubau eines Hallenbads in Neureut?",
    "Welches Gremium hat über den Bau einer Skisprungschanze entschieden?",
])
def test_unanswerable_metadata_questions_declined(library, question):
    assert library.ask(question).declined


def test_text_answerer_alone_misses_what_metadata_answers(library):
    """The comparison the bench makes: without metadata the reference is not found in any sentence."""
    answerer = library.answerer()
    answerer.metadata = False
    try:
        without = library.ask("Welche Nummer hat der Antrag zur Garnisonskirche in Knielingen?")
    finally:
        answerer.metadata = True
    with_meta = library.ask("Welche Nummer hat der Antrag zur Garnisonskirche in Knielingen?")
    assert without.value != "2022/0562/1"
    assert with_meta.value == "2022/0562/1"


@pytest.mark.parametrize(("question", "kind"), [
    ("Wann hat der Hauptausschuss über die Sanierung der Europahalle beraten?", "meeting_date"),
    ("In welchem Gremium wurde die Sanierung der Europahalle beraten?", "gremium"),
    ("Welche Nummer hat die Vorlage zur Sanierung der Europahalle?", "reference"),
    ("Von wann ist die Vorlage zur Sanierung der Europahalle?", "paper_date"),
    ("Welcher Ausschuss hat die Sanierung der Europahalle vorberaten?", "gremium"),
    ("Wann entscheidet der Gemeinderat über die Sanierung der Europahalle?", "meeting_date"),
])
def test_kinds_of_metadata_questions(question, kind):
    found = metadata_question(analyze(question))
    assert found is not None and found.kind == kind


@pytest.mark.parametrize("question", [
    "Wann wurde die Europahalle erbaut?",  # a fact of the text, not of the Beratungsfolge
    "Wie hoch sind die Gesamtkosten der Sanierung der Europahalle?",
    "Wann hat der Gemeinderat zuletzt über die Europahalle beraten?",  # "zuletzt": an earlier paper's meeting
    "Wer leitet das Projekt Europahalle?",
])
def test_questions_of_the_text_are_no_metadata_questions(question):
    assert metadata_question(analyze(question)) is None


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["Gemeinderat", "Hauptausschuss", "Haupt- und Finanzausschuss", "Ortschaftsrat Durlach",
                        "Planungsausschuss", "Jugendhilfeausschuss"]),
       st.sampled_from(["beraten", "beschlossen", "vorberaten", "entschieden", "behandelt"]),
       st.sampled_from(["die Sanierung der Europahalle", "den Bebauungsplan Staudenplatz", "das Fächerbad"]))
def test_a_named_gremium_and_a_consultation_verb_ask_for_its_meeting_day(body, verb, topic):
    found = metadata_question(analyze(f"Wann hat der {body} über {topic} {verb}?"))
    assert found is not None and found.kind == "meeting_date"
    assert any(body.lower().startswith(b) or b.startswith(body.lower()) for b in found.bodies)


def test_answers_are_the_same_without_haystacks_input_copies(library):
    """`run_uncopied` (the pipeline's components along its connections, no deep copies) answers exactly
    as haystack's `Pipeline.run` does: value, confidence, evidence, runner-ups and passages."""
    answerer = library.answerer()
    for q in [q["question"] for q in questions()[:6]] + ["Wie hoch sind die Kosten der Papiertonne?"]:
        fast = library.ask(q).to_json()
        answerer.copy_inputs = True
        try:
            copied = library.ask(q).to_json()
        finally:
            answerer.copy_inputs = False
        assert fast == copied
