"""Adding one paper to a large index costs what adding it to an empty one does.

    nice -n 10 .venv/bin/python bench/index_sync.py [--docs 10000]

Builds an archive of N small papers (synthetic text, real layout of records on disk) and
its Whoosh index (BM25 only, no embeddings: they cost the same per new paper at any
size), then times `sync_index` after adding one paper: to the large index, and to an
empty one, in the same run. For comparison, the cost of what the sync did before the
manifest: reading every passage of the store (`store.passages()`, twice per run) and
every archive record.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.archive import Archive  # noqa: E402
from ingest.models import Document, Metadata, Page  # noqa: E402
from kb.backends import open_store  # noqa: E402
from kb.indexer import sync_index  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ratsarchiv-bench-") as tmp:
        original = Path(tmp) / "x.txt"
        original.write_text("x", encoding="utf-8")
        small = Archive(Path(tmp) / "small")
        empty_s = min(_add_one(small, original, 10**6 + r) for r in range(3))

        big = Archive(Path(tmp) / "big")
        t = time.perf_counter()
        for i in range(args.docs):
            big.put(_doc(i), original)
        put_s = time.perf_counter() - t
        t = time.perf_counter()
        first = sync_index(big, open_store(big.root), model=None)
        build_s = time.perf_counter() - t
        big_s = min(_add_one(big, original, 10**6 + r) for r in range(3))

        store = open_store(big.root)
        t = time.process_time()
        passages = store.passages()
        scan_s = time.process_time() - t
        t = time.process_time()
        records = sum(1 for _ in big)
        read_s = time.process_time() - t

    print(f"archive: {args.docs:,} papers ({first.passages:,} passages); stored in {put_s:.1f} s, indexed in {build_s:.1f} s")
    print(f"sync after adding 1 paper, CPU time, best of 3: empty index {1000 * empty_s:.0f} ms, "
          f"index of {args.docs:,} papers {1000 * big_s:.0f} ms (ratio {big_s / empty_s:.2f})")
    print(f"what the sync read before the manifest, at {args.docs:,} papers: every passage "
          f"({len(passages):,}) {1000 * scan_s:.0f} ms ×2, every record ({records:,}) {1000 * read_s:.0f} ms")


if __name__ == "__main__":
    main()
