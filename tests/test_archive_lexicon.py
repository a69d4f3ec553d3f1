"""What the archive learns: words of reliably spelled text, never of damaged OCR text."""

from __future__ import annotations

from pathlib import Path

from ingest.archive import Archive
from ingest.pipeline import ingest_paths

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "data" / "real"
SEED = ROOT / "corpus" / "vorlage-sozialplanung-2019.txt"


def test_born_digital_text_feeds_the_lexicon(tmp_path: Path):
    archive = Archive(tmp_path / "data")
    report = ingest_paths([REAL / "10033.txt", REAL / "10123.txt"], archive)
    assert report.count("ingested") == 2
    learned = archive.domain_counts()
    assert len(learned) > 0
    assert (tmp_path / "data" / "lexicon.tsv").read_text(encoding="utf-8").strip()


def test_damaged_ocr_text_teaches_nothing(tmp_path: Path):
    archive = Archive(tmp_path / "data")
    assert ingest_paths([SEED], archive).count("ingested") == 1
    assert len(archive.domain_counts()) == 0
