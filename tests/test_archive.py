"""The archive on disk: atomic replacement, recovery after a crash, learned vocabulary."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingest.archive import Archive, slugify
from ingest.models import Document, Metadata, Page


def _doc(doc_id: str, text: str, checksum: str = "c1") -> Document:
    page = Page(number=1, raw=text, text=text, origin="ocr", quality=None)
    return Document(doc_id, f"{doc_id}.pdf", checksum, "application/pdf", [page], Metadata(title=text[:20]))


def _original(tmp_path: Path, content: bytes = b"%PDF-1.4 original") -> Path:
    path = tmp_path / "in.pdf"
    path.write_bytes(content)
    return path


def test_put_get_roundtrip_and_files_on_disk(tmp_path: Path):
    archive = Archive(tmp_path / "data")
    archive.put(_doc("vorlage-1", "Die Förderung endet am 31.12.2020."), _original(tmp_path))
    doc = archive.get("vorlage-1")
    assert doc.pages[0].text == "Die Förderung endet am 31.12.2020."
    folder = archive.path_of("vorlage-1")
    assert (folder / "original.pdf").read_bytes() == b"%PDF-1.4 original"
    assert (folder / "pages" / "0001.txt").read_text(encoding="utf-8") == "Die Förderung endet am 31.12.2020."
    assert (folder / "metadata.json").exists()
    assert archive.ids() == ["vorlage-1"]


def test_crash_during_replace_keeps_the_old_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    archive = Archive(tmp_path / "data")
    archive.put(_doc("v", "alte Fassung"), _original(tmp_path))
    real_replace = os.replace

    def crash_after_moving_old_away(src, dst):
        real_replace(src, dst)
        if str(dst).endswith(".old-v"):
            raise OSError("Stromausfall")

    monkeypatch.setattr(os, "replace", crash_after_moving_old_away)
    with pytest.raises(OSError):
        archive.put(_doc("v", "neue Fassung", checksum="c2"), _original(tmp_path))
    monkeypatch.undo()
    # Reopening (next start of `kb`) restores the last complete version.
    reopened = Archive(tmp_path / "data")
    assert reopened.get("v").pages[0].text == "alte Fassung"
    assert sorted(p.name for p in reopened.documents_dir.iterdir()) == ["v"]


def test_interrupted_write_leaves_no_trace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    archive = Archive(tmp_path / "data")
    monkeypatch.setattr("ingest.archive._fsync_dir", lambda _: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):
        archive.put(_doc("w", "Text"), _original(tmp_path))
    monkeypatch.undo()
    reopened = Archive(tmp_path / "data")
    assert reopened.ids() == ["w"]  # the rename had happened: complete, not half
    assert not [p for p in reopened.documents_dir.iterdir() if p.name.startswith(".")]


def test_learned_vocabulary_follows_replacements_and_deletes(tmp_path: Path):
    archive = Archive(tmp_path / "data")
    archive.put(_doc("a", "Fördertopf Fördertopf Landesförderung"), _original(tmp_path))
    assert archive.domain_counts()["fördertopf"] == 2
    archive.put(_doc("a", "Landesförderung", checksum="c2"), _original(tmp_path))
    assert archive.domain_counts()["fördertopf"] == 0
    assert archive.domain_counts()["landesförderung"] == 1
    assert archive.delete("a")
    assert archive.domain_counts()["landesförderung"] == 0
    assert archive.ids() == []


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Vorlage Sozialplanung (2019)", "vorlage-sozialplanung-2019"), ("Übersicht_Förderung", "uebersicht-foerderung"), ("???", "dokument")],
)
def test_slugify(name: str, slug: str):
    assert slugify(name) == slug
