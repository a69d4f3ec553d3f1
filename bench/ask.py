"""Benchmark: warm `kb ask` latency (p50/p95) on the sample corpus, and on a 10,000-document index.

    .venv/bin/python bench/ask.py [--index DIR] [--large DIR [--build-large]] [--rounds 2]

Latency is the `Answerer.ask` call as `kb ask` and the API make it, after warm-up (the
pipeline is built and warmed once; each question runs once before timing). Questions:
all of tests/eval/answer-questions.json (answerable and unanswerable).

`--index`: a data directory with the ingested and indexed sample corpus (made in a
temporary directory if missing). `--large`: a data directory whose `index/` holds a
10,000-document index; `--build-large` builds it there first by recombining the sample
papers as bench/search.py does (~5 minutes of CPU). Synthetic papers are not in the
archive, so the extractor reads their passages without the paper's metadata.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.archive import Archive  # noqa: E402
from kb.answers import Answerer  # noqa: E402
from kb.indexer import open_store  # noqa: E402

QUESTIONS = ROOT / "tests" / "eval" / "answer-questions.json"


def questions() -> list[str]:
    data = json.loads(QUESTIONS.read_text(encoding="utf-8"))
    return [q["question"] for q in data["answerable"] + data["unanswerable"]]


def latency(data: Path, rounds: int) -> dict[str, float]:
    archive = Archive(data) if (data / "documents").exists() else None
    answerer = Answerer(open_store(data), archive)
    qs = questions()
    for q in qs:  # warm: caches of the pipeline, the analyzer and the index snapshot
        answerer.ask(q)
    times = []
    for _ in range(rounds):
        for q in qs:
            t = time.perf_counter()
            answerer.ask(q)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {"questions": len(qs), "runs": len(times), "p50": statistics.median(times),
            "p95": times[int(0.95 * (len(times) - 1))], "passages": answerer.store.count_documents()}


def build_large(sample: Path, target: Path, size: int = 10_000) -> None:
    from bench.search import source_passages, synthetic

    store = open_store(target)
    docs = synthetic(source_passages(sample), size)
    for i in range(0, len(docs), 2000):
        store.write_documents(docs[i : i + 2000])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="data directory with the sample corpus (made if missing)")
    parser.add_argument("--large", type=Path, help="data directory with a 10,000-document index")
    parser.add_argument("--build-large", action="store_true", help="build the large index into --large first")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        sample = args.index
        if sample is None or not (sample / "index").exists():
            from bench.eval_search import prepare

            sample = sample or Path(tmp)
            prepare(sample, "e5")
        results["sample"] = latency(sample, args.rounds)
        if args.large:
            if args.build_large:
                build_large(sample, args.large)
            results["large"] = latency(args.large, args.rounds)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for name, r in results.items():
        print(f"{name:7} {r['passages']:7} Abschnitte, {r['runs']} Fragen: "
              f"p50 {r['p50']:.0f} ms, p95 {r['p95']:.0f} ms")


if __name__ == "__main__":
    main()
