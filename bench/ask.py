"""Benchmark: warm `kb ask` latency (p50/p95) on the sample corpus, on real papers, and on a 10,000-document index.

    .venv/bin/python bench/ask.py [--index DIR] [--large DIR [--build-large]] [--rounds 2]
    nice -n 10 .venv/bin/python bench/ask.py --index DIR --questions real [--model e5|none] [--baseline] [--profile]
    nice -n 10 .venv/bin/python bench/ask.py --index DIR --graft-vectors FROM     # latency fixture, see below

Latency is the `Answerer.ask` call as `kb ask` and the API make it, after warm-up (the
pipeline is built and warmed once; each question runs once before timing). Questions:
`--questions sample` (default): all of tests/eval/answer-questions.json (answerable and
unanswerable); `real`: all of tests/eval/real-answer-questions.json (Karlsruhe papers and the seed).

`--index`: a data directory with an ingested and indexed corpus (the sample corpus is made in a
temporary directory if missing). `--model none`: BM25 only (an index without vectors; no query
embedding). `--baseline`: the same questions also through haystack's `Pipeline.run` (which
deep-copies every component's inputs), in the same run. `--profile`: time per pipeline component
(analyzer, retrievers, query embedding, fusion, extractor) and for the metadata candidates.

`--graft-vectors FROM`: give every passage of `--index` a vector without embedding 74,000 passages
(~2.5 h of e5 here): passages of documents that FROM (an index of a subset of the same files, built
with real e5 vectors) holds get their real vector (the k-th passage of a document that of FROM's),
all others a reused vector of FROM, cycled. Written into the index's per-segment vector columns
(`kb.columns`), the matrix every dense query scans. Only for latency: the dense hits over reused
vectors are meaningless, their cost is the real one.

`--large`: a data directory whose `index/` holds a 10,000-document index; `--build-large` builds it
there first by recombining the sample papers as bench/search.py does (~5 minutes of CPU). Synthetic
papers are not in the archive, so the extractor reads their passages without the paper's metadata.
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

from ingest.archive import Archive
from kb.answers import Answerer
from kb.embedders import DEFAULT_MODEL
from kb.indexer import open_store

QUESTIONS = ROOT / "tests" / "eval" / "answer-questions.json"
REAL_QUESTIONS = ROOT / "tests" / "eval" / "real-answer-questions.json"


def questions(which: str = "sample") -> list[str]:
    data = json.loads((REAL_QUESTIONS if which == "real" else QUESTIONS).read_text(encoding="utf-8"))
    return [q["question"] for q in data["answerable"] + data["unanswerable"]]


def _timed(times: list[tuple[float, float]], qs: list[str], ask: Any, rounds: int) -> None:
    """(wall, CPU) ms per question: on a shared machine the CPU time is what the question itself costs."""
    for _ in range(rounds):
        for q in qs:
            t, c = time.perf_counter(), time.process_time()
            ask(q)
            times.append(((time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000))


def _figures(times: list[tuple[float, float]]) -> dict[str, float]:
    wall, cpu = sorted(w for w, _ in times), sorted(c for _, c in times)
    at = int(0.95 * (len(wall) - 1))
    return {"runs": len(wall), "p50": statistics.median(wall), "p95": wall[at],
            "cpu_p50": statistics.median(cpu), "cpu_p95": cpu[at]}


def latency(data: Path, rounds: int, which: str = "sample", model: str | None = DEFAULT_MODEL,
            baseline: bool = False, profile: bool = False) -> dict[str, Any]:
    archive = Archive(data) if (data / "documents").exists() else None
    answerer = Answerer(open_store(data), archive, model=model)
    qs = questions(which)
    for q in qs:  # warm: caches of the pipeline, the analyzer and the index snapshot
        answerer.ask(q)
    stages = _profile(answerer) if profile else None
    times: list[tuple[float, float]] = []
    copied: list[tuple[float, float]] = []
    for _ in range(rounds):  # interleaved, so both see the same machine load
        _timed(times, qs, answerer.ask, 1)
        if baseline:
            answerer.copy_inputs = True
            _timed(copied, qs, answerer.ask, 1)
            answerer.copy_inputs = False
    out: dict[str, Any] = {"questions": len(qs), **_figures(times), "passages": answerer.store.count_documents()}
    if baseline:
        out["baseline"] = _figures(copied)
    if stages is not None:  # wall ms per call (the whole-pipeline timer runs only without input copies)
        out["stages_ms"] = {name: 1000 * sum(t) / len(t) for name, t in sorted(stages.items(), key=lambda kv: -sum(kv[1]))}
    return out


def _profile(answerer: Answerer) -> dict[str, list[float]]:
    """Wrap each pipeline component's `run` (and the metadata step) with a timer."""
    from kb import answers

    stages: dict[str, list[float]] = defaultdict(list)

    def timer(name: str, run: Any) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return run(*args, **kwargs)
            finally:
                stages[name].append(time.perf_counter() - t)
        return timed

    for name, instance in answerer.pipeline.walk():
        instance.run = timer(name, instance.run)
    answerer._with_metadata = timer("metadata", answerer._with_metadata)
    answers.run_uncopied = timer("pipeline (all components)", answers.run_uncopied)
    return stages


def graft_vectors(target: Path, source: Path) -> dict[str, int]:
    """Vectors for every passage of `target`'s index: real ones from `source` where it holds the document,
    reused ones (cycled) elsewhere. A latency fixture only (see the module docstring)."""
    import numpy as np

    from kb import columns
    from kb.store import COLUMNS_DIR

    def folders(data: Path, build: bool = False) -> list[Path]:
        if build:  # makes sure every segment's columns are on disk (never in FROM, which may be shared)
            open_store(data).count_documents()
        return sorted(p for p in (data / "index" / COLUMNS_DIR).iterdir() if p.is_dir() and not p.name.startswith("."))

    real: dict[str, list[np.ndarray]] = defaultdict(list)
    pool: list[np.ndarray] = []
    for folder in folders(source):
        cols = columns.load(folder)
        if cols is None or not len(cols.exact):
            continue
        codes, values = cols.column("document")
        for n in np.flatnonzero(cols.has_vector):
            vector = np.asarray(cols.exact[n], np.float32)
            real[values[codes[n]]].append(vector)
            pool.append(vector)
    if not pool:
        raise SystemExit(f"{source}: keine Vektoren")
    counts = {"real": 0, "reused": 0}
    reused = 0
    for folder in folders(target, build=True):
        cols = columns.load(folder)
        if cols is None:
            continue
        codes, values = cols.column("document")
        seen: dict[str, int] = defaultdict(int)
        exact = np.zeros((cols.size, len(pool[0])), np.float32)
        for n in range(cols.size):
            document = values[codes[n]] if codes[n] else ""
            k = seen[document]
            seen[document] += 1
            if k < len(real.get(document, ())):
                exact[n] = real[document][k]
                counts["real"] += 1
            else:
                exact[n] = pool[reused % len(pool)]
                reused += 1
                counts["reused"] += 1
        grafted = columns.SegmentColumns(cols.size, exact.astype(np.float16), exact, np.ones(cols.size, bool),
                                         cols.fields, np.asarray(cols.codes), cols.values)
        old = folder.with_name(folder.name + ".old")
        folder.rename(old)
        columns.save(grafted, folder)
        import shutil

        shutil.rmtree(old)
    return counts


def build_large(sample: Path, target: Path, size: int = 10_000) -> None:
    from bench.search import source_passages, synthetic

    store = open_store(target)
    docs = synthetic(source_passages(sample), size)
    for i in range(0, len(docs), 2000):
        store.write_documents(docs[i : i + 2000])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="data directory with an indexed corpus (sample corpus made if missing)")
    parser.add_argument("--questions", choices=["sample", "real"], default="sample")
    parser.add_argument("--model", choices=["e5", "none"], default="e5", help="none: BM25 only")
    parser.add_argument("--large", type=Path, help="data directory with a 10,000-document index")
    parser.add_argument("--build-large", action="store_true", help="build the large index into --large first")
    parser.add_argument("--graft-vectors", type=Path, metavar="FROM", help="latency fixture: vectors for --index from FROM")
    parser.add_argument("--baseline", action="store_true", help="also time haystack's Pipeline.run (input copies)")
    parser.add_argument("--profile", action="store_true", help="time per pipeline component")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.graft_vectors:
        print(graft_vectors(args.index, args.graft_vectors))
        return
    model = None if args.model == "none" else args.model
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        sample = args.index
        if sample is None or not (sample / "index").exists():
            from bench.eval_search import prepare

            sample = sample or Path(tmp)
            prepare(sample, "e5")
        name = "real" if args.questions == "real" else "sample"
        results[name] = latency(sample, args.rounds, args.questions, model, args.baseline, args.profile)
        if args.large:
            if args.build_large:
                build_large(sample, args.large)
            results["large"] = latency(args.large, args.rounds, args.questions, model, args.baseline, args.profile)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for name, r in results.items():
        print(f"{name:7} {r['passages']:7} Abschnitte, {r['runs']} Fragen: p50 {r['p50']:.0f} ms, p95 {r['p95']:.0f} ms "
              f"(CPU p50 {r['cpu_p50']:.0f} ms, p95 {r['cpu_p95']:.0f} ms)")
        if "baseline" in r:
            b = r["baseline"]
            print(f"{'':7} Pipeline.run mit Kopien: p50 {b['p50']:.0f} ms, p95 {b['p95']:.0f} ms "
                  f"(CPU p50 {b['cpu_p50']:.0f} ms, p95 {b['cpu_p95']:.0f} ms)")
        for stage, ms in (r.get("stages_ms") or {}).items():
            print(f"   {stage:28} {ms:6.1f} ms je Aufruf (Wandzeit)")


if __name__ == "__main__":
    main()
