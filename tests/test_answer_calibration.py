"""How sure a measured wrong-answer rate is: the upper bound printed beside it, and the confidence threshold chosen
for ≤ 5 % wrong answers with an assurance rather than on the questions it was fitted on (bench/eval_answers.py
`wrong_rate_upper`, `wrong_rate_assured`, `fit_rows`)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.eval_answers import fit_rows, wrong_rate_assured, wrong_rate_upper


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 400), data=st.data(), target=st.sampled_from([0.02, 0.05, 0.1]),
       assurance=st.sampled_from([0.5, 0.7, 0.8, 0.9, 0.95]))
def test_assured_wrong_rate_is_the_clopper_pearson_bound(n, data, target, assurance):
    """Same decision as the exact one-sided upper bound computed by scipy's beta quantile."""
    beta = pytest.importorskip("scipy.stats").beta
    wrong = data.draw(st.integers(0, n))
    upper = 1.0 if wrong >= n else float(beta.ppf(assurance, wrong + 1, n - wrong))
    assert wrong_rate_upper(wrong, n, assurance) == pytest.approx(upper, abs=1e-9)
    if abs(upper - target) > 1e-9:  # on the boundary itself, rounding decides
        assert wrong_rate_assured(wrong, n, target, assurance) == (upper <= target)


def test_more_assurance_allows_fewer_wrong_answers():
    allowed = {a: max(w for w in range(60) if wrong_rate_assured(w, 234, 0.05, a)) for a in (0.0, 0.5, 0.8, 0.9)}
    assert allowed[0.0] == 11  # 5 % of 234, in-sample
    assert allowed[0.0] >= allowed[0.5] >= allowed[0.8] >= allowed[0.9]
    assert allowed[0.8] < allowed[0.0]


def _rows(seed: int) -> list[dict]:
    """Answers whose best candidate is right more often the higher their score."""
    rng = random.Random(seed)
    rows = []
    for _ in range(300):
        score = rng.random()
        rows.append({"type": "amount", "features": {"log_score": score}, "top_right": rng.random() < score ** 0.5})
    rows += [{"type": "unanswerable", "features": {"log_score": rng.random() * 0.5}, "top_right": False}
             for _ in range(30)]
    return rows


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_assured_threshold_is_stricter_and_meets_its_target(seed):
    rows = _rows(seed)
    plain = fit_rows(rows, ("log_score",), assurance=0.0)
    assured = fit_rows(rows, ("log_score",), assurance=0.8)
    assert assured["threshold"] >= plain["threshold"]
    assert assured["targets"]["assurance"] == 0.8
    from kb.scoring import Calibration

    cal = Calibration(tuple(assured["weights"]), assured["bias"], features=("log_score",))
    answerable = [r for r in rows if r["type"] != "unanswerable"]
    wrong = sum(1 for r in answerable if cal.probability(r["features"]) >= assured["threshold"] and not r["top_right"])
    assert wrong_rate_assured(wrong, len(answerable), 0.05, 0.8)
