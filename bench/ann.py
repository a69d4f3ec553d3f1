"""Benchmark: the dense part of a query at 136,000 and 1.36 M passages, ANN index against the exact scan.

    nice -n 10 .venv/bin/python bench/ann.py [--sizes 136034 1360340] [--queries 50] [--workdir DIR]

Vectors: the real e5 passage vectors of the on-disk embedding cache (`kb.embedding_cache`,
filled from the Karlsruhe papers) first; past their number each row reuses a real vector
(by a hash of the row) with a little noise, normalised, as `bench/scale.py` does. Queries:
real e5 query embeddings of 2–3 consecutive words from held-out Karlsruhe texts (the
first-time queries of `bench/scale.py`). Each size is one segment as the store keeps it
(`kb.columns`: float16 matrix and float32 copy, memory-mapped) with its `kb.ann` index
built as the store builds it (timed: wall and CPU seconds).

Search runs in a separate process that maps the columns and loads the index as a server
would, then ranks with `kb.ann.rank` (the store's own code): first with the ANN index
(p50/p95 wall and CPU, then that process's RSS), at three shares of the inverted lists visited,
then with the exact scan (same queries, the baseline); recall@10 of the ANN top 10
against the exact top 10 and the ratio of their score sums (reused vectors are noisy copies
of a real one: near-ties make recall strict); also with a filter that keeps a random 30 % of
the rows (faiss's id selector). The last line is one JSON
object with all figures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bench.scale import HOLD_OUT, TEXTS, novel_queries, peak_rss_mb  # noqa: E402
from bench.shared import E5_CACHE  # noqa: E402

CACHE = E5_CACHE
TOP_K = 10
SHARES = (1 / 16, 1 / 8, 1 / 4)  # shares of the inverted lists visited (kb.ann.PROBE_SHARE)
RETRIEVE = 40  # what the hybrid pipeline asks of the dense retriever (kb.pipelines.CANDIDATES)


def real_vectors(cache_dir: Path, limit: int) -> np.ndarray:
    files = sorted(cache_dir.glob("e5-*.sqlite"))
    if not files:
        raise SystemExit(f"no e5 cache in {cache_dir}")
    db = sqlite3.connect(f"file:{files[0]}?mode=ro", uri=True)
    rows = db.execute("SELECT vector FROM vectors LIMIT ?", (limit,)).fetchall()
    matrix = np.frombuffer(b"".join(r[0] for r in rows), np.float32).reshape(len(rows), -1)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def segment(real: np.ndarray, size: int, folder: Path) -> None:
    """The columns of one segment of `size` rows: real vectors first, reused ones after."""
    from kb.columns import SegmentColumns, save

    dim = real.shape[1]
    exact = np.lib.format.open_memmap(folder.parent / f".exact-{size}.npy", "w+", np.float32, (size, dim))
    n_real = min(len(real), size)
    exact[:n_real] = real[:n_real]
    rng = np.random.default_rng(7)
    for start in range(n_real, size, 65_536):
        stop = min(size, start + 65_536)
        picks = np.array([int(hashlib.md5(str(i).encode()).hexdigest(), 16) % len(real) for i in range(start, stop)])
        block = real[picks] + rng.normal(0, 0.02, (stop - start, dim)).astype(np.float32)
        exact[start:stop] = block / np.linalg.norm(block, axis=1, keepdims=True)
    columns = SegmentColumns(size, exact.astype(np.float16), exact, np.ones(size, bool), [],
                             np.zeros((0, size), np.int32), [])
    save(columns, folder)
    (folder.parent / f".exact-{size}.npy").unlink()


def query_vectors(n: int) -> np.ndarray:
    from kb.embedders import text_embedder

    files = sorted(TEXTS.glob("*.txt"))
    queries = novel_queries(files[::HOLD_OUT], n, seed=11)
    embedder = text_embedder()
    embedder.warm_up()
    return np.asarray([embedder.run(q)["embedding"] for q in queries], np.float32)


def percentiles(times: list[float]) -> dict[str, float]:
    return {"p50": round(statistics.median(times), 2), "p95": round(float(np.percentile(times, 95)), 2)}


def status_mb(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return round(int(line.split()[1]) / 1024)
    return 0


def serve(folder: Path, queries: Path) -> dict:
    """Map the segment, load its index lazily, rank: ANN first, then the exact scan."""
    from kb import ann
    from kb.columns import load

    cols = load(folder)
    qs = np.load(queries)
    qs /= np.linalg.norm(qs, axis=1, keepdims=True)
    index = ann.load(folder)
    live = np.ones(cols.size, bool)
    allowed = np.random.default_rng(5).random(cols.size) < 0.3
    with_ann = [ann.DenseSegment(0, cols.vectors, cols.exact, cols.has_vector, index)]
    without = [ann.DenseSegment(0, cols.vectors, cols.exact, cols.has_vector, None)]
    figures: dict = {"rss_mb_opened": status_mb("VmRSS")}

    def run(segments, mask, top_k):
        tops, scores, wall, cpu = [], [], [], []
        ann.rank(segments, live, mask, qs[0], top_k, 4)  # loads the index / pages in, not timed
        for q in qs:
            t, c = time.perf_counter(), time.process_time()
            best, exact = ann.rank(segments, live, mask, q, top_k, 4)
            wall.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            tops.append(best[:TOP_K].tolist())
            scores.append(float(exact[:TOP_K].sum()))
        return (tops, scores), percentiles(wall), percentiles(cpu)

    results = {}
    default = ann.PROBE_SHARE
    runs = [(f"ann_{share:g}", with_ann, None, share) for share in SHARES]
    runs.append(("ann_filtered", with_ann, allowed, default))
    for name, segments, mask, share in runs:
        ann.PROBE_SHARE = share
        results[name], figures[f"{name}_ms"], figures[f"{name}_cpu_ms"] = run(segments, mask, RETRIEVE)
    ann.PROBE_SHARE = default
    figures["rss_mb_after_ann"] = status_mb("VmRSS")
    figures["hwm_mb_after_ann"] = status_mb("VmHWM")
    for name, segments, mask in (("exact", without, None), ("exact_filtered", without, allowed)):
        results[name], figures[f"{name}_ms"], figures[f"{name}_cpu_ms"] = run(segments, mask, RETRIEVE)
    figures["rss_mb_after_exact"] = status_mb("VmRSS")
    figures["hwm_mb_after_exact"] = peak_rss_mb()
    for name, _, mask, _ in runs:
        base = "exact_filtered" if mask is not None else "exact"
        (tops, sums), (etops, esums) = results[name], results[base]
        figures[f"{name}_recall_at_10"] = round(float(np.mean(
            [len(set(a) & set(e)) / max(len(e), 1) for a, e in zip(tops, etops)])), 4)
        # Near-ties (reused vectors are noisy copies) make recall strict: how close are the scores?
        figures[f"{name}_score_ratio"] = round(float(np.mean([a / e for a, e in zip(sums, esums)])), 5)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[136_034, 1_360_340])
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--serve", type=Path, nargs=2, help=argparse.SUPPRESS)  # internal: segment folder, queries
    args = parser.parse_args()
    if args.serve:
        print(json.dumps(serve(*args.serve)))
        return
    import faiss

    from kb import ann

    # One OpenMP thread: on a shared, loaded machine faiss's threads spin against each other
    # (a 20,000-vector build: 62 s wall with one thread, minutes with two at load 13).
    faiss.omp_set_num_threads(1)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="ann-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        real = real_vectors(args.cache, max(args.sizes))
        queries = work / "queries.npy"
        if not queries.exists():
            np.save(queries, query_vectors(args.queries))
        out = {"real_vectors": len(real), "queries": args.queries, "min_vectors": ann.MIN_VECTORS,
               "probe_share": ann.PROBE_SHARE, "candidates": ann.CANDIDATES, "sizes": {}}
        print(f"{len(real)} real e5 passage vectors from the cache; past them rows reuse one with noise", flush=True)
        for size in args.sizes:
            folder = work / f"seg-{size}"
            if not (folder / "meta.json").exists():
                segment(real, size, folder)
            from kb.columns import load

            cols = load(folder)
            (folder / ann.FILE).unlink(missing_ok=True)
            t, c = time.perf_counter(), time.process_time()
            index = ann.build(cols.exact, cols.has_vector)
            ann.save(index, folder / ann.FILE)
            figures = {"real": min(len(real), size), "reused": max(0, size - len(real)),
                       "build_s": round(time.perf_counter() - t, 1), "build_cpu_s": round(time.process_time() - c, 1),
                       "ann_mb": round((folder / ann.FILE).stat().st_size / 1e6, 1),
                       "float16_mb": round((folder / "vectors.npy").stat().st_size / 1e6, 1)}
            del index, cols
            done = subprocess.run([sys.executable, __file__, "--serve", str(folder), str(queries)],
                                  capture_output=True, text=True)
            if done.returncode:
                raise SystemExit(f"search process failed:\n{done.stderr[-3000:]}")
            figures.update(json.loads(done.stdout.strip().splitlines()[-1]))
            out["sizes"][size] = figures
            print(f"{size:>9,} vectors ({figures['real']:,} real, {figures['reused']:,} reused): build "
                  f"{figures['build_s']} s ({figures['build_cpu_s']} CPU s), index {figures['ann_mb']} MB "
                  f"(float16 matrix {figures['float16_mb']} MB)", flush=True)
            for name in [f"ann_{share:g}" for share in SHARES] + ["exact", "ann_filtered", "exact_filtered"]:
                w, c = figures[f"{name}_ms"], figures[f"{name}_cpu_ms"]
                recall = figures.get(f"{name}_recall_at_10")
                print(f"   {name:15} p50/p95 {w['p50']:8.2f}/{w['p95']:8.2f} ms wall, {c['p50']:8.2f}/{c['p95']:8.2f} ms CPU"
                      + (f"   recall@10 vs exact {recall:.3f}, top-10 score sum {figures[f'{name}_score_ratio']:.5f} of exact"
                         if recall is not None else ""), flush=True)
            print(f"   serving RSS: opened {figures['rss_mb_opened']} MB, after ANN queries {figures['rss_mb_after_ann']} MB "
                  f"(peak {figures['hwm_mb_after_ann']}), after exact scans {figures['rss_mb_after_exact']} MB", flush=True)
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
