"""The answer's confidence: the winner's score and a few features of the decision → a probability.

A logistic model over some of `FEATURES`, fitted on questions the rules were never written on (the calib split of
tests/eval/real-answer-questions-2; `bench/eval_answers.py --set2 --dump`, then `--fit-rows`), stored in
kb/answer_calibration.json with the threshold chosen there for ≤ 5 % wrong answers and ≥ 90 % unanswerable
questions declined. `kb.scoring` scores the candidates; this module only turns a decision into a probability.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kb.questions import QuestionAnalysis

CALIBRATION_FILE = Path(__file__).with_name("answer_calibration.json")
FEATURES = ("log_score", "log_lead", "support", "kind_numeric", "coverage", "fit", "log_context", "names_noun",
            "top_paper", "rivals", "contenders", "sentences", "paper_contenders", "other_contenders", "share",
            "log_hand", "hand_lead", "logit_win")
_NUMERIC = ("amount", "percentage", "count", "area", "date", "start", "end", "period")
CONTENDER_SHARE = 0.7  # another value scoring this share of the winner's is a contender


def decision_features(score: float, runner_up: float, support: int, kind: str, best: Any = None,
                      analysis: QuestionAnalysis | None = None, top_document: str | None = None,
                      group: list[Any] | None = None, ranked: list[tuple[float, Any]] | None = None) -> dict[str, float]:
    """What the confidence is fitted on: the winner's score, its lead over the best other value, how
    many papers state it, whether the type is a figure, and how its best sentence scored: the share
    of the question it states, the span's type fit, the words around it (head noun, verb, negation),
    whether that sentence names the noun the value belongs to (1, 0; 0.5: the question names none), and
    whether it stands in the paper retrieval ranks first.

    Features meant to hold on papers the rules were not written on (none depends on a paper's wording):
    `rivals` — other values of the asked kind in the winner's own sentence (a sentence with four amounts
    says less about which is asked than one with one); `contenders` — other values scoring within
    CONTENDER_SHARE of the winner anywhere (the reader could not decide); `sentences` — independent
    sentences (passages) that state the winning value (agreement)."""
    # kb.scoring re-exports this module, so its helper is imported here, not at the top
    from kb.scoring import names_value_noun

    nouns = analysis.value_nouns if analysis is not None else ()
    evidence = getattr(best, "evidence", None)
    names = 0.5 if not nouns or evidence is None else float(names_value_noun(nouns, evidence.text))
    key = getattr(best, "key", None)
    rivals = contenders = 0.0
    sentences = 1.0
    paper_contenders = other_contenders = 0.0
    share = 1.0
    from kb.ranker import outside_score

    # Without the candidate list (a metadata answer, `kb.answers`): the odds against the runner-up and "none".
    logit_win = math.log(max(score, 1e-4) / max(runner_up + outside_score(), 1e-4))
    if ranked is not None and evidence is not None:
        others = [c for _, g in ranked for c in g if c.key != key]
        rivals = float(len({c.key for c in others if c.evidence.document == evidence.document
                            and c.evidence.start == evidence.start}))
        contenders = float(sum(1 for s, g in ranked if g[0].key != key and s >= CONTENDER_SHARE * score))
        # Where the contenders stand: another value the winner's own paper states nearly as strongly means the
        # reader could not tell which of the paper's figures is asked (on unseen papers the usual error); a
        # value from another paper on the same matter (last year's report) says less about this one.
        paper_contenders = float(len({c.key for c in others if c.evidence.document == evidence.document
                                      and c.score >= CONTENDER_SHARE * score}))
        other_contenders = max(0.0, contenders - paper_contenders)
        # The ranker's own probability that this value is the one: its score's share of all values' scores (a
        # softmax, as the learned ranker is fitted: `kb.ranker`).
        total = sum(max(s, 0.0) for s, _ in ranked) + (0.0 if any(g[0].key == key for _, g in ranked) else max(score, 0.0))
        share = max(score, 0.0) / max(1e-9, total)
        # The learned ranker's log odds that this value is right: against every other value and against "none is
        # right" (its fitted outside option; without one, the odds against the other values alone).
        logit_win = math.log(max(score, 1e-4) / max(total - max(score, 0.0) + outside_score(), 1e-4))
    if group:
        sentences = float(len({(c.evidence.document, c.evidence.start) for c in group if c.score >= 0.5 * group[0].score}))
    log_hand, hand_lead = _hand(group, ranked, key) if group and any(getattr(c, "features", None) for c in group) \
        else (math.log(max(score, 1e-4)), math.log(max(score, 1e-4) / max(runner_up, 1e-4)))  # no feature vectors:
    # a metadata answer, scored on the hand scale
    return {
        "log_hand": log_hand,
        "hand_lead": hand_lead,
        "names_noun": names,
        "log_score": math.log(max(score, 1e-4)),
        "log_lead": math.log(max(score, 1e-4) / max(runner_up, 1e-4)),
        "support": float(min(support, 4)),
        "kind_numeric": 1.0 if kind in _NUMERIC else 0.0,
        "coverage": float(getattr(best, "coverage", 0.0)),
        "fit": float(getattr(best, "fit", 0.0)),
        "log_context": math.log(max(float(getattr(best, "context", 1.0)), 1e-4)),
        # the evidence comes from the paper retrieval ranks first (1), another (0), unknown (0.5)
        "top_paper": 0.5 if top_document is None or evidence is None else float(evidence.document == top_document),
        "rivals": min(rivals, 4.0),
        "contenders": min(contenders, 4.0),
        "sentences": min(sentences, 4.0),
        "paper_contenders": min(paper_contenders, 4.0),
        "other_contenders": min(other_contenders, 4.0),
        "share": share,
        "logit_win": logit_win,
    }


def _hand(group: list[Any] | None, ranked: list[tuple[float, Any]] | None, key: str | None) -> tuple[float, float]:
    """The winner's hand score (`kb.ranker.hand_score`, the product of the factors) and its log lead over the best
    other value's: how clearly the rules alone, not the learned weights, single the value out."""
    from kb.ranker import hand_score

    def best(candidates: list[Any]) -> float:
        return max((hand_score(c.features) for c in candidates if getattr(c, "features", None)), default=0.0)

    own = best(group or [])
    if own <= 0:
        return 0.0, 0.0
    other = max((best(g) for _, g in ranked or [] if g and g[0].key != key), default=0.0)
    return math.log(max(own, 1e-4)), math.log(max(own, 1e-4) / max(other, 1e-4))


@dataclass(frozen=True)
class Calibration:
    """A logistic model over some of `FEATURES` (named in the file), fitted on questions the rules were not
    written on (bench/eval_answers.py --fit), and the threshold chosen there for ≤ 5 % wrong answers.
    Without a fitted file: the raw score is the confidence and 0.30 the threshold (the old rule)."""

    weights: tuple[float, ...] = ()
    bias: float = 0.0
    threshold: float = 0.30
    fitted_on: str = ""
    features: tuple[str, ...] = FEATURES

    @classmethod
    def load(cls, path: Path = CALIBRATION_FILE) -> Calibration:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        names = tuple(data.get("features", FEATURES))
        if not set(names) <= set(FEATURES) or len(names) != len(data["weights"]):
            return cls()  # fitted on other features: not applicable
        return cls(tuple(data["weights"]), data["bias"], data["threshold"], data.get("fitted_on", ""), names)

    def probability(self, features: dict[str, float]) -> float:
        if not self.weights:
            return min(1.0, math.exp(features["log_score"]))  # the raw score (capped), before any fit
        z = self.bias + sum(w * features.get(name, 0.0) for w, name in zip(self.weights, self.features))
        return 1.0 / (1.0 + math.exp(-z))


def fit_logistic(rows: list[tuple[dict[str, float], bool]], l2: float = 0.1, steps: int = 2000,
                 features: tuple[str, ...] = FEATURES) -> tuple[list[float], float]:
    """A tiny logistic regression by Newton steps (numpy): a handful of features, a few hundred rows."""
    import numpy as np

    x = np.array([[f.get(name, 0.0) for name in features] for f, _ in rows], dtype=float)
    y = np.array([1.0 if ok else 0.0 for _, ok in rows])
    x = np.hstack([x, np.ones((len(rows), 1))])
    w = np.zeros(x.shape[1])
    reg = l2 * np.eye(x.shape[1])
    reg[-1, -1] = 0.0
    for _ in range(min(steps, 100)):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        grad = x.T @ (p - y) + reg @ w
        hess = x.T @ (x * (p * (1 - p))[:, None]) + reg + 1e-9 * np.eye(x.shape[1])
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return [float(v) for v in w[:-1]], float(w[-1])
