"""Text of each PDF page: the text layer where it is good, Tesseract (German) elsewhere.

All calls to OCRmyPDF live here. A PDF gets at most one OCRmyPDF run, limited to the
pages that need it (`--pages`): pages without text are OCR'd (`--skip-text` keeps the
others), pages whose text layer is poor German (an English-model OCR layer, like the
seed's) are rasterised and OCR'd again (`--force-ocr`).

Client-supplied PDFs are hostile until proven otherwise: `read_pdf` parses them and runs
OCRmyPDF only in a worker process under the limits of `ingest.limits` (pages, page
size, image pixels, memory, wall time); see `ingest.worker`. The in-process functions
(`text_layers`, `run_ocr_here`) are what the worker calls, and what trusted callers
(benchmarks, tests) may call directly.

An `OcrCache` under `<data>/.scratch/ocr/<sha256>/` keeps the OCR result of a file until
its document is stored, so a batch killed before its store pass loses no OCR work.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pypdf

from ingest import worker
from ingest.errors import CorruptPdf, EncryptedPdf, MissingDependency, OcrFailed
from ingest.limits import Limits
from ingest.models import TextOrigin

if TYPE_CHECKING:  # the worker imports this module: OCRmyPDF and the lexicon load only where used
    from ingest.lexicon import Lexicon

LANGUAGE = "deu"
MIN_TEXT_CHARS = 40  # less text than this on a page: treat it as image-only
MIN_QUALITY = 0.90  # share of known words below which a text layer is redone
MAX_DAMAGE = 0.03  # share of umlaut-damaged words above which a text layer is redone
_WORDS = re.compile(r"[^\W\d_]{3,}")
_SKIPPED = re.compile(r"^\[OCR skipped on page\(s\) ([\d-]+)\]$")

logging.getLogger("ocrmypdf").setLevel(logging.WARNING)


@dataclass(frozen=True)
class PageScan:
    """What the text layer of one page is worth, and where its final text came from."""

    number: int  # 1-based
    text: str
    origin: TextOrigin
    quality: float | None  # share of known words in the layer; None without a layer


@dataclass(frozen=True)
class OcrResult:
    pages: list[PageScan]
    searchable_pdf: Path | None  # the PDF with the new text layer, if OCR ran


def read_pdf(
    path: Path,
    workdir: Path,
    lexicon: Lexicon,
    jobs: int | None = None,
    limits: Limits | None = None,
    cache: OcrCache | None = None,
    checksum: str | None = None,
) -> OcrResult:
    """Text per page of `path`, OCR'ing what needs it; the searchable PDF goes to `workdir`.

    Parsing and OCR run in a worker process under `limits` (default: from the
    environment); with a `cache` and the file's `checksum`, a result OCR'd before (by a
    run that was killed before storing it) is taken from the cache.
    """
    if cache is not None and checksum and (cached := cache.get(checksum)) is not None:
        return cached
    limits = limits or Limits.from_env()
    inspected = worker.run({"op": "inspect", "path": str(path)}, workdir / "inspect", limits, 0, "PDF-Prüfung")
    assessed = [_assess(i + 1, text, lexicon) for i, text in enumerate(inspected.result["texts"])]
    redo = [p.number for p in assessed if p.origin == "ocr" and p.quality is not None]
    need = [p.number for p in assessed if p.origin == "ocr"]
    if not need:
        return OcrResult(assessed, None)
    output = workdir / "searchable.pdf"
    ocr_texts = run_ocr(path, output, need, force=bool(redo), jobs=jobs, limits=limits, workdir=workdir / "ocr")
    pages = [
        PageScan(p.number, ocr_texts.get(p.number, ""), "ocr", p.quality) if p.origin == "ocr" else p
        for p in assessed
    ]
    result = OcrResult(pages, output)
    if cache is not None and checksum:
        result = cache.put(checksum, result)
    return result


def assess_pages(path: Path, lexicon: Lexicon) -> list[PageScan]:
    """Each page's text layer and its verdict: kept ("text-layer") or to be OCR'd ("ocr")."""
    return [_assess(i + 1, text, lexicon) for i, text in enumerate(text_layers(path))]


def text_layers(path: Path) -> list[str]:
    """The existing text of every page (empty for image-only pages)."""
    try:
        reader = pypdf.PdfReader(path)
        return [_extract(page) for page in reader.pages]
    except pypdf.errors.FileNotDecryptedError as e:
        raise EncryptedPdf() from e
    except (pypdf.errors.PdfReadError, ValueError, KeyError) as e:
        raise CorruptPdf(str(e)[:200]) from e


def layer_quality(text: str, lexicon: Lexicon) -> float:
    """Share of the words (3+ letters) that the German lexicon knows as written."""
    words = _WORDS.findall(text)
    if not words:
        return 0.0
    return sum(lexicon.knows(w) for w in words) / len(words)


def run_ocr(
    path: Path,
    output: Path,
    pages: list[int],
    force: bool,
    jobs: int | None = None,
    limits: Limits | None = None,
    workdir: Path | None = None,
) -> dict[int, str]:
    """OCR `pages` of `path` in a worker process under `limits`; text per page number."""
    limits = limits or Limits.from_env()
    task = {"op": "ocr", "path": str(path), "output": str(output), "pages": pages, "force": force, "jobs": jobs}
    done = worker.run(task, workdir or output.parent / "ocr-worker", limits, len(pages), "Texterkennung")
    return {int(k): v for k, v in done.result["texts"].items()}


def run_ocr_here(
    path: Path, output: Path, pages: list[int], force: bool, jobs: int | None = None, limits: Limits | None = None
) -> dict[int, str]:
    """OCR in this process (the worker's side): Tesseract's German model; text per page number."""
    import ocrmypdf
    from ocrmypdf import exceptions as ocr_exceptions

    limits = limits or Limits()
    sidecar = output.with_suffix(".txt")
    try:
        ocrmypdf.ocr(
            path,
            output,
            language=[LANGUAGE],
            pages=",".join(map(str, pages)),
            force_ocr=force,
            skip_text=not force,
            sidecar=sidecar,
            output_type="pdf",  # no PDF/A conversion: we keep the original anyway
            optimize=0,
            jobs=jobs or os.cpu_count(),
            progress_bar=False,
            max_image_mpixels=limits.max_image_mpixels,  # Pillow's decompression-bomb limit
        )
    except ocr_exceptions.EncryptedPdfError as e:
        raise EncryptedPdf() from e
    except ocr_exceptions.InputFileError as e:
        raise CorruptPdf(str(e)[:200]) from e
    except ocr_exceptions.MissingDependencyError as e:
        raise MissingDependency(str(e)[:200]) from e
    except ocr_exceptions.ExitCodeException as e:
        raise OcrFailed(f"{type(e).__name__}: {str(e)[:200]}") from e
    return _sidecar_pages(sidecar.read_text(encoding="utf-8"))


class OcrCache:
    """OCR results by the file's SHA-256, kept until the document is stored (`drop`).

    <cache>/<sha256>/result.json      the pages (text, origin, quality)
    <cache>/<sha256>/searchable.pdf   the PDF with the new text layer, if OCR ran
    """

    def __init__(self, root: Path):
        self.root = Path(root)

    def get(self, checksum: str) -> OcrResult | None:
        folder = self.root / checksum
        try:
            data = json.loads((folder / "result.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        searchable = folder / "searchable.pdf" if data.get("searchable") else None
        if searchable is not None and not searchable.is_file():
            return None
        return OcrResult([PageScan(**page) for page in data["pages"]], searchable)

    def put(self, checksum: str, result: OcrResult) -> OcrResult:
        """Keep `result`; the returned one points at the cached searchable PDF."""
        folder = self.root / checksum
        tmp = self.root / f".tmp-{checksum}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if result.searchable_pdf is not None:
            shutil.copyfile(result.searchable_pdf, tmp / "searchable.pdf")
        record = {"pages": [asdict(p) for p in result.pages], "searchable": result.searchable_pdf is not None}
        (tmp / "result.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(tmp, folder)  # result.json is written last inside tmp; the folder appears whole
        return OcrResult(result.pages, folder / "searchable.pdf" if result.searchable_pdf else None)

    def drop(self, checksum: str) -> None:
        shutil.rmtree(self.root / checksum, ignore_errors=True)


def _assess(number: int, text: str, lexicon: Lexicon) -> PageScan:
    from ingest.repair import estimate_damage

    if len(text.strip()) < MIN_TEXT_CHARS:
        return PageScan(number, text, "ocr", None)
    quality = layer_quality(text, lexicon)
    if quality < MIN_QUALITY or estimate_damage(text, lexicon) > MAX_DAMAGE:
        return PageScan(number, text, "ocr", round(quality, 3))
    return PageScan(number, text, "text-layer", round(quality, 3))


def _extract(page: pypdf.PageObject) -> str:
    try:
        return page.extract_text() or ""
    except Exception:  # noqa: BLE001 - a broken content stream: the page gets OCR'd instead
        return ""


def _sidecar_pages(sidecar: str) -> dict[int, str]:
    """Split OCRmyPDF's sidecar into page texts.

    Pages are separated by form feeds; a run of pages without OCR is one placeholder,
    "[OCR skipped on page(s) 2-3]".
    """
    texts = {}
    number = 1
    for chunk in sidecar.split("\f"):
        skipped = _SKIPPED.match(chunk.strip())
        if skipped:
            first, _, last = skipped.group(1).partition("-")
            number = int(last or first) + 1
            continue
        texts[number] = chunk
        number += 1
    return texts
