"""Adding one paper to a large index costs what adding it to an empty one does.

    nice -n 10 .venv/bin/python bench/index_sync.py [--docs 3000] [--keep DIR]
    RATSARCHIV_BENCH_CODE=<other checkout> … bench/index_sync.py --keep DIR   # "before": that checkout's code

Builds an archive of N small papers (synthetic text, real layout of records on disk) and
its Whoosh index (BM25 only, no embeddings: they cost the same per new paper at any
size), then times `sync_index` after adding one paper: to the large index, and to an
empty one, in the same run. Printed beside: the parts of a sync that grow with the
archive (opening the manifest, listing the archive with one `stat` per record, the
store's passage count) and, for comparison, what the sync did before the manifest:
reading every passage of the store (twice per run) and every archive record.

`--keep DIR` builds the large archive once in DIR and reuses it (building 3,000 papers
takes minutes on the shared machine); each run adds its papers under new ids.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The code measured: this checkout, or another one (RATSARCHIV_BENCH_CODE=<checkout>).
CODE = Path(os.environ.get("RATSARCHIV_BENCH_CODE", str(ROOT)))
sys.path.insert(0, str(CODE))

import kb.indexer as indexer  # noqa: E402
from ingest.archive import Archive  # noqa: E402
from ingest.models import Document, Metadata, Page  # noqa: E402
from kb.backends import open_store  # noqa: E402
from kb.indexer import sync_index  # noqa: E402
from kb.manifest import Manifest  # noqa: E402

PARAGRAPH = ("Der Gemeinderat beschließt die Sanierung der Sporthalle {i} im Stadtteil {j}. Die Kosten "
             "betragen {k}.000 Euro und werden aus dem Haushalt {y} finanziert. ")


def _doc(i: int) -> Document:
    pages = []
    for n in (1, 2):
        text = "\n\n".join(PARAGRAPH.format(i=i, j=n, k=(i * 7 + p) % 900, y=2000 + i % 25) * 3 for p in range(4))
        pages.append(Page(n, text, text, "plain-text"))
    return Document(f"vorlage-{i}", f"vorlage-{i}.txt", f"c{i}", "text/plain", pages, Metadata(title=f"Vorlage {i}"))


def _add_one(archive: Archive, original: Path, i: int) -> float:
    """CPU seconds of one sync after adding one paper (the cores are shared: wall time measures the neighbours)."""
    archive.put(_doc(i), original)
    t = time.process_time()
    report = sync_index(archive, open_store(archive.root), model=None)
    elapsed = time.process_time() - t
    assert report.indexed == 1, report
    return elapsed


def _cpu(fn, rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--keep", type=Path, help="build the large archive here once and reuse it")
    args = parser.parse_args()
    print(f"code: {Path(indexer.__file__).resolve().parents[1]}")
    with tempfile.TemporaryDirectory(prefix="ratsarchiv-bench-") as tmp:
        original = Path(tmp) / "x.txt"
        original.write_text("x", encoding="utf-8")
        small = Archive(Path(tmp) / "small")
        empty_s = min(_add_one(small, original, 10**6 + r) for r in range(3))

        big = Archive(args.keep or Path(tmp) / "big")
        built = len(big.ids())
        if built < args.docs:
            t = time.perf_counter()
            for i in range(built, args.docs):
                big.put(_doc(i), original)
            print(f"stored {args.docs - built:,} papers in {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        first = sync_index(big, open_store(big.root), model=None)
        if first.indexed:
            print(f"indexed {first.indexed:,} papers ({first.passages:,} passages) in {time.perf_counter() - t:.1f} s")
        papers = len(big.ids())
        base = 2 * 10**6 + papers  # new ids on every run over a kept archive
        big_s = min(_add_one(big, original, base + r) for r in range(3))

        store = open_store(big.root)
        open_s = _cpu(lambda: Manifest.open(store))
        count_s = _cpu(store.count_documents)
        listing = getattr(indexer, "_records", None)  # this branch's listing; before it, ids() and a stat each
        if listing is not None:
            list_s = _cpu(lambda: listing(big))
        else:
            list_s = _cpu(lambda: [indexer._stamp(big, i) for i in big.ids()])
        t = time.process_time()
        passages = store.passages()
        scan_s = time.process_time() - t
        t = time.process_time()
        records = sum(1 for _ in big)
        read_s = time.process_time() - t

    print(f"sync after adding 1 paper, CPU time, best of 3: empty index {1000 * empty_s:.0f} ms, "
          f"index of {papers:,} papers {1000 * big_s:.0f} ms (ratio {big_s / empty_s:.2f})")
    print(f"  of which, at {papers:,} papers: manifest open {1000 * open_s:.1f} ms (store count {1000 * count_s:.1f} ms), "
          f"archive listing + stat per record {1000 * list_s:.1f} ms, the rest (the new paper, Whoosh commit) "
          f"{1000 * (big_s - open_s - list_s):.0f} ms")
    print(f"what the sync read before the manifest, at {papers:,} papers: every passage "
          f"({len(passages):,}) {1000 * scan_s:.0f} ms ×2, every record ({records:,}) {1000 * read_s:.0f} ms")


if __name__ == "__main__":
    main()
