"""Benchmark: search at 1,000 → 10,000 documents on this machine.

    .venv/bin/python bench/search.py [--sizes 1000 3000 10000] [--data DIR]

The large corpora are recombinations of the sample papers: each synthetic document takes
the passages (text and vector) of a random sample paper, with its own id, date, body
and topics. Vectors of repeated passages are reused, so the embedding cost is measured
once, on the unique passages (`embedding passages/s`), and indexing throughput is given
with and without embeddings (the latter: text, metadata and stored vectors only).
Each size runs in its own process, so peak memory (max RSS) is that size's alone.
Query latency: p50/p95 over the evaluation queries (warm: each query runs once before
timing), for BM25, dense and hybrid, with facets, as `kb search` runs them.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from haystack import Document  # noqa: E402

from kb.embedders import DEFAULT_MODEL, document_embedder  # noqa: E402
from kb.library import Library  # noqa: E402
from kb.search import Searcher  # noqa: E402
from kb.store import WhooshDocumentStore  # noqa: E402

BODIES = ["Kreistag", "Kreisausschuss", "Jugendhilfeausschuss", "Finanzausschuss",
          "Ausschuss für Inklusion und Gesundheit", "Ausschuss für Soziales, Gleichstellung und Integration"]
TOPICS = ["Soziales", "Gesundheit", "Jugend", "Bildung", "Förderung", "Personal", "Haushalt", "Mobilität", "Umwelt"]
QUERIES = ["Wann endet der Förderzeitraum?", "Wer koordiniert das Projekt?", "Sozialplanung Landesförderung",
           "Schulsozialarbeit Stellen", "Haushalt 2021 Eigenanteil", "Bezirksregierung Köln Bescheid",
           "Foerderung fur Familien", "Kreistag Beschluss Dezember 2016", "Wie hoch ist die Förderquote?",
           "Armutsbekämpfung Quartier", "On-Demand-Verkehr Fahrgäste", "Hitzeschutz Pflegeheime"]


def source_passages(data: Path) -> list[Document]:
    """Passages with vectors of the sample corpus (ingested and indexed into `data` if needed)."""
    library = Library(data, model=DEFAULT_MODEL)
    if library.archive.ids():
        library.sync_index()
    else:
        library.ingest([ROOT / "corpus"])
    return library.store.filter_documents()


def embedding_throughput(passages: list[Document], n: int = 64) -> float:
    embedder = document_embedder(DEFAULT_MODEL)
    embedder.warm_up()
    sample = [replace(p, embedding=None) for p in passages[:n]]
    start = time.perf_counter()
    embedder.run(documents=sample)
    return len(sample) / (time.perf_counter() - start)


def synthetic(passages: list[Document], size: int, seed: int = 7) -> list[Document]:
    by_doc: dict[str, list[Document]] = {}
    for p in passages:
        by_doc.setdefault(p.meta["document"], []).append(p)
    sources = sorted(by_doc)
    rng = random.Random(seed)
    out = []
    for i in range(size):
        doc_id = f"syn-{i:05d}"
        year = rng.randint(2016, 2024)
        meta = {"document": doc_id, "title": f"Vorlage {year}/{i:05d}", "sort_date": f"{year}-{rng.randint(1, 12):02d}-15",
                "year": year, "session_body": rng.choice(BODIES), "topics": rng.sample(TOPICS, 2)}
        for p in by_doc[rng.choice(sources)]:
            out.append(replace(p, id=f"{doc_id}:{p.meta['page']}:{p.id.rsplit(':', 1)[1]}", meta={**p.meta, **meta}))
    return out


def measure(size: int, data: Path, workdir: Path) -> dict:
    passages = source_passages(data)
    docs = synthetic(passages, size)
    store = WhooshDocumentStore(workdir / f"index-{size}")
    start = time.perf_counter()
    for i in range(0, len(docs), 2000):
        store.write_documents(docs[i : i + 2000])
    index_seconds = time.perf_counter() - start
    size_mb = sum(f.stat().st_size for f in store.index_dir.rglob("*") if f.is_file()) / 1e6
    latency = {}
    for mode in ("bm25", "dense", "hybrid"):
        searcher = Searcher(store, mode=mode)
        for q in QUERIES:
            searcher.search(q)
        times = []
        for q in QUERIES * 3:
            t = time.perf_counter()
            searcher.search(q)
            times.append((time.perf_counter() - t) * 1000)
        latency[mode] = {"p50": statistics.median(times), "p95": statistics.quantiles(times, n=20)[18]}
    return {
        "documents": size,
        "passages": len(docs),
        "index_passages_per_s": len(docs) / index_seconds,
        "index_mb": size_mb,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "latency_ms": latency,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    parser.add_argument("--data", type=Path, help="data directory with the ingested sample corpus (made if missing)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: measure one size, print JSON
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.data, args.workdir)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data or Path(tmp) / "data"
        passages = source_passages(data)
        print(f"sample corpus: {len({p.meta['document'] for p in passages})} papers, {len(passages)} passages; "
              f"embedding ({DEFAULT_MODEL}): {embedding_throughput(passages):.1f} passages/s")
        print(f"{'docs':>6} {'passages':>8} {'idx p/s':>8} {'MB':>6} {'RSS MB':>7} "
              f"{'bm25 p50/p95':>13} {'dense p50/p95':>14} {'hybrid p50/p95':>15}")
        for size in args.sizes:
            out = subprocess.run([sys.executable, __file__, "--one", str(size), "--data", str(data), "--workdir", tmp],
                                 capture_output=True, text=True, check=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            lat = r["latency_ms"]
            print(f"{r['documents']:6} {r['passages']:8} {r['index_passages_per_s']:8.0f} {r['index_mb']:6.1f} "
                  f"{r['peak_rss_mb']:7.0f} {lat['bm25']['p50']:6.0f}/{lat['bm25']['p95']:<6.0f} "
                  f"{lat['dense']['p50']:7.0f}/{lat['dense']['p95']:<6.0f} {lat['hybrid']['p50']:8.0f}/{lat['hybrid']['p95']:<6.0f}")
            shutil.rmtree(Path(tmp) / f"index-{size}", ignore_errors=True)


if __name__ == "__main__":
    main()
