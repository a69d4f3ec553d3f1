"""Benchmark: the store on real council texts at 1,000 → 100,000 documents, beside tantivy.

    nice -n 10 .venv/bin/python bench/scale.py [--texts DIR] [--documents N] [--embed 48]

Documents: the `.txt` papers of DIR (default: the Karlsruhe files), every 40th held out for
queries; past the folder's size the texts repeat with new ids. Ingest takes the text path
without OCR and without word repair (page split, running lines stripped, metadata
extracted): repair costs ~1.3 s a document on real text (`repair_s_per_doc`, measured on a
few), which would make this benchmark hours long and does not change what the store sees.
Embeddings: a sample of `--embed` passages is embedded with the real model (e5,
`embed_passages_per_s`); every other passage reuses the vector of a sample passage (by
hash of its id) with a little noise, normalised, so the matrix has the real dimension,
value range and no exact ties. Query embeddings are real.

Search is measured in a separate process that opens the index as `kb serve` would (its
peak RSS is the serving figure): the time of the first query after opening, then p50/p95
with facets per mode for queries seen for the first time (words drawn from held-out
texts, different ones per mode, so no term was read before) and for repeated ones
(warmed once). tantivy (PyPI `tantivy`, German stemmer) indexes the same passages
(content and title) in the same run and answers the same first-time BM25 queries (top 10,
no facets). The last line of output is one JSON object with all figures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
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

import numpy as np  # noqa: E402
from haystack import Document as Passage  # noqa: E402

from ingest.inputs import read_text_file  # noqa: E402
from ingest.layout import join_split_words_across_pages, strip_running_lines  # noqa: E402
from ingest.lexicon import Lexicon  # noqa: E402
from ingest.metadata import extract_metadata  # noqa: E402
from ingest.models import Document, Page  # noqa: E402
from ingest.pipeline import build_document, split_text_pages  # noqa: E402
from kb.passages import split_document  # noqa: E402
from bench.shared import KARLSRUHE_FILES  # noqa: E402

TEXTS = KARLSRUHE_FILES
HOLD_OUT = 40  # every 40th text is not indexed: queries are drawn from these
NOVEL = 30  # first-time queries per mode
REPEATED = ["Bebauungsplan Aufstellungsbeschluss", "Haushaltsplan 2024 Investitionen", "Straßenbahn Haltestelle barrierefrei",
            "Kindertagesstätte Betreuungsplätze", "Radverkehr Förderung", "Wie hoch sind die Kosten?",
            "Sanierung Schule Zuschuss", "Gemeinderat Beschluss Antrag", "Klimaschutz Photovoltaik Dächer",
            "Wohnungsbau sozial gefördert", "Zoologischer Stadtgarten", "Bürgerbeteiligung Stadtteil"]
WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{5,}")
BATCH = 5000


def text_document(path: Path, doc_id: str) -> Document:
    """A real text as the ingest's text path makes it, without word repair."""
    text = read_text_file(path)
    raw = split_text_pages(text)
    cleaned = join_split_words_across_pages(strip_running_lines(raw))
    return Document(
        id=doc_id, source=path.name, checksum=hashlib.sha256(text.encode()).hexdigest(), media_type="text/plain",
        pages=[Page(i + 1, r, c, "plain-text") for i, (r, c) in enumerate(zip(raw, cleaned))],
        metadata=extract_metadata(cleaned),
    )


def novel_queries(held_out: list[Path], n: int, seed: int) -> list[str]:
    """2–3 consecutive longer words from a random place of a held-out text."""
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < n:
        words = WORD.findall(read_text_file(rng.choice(held_out)))
        if len(words) < 10:
            continue
        start = rng.randrange(len(words) - 3)
        query = " ".join(words[start : start + rng.choice((2, 3))])
        if query not in out:
            out.append(query)
    return out


def reused_vectors(passages: list[Passage], sample: dict[str, list[float]], rng: np.random.Generator) -> list[Passage]:
    base = np.asarray(list(sample.values()), np.float32)
    out = []
    for p in passages:
        if p.id in sample:
            out.append(replace(p, embedding=sample[p.id]))
            continue
        v = base[int(hashlib.md5(p.id.encode()).hexdigest(), 16) % len(base)] + rng.normal(0, 0.02, base.shape[1])
        out.append(replace(p, embedding=(v / np.linalg.norm(v)).astype(np.float32).tolist()))
    return out


def passage_batches(unique: list[Document], documents: int, vectors: dict[str, list[float]] | None, start: int = 0):
    """The passages of `documents` documents (the texts repeated with new ids past their
    number) in batches of about BATCH, with vectors (`vectors`: the embedded sample) or without;
    `start`: the documents a cut-short run already indexed are skipped."""
    rng = np.random.default_rng(7)
    batch: list[Passage] = []
    for i in range(start, documents):
        doc = unique[i % len(unique)]
        if i >= len(unique):
            doc = replace(doc, id=f"{doc.id}-r{i // len(unique)}")
        batch += split_document(doc)
        if len(batch) >= BATCH or i == documents - 1:
            yield reused_vectors(batch, vectors, rng) if vectors else batch
            batch = []


def percentiles(times: list[float]) -> dict[str, float]:
    return {"p50": round(statistics.median(times), 2), "p95": round(float(np.percentile(times, 95)), 2)}


def build(args: argparse.Namespace, work: Path) -> dict:
    from kb.embedders import DEFAULT_MODEL, document_embedder
    from kb.store import WhooshDocumentStore

    held_out, corpus = split_texts(args.texts)
    figures: dict = {"documents": args.documents, "texts": len(corpus), "held_out": len(held_out)}

    lexicon = Lexicon()
    t = time.perf_counter()
    for f in corpus[: args.repair_sample]:
        build_document(_scanned(f), lexicon)
    figures["repair_s_per_doc"] = round((time.perf_counter() - t) / max(args.repair_sample, 1), 2)

    t = time.perf_counter()
    unique: list[Document] = [text_document(f, f.stem) for f in corpus[: args.documents]]
    figures["ingest_docs_per_s"] = round(len(unique) / (time.perf_counter() - t), 1)
    pool = [p for d in unique for p in split_document(d)]
    print(f"ingest (text path, no repair): {len(unique)} texts ({len(pool)} passages), {figures['ingest_docs_per_s']} texts/s; "
          f"repair would cost {figures['repair_s_per_doc']} s/document", flush=True)

    embedder = document_embedder(DEFAULT_MODEL)
    embedder.warm_up()
    sample = random.Random(3).sample(pool, min(args.embed, len(pool)))
    del pool
    t = time.perf_counter()
    embedded = embedder.run(documents=[replace(p) for p in sample])["documents"]
    figures["embed_passages_per_s"] = round(len(sample) / (time.perf_counter() - t), 2)
    vectors = {d.id: d.embedding for d in embedded}
    figures["embedded_real"] = len(sample)
    print(f"embedding: {len(sample)} passages with {DEFAULT_MODEL} at {figures['embed_passages_per_s']}/s, "
          f"every other passage reuses a sample vector", flush=True)

    # Passages are made batch by batch (split, vectors attached), never all at once: at 10^5
    # documents they would not fit in memory (1.4 M passages × 384 floats as Python lists).
    store = WhooshDocumentStore(work / "index")
    start, count = documents_indexed(store.count_documents(), unique) if args.resume else (0, 0)
    if start:
        figures["resumed_at"] = {"documents": start, "passages": count}
        print(f"resuming a cut-short build: {start} documents ({count} passages) are indexed", flush=True)
    write_s = write_cpu = 0.0
    for batch in passage_batches(unique, args.documents, vectors, start):
        t, cpu = time.perf_counter(), time.process_time()
        store.write_documents(batch)
        write_s += time.perf_counter() - t
        write_cpu += time.process_time() - cpu
        count += len(batch)
    figures["passages"] = count
    written = count - (figures.get("resumed_at") or {}).get("passages", 0)  # the rates are of this run's writes
    t, cpu = time.perf_counter(), time.process_time()
    store.count_documents()
    store._current()  # noqa: SLF001 -- columns of the new segments, built once after indexing
    columns_s = time.perf_counter() - t
    # The machine is shared: CPU seconds say what a free core would do.
    figures["index_passages_per_cpu_s"] = round(written / (write_cpu + time.process_time() - cpu), 1)
    figures["index_passages_per_s"] = round(written / (write_s + columns_s), 1)
    figures["index_write_s"] = round(write_s, 1)
    figures["index_columns_s"] = round(columns_s, 1)
    figures["index_mb"] = round(_size(work / "index") / 1e6, 1)
    print(f"index: {len(unique)} texts → {args.documents} documents, {count} passages (text + stored vectors) in {write_s:.1f} s "
          f"+ columns {columns_s:.1f} s = {figures['index_passages_per_s']} passages/s "
          f"({figures['index_passages_per_cpu_s']} per CPU s), {figures['index_mb']} MB", flush=True)

    figures["tantivy"] = tantivy_beside(unique, args.documents, held_out, work)
    figures["build_peak_rss_mb"] = peak_rss_mb()
    return figures


def measure_built(args: argparse.Namespace, work: Path) -> dict:
    """The figures of an index a cut-short build left in `work`: its documents are the first
    ones of the run (whole batches are committed), tantivy gets the same passages."""
    from kb.store import WhooshDocumentStore

    held_out, corpus = split_texts(args.texts)
    passages = WhooshDocumentStore(work / "index").count_documents()
    unique = [text_document(f, f.stem) for f in corpus[: args.documents]]
    documents, _ = documents_indexed(passages, unique)
    figures: dict = {"documents": documents, "passages": passages, "texts": len(corpus), "held_out": len(held_out),
                     "cut_short": True, "index_mb": round(_size(work / "index") / 1e6, 1)}
    print(f"index in {work}: {documents} documents, {passages} passages, {figures['index_mb']} MB", flush=True)
    figures["tantivy"] = tantivy_beside(unique, documents, held_out, work)
    return figures


def documents_indexed(passages: int, unique: list[Document]) -> tuple[int, int]:
    """(documents, passages) a cut-short run's index holds: its first documents, whole batches."""
    sizes = [len(split_document(d)) for d in unique]  # a repeat splits like its text: only the id differs
    count = documents = 0
    while count < passages:
        count += sizes[documents % len(sizes)]
        documents += 1
    if count != passages:
        raise SystemExit(f"the index holds {passages} passages, not the passages of the first documents of a run")
    return documents, count


def split_texts(texts: Path) -> tuple[list[Path], list[Path]]:
    """(held out for queries, indexed): every HOLD_OUT-th text of the folder is held out."""
    files = sorted(texts.glob("*.txt"))
    return files[::HOLD_OUT], [f for i, f in enumerate(files) if i % HOLD_OUT]


def tantivy_beside(unique: list[Document], documents: int, held_out: list[Path], work: Path) -> dict:
    """Draw the first-time queries of every mode (kept in queries.json for the search process)
    and run tantivy on the same passages with the BM25 ones."""
    queries = {mode: novel_queries(held_out, NOVEL, seed) for seed, mode in enumerate(("bm25", "dense", "hybrid"))}
    (work / "queries.json").write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    return tantivy_run(passage_batches(unique, documents, None), work / "tantivy", queries["bm25"])


def _scanned(path: Path):
    from ingest.inputs import inspect_file
    from ingest.pipeline import _scan

    return _scan(inspect_file(path), Lexicon(), Path(tempfile.gettempdir()))


def tantivy_run(batches, folder: Path, queries: list[str]) -> dict:
    import tantivy

    shutil.rmtree(folder, ignore_errors=True)  # tantivy adds to an index it finds there: a rerun would count twice
    folder.mkdir(parents=True)
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("content", stored=False, tokenizer_name="de_stem")
    builder.add_text_field("title", stored=False, tokenizer_name="de_stem")
    index = tantivy.Index(builder.build(), path=str(folder))
    index.register_tokenizer("de_stem", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
                             .filter(tantivy.Filter.remove_long(40)).filter(tantivy.Filter.lowercase())
                             .filter(tantivy.Filter.stemmer("german")).build())
    writer = index.writer(heap_size=200_000_000, num_threads=1)
    index_s = index_cpu = 0.0
    count = 0
    for passages in batches:  # made outside the timing, as for our store
        t, cpu = time.perf_counter(), time.process_time()
        for p in passages:
            writer.add_document(tantivy.Document(id=p.id, content=p.content or "", title=str(p.meta.get("title") or "")))
        index_s += time.perf_counter() - t
        index_cpu += time.process_time() - cpu
        count += len(passages)
    t, cpu = time.perf_counter(), time.process_time()
    writer.commit()
    writer.wait_merging_threads()
    index_s += time.perf_counter() - t
    index_cpu += time.process_time() - cpu
    index.reload()
    searcher = index.searcher()
    times, found = [], 0
    for q in queries:
        t = time.perf_counter()
        query = index.parse_query(" ".join(WORD.findall(q)) or "x", ["content", "title"], field_boosts={"title": 1.5})
        found += len(searcher.search(query, 10).hits)
        times.append((time.perf_counter() - t) * 1000)
    repeated = []
    for q in REPEATED * 4:
        t = time.perf_counter()
        searcher.search(index.parse_query(" ".join(WORD.findall(q)) or "x", ["content", "title"]), 10)
        repeated.append((time.perf_counter() - t) * 1000)
    return {"index_passages_per_s": round(count / index_s, 1),
            "index_passages_per_cpu_s": round(count / max(index_cpu, 1e-6), 1), "index_mb": round(_size(folder) / 1e6, 1),
            "bm25_novel_ms": percentiles(times), "bm25_novel_hits": round(found / len(queries), 1), "bm25_repeated_ms": percentiles(repeated[len(REPEATED):])}


def serve(work: Path) -> dict:
    """Open the index as a server does and search: first query, first-time and repeated queries."""
    t = time.perf_counter()
    from kb.search import Searcher
    from kb.store import WhooshDocumentStore

    queries = json.loads((work / "queries.json").read_text(encoding="utf-8"))
    import_s = time.perf_counter() - t
    t = time.perf_counter()
    store = WhooshDocumentStore(work / "index")
    bm25 = Searcher(store, mode="bm25")  # warms up: loads the compound lexicon
    opened = time.perf_counter()
    store.bm25_retrieval("Sitzungsvorlage Verwaltung Stellungnahme", top_k=200, full=10)
    first_store = time.perf_counter()
    bm25.search("Gemeinderat Tagesordnung Beschlussvorlage")
    figures: dict = {"open_ms": round((opened - t) * 1000, 1),
                     "first_store_query_ms": round((first_store - opened) * 1000, 1),
                     "first_query_after_open_ms": round((time.perf_counter() - opened) * 1000, 1),
                     "import_s": round(import_s, 2)}
    for mode in ("bm25", "dense", "hybrid"):
        searcher = bm25 if mode == "bm25" else Searcher(store, mode=mode)
        searcher.search("Warmlaufen des Modells")  # model warm-up, not a measured query
        novel, novel_cpu, found = [], [], 0
        for q in queries[mode]:
            t, cpu = time.perf_counter(), time.process_time()
            found += len(searcher.search(q).hits)
            novel.append((time.perf_counter() - t) * 1000)
            novel_cpu.append((time.process_time() - cpu) * 1000)  # on a shared machine wall time measures the others
        figures[f"{mode}_novel_cpu_ms"] = percentiles(novel_cpu)
        figures[f"{mode}_novel_hits"] = round(found / len(queries[mode]), 1)
        for q in REPEATED:
            searcher.search(q)
        repeated = []
        for q in REPEATED * 3:
            t = time.perf_counter()
            searcher.search(q)
            repeated.append((time.perf_counter() - t) * 1000)
        figures[f"{mode}_novel_ms"] = percentiles(novel)
        figures[f"{mode}_repeated_ms"] = percentiles(repeated)
    figures["serve_peak_rss_mb"] = peak_rss_mb()
    return figures


def peak_rss_mb() -> int:
    """This process's peak RSS (VmHWM: unlike ru_maxrss, not inherited from the parent across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=Path, default=TEXTS)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--embed", type=int, default=48, help="passages embedded with the real model")
    parser.add_argument("--repair-sample", type=int, default=3, help="documents run through word repair, for its cost")
    parser.add_argument("--workdir", type=Path, help="keep the indexes here (default: a temporary folder)")
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)  # internal: the search half, in its own process
    parser.add_argument("--ann-min", type=int, help="with --serve: kb.ann.MIN_VECTORS (a huge value: the exact scan only)")
    parser.add_argument("--measure-built", action="store_true",
                        help="measure the index a cut-short run left in --workdir (its first documents) instead of building")
    parser.add_argument("--resume", action="store_true",
                        help="go on with the build a cut-short run left in --workdir (its reused vectors are drawn anew)")
    args = parser.parse_args()
    if (args.measure_built or args.resume) and not args.workdir:
        parser.error("--measure-built and --resume need --workdir")
    if args.ann_min is not None:
        from kb import ann

        ann.MIN_VECTORS = args.ann_min
    if args.serve:
        print(json.dumps(serve(args.serve)))
        return
    work = args.workdir or Path(tempfile.mkdtemp(prefix="scale-"))
    try:
        figures = measure_built(args, work) if args.measure_built else build(args, work)
        out = subprocess.run([sys.executable, __file__, "--serve", str(work)], capture_output=True, text=True)
        if out.returncode:
            raise SystemExit(f"search process failed:\n{out.stderr[-3000:]}")
        figures.update(json.loads(out.stdout.strip().splitlines()[-1]))
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    tv = figures["tantivy"]
    figures["bm25_novel_p95_ratio_to_tantivy"] = round(figures["bm25_novel_ms"]["p95"] / max(tv["bm25_novel_ms"]["p95"], 1e-3), 1)
    print(f"open + warm-up {figures['open_ms']} ms, first query after opening {figures['first_query_after_open_ms']} ms "
          f"(the store's part {figures['first_store_query_ms']} ms); "
          f"serving peak RSS {figures['serve_peak_rss_mb']} MB")
    for mode in ("bm25", "dense", "hybrid"):
        n, r = figures[f"{mode}_novel_ms"], figures[f"{mode}_repeated_ms"]
        print(f"{mode:7} first-time p50/p95 {n['p50']:7.1f}/{n['p95']:7.1f} ms   repeated {r['p50']:7.1f}/{r['p95']:7.1f} ms")
    for mode in ("bm25", "dense", "hybrid"):
        c = figures[f"{mode}_novel_cpu_ms"]
        print(f"{mode:7} first-time CPU ms p50/p95 {c['p50']:7.1f}/{c['p95']:7.1f} (this process; dense/hybrid: torch may use 2 threads)")
    print(f"tantivy bm25 first-time p50/p95 {tv['bm25_novel_ms']['p50']}/{tv['bm25_novel_ms']['p95']} ms, "
          f"index {tv['index_passages_per_s']} passages/s, {tv['index_mb']} MB; "
          f"our BM25 first-time p95 = {figures['bm25_novel_p95_ratio_to_tantivy']}× tantivy's")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
