"""Real OCR runs (Tesseract, German model) on small scans made on the fly."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import ocrmypdf
import pytest

from ingest.lexicon import Lexicon
from ingest.ocr import read_pdf, text_layers
from tests.conftest import PAGE_1, PAGE_2, text_pdf


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon()


def test_image_only_scan_is_ocrd_page_by_page(scan_pdf: Path, tmp_path: Path, lexicon: Lexicon):
    result = read_pdf(scan_pdf, tmp_path, lexicon)
    assert [p.origin for p in result.pages] == ["ocr", "ocr"]
    assert "Zeitraum vom 01.08.2020 bis 31.07.2022" in result.pages[0].text
    assert "Sabine Krämer" in result.pages[1].text  # German model: umlauts intact
    assert "Sabine" not in result.pages[0].text
    assert result.searchable_pdf is not None
    assert "Jugendhilfeausschuss" in text_layers(result.searchable_pdf)[0]


def test_good_text_layer_is_kept_without_ocr(tmp_path: Path, lexicon: Lexicon):
    pdf = text_pdf(tmp_path / "digital.pdf", [PAGE_1, PAGE_2])
    result = read_pdf(pdf, tmp_path, lexicon)
    assert [p.origin for p in result.pages] == ["text-layer", "text-layer"]
    assert result.searchable_pdf is None
    assert all(p.quality and p.quality > 0.9 for p in result.pages)


def test_english_model_layer_is_detected_and_redone(scan_pdf: Path, tmp_path: Path, lexicon: Lexicon):
    bad = tmp_path / "bad-layer.pdf"
    ocrmypdf.ocr(scan_pdf, bad, language=["eng"], output_type="pdf", optimize=0, progress_bar=False)
    layers = text_layers(bad)
    assert any(w in layers[1] for w in ("Krdmer", "Kramer", "Krémer", "tiber", "iiber", "Auflerdem", "AuBerdem")), layers[1]
    (tmp_path / "out").mkdir()
    result = read_pdf(bad, tmp_path / "out", lexicon)
    assert [p.origin for p in result.pages] == ["ocr", "ocr"]
    assert all(p.quality is not None for p in result.pages)  # it had a layer, judged poor
    assert "Außerdem wird über die Höhe" in result.pages[1].text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_mixed_document_only_ocrs_the_pages_that_need_it(tmp_path: Path, lexicon: Lexicon, scan_pdf: Path):
    import pypdf

    digital = text_pdf(tmp_path / "digital.pdf", [PAGE_1])
    writer = pypdf.PdfWriter()
    writer.append(digital)
    writer.append(scan_pdf, pages=[1])
    mixed = tmp_path / "mixed.pdf"
    writer.write(mixed)
    result = read_pdf(mixed, tmp_path, lexicon)
    assert [p.origin for p in result.pages] == ["text-layer", "ocr"]
    assert "Kenntnisnahme" in result.pages[1].text
    out = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(result.searchable_pdf), "-"], capture_output=True, text=True)
    assert "Kenntnisnahme" in out.stdout
