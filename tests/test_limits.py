"""Hostile and absurd PDFs end within their limits, with a German reason and bounded memory."""

from __future__ import annotations

import resource
import time
import zlib
from pathlib import Path

import pikepdf
import psutil
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.archive import Archive
from ingest.errors import ImageTooLarge, OcrOutOfMemory, OcrTimeout, PageTooLarge, TooManyPages
from ingest.lexicon import Lexicon
from ingest.limits import Limits, check_pdf
from ingest.ocr import read_pdf, run_ocr
from ingest.pipeline import ingest_paths

MAX_TREE_RSS_KB = 1536 * 1024


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon(wordlist=[])  # the limits act before any page is judged


def deflate_bomb(path: Path, side: int = 20_000) -> Path:
    """A small file whose one image inflates to side² bytes (400 MB at 20,000 px)."""
    compressor = zlib.compressobj(9)
    chunk = bytes(side * 100)
    data = b"".join(compressor.compress(chunk) for _ in range(side // 100)) + compressor.flush()
    pdf = pikepdf.new()
    image = pikepdf.Stream(pdf, data)
    image.stream_dict = pikepdf.Dictionary(
        Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=side, Height=side,
        ColorSpace=pikepdf.Name.DeviceGray, BitsPerComponent=8, Filter=pikepdf.Name.FlateDecode,
    )
    page = pdf.add_blank_page(page_size=(595, 842))
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    page.Contents = pdf.make_stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q")
    pdf.save(path)
    return path


def blank_pages(path: Path, count: int, size: tuple[float, float] = (595, 842)) -> Path:
    pdf = pikepdf.new()
    for _ in range(count):
        pdf.add_blank_page(page_size=size)
    pdf.save(path)
    return path


@pytest.mark.parametrize(
    ("make", "error", "reason"),
    [
        (lambda p: deflate_bomb(p), ImageTooLarge, "Bild im PDF zu groß: 20000 × 20000 Pixel (400 Megapixel, höchstens 100)"),
        (lambda p: blank_pages(p, 1, (14_400, 14_400)), PageTooLarge, "Seite zu groß: Seite 1 misst 508 × 508 cm (25,8 m², höchstens 5 m²)"),
        (lambda p: blank_pages(p, 3000), TooManyPages, "PDF zu groß: 3000 Seiten (höchstens 500)"),
    ],
    ids=["deflate-bomb", "14400pt-page", "3000-pages"],
)
def test_hostile_pdf_is_refused_with_its_reason(tmp_path: Path, lexicon: Lexicon, make, error: type, reason: str):
    pdf = make(tmp_path / "feindlich.pdf")
    assert pdf.stat().st_size < 3_000_000
    started = time.monotonic()
    with pytest.raises(error) as refused:
        read_pdf(pdf, tmp_path / "work", lexicon)
    assert str(refused.value) == reason
    assert time.monotonic() - started < Limits().ocr_timeout
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss <= MAX_TREE_RSS_KB


def test_a_batch_names_the_hostile_file_and_goes_on(tmp_path: Path):
    folder = tmp_path / "eingang"
    folder.mkdir()
    blank_pages(folder / "riesig.pdf", 3000)
    (folder / "notiz.txt").write_text("Die Förderung wurde bewilligt.\n", encoding="utf-8")
    report = ingest_paths([folder], Archive(tmp_path / "data"))
    assert [(o.path.name, o.error) for o in report.failed] == [("riesig.pdf", "PDF zu groß: 3000 Seiten (höchstens 500)")]
    assert report.count("ingested") == 1


def test_ocr_beyond_its_time_is_killed_with_its_whole_process_tree(scan_pdf: Path, tmp_path: Path):
    work = tmp_path / "ocr"
    with pytest.raises(OcrTimeout) as killed:
        # 1 s: far less than the worker needs even on an idle machine (start, imports, two pages).
        run_ocr(scan_pdf, tmp_path / "out.pdf", [1, 2], force=False, limits=Limits(ocr_timeout=1, ocr_seconds_per_page=0.1), workdir=work)
    assert str(killed.value) == "Texterkennung abgebrochen: Zeitlimit 1 s überschritten"
    assert not _processes_with_tmpdir(work / "tmp")  # no Tesseract or Ghostscript left behind


def test_ocr_beyond_its_memory_is_killed(scan_pdf: Path, tmp_path: Path):
    with pytest.raises(OcrOutOfMemory) as killed:
        run_ocr(scan_pdf, tmp_path / "out.pdf", [1, 2], force=False, limits=Limits(ocr_memory_mb=60), workdir=tmp_path / "ocr")
    assert str(killed.value) == "Texterkennung abgebrochen: Speicherlimit 60 MB überschritten"
    assert not _processes_with_tmpdir(tmp_path / "ocr" / "tmp")


def test_limits_come_from_the_environment():
    limits = Limits.from_env({"RATSARCHIV_MAX_PAGES": "20", "RATSARCHIV_OCR_TIMEOUT": "30", "RATSARCHIV_OCR_MEMORY_MB": "800"})
    assert (limits.max_pages, limits.ocr_timeout, limits.ocr_memory_mb) == (20, 30.0, 800)
    assert limits.timeout_for(100) == 1200  # a long scan gets its seconds per page
    assert Limits.from_env({}) == Limits()
    with pytest.raises(ValueError, match="RATSARCHIV_MAX_PAGES='viele' ist keine Zahl"):
        Limits.from_env({"RATSARCHIV_MAX_PAGES": "viele"})


def _processes_with_tmpdir(tmpdir: Path) -> list[str]:
    found = []
    for process in psutil.process_iter(["name"]):
        try:
            if process.environ().get("TMPDIR") == str(tmpdir):
                found.append(process.info["name"])
        except (psutil.AccessDenied, psutil.NoSuchProcess, psutil.ZombieProcess):
            continue
    return found


@settings(max_examples=40, deadline=None)
@given(
    width=st.floats(min_value=10, max_value=14_400),
    height=st.floats(min_value=10, max_value=14_400),
    unit=st.sampled_from([1.0, 2.0, 10.0]),
    limit=st.floats(min_value=0.5, max_value=10),
)
def test_page_area_is_refused_exactly_above_the_limit(tmp_path_factory, width: float, height: float, unit: float, limit: float):
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(width, height))
    page.obj.UserUnit = unit  # PDF 1.6: one unit may be more than a point
    path = tmp_path_factory.mktemp("seite") / "seite.pdf"
    pdf.save(path)
    area = width * height * unit**2 * (0.0254 / 72) ** 2
    if abs(area - limit) < 1e-6:
        return  # float noise at the boundary says nothing
    if area > limit:
        with pytest.raises(PageTooLarge, match=r"^Seite zu groß: Seite 1 misst \d+ × \d+ cm"):
            check_pdf(path, Limits(max_page_area_m2=limit))
    else:
        assert check_pdf(path, Limits(max_page_area_m2=limit)) == 1


def test_the_page_limit_from_the_environment_applies_to_ingest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from tests.conftest import PAGE_1, PAGE_2, text_pdf

    monkeypatch.setenv("RATSARCHIV_MAX_PAGES", "1")
    pdf = text_pdf(tmp_path / "zwei-seiten.pdf", [PAGE_1, PAGE_2])
    report = ingest_paths([pdf], Archive(tmp_path / "data"))
    assert [o.error for o in report.failed] == ["PDF zu groß: 2 Seiten (höchstens 1)"]
