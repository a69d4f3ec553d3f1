"""Shared fixtures: real files made on the fly (scans, text PDFs, broken PDFs)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "vorlage-sozialplanung-2019.txt"
SEED_REFERENCE = ROOT / "tests" / "eval" / "seed-reference.txt"
FONT = "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"


def render_scan(path: Path, pages: list[list[str]], dpi: int = 200) -> Path:
    """An image-only PDF, one A4 page per list of lines, as a flatbed scanner makes it."""
    scale = dpi / 72
    font = ImageFont.truetype(FONT, int(11 * scale))
    images = []
    for lines in pages:
        image = Image.new("L", (int(595 * scale), int(842 * scale)), 255)
        draw = ImageDraw.Draw(image)
        for i, line in enumerate(lines):
            draw.text((int(70 * scale), int((80 + i * 16) * scale)), line, font=font, fill=0)
        images.append(image)
    images[0].save(path, save_all=True, append_images=images[1:], resolution=dpi)
    return path


def text_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A born-digital PDF with a real text layer."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("Serif", fname=FONT)
    pdf.set_font("Serif", size=11)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


PAGE_1 = [
    "Rhein-Sieg-Kreis",
    "Der Landrat",
    "Vorlage Nr. 2020/0345",
    "Datum: 12.05.2020",
    "Betreff: Schulsozialarbeit an den Förderschulen",
    "",
    "Der Jugendhilfeausschuss hat in seiner Sitzung am 02.07.2020 beschlossen,",
    "die Schulsozialarbeit an zwölf Schulen fortzuführen. Die Förderung für den",
    "Zeitraum vom 01.08.2020 bis 31.07.2022 beträgt 90 Prozent der Personalkosten.",
]
PAGE_2 = [
    "Außerdem wird über die Höhe der Zuwendung berichtet. Die Koordination",
    "übernimmt Frau Sabine Krämer, Sachgebietsleiterin Jugendhilfeplanung.",
    "Um Kenntnisnahme wird gebeten.",
]


@pytest.fixture(scope="session")
def scan_pdf(tmp_path_factory) -> Path:
    return render_scan(tmp_path_factory.mktemp("scan") / "scan-schulsozialarbeit.pdf", [PAGE_1, PAGE_2])


@pytest.fixture(scope="session")
def corpus_data(tmp_path_factory) -> Path:
    """The sample corpus, ingested (real OCR) and indexed (real embeddings) once per test run.

    `RATSARCHIV_TEST_DATA=/path/to/ingested/data` uses a private copy of that folder instead
    (as `tests.api_server` does), for quick local runs.
    """
    from kb.library import Library

    data = tmp_path_factory.mktemp("corpus-data")
    if source := os.environ.get("RATSARCHIV_TEST_DATA"):
        shutil.copytree(source, data, dirs_exist_ok=True, ignore=shutil.ignore_patterns("READY", "uploads"))
        return data
    result = Library(data, model="e5").ingest([ROOT / "corpus"])
    assert not result.report.failed, [(o.path.name, o.error) for o in result.report.failed]
    return data


@pytest.fixture(scope="session")
def linker(corpus_data):
    """Links over the ingested sample corpus (shared by the link, matter, related and timeline tests)."""
    from ingest.archive import Archive
    from kb.indexer import open_store
    from kb.links import Linker

    return Linker(Archive(corpus_data), open_store(corpus_data))
