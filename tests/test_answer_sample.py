"""The sample set back at its 86 % (issue 14) by rules about kinds of text, each checked on the real dev halves.

Every rule below is asserted on invented sentences of its kind (none is a sentence of the sample corpus or of a
real paper); the floor at the end is the sample set itself (tests/eval/answer-questions.json, hybrid)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from haystack import Document
from hypothesis import given
from hypothesis import strategies as st

from bench.eval_answers import QUESTIONS, evaluate
from ingest.archive import Archive
from kb.answer_groups import fold_months_into_days, merge_name_types, merge_restated
from kb.answers import Answerer
from kb.candidates import _inside_quoted_title, extract
from kb.evidence import Candidate, Evidence
from kb.extractor import AnswerExtractor
from kb.indexer import open_store
from kb.questions import analyze
from kb.scoring import span_context

# 2026-12-01 (sample4): 82 of 95 right = 86.3 %, 0 wrong, 13/14 declined on the cached ingest of the sample corpus
# (hybrid, threshold 0.671). A fresh OCR ingest may differ by a paper's repair: one answer of margin (81/95).
SAMPLE_FLOOR = 0.85


def _candidate(value: str, kind: str, score: float, doc: str, text: str = "s", start: int = 0) -> Candidate:
    return Candidate(value, value, kind, score, Evidence(doc, doc, doc, 1, text, start, start + len(text)))


def _groups(*candidates: Candidate) -> dict[str, list[Candidate]]:
    groups: dict[str, list[Candidate]] = {}
    for c in candidates:
        groups.setdefault(c.key, []).append(c)
    return groups


def _read(question: str, text: str) -> list[Candidate]:
    """The extractor on one passage that carries its page (no index, no archive), its candidates best first."""
    extractor = AnswerExtractor(None)
    analysis = analyze(question)
    passage = Document(content=text, meta={"document": "p", "page": 1, "start": 0, "page_text": text})
    out = extractor._candidates(analysis, passage, 0, extractor.word_weights(analysis))
    return sorted(out, key=lambda c: -c.score)


def test_a_name_typed_twice_is_one_candidate():
    """ "Fraktion XY" read as an organisation and as an entity is one answer: no rival of itself."""
    groups = _groups(_candidate("Fraktion XY", "organisation", 0.7, "a"), _candidate("Fraktion XY", "entity", 0.66, "a"),
                     _candidate("Bauausschuss", "entity", 0.2, "a"))
    merge_name_types(groups)
    assert sorted(groups) == ["entity:bauausschuss", "organisation:fraktion xy"]
    assert {c.type for c in groups["organisation:fraktion xy"]} == {"organisation"}
    assert len(groups["organisation:fraktion xy"]) == 2


def test_a_restated_reason_supports_instead_of_competing():
    """A later paper repeating a reason in a few more words states the same reason; another reason stays apart."""
    groups = _groups(_candidate("der Zuschuss des Bundes nicht bewilligt wurde", "reason", 0.7, "a"),
                     _candidate("der Zuschuss nicht bewilligt wurde", "reason", 0.6, "b"),
                     _candidate("die Ausschreibung ohne Angebot blieb", "reason", 0.5, "c"))
    merge_restated(groups)
    assert len(groups) == 2
    head = groups["reason:der zuschuss des bundes nicht bewilligt wurde"]
    assert {c.evidence.document for c in head} == {"a", "b"}
    assert all(c.value == head[0].value for c in head)


def test_a_month_is_not_folded_into_the_papers_own_date_line():
    """ "seit Mai 2023" is the answer; the paper's "Datum: 12.05.2023" line is when it was written, no event.
    A day of the same month stated in prose is the month's precise form and keeps folding it."""
    month = _candidate("2023-05", "start", 0.6, "m", "Die Sprechstunde findet seit Mai 2023 im Rathaus statt.", 100)
    label = _candidate("2023-05-12", "start", 0.1, "m", "Datum: 12.05.2023")
    groups = _groups(month, label)
    fold_months_into_days(groups)
    assert "start:2023-05" in groups
    prose = _candidate("2023-05-02", "start", 0.5, "m", "Die erste Sprechstunde fand am 02.05.2023 statt.", 300)
    groups = _groups(_candidate("2023-05", "start", 0.6, "m", "Sie findet seit Mai 2023 statt.", 100), prose)
    fold_months_into_days(groups)
    assert list(groups) == ["start:2023-05-02"]


def test_a_deadline_noun_cues_the_end_date():
    analysis = analyze("Bis wann konnte man sich für den Kiosk bewerben?")
    found = extract("Bis zum Ende der Bewerbungsfrist am 14. März 2022 gingen drei Bewerbungen ein.", 1, analysis, {})
    ends = [t for t in found if t.type == "end"]
    assert ends and ends[0].value == "2022-03-14" and ends[0].fit >= 0.9
    # a decision ("Beschluss") is no deadline
    found = extract("Der Beschluss am 14.03.2022 wurde vertagt.", 1, analysis, {})
    assert all(t.fit < 0.9 for t in found if t.type == "end")


def test_a_sentence_pointing_back_reads_the_sentence_before():
    """ "Dafür sind 4 zusätzliche Stellen nötig." is about what the sentence before names; "Außerdem …" is not."""
    question = "Wie viele zusätzliche Stellen braucht die Stadtbibliothek für die neuen Zweigstellen?"
    first = "Die Stadtbibliothek eröffnet zwei neue Zweigstellen in den Stadtteilen. "
    pointing = _read(question, first + "Dafür sind 4 zusätzliche Stellen nötig.")
    plain = _read(question, first + "Außerdem sind 4 zusätzliche Stellen nötig.")
    four = next(c for c in pointing if c.value == 4.0)
    assert four.coverage > next(c for c in plain if c.value == 4.0).coverage


def test_a_superlative_question_prefers_the_sentence_that_names_an_extreme():
    assert analyze("In welchem Monat hatte das Freibad die meisten Gäste?").extreme
    assert not analyze("In welchem Monat öffnet das Freibad?").extreme
    assert not analyze("Wer ist Bürgermeister von Beispielstadt?").extreme
    text = ("Im Juni 2024 kamen 9.800 Gäste in das Freibad. "
            "Den höchsten Wert erreichte das Freibad im August 2024 mit 14.200 Gästen.")
    best = _read("In welchem Monat hatte das Freibad die meisten Gäste?", text)[0]
    assert best.value == "2024-08"


def test_a_word_inside_a_quoted_title_is_no_organisation():
    sentence = "Zuständig ist das Referat „Grünflächen, Friedhöfe, Forstbehörde“ unter Frau Beispiel."
    assert _inside_quoted_title(sentence, "Forstbehörde")
    found = extract(sentence, 1, analyze("Welche Behörde ist zuständig?"), {})
    assert all(t.value != "Forstbehörde" for t in found if t.type == "organisation")


@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzäöüß -", min_size=3, max_size=40))
def test_a_name_that_is_the_whole_quote_stays(name):
    name = name.strip(" ,.")
    if len(name) >= 3:
        assert not _inside_quoted_title(f"Das Projekt „{name}“ beginnt im Mai.", name)


def test_a_role_handed_to_the_person_after_it():
    """ "Die Projektleitung übernimmt Frau …": the asked role is this person's (fit 1.0), not merely nearby (0.8)."""
    analysis = analyze("Wer leitet das Projekt?")
    handed = [t for t in extract("Die Projektleitung übernimmt Frau Anna Beispiel, Sachgebietsleiterin.", 1, analysis, {})
              if t.type == "person"]
    nearby = [t for t in extract("Zur Projektleitung berichtet Frau Anna Beispiel im Ausschuss.", 1, analysis, {})
              if t.type == "person"]
    assert handed and nearby and handed[0].fit > nearby[0].fit


def test_by_how_much_asks_for_the_change_not_the_level():
    analysis = analyze("Um wie viele Stellen wächst der Stellenplan?")
    sentence = "Der Stellenplan wächst von 120 auf 130 Stellen, ein Zuwachs um 10 Stellen."
    change = span_context(analysis, sentence, sentence.index("10 Stellen"), 2, "count")
    assert change > span_context(analysis, sentence, sentence.index("130"), 3, "count")
    assert change > span_context(analysis, sentence, sentence.index("120"), 3, "count")


@pytest.fixture(scope="module")
def answerer(corpus_data: Path) -> Answerer:
    return Answerer(open_store(corpus_data), Archive(corpus_data))


def test_sample_set_floor(answerer):
    """The sample set (95 answerable, 14 unanswerable) at the issue's 86 %, with the stored calibration."""
    figures = evaluate(answerer, json.loads(QUESTIONS.read_text(encoding="utf-8")))
    assert figures["accuracy"] >= SAMPLE_FLOOR, figures["misses"]
    assert figures["wrong_share"] <= 0.025, figures["misses"]
    assert figures["declined_share"] >= 0.90, figures["misses"]
