"""Document ids are unique per source file: files with the same name are all kept."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.archive import Archive, slugify
from ingest.models import Document, Metadata, Page
from ingest.pipeline import ingest_paths
from tests.conftest import PAGE_1, text_pdf

KB = [sys.executable, "-m", "kb.cli"]


def _text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_same_name_in_two_folders_in_one_batch_keeps_both(tmp_path: Path):
    a = _text(tmp_path / "sitzung-1" / "Vorlage.txt", "Der Ausschuss berät den Radweg an der Durlacher Allee.\n")
    b = _text(tmp_path / "sitzung-2" / "Vorlage.txt", "Der Gemeinderat beschließt die Sanierung des Hallenbads.\n")
    data = tmp_path / "data"
    run = subprocess.run([*KB, "ingest", str(a), str(b), "--index", str(data), "--quiet", "--no-index"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "2 erfasst" in run.stdout
    archive = Archive(data)
    assert len(archive.ids()) == 2
    texts = {archive.get(i).origin: archive.get(i).text for i in archive.ids()}
    assert "Radweg" in texts[str(a.resolve())] and "Hallenbad" in texts[str(b.resolve())]
    # The first keeps the readable id, the second is told apart by its path.
    assert archive.ids()[0] == "vorlage" and archive.ids()[1].startswith("vorlage-")
    assert len(archive.ids()[1]) == len("vorlage-") + 6


def test_same_name_in_two_batches_keeps_both_and_reingest_is_a_noop(tmp_path: Path):
    a = _text(tmp_path / "a" / "Niederschrift.txt", "Niederschrift über die Sitzung des Bauausschusses.\n")
    b = _text(tmp_path / "b" / "Niederschrift.txt", "Niederschrift über die Sitzung des Kulturausschusses.\n")
    archive = Archive(tmp_path / "data")
    first = ingest_paths([a], archive)
    second = ingest_paths([b], archive)
    assert first.count("ingested") == second.count("ingested") == 1
    ids = {first.outcomes[0].document_id, second.outcomes[0].document_id}
    assert len(ids) == 2 and set(archive.ids()) == ids
    stamps = {i: archive.get(i).ingested_at for i in ids}
    # Same paths, same content, any order: nothing to do, ids unchanged.
    again = ingest_paths([b, a], archive)
    assert again.count("unchanged") == 2 and again.count("ingested") == 0
    assert {o.path: o.document_id for o in again.outcomes} == {a: first.outcomes[0].document_id, b: second.outcomes[0].document_id}
    assert {i: archive.get(i).ingested_at for i in ids} == stamps


def test_changed_file_replaces_its_own_version_only(tmp_path: Path):
    a = _text(tmp_path / "a" / "Vorlage.txt", "Die Förderung beträgt 10.000 Euro.\n")
    b = _text(tmp_path / "b" / "Vorlage.txt", "Der Zuschuss für den Sportverein wird bewilligt.\n")
    archive = Archive(tmp_path / "data")
    report = ingest_paths([a, b], archive)
    id_a, id_b = (o.document_id for o in report.outcomes)
    _text(b, "Der Zuschuss für den Sportverein wird abgelehnt.\n")
    changed = ingest_paths([a, b], archive)
    assert [o.status for o in changed.outcomes] == ["unchanged", "ingested"]
    assert [o.document_id for o in changed.outcomes] == [id_a, id_b]
    assert sorted(archive.ids()) == sorted([id_a, id_b])
    assert "abgelehnt" in archive.get(id_b).text and "bewilligt" not in archive.get(id_b).text
    assert "10.000 Euro" in archive.get(id_a).text


def test_names_with_the_same_slug_are_both_kept(tmp_path: Path):
    one = text_pdf(tmp_path / "Vorlage (1).pdf", [PAGE_1])
    two = text_pdf(tmp_path / "Vorlage 1.pdf", [[*PAGE_1[:4], "Betreff: Neubau der Feuerwache Nord"]])
    assert slugify(one.stem) == slugify(two.stem)
    archive = Archive(tmp_path / "data")
    report = ingest_paths([tmp_path], archive)
    assert report.count("ingested") == 2, [(o.path.name, o.error) for o in report.outcomes]
    assert len(archive.ids()) == 2
    assert {archive.get(i).source for i in archive.ids()} == {"Vorlage (1).pdf", "Vorlage 1.pdf"}


def test_a_file_named_twice_in_one_batch_is_ingested_once(tmp_path: Path):
    a = _text(tmp_path / "eingang" / "Antrag.txt", "Antrag der Fraktion zur Baumschutzsatzung.\n")
    archive = Archive(tmp_path / "data")
    report = ingest_paths([a, tmp_path / "eingang", tmp_path / "eingang" / ".." / "eingang" / "Antrag.txt"], archive)
    assert len(report.outcomes) == 1 and archive.ids() == ["antrag"]


def test_old_data_directory_without_origins_keeps_working(tmp_path: Path):
    """A document stored before origins were recorded is taken as the file with its slug."""
    text = "Die Förderung beträgt 10.000 Euro.\n"
    a = _text(tmp_path / "a" / "Vorlage.txt", text)
    archive = Archive(tmp_path / "data")
    ingest_paths([a], archive)
    record = archive.path_of("vorlage") / "document.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    del data["origin"]  # as written by an older version
    record.write_text(json.dumps(data), encoding="utf-8")
    assert archive.get("vorlage").origin == ""

    again = ingest_paths([a], archive)
    assert [(o.status, o.document_id) for o in again.outcomes] == [("unchanged", "vorlage")]
    assert archive.get("vorlage").origin == str(a.resolve())  # adopted
    b = _text(tmp_path / "b" / "Vorlage.txt", "Ein anderes Papier.\n")
    other = ingest_paths([b], archive)
    assert other.outcomes[0].document_id != "vorlage" and len(archive.ids()) == 2


def _stored(archive: Archive, doc_id: str, origin: str, tmp_path: Path) -> None:
    page = Page(number=1, raw="Text", text="Text", origin="plain-text")
    original = tmp_path / "original.txt"
    original.write_text("Text", encoding="utf-8")
    archive.put(Document(doc_id, "x.txt", "c", "text/plain", [page], Metadata(), origin=origin), original)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "a/b", "ü"]), st.sampled_from(["Vorlage", "Vorlage (1)", "Vorlage 1", "vorlage", "Anlage 1"])),
                min_size=1, max_size=12, unique=True))
def test_ids_are_unique_per_source_and_stable(tmp_path_factory, sources):
    tmp_path = tmp_path_factory.mktemp("ids")
    archive = Archive(tmp_path / "data")
    given_ids: dict[str, str] = {}
    for folder, name in sources:
        origin = f"/archiv/{folder}/{name}.pdf"
        doc_id = archive.id_for_origin(origin, name)
        assert doc_id not in given_ids.values()
        assert doc_id.startswith(slugify(name))
        given_ids[origin] = doc_id
        _stored(archive, doc_id, origin, tmp_path)
    # Asked again, in any order, every source finds its own document.
    for origin, doc_id in reversed(given_ids.items()):
        assert archive.id_for_origin(origin, Path(origin).name.removesuffix(".pdf")) == doc_id


def test_a_caller_given_id_replaces_that_document(tmp_path: Path):
    """Uploads: the API promises the id (from the client's file name) before the file is read."""
    archive = Archive(tmp_path / "data")
    first = _text(tmp_path / "upload-1" / "vorlage-2025-001.txt", "Erste Fassung der Vorlage.\n")
    ingest_paths([first], archive, ids={first: "vorlage-2025-001"})
    second = _text(tmp_path / "upload-2" / "vorlage-2025-001.txt", "Zweite Fassung der Vorlage.\n")
    report = ingest_paths([second], archive, ids={second: "vorlage-2025-001"})
    assert [(o.status, o.document_id) for o in report.outcomes] == [("ingested", "vorlage-2025-001")]
    assert archive.ids() == ["vorlage-2025-001"] and "Zweite" in archive.get("vorlage-2025-001").text
    same = _text(tmp_path / "upload-3" / "vorlage-2025-001.txt", "Zweite Fassung der Vorlage.\n")
    assert ingest_paths([same], archive, ids={same: "vorlage-2025-001"}).count("unchanged") == 1
