"""Evaluation of OCR + repair on the sample corpus: word error rate per document.

    .venv/bin/python bench/eval_ocr.py [--data DIR] [--errors]

Ingests `corpus/` with the real pipeline (OCRmyPDF + Tesseract German, repair, metadata)
into a fresh data directory (or reuses `--data`), then compares each PDF's repaired text
with its clean source text in tests/eval/corpus/ (headers and footers are not in the
source, so stripping them counts). Prints WER before repair (the raw OCR page text) and
after, per document and over all words.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import jiwer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.textmetrics import word_errors, words  # noqa: E402
from ingest.archive import Archive  # noqa: E402
from ingest.pipeline import ingest_paths  # noqa: E402

SOURCES = ROOT / "tests" / "eval" / "corpus"
CORPUS = ROOT / "corpus"


@dataclass
class DocFigures:
    id: str
    rendering: str
    pages: int
    ocr_pages: int
    ref_words: int
    raw_errors: int
    errors: int
    error_list: list[tuple[str, str]]

    @property
    def raw_wer(self) -> float:
        return self.raw_errors / self.ref_words

    @property
    def wer(self) -> float:
        return self.errors / self.ref_words


def _errors(reference: str, hypothesis: str) -> int:
    out = jiwer.process_words(" ".join(words(reference)), " ".join(words(hypothesis)))
    return out.substitutions + out.deletions + out.insertions


def evaluate(data: Path, renderings: tuple[str, ...] = ("scan", "scan-bad-layer", "text-pdf")) -> list[DocFigures]:
    papers = [p for p in json.loads((SOURCES / "papers.json").read_text(encoding="utf-8")) if p["rendering"] in renderings]
    archive = Archive(data)
    report = ingest_paths([CORPUS], archive)
    if report.failed:
        raise SystemExit(f"ingest failed: {[(o.path.name, o.error) for o in report.failed]}")
    figures = []
    for paper in papers:
        doc = archive.get(paper["id"])
        truth = (SOURCES / f"{paper['id']}.txt").read_text(encoding="utf-8")
        repaired = "\n".join(p.text for p in doc.pages)
        raw = "\n".join(p.raw for p in doc.pages)
        figures.append(
            DocFigures(
                id=paper["id"],
                rendering=paper["rendering"],
                pages=len(doc.pages),
                ocr_pages=sum(p.origin == "ocr" for p in doc.pages),
                ref_words=len(words(truth)),
                raw_errors=_errors(truth, raw),
                errors=_errors(truth, repaired),
                error_list=word_errors(truth, repaired),
            )
        )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="data directory to ingest into / reuse")
    parser.add_argument("--errors", action="store_true", help="list the remaining word errors")
    args = parser.parse_args()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        figures = evaluate(args.data or Path(tmp))
    print(f"{'document':45} {'rendering':15} {'pages':>5} {'ocr':>4} {'words':>6} {'raw WER':>8} {'WER':>7}")
    for f in figures:
        print(f"{f.id:45} {f.rendering:15} {f.pages:5} {f.ocr_pages:4} {f.ref_words:6} {f.raw_wer:8.2%} {f.wer:7.2%}")
        if args.errors:
            for ref, hyp in f.error_list:
                print(f"    {ref!r:35} → {hyp!r}")
    total = sum(f.ref_words for f in figures)
    print(f"{'all':45} {'':15} {sum(f.pages for f in figures):5} {sum(f.ocr_pages for f in figures):4} {total:6} "
          f"{sum(f.raw_errors for f in figures) / total:8.2%} {sum(f.errors for f in figures) / total:7.2%}")
    print(f"({time.perf_counter() - start:.0f} s including ingest)")


if __name__ == "__main__":
    main()
