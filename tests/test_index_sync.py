"""Index sync from the per-document manifest: no full-store scans, right after updates,
deletes and crashes; and no ingested text left without a passage."""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.archive import Archive
from ingest.models import Document, Metadata, Page
from ingest.pipeline import ingest_paths
from kb import manifest as manifest_module
from kb.backends import manifest_path, open_store
from kb.indexer import NO_TEXT, documents_without_passages, indexed_checksums, sync_index
from kb.store import WhooshDocumentStore
from tests.test_search import DOCS

REAL = Path(__file__).parent / "data" / "real"
KB = [sys.executable, "-m", "kb.cli"]


def _doc(doc_id: str, text: str, checksum: str = "1") -> Document:
    page = Page(1, text, text, "plain-text")
    return Document(doc_id, f"{doc_id}.txt", checksum, "text/plain", [page], Metadata(title=doc_id))


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    archive = Archive(tmp_path / "data")
    for doc in DOCS:
        archive.put(doc, _original(tmp_path))
    return archive


def _original(tmp_path: Path) -> Path:
    path = tmp_path / "x.txt"
    path.write_text("x", encoding="utf-8")
    return path


class Counted:
    """Counts calls of the store's and archive's full reads, through the real objects."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, store: WhooshDocumentStore, archive: Archive):
        self.calls: dict[str, int] = {"passages": 0, "filter_documents": 0, "get": 0}
        for obj, name in ((store, "passages"), (store, "filter_documents"), (archive, "get")):
            real = getattr(obj, name)
            monkeypatch.setattr(obj, name, self._count(name, real))

    def _count(self, name, real):
        def counted(*args, **kwargs):
            self.calls[name] += 1
            return real(*args, **kwargs)

        return counted


def _state(store: WhooshDocumentStore) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for p in store.passages():
        out.setdefault(p.meta["document"], set()).add(p.content)
    return out


def test_adding_one_document_reads_neither_the_store_nor_the_other_documents(archive, tmp_path, monkeypatch):
    store = open_store(archive.root)
    assert sync_index(archive, store, model=None).indexed == len(DOCS)
    archive.put(_doc("neu", "Der Gemeinderat beschließt den Bebauungsplan Knielingen."), _original(tmp_path))

    counted = Counted(monkeypatch, store, archive)
    report = sync_index(archive, store, model=None)

    assert (report.indexed, report.unchanged, report.removed) == (1, len(DOCS), 0)
    assert counted.calls == {"passages": 0, "filter_documents": 0, "get": 1}  # only the new record is read
    assert indexed_checksums(store)["neu"] == "1"
    assert counted.calls["passages"] == 0
    monkeypatch.undo()
    assert _state(store)["neu"] == {"Der Gemeinderat beschließt den Bebauungsplan Knielingen."}


def test_updates_and_deletes_from_the_manifest(archive, tmp_path, monkeypatch):
    store = open_store(archive.root)
    sync_index(archive, store, model=None)
    changed = copy.deepcopy(DOCS[1])
    changed.checksum = "2"
    changed.pages[0].text = "Der Kreistag beschließt den Stellenplan 2021."
    archive.put(changed, _original(tmp_path))
    archive.delete("schulsozialarbeit-2022")

    counted = Counted(monkeypatch, store, archive)
    report = sync_index(archive, store, model=None)
    assert (report.indexed, report.removed, report.unchanged) == (1, 1, 1)
    assert counted.calls["passages"] == counted.calls["filter_documents"] == 0
    monkeypatch.undo()

    state = _state(store)
    assert set(state) == {"sozialplanung-2019", "haushalt-2021"}
    assert state["haushalt-2021"] == {"Der Kreistag beschließt den Stellenplan 2021."}
    assert indexed_checksums(store) == {"sozialplanung-2019": "1", "haushalt-2021": "2"}
    # A fresh process agrees (the manifest on disk, not just in memory).
    assert indexed_checksums(open_store(archive.root)) == {"sozialplanung-2019": "1", "haushalt-2021": "2"}


class Crash(Exception):
    pass


def test_crash_between_store_commit_and_manifest_record(archive, tmp_path, monkeypatch):
    store = open_store(archive.root)
    sync_index(archive, store, model=None)
    changed = copy.deepcopy(DOCS[0])
    changed.checksum = "2"
    changed.pages = changed.pages[:1]
    archive.put(changed, _original(tmp_path))
    archive.put(_doc("neu", "Neue Vorlage zur Stadtbahn."), _original(tmp_path))

    def crash(self, doc_id, entry):
        raise Crash(doc_id)

    monkeypatch.setattr(manifest_module.Manifest, "record", crash)
    with pytest.raises(Crash):
        sync_index(archive, store, model=None)  # the first changed document is committed, then: power cut
    monkeypatch.undo()
    archive.delete("neu")  # and the new one leaves the archive before the next run

    again = open_store(archive.root)
    sync_index(archive, again, model=None)
    state = _state(again)
    assert set(state) == {"sozialplanung-2019", "haushalt-2021", "schulsozialarbeit-2022"}
    assert indexed_checksums(again)["sozialplanung-2019"] == "2"
    assert sync_index(archive, open_store(archive.root), model=None).indexed == 0


def test_lost_manifest_lines_are_recovered_by_one_scan(archive, tmp_path):
    store = open_store(archive.root)
    sync_index(archive, store, model=None)
    path = manifest_path(store)
    saved = path.read_bytes()
    archive.put(_doc("neu", "Neue Vorlage zur Stadtbahn."), _original(tmp_path))
    sync_index(archive, store, model=None)
    path.write_bytes(saved)  # as if the lines of the last sync were lost (concurrent compaction)
    archive.delete("neu")

    report = sync_index(archive, open_store(archive.root), model=None)
    assert report.removed == 1
    assert "neu" not in _state(open_store(archive.root))


def test_index_from_before_manifests_and_rebuild(archive, tmp_path):
    store = open_store(archive.root)
    sync_index(archive, store, model=None)
    manifest_path(store).unlink()  # an index written by an older version
    assert sync_index(archive, open_store(archive.root), model=None).unchanged == len(DOCS)
    report = sync_index(archive, open_store(archive.root), model=None, rebuild=True)
    assert report.indexed == len(DOCS)
    assert sync_index(archive, open_store(archive.root), model=None).unchanged == len(DOCS)
    # An index deleted by hand beside its manifest: everything indexed again.
    shutil.rmtree(archive.root / "index")
    assert sync_index(archive, open_store(archive.root), model=None).indexed == len(DOCS)


def _whitespace_variants(text: str) -> dict[str, str]:
    """One real text laid out as extractions and exports lay text out."""
    lines = text.splitlines()
    return {
        "trailing-spaces": "\n".join(f"{line} " for line in lines),
        "crlf": "\r\n".join(lines),
        "nbsp-blank-lines": "\n\u00a0\n".join(lines),
        "no-blank-lines": "\n".join(line for line in lines if line.strip()),
        "one-paragraph": " ".join(text.split()),
        "form-feeds": "\f".join(lines),
    }


def test_every_ingested_document_with_text_has_passages(tmp_path):
    """The coverage guard: real texts and real layouts all reach the index, every word once."""
    folder = tmp_path / "eingang"
    folder.mkdir()
    for real in sorted(REAL.glob("*.txt")):
        if real.stat().st_size < 5000:  # the small ones: seconds, not minutes (bench/text_ingest.py runs all)
            shutil.copy(real, folder / real.name)
    for name, text in _whitespace_variants((REAL / "10033.txt").read_text(encoding="utf-8")).items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    archive = Archive(tmp_path / "data")
    ingest = ingest_paths([folder], archive)
    assert not ingest.failed, [(o.path.name, o.error) for o in ingest.failed]

    store = open_store(archive.root)
    report = sync_index(archive, store, model=None)
    assert report.empty == []
    by_doc: dict[str, list] = {}
    for p in store.passages():
        by_doc.setdefault(p.meta["document"], []).append(p)
    for doc in archive:
        assert doc.id in by_doc, f"{doc.source}: Text, aber kein Abschnitt"
        for page in doc.pages:
            passages = sorted((p for p in by_doc[doc.id] if p.meta["page"] == page.number), key=lambda p: p.meta["start"])
            assert [w for p in passages for w in p.content.split()] == page.text.split(), (doc.source, page.number)


def test_a_document_without_text_is_named_with_its_reason(tmp_path):
    archive = Archive(tmp_path / "data")
    archive.put(_doc("leer", " \n\u00a0\n"), _original(tmp_path))
    archive.put(_doc("voll", "Die Förderung endet 2020."), _original(tmp_path))
    store = open_store(archive.root)
    report = sync_index(archive, store, model=None)
    assert report.empty == [("leer", NO_TEXT)]
    assert documents_without_passages(store) == [("leer", NO_TEXT)]
    assert sync_index(archive, store, model=None).unchanged == 2  # known, not re-indexed every time


def test_kb_ingest_warns_by_name(tmp_path):
    blank = tmp_path / "Deckblatt.txt"
    blank.write_text(" \n \n", encoding="utf-8")
    run = subprocess.run([*KB, "ingest", str(blank), "--index", str(tmp_path / "data"), "--quiet"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "WARNUNG deckblatt: kein Abschnitt im Suchindex (kein Text)" in run.stderr


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["put", "change", "delete", "sync", "crash"]), st.integers(0, 3)), min_size=1, max_size=8))
def test_index_matches_the_archive_after_any_history(tmp_path_factory, steps):
    """Whatever happened (adds, changes, deletes, crashes mid-sync), one sync later the index
    holds exactly the archive's current documents, each in its current version."""
    tmp_path = tmp_path_factory.mktemp("history")
    archive = Archive(tmp_path / "data")
    version: dict[str, int] = {}
    for action, n in steps:
        doc_id = f"vorlage-{n}"
        if action in ("put", "change"):
            version[doc_id] = version.get(doc_id, 0) + 1
            archive.put(_doc(doc_id, f"Fassung {version[doc_id]} der Vorlage {n}.", checksum=str(version[doc_id])),
                        _original(tmp_path))
        elif action == "delete":
            archive.delete(doc_id)
        elif action == "sync":
            sync_index(archive, open_store(archive.root), model=None)
        else:  # a crash right after the first store commit of a sync
            real = manifest_module.Manifest.record

            def crash(self, *args):
                raise Crash()

            manifest_module.Manifest.record = crash
            try:
                sync_index(archive, open_store(archive.root), model=None)
            except Crash:
                pass
            finally:
                manifest_module.Manifest.record = real
    store = open_store(archive.root)
    sync_index(archive, store, model=None)
    expected = {i: {f"Fassung {version[i]} der Vorlage {i.split('-')[1]}."} for i in archive.ids()}
    assert _state(store) == expected
    assert indexed_checksums(store) == {i: str(version[i]) for i in archive.ids()}
