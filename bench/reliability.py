"""Benchmark: what the reliability guards cost on this machine.

    .venv/bin/python bench/reliability.py [--sizes 1000 10000] [--index-size 1000]

1. The start-up consistency check (`kb.check`): archive side (one checksum per document)
   at each size, against the baseline of listing the ids; index side
   (`indexed_checksums` on a BM25-only index, cold and warm) at `--index-size`.
   Synthetic archives: real Karlsruhe texts (`../shared/real/karlsruhe/files`) as pages.
2. The worker process: reading a born-digital PDF's text layers in the worker vs. in
   this process (the price of the isolation per PDF), and a real OCR of a 2-page scan in
   the worker: wall time and peak RSS of the worker's process tree.
3. Hostile PDFs (deflate bomb, 14,400-pt page, 3,000 pages): time until refused.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.archive import DOCUMENT_JSON, Archive  # noqa: E402
from ingest.limits import Limits  # noqa: E402
from ingest.models import Document, Metadata, Page  # noqa: E402
from ingest.pipeline import split_text_pages  # noqa: E402
from bench.shared import KARLSRUHE_FILES  # noqa: E402

TEXTS = KARLSRUHE_FILES


def synthetic_archive(root: Path, size: int) -> Archive:
    """`size` documents (document.json only: what the check reads), real texts as pages."""
    texts = sorted(TEXTS.glob("*.txt"))
    archive = Archive(root)
    for i in range(size):
        source = texts[i % len(texts)]
        pages = [Page(n + 1, t, t, "plain-text", None) for n, t in enumerate(split_text_pages(source.read_text(encoding="utf-8")))]
        doc = Document(f"doc-{i:05d}", source.name, f"{i:064x}", "text/plain", pages, Metadata(title=source.stem))
        folder = archive.documents_dir / doc.id
        folder.mkdir()
        (folder / DOCUMENT_JSON).write_text(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    return archive


def bench_check(sizes: list[int], index_size: int, scratch: Path) -> None:
    from kb.check import check
    from kb.indexer import indexed_checksums, open_store, sync_index

    print("## Consistency check")
    for size in sizes:
        archive = synthetic_archive(scratch / f"a{size}", size)
        mb = sum(p.stat().st_size for p in archive.documents_dir.glob(f"*/{DOCUMENT_JSON}")) / 1e6
        t = time.perf_counter()
        ids = archive.ids()
        listing = time.perf_counter() - t
        t = time.perf_counter()
        parsed = {doc_id: archive.checksum(doc_id) for doc_id in ids}
        whole = time.perf_counter() - t
        t = time.perf_counter()
        sums = archive.checksums()
        heads = time.perf_counter() - t
        print(f"{size:>6} documents ({mb:.0f} MB document.json): list ids {listing:.3f} s; checksums from whole "
              f"records {whole:.3f} s (baseline); Archive.checksums {heads:.3f} s ({heads / size * 1e3:.3f} ms/doc)")
        assert sums == parsed
        if size == index_size:
            t = time.perf_counter()
            sync_index(archive, open_store(archive.root), model=None)
            print(f"{size:>6} documents: BM25-only index built in {time.perf_counter() - t:.1f} s")
            t = time.perf_counter()
            store = open_store(archive.root)
            indexed_checksums(store)
            cold = time.perf_counter() - t
            t = time.perf_counter()
            report = check(archive, store, mend=False)
            print(f"{size:>6} documents: indexed_checksums cold {cold:.3f} s; whole check warm "
                  f"{time.perf_counter() - t:.3f} s — {report.summary()}")
        shutil.rmtree(archive.root)


def bench_worker(scratch: Path) -> None:
    from ingest import worker
    from ingest.ocr import text_layers
    from tests.conftest import PAGE_1, PAGE_2, render_scan, text_pdf

    print("## Worker process")
    digital = text_pdf(scratch / "digital.pdf", [PAGE_1, PAGE_2])
    t = time.perf_counter()
    text_layers(digital)
    here = time.perf_counter() - t
    t = time.perf_counter()
    worker.run({"op": "inspect", "path": str(digital)}, scratch / "w1", Limits(), 0, "PDF-Prüfung")
    print(f"text layers of a 2-page born-digital PDF: in process {here:.3f} s (baseline), in the worker "
          f"{time.perf_counter() - t:.3f} s (with limit check)")
    scan = render_scan(scratch / "scan.pdf", [PAGE_1, PAGE_2])
    task = {"op": "ocr", "path": str(scan), "output": str(scratch / "out.pdf"), "pages": [1, 2], "force": False, "jobs": None}
    done = worker.run(task, scratch / "w2", Limits(), 2, "Texterkennung")
    print(f"OCR of a 2-page A4 scan (200 dpi) in the worker: {done.seconds:.1f} s, "
          f"peak RSS of the process tree {done.peak_rss_mb:.0f} MB (limit {Limits().ocr_memory_mb} MB)")


def bench_hostile(scratch: Path) -> None:
    from ingest.errors import IngestError
    from ingest.lexicon import Lexicon
    from ingest.ocr import read_pdf
    from tests.test_limits import blank_pages, deflate_bomb

    print("## Hostile PDFs")
    cases = {
        "deflate bomb (20,000² px image)": lambda p: deflate_bomb(p),
        "one 14,400-pt page": lambda p: blank_pages(p, 1, (14_400, 14_400)),
        "3,000 blank pages": lambda p: blank_pages(p, 3000),
        # Under the pixel limit: passes the checks and is OCR'd, within the memory limit.
        "deflate bomb under the pixel limit (9,900² px)": lambda p: deflate_bomb(p, side=9_900),
    }
    for name, make in cases.items():
        pdf = make(scratch / "hostile.pdf")
        t = time.perf_counter()
        try:
            read_pdf(pdf, scratch / "h", Lexicon(wordlist=[]))
            outcome = "accepted (OCR'd)"
        except IngestError as e:
            outcome = str(e)
        print(f"{name} ({pdf.stat().st_size / 1e3:.0f} kB): {time.perf_counter() - t:.2f} s → {outcome}; "
              f"largest child so far {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB")
        shutil.rmtree(scratch / "h", ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--index-size", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-reliability-") as tmp:
        scratch = Path(tmp)
        bench_check(args.sizes, args.index_size, scratch)
        bench_worker(scratch)
        bench_hostile(scratch)


if __name__ == "__main__":
    main()
