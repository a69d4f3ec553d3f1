"""Text of each PDF page: the text layer where it is good, Tesseract (German) elsewhere.

All calls to OCRmyPDF live here. A PDF gets at most one OCRmyPDF run, limited to the
pages that need it (`--pages`): pages without text are OCR'd (`--skip-text` keeps the
others), pages whose text layer is poor German (an English-model OCR layer, like the
seed's) are rasterised and OCR'd again (`--force-ocr`).
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

import ocrmypdf
import pypdf
from ocrmypdf import exceptions as ocr_exceptions

from ingest.errors import CorruptPdf, EncryptedPdf, MissingDependency, OcrFailed
from ingest.lexicon import Lexicon
from ingest.models import TextOrigin
from ingest.repair import estimate_damage

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


def read_pdf(path: Path, workdir: Path, lexicon: Lexicon, jobs: int | None = None) -> OcrResult:
    """Text per page of `path`, OCR'ing what needs it; the searchable PDF goes to `workdir`."""
    assessed = assess_pages(path, lexicon)
    redo = [p.number for p in assessed if p.origin == "ocr" and p.quality is not None]
    need = [p.number for p in assessed if p.origin == "ocr"]
    if not need:
        return OcrResult(assessed, None)
    output = workdir / "searchable.pdf"
    ocr_texts = run_ocr(path, output, need, force=bool(redo), jobs=jobs)
    pages = [
        PageScan(p.number, ocr_texts.get(p.number, ""), "ocr", p.quality) if p.origin == "ocr" else p
        for p in assessed
    ]
    return OcrResult(pages, output)


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


def run_ocr(path: Path, output: Path, pages: list[int], force: bool, jobs: int | None = None) -> dict[int, str]:
    """OCR `pages` of `path` with Tesseract's German model; text per page number."""
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


def _assess(number: int, text: str, lexicon: Lexicon) -> PageScan:
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
