"""Benchmark: pages per minute of the whole ingest against plain OCRmyPDF, in one run.

    .venv/bin/python bench/ocr.py [PDF ...]        (default: the PDFs of corpus/ that need OCR:
                                                    scans and scans with a poor text layer)

Three runs over the same PDFs, one after the other on this machine:
  1. `ocrmypdf -l deu` as a user would call it (PDF/A output, default optimisation;
     `--force-ocr` for PDFs that already carry a text layer, which plain OCRmyPDF refuses);
  2. `ocrmypdf -l deu --output-type pdf --optimize 0`, the same OCR work our pipeline asks for;
  3. `kb ingest` (our pipeline: inspection, layer scoring, OCR, repair, metadata, storage).
The overhead of (3) over (1) is the acceptance figure; (2) shows where the time goes.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.archive import Archive  # noqa: E402
from ingest.lexicon import Lexicon  # noqa: E402
from ingest.ocr import assess_pages, text_layers  # noqa: E402
from ingest.pipeline import ingest_paths  # noqa: E402

OCRMYPDF = [sys.executable, "-m", "ocrmypdf"]


def plain_ocrmypdf(pdfs: list[Path], out: Path, extra: list[str]) -> float:
    start = time.perf_counter()
    for pdf in pdfs:
        has_layer = any(t.strip() for t in text_layers(pdf))
        args = [*OCRMYPDF, "-q", "-l", "deu", *extra, *(["--force-ocr"] if has_layer else [])]
        subprocess.run([*args, str(pdf), str(out / pdf.name)], check=True)
    return time.perf_counter() - start


def pipeline(pdfs: list[Path], data: Path) -> float:
    start = time.perf_counter()
    report = ingest_paths(pdfs, Archive(data))
    elapsed = time.perf_counter() - start
    if report.failed:
        raise SystemExit(f"ingest failed: {[(o.path.name, o.error) for o in report.failed]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    args = parser.parse_args()
    lexicon = Lexicon()
    pdfs = args.pdfs or [
        p for p in sorted((ROOT / "corpus").glob("*.pdf")) if any(page.origin == "ocr" for page in assess_pages(p, lexicon))
    ]
    pages = sum(len(text_layers(p)) for p in pdfs)
    print(f"{len(pdfs)} PDFs, {pages} pages, {__import__('os').cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        for name in ("plain", "like", "data"):
            (tmp_path / name).mkdir()
        runs = {
            "ocrmypdf -l deu (plain)": plain_ocrmypdf(pdfs, tmp_path / "plain", []),
            "ocrmypdf -l deu --output-type pdf --optimize 0": plain_ocrmypdf(
                pdfs, tmp_path / "like", ["--output-type", "pdf", "--optimize", "0"]
            ),
            "kb ingest (whole pipeline)": pipeline(pdfs, tmp_path / "data"),
        }
    baseline = runs["ocrmypdf -l deu (plain)"]
    print(f"{'run':50} {'seconds':>8} {'pages/min':>10} {'vs plain':>9}")
    for name, seconds in runs.items():
        print(f"{name:50} {seconds:8.1f} {pages / seconds * 60:10.1f} {(seconds / baseline - 1) * 100:+8.1f}%")


if __name__ == "__main__":
    main()
