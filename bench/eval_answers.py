"""Evaluation of answers with citations: accuracy per answer type, declines, latency.

    .venv/bin/python bench/eval_answers.py [--index DIR] [--json] [--misses]

The questions (tests/eval/answer-questions.json) are written the way staff ask, each with
the expected value (ISO date, "start/end", number, name or a phrase the answer must
contain) and the paper (and page) that states it; a second list holds questions the
corpus does not answer. An answer counts as correct when its normalised value matches
(`value_matches`); an unanswerable question counts when the answer is declined.
Without `--index`, the sample corpus is ingested and indexed into a temporary directory.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.analysis import fold  # noqa: E402
from kb.answers import Answerer  # noqa: E402
from kb.library import Library  # noqa: E402

QUESTIONS = ROOT / "tests" / "eval" / "answer-questions.json"


def value_matches(expected: Any, got: Any, kind: str) -> bool:
    """Normalised comparison: dates and periods exactly, numbers numerically, people by surname,
    names and reasons by containment of the expected phrase (spelling-folded)."""
    if isinstance(expected, list):
        return any(value_matches(e, got, kind) for e in expected)
    if got is None:
        return False
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        try:
            return abs(float(got) - float(expected)) <= 1e-6 * max(1.0, abs(float(expected)))
        except (TypeError, ValueError):
            return False
    if kind in ("date", "start", "end", "period"):
        return str(got) == str(expected)
    if kind == "person":
        return fold(str(got).split()[-1]) == fold(str(expected).split()[-1])
    return fold(" ".join(str(expected).split())) in fold(" ".join(str(got).split()))


def evaluate(answerer: Answerer, questions: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    for q in questions["answerable"][:3]:  # warm: first calls load caches
        answerer.ask(q["question"])
    latencies: list[float] = []
    per_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses: list[str] = []
    confidences: list[tuple[float, bool | None, str]] = []
    for q in questions["answerable"]:
        t0 = time.perf_counter()
        answer = answerer.ask(q["question"])
        latencies.append(time.perf_counter() - t0)
        ok = value_matches(q["value"], answer.value, q["type"])
        per_type[q["type"]][0] += ok
        per_type[q["type"]][1] += 1
        confidences.append((answer.confidence, ok, q["question"]))
        if not ok:
            misses.append(f"{q['question']} → erwartet {q['value']!r}, erhalten {answer.value!r} "
                          f"({answer.confidence:.2f}, {answer.evidence[0].document if answer.evidence else '-'})")
    declined = 0
    for q in questions["unanswerable"]:
        t0 = time.perf_counter()
        answer = answerer.ask(q["question"])
        latencies.append(time.perf_counter() - t0)
        declined += answer.declined
        confidences.append((answer.confidence, None, q["question"]))
        if not answer.declined:
            misses.append(f"{q['question']} → sollte ablehnen, erhalten {answer.answer!r} ({answer.confidence:.2f})")
    answerable = len(questions["answerable"])
    correct = sum(c for c, _ in per_type.values())
    ms = sorted(1000 * x for x in latencies)
    return {
        "answerable": answerable,
        "correct": correct,
        "accuracy": correct / answerable,
        "per_type": {k: {"correct": c, "total": n, "accuracy": c / n} for k, (c, n) in sorted(per_type.items())},
        "unanswerable": len(questions["unanswerable"]),
        "declined": declined,
        "declined_share": declined / max(1, len(questions["unanswerable"])),
        "latency_ms": {"p50": statistics.median(ms), "p95": ms[int(0.95 * (len(ms) - 1))]},
        "misses": misses,
        "confidences": sorted(confidences),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="data directory with ingested and indexed sample corpus")
    parser.add_argument("--model", default="e5", choices=["e5", "minilm"])
    parser.add_argument("--json", action="store_true", help="figures as JSON")
    parser.add_argument("--misses", action="store_true", help="list wrong answers")
    args = parser.parse_args()
    questions = json.loads(QUESTIONS.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        data = args.index
        if data is None:
            from bench.eval_search import prepare

            data = Path(tmp)
            prepare(data, args.model)
        answerer = Library(data, model=args.model).answerer()
        figures = evaluate(answerer, questions)
    if args.json:
        json.dump(figures, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    print(f"{figures['answerable']} beantwortbare Fragen, {figures['unanswerable']} nicht beantwortbare")
    print(f"{'Typ':12} {'richtig':>8} {'gesamt':>7} {'Anteil':>7}")
    for kind, f in figures["per_type"].items():
        print(f"{kind:12} {f['correct']:8} {f['total']:7} {f['accuracy']:7.1%}")
    print(f"{'gesamt':12} {figures['correct']:8} {figures['answerable']:7} {figures['accuracy']:7.1%}")
    print(f"abgelehnt (nicht beantwortbar): {figures['declined']}/{figures['unanswerable']} "
          f"= {figures['declined_share']:.1%}")
    print(f"Latenz: p50 {figures['latency_ms']['p50']:.0f} ms, p95 {figures['latency_ms']['p95']:.0f} ms")
    if args.misses:
        for m in figures["misses"]:
            print("  ", m)
        for conf, ok, q in figures["confidences"]:
            print(f"   {conf:.2f} {'unbeantwortbar' if ok is None else 'richtig' if ok else 'falsch':14} {q}")


if __name__ == "__main__":
    main()
