"""Benchmark: indexing without embeddings per CPU second, split into analysis and Whoosh's writer.

    nice -n 10 .venv/bin/python bench/index_split.py [--texts N]     # the first N indexed Karlsruhe texts

The passages of N real texts are analysed once first (compound splits and per-word forms
warm, as they are after the first thousand documents of an archive), then timed: the
analysis of the four analysed fields alone, the index fields and records, one
`write_documents` of all passages, and the columns. Whoosh's writer is the write less
analysis and fields. CPU seconds of this process: the machine is shared.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scale import HOLD_OUT, TEXTS, text_document  # noqa: E402
from kb.passages import split_document  # noqa: E402
from kb.store import WhooshDocumentStore, _fields, schema  # noqa: E402

ANALYSED = ("content", "exact", "title", "meta_text")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=200)
    args = parser.parse_args()
    files = sorted(TEXTS.glob("*.txt"))
    corpus = [f for i, f in enumerate(files) if i % HOLD_OUT][: args.texts]
    passages = [p for f in corpus for p in split_document(text_document(f, f.stem))]
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


if __name__ == "__main__":
    main()
