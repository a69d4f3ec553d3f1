"""The candidate ranker: a candidate's score from its feature vector, by weights learned on questions.

The hand score of `kb.scoring` is a product of factors (√coverage × fit × nearness × the words around the span ×
rank × year × 0.5 per missing noun), each set by hand on a few development questions. Written as logarithms, it is
a linear score: log score = Σ h_i · x_i with x the log of each factor and h fixed (½ for coverage, log ½ per missing
noun, 1 for every other factor). `candidate_features` builds that vector, plus a few generic features of the span
and its sentence the hand score never had (kind asked, position, sentence length, values of the kind in the
sentence, digits share, whole-sentence spans, the value named in the question), and two of the candidate list
(sentences and papers that state the same value) — none names a paper, a value or a word list.

A conditional logit (softmax over one question's candidates) fits weights w on the development questions
(`bench/eval_answers.py --fit-ranker`), L2-regularised toward h, so that with little data it stays the hand score;
the learned score is exp(w · x) on the hand score's scale (the extractor's shares and floors, the metadata answers
and the confidence keep their meaning). The weights live in kb/answer_ranker.json; without the file, or with one
fitted on other features, `Ranker.rescore` leaves the hand scores alone.
"""

from __future__ import annotations

import json
import logging
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.scoring import COVERAGE_POWER, MISSING_NOUN, SPAN_FACTORS

if TYPE_CHECKING:
    from kb.evidence import Candidate
    from kb.questions import QuestionAnalysis

RANKER_FILE = Path(__file__).with_name("answer_ranker.json")
FEATURE_VERSION = 1  # raise when a feature changes meaning: a file fitted on another version is not applied

# The hand score, as weights on the features below: log hand score = Σ HAND[name] · x[name].
HAND = {"log_coverage": COVERAGE_POWER, "log_fit": 1.0, "log_near": 1.0, "log_rank": 1.0, "log_year": 1.0,
        "missing": math.log(MISSING_NOUN), "log_label_fit": 1.0, **{f"log_{name}": 1.0 for name in SPAN_FACTORS}}
GENERIC = ("asked_kind", "span_position", "log_sentence_chars", "kind_values", "digit_share", "whole_sentence",
           "value_in_question", "recurs", "papers", "first_paper")
FEATURES = (*HAND, *GENERIC)
_FLOOR = 1e-4


def _log(x: float) -> float:
    return math.log(max(x, _FLOOR))


def candidate_features(analysis: QuestionAnalysis, *, coverage: float, fit: float, near: float, rank_weight: float,
                       year_ok: float, missing: int, span: dict[str, float], label_fit: float, kind: str, answer: str,
                       pos: int, sentence: str, kind_values: int) -> dict[str, float]:
    """One candidate's features (the list-level ones, `recurs` … `first_paper`, are set by `Ranker.rescore`)."""
    x = {"log_coverage": _log(coverage), "log_fit": _log(fit), "log_near": _log(0.7 + 0.3 * near),
         "log_rank": _log(rank_weight), "log_year": _log(year_ok), "missing": float(missing),
         "log_label_fit": _log(label_fit), **{f"log_{name}": _log(span.get(name, 1.0)) for name in SPAN_FACTORS}}
    digits = sum(ch.isdigit() for ch in sentence)
    x.update({
        "asked_kind": 1.0 if kind == analysis.answer_type else 0.0,
        "span_position": max(0, pos) / max(1, len(sentence)),
        "log_sentence_chars": math.log(max(20, len(sentence)) / 100),  # 0 at a sentence of 100 characters
        "kind_values": float(min(max(0, kind_values - 1), 4)),  # other values of the same kind in the sentence
        "digit_share": digits / max(1, len(sentence)),  # a flattened table row vs prose
        "whole_sentence": 1.0 if pos < 0 else 0.0,
        # a value the question itself names ("Was kostet … 2019?" → 2019) is rarely its answer
        "value_in_question": 1.0 if len(answer) >= 3 and _norm(answer) in _norm(analysis.question) else 0.0,
        "recurs": 0.0, "papers": 0.0, "first_paper": 1.0,
    })
    return x


@lru_cache(maxsize=1024)  # called per candidate with the same question
def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def list_features(candidates: list[Candidate]) -> None:
    """The features of the candidate list: other sentences and other papers that state the same value, and whether
    the candidate stands in the paper of the best-ranked passage (retrieval's first paper)."""
    sentences: dict[str, set[tuple[str, int]]] = {}
    papers: dict[str, set[str]] = {}
    first, best_rank = None, -1e9
    for c in candidates:
        sentences.setdefault(c.key, set()).add((c.evidence.document, c.evidence.start))
        papers.setdefault(c.key, set()).add(c.evidence.document)
        x = getattr(c, "features", None)
        if x and x.get("log_rank", 0.0) > best_rank:
            first, best_rank = c.evidence.document, x.get("log_rank", 0.0)
    for c in candidates:
        x = getattr(c, "features", None)
        if x:
            x["recurs"] = float(min(len(sentences[c.key]) - 1, 4))
            x["papers"] = float(min(len(papers[c.key]) - 1, 3))
            x["first_paper"] = 1.0 if c.evidence.document == first else 0.0


@dataclass(frozen=True)
class Ranker:
    """Weights over FEATURES (absent ones keep their hand weight); no weights: the hand score stands."""

    weights: dict[str, float] | None = None
    fitted_on: str = ""
    offset: float = 0.0  # added to w · x so that the winners keep the hand score's scale (the softmax has no level)
    outside: float | None = None  # the fitted utility of "no candidate is right" (`fit_conditional_logit(outside=True)`)

    @classmethod
    def load(cls, path: Path | None = None) -> Ranker:
        try:
            data = json.loads((path or RANKER_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        weights = data.get("weights") or {}
        if data.get("feature_version") != FEATURE_VERSION or not set(weights) <= set(FEATURES):
            return cls()  # fitted on other features: the hand score
        outside = data.get("outside")
        return cls({**HAND, **{k: float(v) for k, v in weights.items()}}, data.get("fitted_on", ""),
                   float(data.get("offset", 0.0)), None if outside is None else float(outside))

    @property
    def outside_score(self) -> float:
        """The score of "no candidate is right" on the candidates' scale (0 without a fitted outside option)."""
        return 0.0 if self.outside is None or not self.weights else math.exp(min(5.0, self.outside + self.offset))

    def score(self, x: dict[str, float]) -> float:
        if not self.weights:
            return hand_score(x)
        return math.exp(min(5.0, self.offset + sum(w * x.get(name, 0.0) for name, w in self.weights.items())))

    def rescore(self, candidates: list[Candidate]) -> list[Candidate]:
        """Set the list features; with learned weights, every candidate's score becomes exp(w · x) — unless a
        candidate's vector no longer reproduces its hand score (the extractor's score gained a factor the vector
        lacks, e.g. after a merge): then the weights describe another score, and the hand scores stand."""
        list_features(candidates)
        if self.weights and not all(_describes(c) for c in candidates):
            _warn_once()
            return candidates
        if self.weights:
            for c in candidates:
                x = getattr(c, "features", None)
                if x:
                    c.hand_score = c.score  # the extractor cites on the hand scale (`kb.extractor._cited`)
                    c.score = self.score(x)
        return candidates


def _describes(c: Candidate) -> bool:
    x = getattr(c, "features", None)
    return not x or math.isclose(hand_score(x), c.score, rel_tol=1e-6, abs_tol=1e-9)


@lru_cache(maxsize=1)
def _warn_once() -> None:
    logging.getLogger(__name__).warning(
        "kb.ranker: the candidates' feature vectors do not reproduce their scores (a factor was added to the "
        "extractor's score, not to kb.ranker.candidate_features): ranking by the hand score")


@lru_cache(maxsize=4)
def _loaded(path: Path) -> Ranker:
    return Ranker.load(path)


def outside_score() -> float:
    """The shipped ranker's score of "no candidate is right" (the confidence weighs the winner against it)."""
    return _loaded(RANKER_FILE).outside_score


def hand_score(x: dict[str, float]) -> float:
    return math.exp(min(5.0, sum(w * x.get(name, 0.0) for name, w in HAND.items())))


def scale_offset(lists: list[list[dict[str, float]]], weights: dict[str, float]) -> float:
    """The level that keeps the learned winners on the hand score's scale: the median, over questions, of the
    hand winner's log score minus the learned winner's w · x (the extractor's absolute floors, the metadata
    answers it competes with and the confidence were all set on that scale)."""
    import statistics

    gaps = [max(math.log(hand_score(x)) for x in xs) - max(sum(w * x.get(k, 0.0) for k, w in weights.items()) for x in xs)
            for xs in lists if xs]
    return statistics.median(gaps) if gaps else 0.0


def fit_conditional_logit(lists: list[tuple[list[dict[str, float]], list[bool], list[str]]], l2: float = 1.0,
                          features: tuple[str, ...] = FEATURES, prior: dict[str, float] | None = None,
                          tau: float | None = None, outside: bool = False) -> dict[str, float]:
    """Weights w maximising Σ_questions log softmax(w · x) of the question's best right candidate among it and the
    best candidate of every wrong value (`lists`: per question the candidates' features, whether each is right, and
    its value key), − l2 · |w − prior|² (prior: the hand weights); by L-BFGS (scipy).

    Why the best of each value, not every candidate: the extractor answers with the value of its single best
    candidate; a softmax over all candidates would reward a right value for being stated in many sentences even
    where one wrong sentence outranks them all. Questions without a right or without a wrong candidate carry no
    information about the ranking and are skipped.

    `tau`: instead of the log-likelihood, the smoothed count of questions lost, Σ sigmoid(−margin / tau) with margin
    = the best right candidate's w · x − the soft maximum (log-sum-exp) of the wrong values' best: bounded, so a
    question whose right value stands far down (no weights would lift it to first) does not pull the weights
    away from those the ranking can decide. Non-convex: started at the prior, it finds the nearest optimum.

    `outside`: every question also has a "no candidate is right" alternative of utility b (fitted, returned as
    "_outside"); questions without a right candidate choose it. Then not only the order of a question's candidates
    but their level means something: a wrong winner must stay under b, which the confidence needs (the hand
    score was set with an absolute threshold in mind)."""
    import numpy as np
    from scipy.optimize import minimize
    from scipy.special import logsumexp, softmax

    prior = HAND if prior is None else prior
    p0 = np.array([prior.get(f, 0.0) for f in features])
    data = []
    for xs, ys, keys in lists:
        if (outside and xs) or (any(ys) and not all(ys)):  # outside: every question with candidates counts
            x = np.array([[v.get(f, 0.0) for f in features] for v in xs])
            negatives = sorted({k for k, y in zip(keys, ys) if not y})
            groups = [np.array([i for i, k in enumerate(keys) if k == key and not ys[i]]) for key in negatives]
            data.append((x, np.flatnonzero(ys), groups))
    if not data:
        return dict(zip(features, p0.tolist()))

    if outside:
        return _fit_outside(data, p0, l2, features)

    def loss(w: Any) -> tuple[float, Any]:
        total, grad = 0.0, np.zeros_like(w)
        for x, positives, groups in data:
            u = x @ w
            chosen = [positives[np.argmax(u[positives])]] + [g[np.argmax(u[g])] for g in groups]
            if tau is None:
                p = softmax(u[chosen])
                total -= np.log(max(p[0], 1e-300))
                grad -= x[chosen[0]] - p @ x[chosen]
            else:
                q = softmax(u[chosen[1:]])
                margin = u[chosen[0]] - logsumexp(u[chosen[1:]])
                lost = 1.0 / (1.0 + np.exp(np.clip(margin / tau, -50, 50)))
                total += lost
                grad -= lost * (1 - lost) / tau * (x[chosen[0]] - q @ x[chosen[1:]])
        d = w - p0
        return total + l2 * float(d @ d), grad + 2 * l2 * d

    result = minimize(loss, p0.copy(), jac=True, method="L-BFGS-B")
    return dict(zip(features, [float(v) for v in result.x]))


def _fit_outside(data: list[Any], p0: Any, l2: float, features: tuple[str, ...]) -> dict[str, float]:
    """`fit_conditional_logit` with the outside alternative (utility b, the last parameter, not regularised)."""
    import numpy as np
    from scipy.optimize import minimize
    from scipy.special import softmax

    def loss(wb: Any) -> tuple[float, Any]:
        w, b = wb[:-1], wb[-1]
        total, grad = 0.0, np.zeros_like(wb)
        for x, positives, groups in data:
            u = x @ w
            chosen = ([positives[np.argmax(u[positives])]] if len(positives) else []) + \
                [g[np.argmax(u[g])] for g in groups]
            p = softmax(np.concatenate([[b], u[chosen]]))
            if len(positives):
                total -= np.log(max(p[1], 1e-300))
                grad[:-1] -= x[chosen[0]]
            else:
                total -= np.log(max(p[0], 1e-300))
                grad[-1] -= 1.0
            grad[:-1] += p[1:] @ x[chosen]
            grad[-1] += p[0]
        d = w - p0
        grad[:-1] += 2 * l2 * d
        return total + l2 * float(d @ d), grad

    start = np.concatenate([p0, [0.0]])
    result = minimize(loss, start, jac=True, method="L-BFGS-B")
    return {**dict(zip(features, [float(v) for v in result.x[:-1]])), "_outside": float(result.x[-1])}
