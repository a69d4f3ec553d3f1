"""The learned candidate ranker (`kb.ranker`): the hand score as a feature vector, the fit, the fallback."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.eval_answers import (
    REAL_DIR,
    REAL_QUESTIONS,
    SEED_PAPER,
    _gold_ranked,
)
from kb.extractor import PASSAGES, AnswerExtractor
from kb.questions import analyze
from kb.ranker import (
    FEATURE_VERSION,
    FEATURES,
    HAND,
    Ranker,
    fit_conditional_logit,
    hand_score,
)

needs_real = pytest.mark.skipif(not (REAL_DIR / "files").is_dir() or not SEED_PAPER.exists(),
                                reason="real Karlsruhe papers (../shared/real/karlsruhe) not available")


class _Keep:
    """A ranker that keeps the hand scores and the candidate list it was given."""

    def __init__(self) -> None:
        self.last: list = []

    def rescore(self, candidates):
        self.last = Ranker().rescore(candidates)
        return self.last


@needs_real
def test_feature_vector_reproduces_the_hand_score_on_the_seed_paper():
    """log hand score = Σ HAND · x for every candidate the extractor scores: the learned ranker starts from (and
    with little data stays at) exactly today's ranking."""
    questions = [q for q in json.loads(REAL_QUESTIONS.read_text(encoding="utf-8"))["answerable"] if q["file"] == "seed"]
    extractor = AnswerExtractor(None)
    extractor.ranker = keep = _Keep()
    seen = 0
    for q in questions[:6]:
        analysis = analyze(q["question"])
        extractor.run(analysis=analysis, documents=_gold_ranked(q, analysis)[:PASSAGES])
        for c in keep.last:
            assert set(c.features) == set(FEATURES)
            assert math.isclose(hand_score(c.features), c.score, rel_tol=1e-9), c.features
            seen += 1
    assert seen >= 20


def test_without_a_fitted_file_the_hand_score_stands(tmp_path: Path):
    assert Ranker.load(tmp_path / "missing.json").weights is None
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"feature_version": FEATURE_VERSION + 1, "weights": {"log_fit": 2.0}}), encoding="utf-8")
    assert Ranker.load(other).weights is None  # fitted on other features: not applied
    unknown = tmp_path / "unknown.json"
    unknown.write_text(json.dumps({"feature_version": FEATURE_VERSION, "weights": {"paper_42": 2.0}}), encoding="utf-8")
    assert Ranker.load(unknown).weights is None


@given(st.dictionaries(st.sampled_from(FEATURES), st.floats(-3, 0.5), min_size=1))
def test_hand_weights_as_a_file_rank_as_the_hand_score(x):
    assert math.isclose(Ranker(dict(HAND)).score(x), hand_score(x), rel_tol=1e-9)


def _synthetic(n: int = 60) -> list[tuple[list[dict[str, float]], list[bool], list[str]]]:
    """Questions whose right candidate has the asked kind and a lower coverage than the wrong one."""
    lists = []
    for i in range(n):
        right = {"log_coverage": -0.4 - 0.01 * i, "asked_kind": 1.0}
        wrong = {"log_coverage": -0.2, "asked_kind": 0.0}
        lists.append(([right, wrong], [True, False], ["a", "b"]))
    return lists


def test_the_fit_learns_what_separates_right_from_wrong_and_strong_l2_keeps_the_hand_weights():
    lists = _synthetic()
    learned = fit_conditional_logit(lists, l2=0.1)
    assert learned["asked_kind"] > 0.5
    ranker = Ranker(learned)
    assert all(ranker.score(xs[0]) > ranker.score(xs[1]) for xs, _, _ in lists)
    assert all(hand_score(xs[0]) < hand_score(xs[1]) for xs, _, _ in lists)  # the hand score ranked them wrong
    kept = fit_conditional_logit(lists, l2=1e6)
    assert all(abs(kept[f] - HAND.get(f, 0.0)) < 1e-3 for f in FEATURES)


def test_only_the_best_candidate_of_a_value_counts():
    """A right value stated in many weak sentences does not outweigh one strong wrong sentence in the fit."""
    weak = [{"log_coverage": -1.0, "asked_kind": 1.0}] * 5
    lists = [(weak + [{"log_coverage": 0.0, "asked_kind": 0.0}], [True] * 5 + [False], ["a"] * 5 + ["b"])] * 20
    assert fit_conditional_logit(lists, l2=0.1)["asked_kind"] > 0.5


def test_a_score_the_vector_does_not_describe_keeps_the_hand_score():
    """A factor added to the extractor's score but not to the vector (a merge): the learned weights describe
    another score, so the hand scores stand."""
    from kb.evidence import Candidate, Evidence

    evidence = Evidence("paper", "Titel", "paper.txt", 1, "Die Kosten betragen 5.000 Euro.", 0, 31)
    x = {"log_coverage": -0.2, "asked_kind": 1.0}
    described = Candidate("5.000 Euro", 5000.0, "amount", hand_score(x), evidence)
    described.features = dict(x)
    learned = Ranker({**HAND, "asked_kind": 1.0})
    assert learned.rescore([described])[0].score > hand_score(x)
    other = Candidate("5.000 Euro", 5000.0, "amount", 0.5 * hand_score(x), evidence)
    other.features = dict(x)
    assert learned.rescore([other])[0].score == 0.5 * hand_score(x)
