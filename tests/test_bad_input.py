"""Bad input: each file reported by name with its reason; the rest of the batch goes on."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from ingest.archive import Archive
from ingest.errors import CorruptPdf, EmptyFile, EncryptedPdf, FileTooLarge, UnsupportedType
from ingest.inputs import inspect_file
from tests.conftest import PAGE_1, text_pdf

KB = [sys.executable, "-m", "kb.cli"]


def _encrypted(path: Path, source: Path, user_password: str) -> Path:
    writer = pypdf.PdfWriter(clone_from=source)
    writer.encrypt(user_password=user_password, owner_password="geheim", algorithm="AES-256")
    writer.write(path)
    return path


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    folder = tmp_path / "eingang"
    folder.mkdir()
    good = text_pdf(folder / "gut.pdf", [PAGE_1])
    (folder / "notiz.txt").write_text("Die Förderung für den Zeitraum wurde bewilligt.\n", encoding="utf-8")
    (folder / "leer.pdf").write_bytes(b"")
    (folder / "kaputt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n" + b"\x00garbage" * 50)
    (folder / "bild.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    _encrypted(folder / "passwort.pdf", good, user_password="benutzer")
    _encrypted(folder / "rechte.pdf", good, user_password="")
    (folder / "tabelle.xlsx").write_bytes(b"PK\x03\x04")
    return folder


def test_each_bad_file_is_reported_and_the_rest_ingested(batch: Path, tmp_path: Path):
    data = tmp_path / "data"
    run = subprocess.run([*KB, "ingest", str(batch), "--index", str(data), "--quiet"], capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    errors = {line.split(":")[0].removeprefix("FEHLER ").strip(): line for line in run.stderr.splitlines() if line.startswith("FEHLER")}
    assert set(errors) == {str(batch / n) for n in ("leer.pdf", "kaputt.pdf", "bild.pdf", "passwort.pdf", "rechte.pdf")}
    assert "leere Datei" in errors[str(batch / "leer.pdf")]
    assert "beschädigt" in errors[str(batch / "kaputt.pdf")]
    assert "Dateityp nicht unterstützt" in errors[str(batch / "bild.pdf")]
    assert "verschlüsselt" in errors[str(batch / "passwort.pdf")]
    assert "verschlüsselt" in errors[str(batch / "rechte.pdf")]
    assert "übersprungen" in run.stderr and "tabelle.xlsx" in run.stderr
    assert "2 erfasst" in run.stdout and "5 fehlgeschlagen" in run.stdout
    archive = Archive(data)
    assert archive.ids() == ["gut", "notiz"]
    # Nothing half-written: no temporary folders, every stored document complete.
    assert [p.name for p in archive.documents_dir.iterdir()] == ["gut", "notiz"] or sorted(
        p.name for p in archive.documents_dir.iterdir()
    ) == ["gut", "notiz"]
    assert "Förderung" in archive.get("gut").text


def test_all_good_exits_zero_and_reingest_is_a_noop(tmp_path: Path):
    data = tmp_path / "data"
    source = tmp_path / "notiz.txt"
    source.write_text("Die Förderung für den Zeitraum wurde bewilligt.\n", encoding="utf-8")
    first = subprocess.run([*KB, "ingest", str(source), "--index", str(data), "--quiet"], capture_output=True, text=True)
    assert first.returncode == 0 and "1 erfasst" in first.stdout
    stamp = Archive(data).get("notiz").ingested_at
    again = subprocess.run([*KB, "ingest", str(source), "--index", str(data), "--quiet"], capture_output=True, text=True)
    assert again.returncode == 0 and "1 unverändert" in again.stdout
    assert Archive(data).get("notiz").ingested_at == stamp
    source.write_text("Die Förderung endet am 31.12.2020.\n", encoding="utf-8")
    changed = subprocess.run([*KB, "ingest", str(source), "--index", str(data), "--quiet"], capture_output=True, text=True)
    assert "1 erfasst" in changed.stdout
    assert "31.12.2020" in Archive(data).get("notiz").text


def test_missing_path_is_reported(tmp_path: Path):
    run = subprocess.run([*KB, "ingest", str(tmp_path / "gibtsnicht.pdf"), "--index", str(tmp_path / "d")], capture_output=True, text=True)
    assert run.returncode == 1
    assert "nicht gefunden" in run.stderr


@pytest.mark.parametrize(
    ("content", "error"),
    [(b"", EmptyFile), (b"%PDF-1.4\nnonsense", CorruptPdf), (b"GIF89a\x00\x01\x02", UnsupportedType)],
)
def test_inspect_file_names_the_reason(tmp_path: Path, content: bytes, error: type):
    path = tmp_path / "x.pdf"
    path.write_bytes(content)
    with pytest.raises(error):
        inspect_file(path)


def test_huge_file_is_refused_before_reading(tmp_path: Path):
    path = tmp_path / "riesig.pdf"
    with path.open("wb") as f:
        f.write(b"%PDF-1.4\n")
        f.truncate(50_000_000)  # sparse: large on paper, cheap on disk
    with pytest.raises(FileTooLarge):
        inspect_file(path, max_bytes=10_000_000)


def test_encrypted_pdf_is_refused(tmp_path: Path):
    good = text_pdf(tmp_path / "gut.pdf", [PAGE_1])
    with pytest.raises(EncryptedPdf):
        inspect_file(_encrypted(tmp_path / "p.pdf", good, user_password="x"))


def test_every_failure_is_named_when_the_batch_also_ocrs_a_scan(batch: Path, scan_pdf: Path, tmp_path: Path):
    """OCRmyPDF used to leave sys.stderr an io.StringIO: every later FEHLER line vanished."""
    from ingest.pipeline import ingest_paths

    bad = {"leer.pdf", "kaputt.pdf", "bild.pdf", "passwort.pdf", "rechte.pdf"}
    stderr = sys.stderr
    report = ingest_paths([batch, scan_pdf], Archive(tmp_path / "direkt"))
    assert sys.stderr is stderr
    assert {o.path.name for o in report.failed} == bad and all(o.error for o in report.failed)
    assert report.count("ingested") == 3

    run = subprocess.run(
        [*KB, "ingest", str(scan_pdf), str(batch), "--index", str(tmp_path / "data"), "--quiet", "--no-index"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    named = [line for line in run.stderr.splitlines() if line.startswith("FEHLER ")]
    assert {Path(line.removeprefix("FEHLER ").split(":")[0]).name for line in named} == bad, run.stderr
    assert "3 erfasst" in run.stdout and "5 fehlgeschlagen" in run.stdout and "davon 2 per OCR" in run.stdout
