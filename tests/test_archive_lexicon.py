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


def test_a_lexicon_batch_saves_what_single_puts_save(tmp_path: Path):
    """Inside `lexicon_batch` the counts stay in memory (a bulk import does not rewrite the
    whole lexicon per document) and are saved once at the end: the same lexicon as without."""
    single = Archive(tmp_path / "single")
    ingest_paths([REAL / "10033.txt", REAL / "10123.txt"], single)
    batched = Archive(tmp_path / "batched")
    with batched.lexicon_batch():
        ingest_paths([REAL / "10033.txt", REAL / "10123.txt"], batched)
        assert batched.domain_counts() == single.domain_counts()  # readers in the batch see its counts
        assert not batched.lexicon_path.exists()
    assert batched.lexicon_path.read_text(encoding="utf-8") == single.lexicon_path.read_text(encoding="utf-8")
    batched.delete(batched.ids()[0])
    with single.lexicon_batch():
        single.delete(single.ids()[0])
    assert batched.domain_counts() == single.domain_counts()
