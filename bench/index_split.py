"""Benchmark: indexing without embeddings per CPU second, split into analysis and Whoosh's writer.

    nice -n 10 .venv/bin/python bench/index_split.py [--texts N]     # the first N indexed Karlsruhe texts
    nice -n 10 .venv/bin/python bench/index_split.py --texts N --writers 1 2 2:500   # Whoosh's multi-process writer

The passages of N real texts are analysed once first (compound splits and per-word forms
warm, as they are after the first thousand documents of an archive), then timed: the
analysis of the four analysed fields alone, the index fields and records, one
`write_documents` of all passages, and the columns. Whoosh's writer is the write less
analysis and fields. CPU seconds of this process: the machine is shared.

`--writers`: the same passages written by Whoosh's writer as the store uses it (`1`) and by
its multi-process writer (`P` or `P:BATCH`: `procs=P`, `batchsize=BATCH` documents a job,
`multisegment=True`: the sub-writers' segments are kept, not merged) into fresh indexes:
wall seconds, CPU seconds of this process and its children (the sub-writers), passages
per CPU second, and the index content compared with the first writer's (every stored
record and, per field, every term's postings as (passage id, frequency)): the same
content or the run fails.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scale import HOLD_OUT, TEXTS, tantivy_run, text_document  # noqa: E402
from kb.passages import split_document  # noqa: E402
from kb.store import WhooshDocumentStore, _fields, schema  # noqa: E402

ANALYSED = ("content", "exact", "title", "meta_text")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=200)
    parser.add_argument("--writers", nargs="+", help="compare writers: 1, P or P:BATCH (Whoosh's MpWriter), tantivy")
    args = parser.parse_args()
    files = sorted(TEXTS.glob("*.txt"))
    corpus = [f for i, f in enumerate(files) if i % HOLD_OUT][: args.texts]
    passages = [p for f in corpus for p in split_document(text_document(f, f.stem))]
    if args.writers:
        compare_writers(passages, args.writers)
        return
    fields = schema()

    def analyse() -> None:
        for p in passages:
            values = _fields(p)
            for name in ANALYSED:
                for _ in fields[name].analyzer(values[name]):
                    pass

    analyse()  # warm: compound splits and per-word forms
    start = time.process_time()
    analyse()
    analysis = time.process_time() - start
    start = time.process_time()
    for p in passages:
        _fields(p)
    records = time.process_time() - start
    work = Path(tempfile.mkdtemp(prefix="index-split-"))
    try:
        store = WhooshDocumentStore(work / "index")
        start = time.process_time()
        store.write_documents(passages)
        write = time.process_time() - start
        start = time.process_time()
        store._current()  # noqa: SLF001 -- the columns, built once per new segment
        columns = time.process_time() - start
    finally:
        shutil.rmtree(work, ignore_errors=True)
    n = len(passages)
    writer = write - analysis - records
    print(f"{n} passages of {len(corpus)} real texts, CPU s (passages per CPU s):")
    print(f"  analysis, 4 fields, warm   {analysis:6.2f}  ({n / analysis:,.0f})")
    print(f"  index fields and records   {records:6.2f}")
    print(f"  Whoosh's writer (the rest) {writer:6.2f}  ({n / writer:,.0f})")
    print(f"  columns                    {columns:6.2f}")
    print(f"  all                        {write + columns:6.2f}  ({n / (write + columns):,.0f})")


def compare_writers(passages, writers: list[str]) -> None:
    first = None
    work = Path(tempfile.mkdtemp(prefix="index-writers-"))
    try:
        warm = WhooshDocumentStore(work / "warm")
        warm.write_documents(passages[: len(passages) // 4])  # compound splits and per-word forms warm
        for spec in writers:
            if spec == "tantivy":  # the baseline: a compiled engine on the same passages (text only)
                figures = tantivy_run([passages], work / "tantivy", ["Haushalt Stadt"])
                print(f"writer tantivy: {len(passages)} passages, {figures['index_passages_per_cpu_s']:,.0f} passages per "
                      f"CPU s, {figures['index_passages_per_s']:,.0f} per wall s (content + title, one thread)", flush=True)
                continue
            procs, _, batch = spec.partition(":")
            store = WhooshDocumentStore(work / f"w{spec.replace(':', '-')}")
            if int(procs) > 1:
                store.writer_options = {"limitmb": 128, "procs": int(procs), "batchsize": int(batch or 100),
                                        "multisegment": True}
            before, start = os.times(), time.perf_counter()
            store.write_documents(passages)
            wall, after = time.perf_counter() - start, os.times()
            own = (after.user - before.user) + (after.system - before.system)
            children = (after.children_user - before.children_user) + (after.children_system - before.children_system)
            digest = content_digest(store)
            first = first or digest
            same = "same content" if digest == first else "CONTENT DIFFERS"
            print(f"writer {spec:>6}: {len(passages)} passages, wall {wall:6.1f} s, CPU {own:6.1f} s + children "
                  f"{children:6.1f} s = {len(passages) / (own + children):6.0f} passages per CPU s, "
                  f"{len(passages) / wall:6.0f} per wall s, {len(store._ix.reader().leaf_readers())} segments; {same}",
                  flush=True)
            if digest != first:
                raise SystemExit(f"writer {spec}: the index content differs from writer {writers[0]}'s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def content_digest(store: WhooshDocumentStore) -> str:
    """Every stored record by passage id, and per field every term's postings as (id, frequency)."""
    h = hashlib.sha256()
    with store._ix.searcher() as searcher:  # noqa: SLF001
        reader = searcher.reader()
        ids = {n: f["id"] for n, f in reader.iter_docs()}
        for n in sorted(ids, key=ids.get):
            h.update(repr(sorted(reader.stored_fields(n).items())).encode())
        for name in ("document", "content", "exact", "title", "meta_text"):
            for term in reader.lexicon(name):
                postings = sorted((ids[d], w) for d, w in reader.postings(name, term).items_as("weight"))
                h.update(repr((name, term, postings)).encode())
    return h.hexdigest()


if __name__ == "__main__":
    main()
