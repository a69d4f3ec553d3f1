"""What one PDF may cost: pages, page size, image pixels, memory and wall time of its OCR.

A hostile or absurd PDF (a deflate bomb, a 5-metre page, 3,000 blank pages) must end with
a reason, not take the machine. Two layers:

* `check_pdf` reads only the PDF's structure (pikepdf: page count, page boxes, image
  dictionaries; no stream is decoded) and refuses what is beyond the limits up front.
* `ingest.worker` runs parsing and OCR in a child process with an address-space rlimit,
  watched for the memory of its whole process tree and its wall time, and kills the
  whole process group at a limit.

Every limit is read here, once, from the environment:

    RATSARCHIV_MAX_PAGES             pages per PDF (default 500)
    RATSARCHIV_MAX_PAGE_AREA_M2      area of one page in m² (default 5; A0 is 1 m²)
    RATSARCHIV_MAX_IMAGE_MPIXELS     pixels of one embedded image, in millions (default 100)
    RATSARCHIV_OCR_MEMORY_MB         memory of the worker's process tree (default 1536)
    RATSARCHIV_OCR_TIMEOUT           wall time of one worker run in s (default 600) …
    RATSARCHIV_OCR_SECONDS_PER_PAGE  … or this many seconds per OCR'd page, if more (default 12)
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path

import pikepdf

from ingest.errors import CorruptPdf, EncryptedPdf, ImageTooLarge, PageTooLarge, TooManyPages

_PT_TO_M = 0.0254 / 72


@dataclass(frozen=True)
class Limits:
    max_pages: int = 500
    max_page_area_m2: float = 5.0
    max_image_mpixels: float = 100.0
    ocr_memory_mb: int = 1536
    ocr_timeout: float = 600.0
    ocr_seconds_per_page: float = 12.0

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Limits:
        env = os.environ if environ is None else environ
        values = {}
        for name, (variable, kind) in _VARIABLES.items():
            raw = env.get(variable)
            if raw is None or raw.strip() == "":
                continue
            try:
                value = kind(raw)
            except ValueError:
                raise ValueError(f"{variable}={raw!r} ist keine Zahl") from None
            if value <= 0:
                raise ValueError(f"{variable}={raw!r} muss größer als 0 sein")
            values[name] = value
        return cls(**values)

    def timeout_for(self, pages: int) -> float:
        """Wall time for one worker run over `pages` pages: a 500-page scan needs more than one page."""
        return max(self.ocr_timeout, self.ocr_seconds_per_page * pages)

    def to_dict(self) -> dict[str, float]:
        return asdict(self)


_VARIABLES = {
    "max_pages": ("RATSARCHIV_MAX_PAGES", int),
    "max_page_area_m2": ("RATSARCHIV_MAX_PAGE_AREA_M2", float),
    "max_image_mpixels": ("RATSARCHIV_MAX_IMAGE_MPIXELS", float),
    "ocr_memory_mb": ("RATSARCHIV_OCR_MEMORY_MB", int),
    "ocr_timeout": ("RATSARCHIV_OCR_TIMEOUT", float),
    "ocr_seconds_per_page": ("RATSARCHIV_OCR_SECONDS_PER_PAGE", float),
}


def check_pdf(path: Path, limits: Limits) -> int:
    """Refuse a PDF beyond the limits from its structure alone; the number of pages if it passes."""
    try:
        with pikepdf.open(path) as pdf:
            pages = len(pdf.pages)
            if pages > limits.max_pages:
                raise TooManyPages(f"{pages} Seiten (höchstens {limits.max_pages})")
            for number, page in enumerate(pdf.pages, 1):
                _check_page(number, page, limits)
            for obj in pdf.objects:
                _check_image(obj, limits)
    except pikepdf.PasswordError as e:
        raise EncryptedPdf() from e
    except pikepdf.PdfError as e:
        raise CorruptPdf(str(e).splitlines()[0][:200]) from e
    return pages


def _check_page(number: int, page: pikepdf.Page, limits: Limits) -> None:
    box = [float(v) for v in page.mediabox]
    unit = float(page.obj.get("/UserUnit", 1))  # PDF 1.6: a page may scale its user space
    width = abs(box[2] - box[0]) * unit * _PT_TO_M
    height = abs(box[3] - box[1]) * unit * _PT_TO_M
    if width * height > limits.max_page_area_m2:
        raise PageTooLarge(
            f"Seite {number} misst {width * 100:.0f} × {height * 100:.0f} cm "
            f"({_de(width * height)} m², höchstens {_de(limits.max_page_area_m2)} m²)"
        )


def _check_image(obj: object, limits: Limits) -> None:
    """Every image stream in the file, used or not, nested in forms or not: its declared size."""
    if not isinstance(obj, pikepdf.Stream) or obj.get("/Subtype") != pikepdf.Name.Image:
        return
    try:
        width, height = int(obj.get("/Width", 0)), int(obj.get("/Height", 0))
    except (TypeError, ValueError):
        return
    mpixels = width * height / 1e6
    if mpixels > limits.max_image_mpixels:
        raise ImageTooLarge(
            f"{width} × {height} Pixel ({_de(mpixels)} Megapixel, höchstens {_de(limits.max_image_mpixels)})"
        )


def _de(value: float) -> str:
    """A number as German staff write it: 25,8 (one decimal at most)."""
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
