"""Ingest on Dask: passages/s per core, and the speed-up of 2 workers over 1, on real texts.

    nice -n 10 .venv/bin/python bench/distributed_ingest.py [--files DIR] [--limit N] [--model e5|none]

A sample of real council texts (default: every 230th of the Karlsruhe files, `--limit` of
them) ingested and indexed three times into fresh data folders, in one run:

- serial: `Library.ingest` as `kb ingest` runs it (no Dask): the baseline;
- 1 worker and 2 workers: `Library.ingest(scheduler=...)` on a LocalCluster started
  beforehand (`threads_per_worker=1`), so cluster start-up is not in the figure (printed apart).

e5 is loaded before timing, in this process and on every worker. Per run: wall time,
passages, passages/s and passages/s per core (per worker process; serial: per process),
CPU seconds of writer + workers (passages per CPU second: what a free core would give),
and the load average of the machine, which is shared: on a loaded machine the speed-up
is bounded by the cores other processes leave free, not by Dask. Workers run e5 with one
OpenMP thread (Dask sets OMP_NUM_THREADS=1 per worker); the serial run uses all cores.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.library import Library  # noqa: E402
from bench.shared import KARLSRUHE_FILES  # noqa: E402

DEFAULT_FILES = KARLSRUHE_FILES


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=Path, default=DEFAULT_FILES)
    parser.add_argument("--limit", type=int, default=12)
    parser.add_argument("--model", default="e5", help="e5 or none (BM25 only: no embeddings)")
    args = parser.parse_args()
    model = None if args.model == "none" else args.model

    texts = sorted(args.files.glob("*.txt"))
    step = max(1, len(texts) // args.limit)
    sample = texts[::step][: args.limit]
    work = Path(tempfile.mkdtemp(prefix="bench-dask-"))
    inputs = work / "inputs"
    inputs.mkdir()
    for path in sample:
        shutil.copy(path, inputs / path.name)
    size = sum(p.stat().st_size for p in sample)
    print(f"{len(sample)} real texts ({size / 1024:.0f} KiB) from {args.files}; model={model}; "
          f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
    if model:
        from kb.embedders import document_embedder

        document_embedder(model).warm_up()  # loaded once per process, as on the workers

    rows = []
    rows.append(_measure("serial", 1, lambda root: Library(root, model=model).ingest([inputs]), work, _cpu_seconds))
    from dask.distributed import Client, LocalCluster

    for n in (1, 2):
        start = time.perf_counter()
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            if model:
                from kb.distributed_index import warm_up

                client.run(warm_up, model)
            print(f"  LocalCluster({n}) start{' and e5 on the workers' if model else ''}: {time.perf_counter() - start:.1f} s (not counted)")
            address = cluster.scheduler_address
            rows.append(_measure(f"dask, {n} worker(s)", n,
                                 lambda root: Library(root, model=model).ingest([inputs], scheduler=address), work,
                                 lambda: (_cpu_seconds(), client.run(_cpu_seconds))))
    one = next(r for r in rows if r["run"] == "dask, 1 worker(s)")
    two = next(r for r in rows if r["run"] == "dask, 2 worker(s)")
    speedup = one["seconds"] / two["seconds"]
    # On a shared machine wall time says how many cores the others left, not what Dask does.
    # From CPU time: on free cores a run takes at least its busiest process's CPU seconds
    # (writer and workers overlap fully) and at most writer + busiest worker (no overlap).
    bounds = {r["run"]: (max([r["writer_cpu_s"]] + r["worker_cpu_s"]), r["writer_cpu_s"] + max(r["worker_cpu_s"]))
              for r in (one, two)}
    cpu_speedup = (round(bounds[one["run"]][1] / bounds[two["run"]][1], 2), round(bounds[one["run"]][0] / bounds[two["run"]][0], 2))
    print(f"speed-up 2 workers over 1 (wall, shared machine): {speedup:.2f}x; 1 worker over serial: {rows[0]['seconds'] / one['seconds']:.2f}x")
    print(f"speed-up 2 workers over 1 on free cores, from CPU seconds per process: {cpu_speedup[0]:.2f}x (writer never "
          f"overlapping the workers) to {cpu_speedup[1]:.2f}x (fully overlapping)")
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({"documents": len(sample), "model": model, "runs": rows, "speedup_2_over_1": round(speedup, 2),
                      "speedup_2_over_1_from_cpu": cpu_speedup}))


def _cpu_seconds() -> float:
    """CPU time of this process (all threads) and its finished children (OCR)."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _measure(name: str, cores: int, ingest, work: Path, cpu) -> dict:
    root = work / name.replace(" ", "-").replace(",", "").replace("(", "").replace(")", "")
    load = os.getloadavg()[0]
    cpu_start = cpu()
    start = time.perf_counter()
    result = ingest(root)
    seconds = time.perf_counter() - start
    cpu_end = cpu()
    if isinstance(cpu_end, tuple):  # (this process, {worker: CPU s})
        writer = cpu_end[0] - cpu_start[0]
        workers = [cpu_end[1][w] - cpu_start[1].get(w, 0.0) for w in cpu_end[1]]
    else:
        writer, workers = cpu_end - cpu_start, []
    cpu_used = writer + sum(workers)
    assert result.ok, [(o.path, o.error) for o in result.report.failed]
    passages = result.index.passages
    row = {"run": name, "seconds": round(seconds, 1), "documents": result.report.count("ingested"),
           "passages": passages, "passages_per_s": round(passages / seconds, 2),
           "passages_per_s_per_core": round(passages / seconds / cores, 2), "cpu_seconds": round(cpu_used, 1),
           "passages_per_cpu_s": round(passages / cpu_used, 2), "load_before": round(load, 1),
           "writer_cpu_s": round(writer, 1), "worker_cpu_s": [round(w, 1) for w in workers]}
    print(f"  {name:20} {seconds:7.1f} s  {passages} passages  {row['passages_per_s']:6.2f} passages/s  "
          f"{row['passages_per_s_per_core']:6.2f} per core; {cpu_used:.1f} CPU s = {row['passages_per_cpu_s']:.2f} "
          f"passages per CPU s (writer {writer:.1f}, workers {', '.join(f'{w:.1f}' for w in workers) or '-'}; load {load:.1f})")
    return row


if __name__ == "__main__":
    main()
