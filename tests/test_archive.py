"""The archive on disk: atomic replacement, recovery after a crash, learned vocabulary."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ingest.archive import Archive, slugify
from ingest.errors import ArchiveBusy
from ingest.models import Document, Metadata, Page
from ingest.pipeline import ingest_paths

ROOT = Path(__file__).resolve().parents[1]


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
    monkeypatch.setattr("ingest.archive._exchange", lambda a, b: False)  # a file system without RENAME_EXCHANGE
    with pytest.raises(OSError):
        archive.put(_doc("v", "neue Fassung", checksum="c2"), _original(tmp_path))
    monkeypatch.undo()
    # A reader leaves the crash as it is; the next writer restores the last complete version.
    reopened = Archive(tmp_path / "data")
    assert sorted(p.name for p in reopened.documents_dir.iterdir()) == [".old-v", ".tmp-v"]
    with reopened.writing():
        pass
    assert reopened.get("v").pages[0].text == "alte Fassung"
    assert sorted(p.name for p in reopened.documents_dir.iterdir()) == ["v"]


def test_interrupted_write_leaves_no_trace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    archive = Archive(tmp_path / "data")
    real_fsync = __import__("ingest.archive", fromlist=["_fsync_path"])._fsync_path

    def interrupt_after_the_rename(path: Path) -> None:
        if path == archive.documents_dir:
            raise KeyboardInterrupt
        real_fsync(path)

    monkeypatch.setattr("ingest.archive._fsync_path", interrupt_after_the_rename)
    with pytest.raises(KeyboardInterrupt):
        archive.put(_doc("w", "Text"), _original(tmp_path))
    monkeypatch.undo()
    reopened = Archive(tmp_path / "data")
    assert reopened.ids() == ["w"]  # the rename had happened: complete, not half
    assert not [p for p in reopened.documents_dir.iterdir() if p.name.startswith(".")]


def test_replacing_swaps_in_one_step_and_leaves_nothing(tmp_path: Path):
    archive = Archive(tmp_path / "data")
    archive.put(_doc("v", "alte Fassung"), _original(tmp_path))
    archive.put(_doc("v", "neue Fassung", checksum="c2"), _original(tmp_path, b"%PDF-1.4 neu"))
    assert archive.get("v").pages[0].text == "neue Fassung"
    assert archive.original("v").read_bytes() == b"%PDF-1.4 neu"
    assert sorted(p.name for p in archive.documents_dir.iterdir()) == ["v"]
    assert not (tmp_path / "data" / ".lock").read_text()  # released: no pid left behind


def test_an_incomplete_folder_is_never_swapped_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from ingest.errors import IncompleteDocument

    archive = Archive(tmp_path / "data")
    archive.put(_doc("v", "alte Fassung"), _original(tmp_path))
    real_write = __import__("ingest.archive", fromlist=["_write"])._write

    def lose_pages(path: Path, text: str) -> None:
        if path.parent.name != "pages":  # e.g. a disk that silently drops files
            real_write(path, text)

    monkeypatch.setattr("ingest.archive._write", lose_pages)
    with pytest.raises(IncompleteDocument, match="pages/0001"):
        archive.put(_doc("v", "neue Fassung", checksum="c2"), _original(tmp_path))
    monkeypatch.undo()
    assert archive.get("v").pages[0].text == "alte Fassung"
    assert (archive.path_of("v") / "original.pdf").exists()


def test_readers_never_touch_a_writers_leftovers(tmp_path: Path):
    archive = Archive(tmp_path / "data")
    archive.put(_doc("v", "Text"), _original(tmp_path))
    (archive.documents_dir / ".tmp-w" / "pages").mkdir(parents=True)  # a writer is busy with w
    (archive.documents_dir / ".old-x").mkdir()
    (tmp_path / "data" / ".scratch" / "999999999-abc").mkdir(parents=True)
    before = sorted(p.relative_to(tmp_path) for p in (tmp_path / "data").rglob("*"))
    reader = Archive(tmp_path / "data")
    assert reader.ids() == ["v"] and reader.get("v") is not None and reader.checksum("v") == "c1"
    assert sorted(p.relative_to(tmp_path) for p in (tmp_path / "data").rglob("*")) == before


def _hold_lock(data: Path, marker: Path) -> subprocess.Popen:
    """Another process that holds the write lock until killed."""
    code = f"""
        import pathlib, time
        from ingest.archive import Archive
        with Archive(pathlib.Path({str(data)!r})).writing():
            pathlib.Path({str(marker)!r}).write_text("ja")
            time.sleep(120)
    """
    child = subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=_env())
    _wait_for(marker, child)
    return child


def test_a_second_writer_is_told_who_writes(tmp_path: Path):
    data = tmp_path / "data"
    Archive(data).put(_doc("v", "Text"), _original(tmp_path))
    child = _hold_lock(data, tmp_path / "marker")
    try:
        archive = Archive(data)
        assert archive.get("v") is not None  # reading goes on
        with pytest.raises(ArchiveBusy) as busy:
            archive.put(_doc("w", "Text"), _original(tmp_path))
        assert str(busy.value).startswith(f"Ein anderer Erfassungslauf schreibt gerade (PID {child.pid})")
        notiz = tmp_path / "notiz.txt"
        notiz.write_text("Die Förderung wurde bewilligt.\n", encoding="utf-8")
        with pytest.raises(ArchiveBusy, match=f"PID {child.pid}"):
            ingest_paths([notiz], archive)
        assert archive.ids() == ["v"]
    finally:
        child.kill()
        child.wait()
    # The holder died (kill -9): the lock went with it.
    Archive(data).put(_doc("w", "Text"), _original(tmp_path))
    assert Archive(data).ids() == ["v", "w"]


def test_a_writer_killed_mid_put_is_recovered_by_the_next_writer(tmp_path: Path):
    data = tmp_path / "data"
    archive = Archive(data)
    archive.put(_doc("v", "alte Fassung"), _original(tmp_path))
    marker = tmp_path / "marker"
    # The writer stops between writing its folder and swapping it in, and is killed there.
    code = f"""
        import pathlib, time
        import ingest.archive as a
        from ingest.models import Document, Metadata, Page

        def stall(self, tmp, target):
            pathlib.Path({str(marker)!r}).write_text("ja")
            time.sleep(120)

        a.Archive._swap_in = stall
        page = Page(number=1, raw="neu", text="neu", origin="ocr", quality=None)
        doc = Document("v", "v.pdf", "c2", "application/pdf", [page], Metadata(title="neu"))
        a.Archive(pathlib.Path({str(data)!r})).put(doc, pathlib.Path({str(_original(tmp_path))!r}))
    """
    child = subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=_env())
    _wait_for(marker, child)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert (data / ".lock").read_text().strip() == str(child.pid)  # the dead writer's pid
    assert (archive.documents_dir / ".tmp-v").exists()
    with Archive(data).writing():
        pass
    assert sorted(p.name for p in archive.documents_dir.iterdir()) == ["v"]
    assert Archive(data).get("v").pages[0].text == "alte Fassung"


def test_reads_during_a_reingest_lose_nothing(tmp_path: Path):
    """200 rounds of `Archive(root)` + get() in another process while 50 files are re-ingested."""
    source = tmp_path / "eingang"
    source.mkdir()
    data = tmp_path / "data"

    def write_batch(version: int) -> None:
        for i in range(50):
            (source / f"vorlage-{i:02d}.txt").write_text(
                f"Vorlage Nr. 2020/{i:04d}\nDie Förderung der Maßnahme {i} endet am 31.12.{2020 + version}.\n"
                f"Der Ausschuss hat in seiner Sitzung am 02.07.2020 beschlossen (Fassung {version}).\n",
                encoding="utf-8",
            )

    write_batch(0)
    assert not ingest_paths([source], Archive(data)).failed
    reader_code = f"""
        import json, pathlib
        from ingest.archive import Archive
        root = pathlib.Path({str(data)!r})
        problems = []
        for _ in range(200):
            archive = Archive(root)
            ids = archive.ids()
            if len(ids) != 50:
                problems.append(f"{{len(ids)}} Dokumente")
            for doc_id in ids:
                doc = archive.get(doc_id)
                if doc is None or not doc.pages or archive.original(doc_id) is None:
                    problems.append(doc_id)
        print(json.dumps(problems))
    """
    reader = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(reader_code)], cwd=ROOT, env=_env(), stdout=subprocess.PIPE, text=True
    )
    rounds = 0
    while reader.poll() is None or rounds == 0:
        rounds += 1
        write_batch(rounds)
        report = ingest_paths([source], Archive(data))
        assert not report.failed, [(o.path.name, o.error) for o in report.failed]
        assert report.count("ingested") == 50
    problems = json.loads(reader.communicate()[0])
    assert reader.returncode == 0 and problems == []
    archive = Archive(data)
    assert len(archive.ids()) == 50
    assert sorted(p.name for p in archive.documents_dir.iterdir()) == archive.ids()
    for doc_id in archive.ids():
        folder = archive.path_of(doc_id)
        assert {p.name for p in folder.iterdir()} >= {"original.txt", "pages", "metadata.json", "document.json"}
        assert f"Fassung {rounds}" in archive.get(doc_id).text
    assert not list((data / ".scratch").iterdir())  # the runs' scratch is gone


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _wait_for(marker: Path, child: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        assert child.poll() is None, "child ended early"
        assert time.monotonic() < deadline, "child did not get there"
        time.sleep(0.05)


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


def test_checksums_of_all_documents_match_the_records(tmp_path: Path):
    archive = Archive(tmp_path / "data")
    archive.put(_doc("a", "Text", checksum="ab" * 32), _original(tmp_path))
    archive.put(_doc("b", "Text", checksum="c2"), _original(tmp_path))  # not a sha256: read from the whole record
    assert archive.checksums() == {"a": "ab" * 32, "b": "c2"} == {i: archive.checksum(i) for i in archive.ids()}
