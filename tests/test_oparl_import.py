"""OParl import: a slice of the real Karlsruhe dump, as a folder and through a real OParl server.

The server (tests/oparl_dump_server.py) runs on loopback and pages its lists 10 at a time;
our client talks to it over real HTTP.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bench.shared import KARLSRUHE
from ingest.archive import Archive
from ingest.oparl import (
    RETRY_FILE,
    SourceUnavailable,
    document_id,
    file_number,
    import_oparl,
    paper_files,
)
from ingest.oparl_sources import is_day
from tests.oparl_dump_server import DumpServer

DUMP = KARLSRUHE
SLICE = 30  # papers: every 65th of the dump, so all years and paper types come in

pytestmark = pytest.mark.skipif(not DUMP.exists(), reason="Karlsruhe dump not present")


def slice_papers() -> list[Path]:
    papers = sorted(DUMP.glob("papers/*.json"), key=lambda p: int(p.stem))
    chosen = papers[:: len(papers) // SLICE][:SLICE]
    # and a paper that has a superordinated paper, for the related ids
    chosen += [next(p for p in papers if "superordinatedPaper" in json.loads(p.read_text()) and p not in chosen)]
    return chosen


def make_dump(folder: Path, papers: list[Path]) -> Path:
    (folder / "papers").mkdir(parents=True)
    for p in papers:
        shutil.copy(p, folder / "papers" / p.name)
    shutil.copy(DUMP / "organizations.json", folder / "organizations.json")
    (folder / "meetings").symlink_to(DUMP / "meetings")
    (folder / "files").symlink_to(DUMP / "files")
    return folder


@pytest.fixture(scope="module")
def papers() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in slice_papers()]


@pytest.fixture(scope="module")
def dump(tmp_path_factory) -> Path:
    return make_dump(tmp_path_factory.mktemp("dump"), slice_papers())


@pytest.fixture(scope="module")
def dump_import(dump, tmp_path_factory):
    archive = Archive(tmp_path_factory.mktemp("archive-dump"))
    progress: list[str] = []
    report = import_oparl(dump, archive, on_progress=progress.append)
    return archive, report, progress


@pytest.fixture(scope="module")
def server():
    with DumpServer(DUMP, slice_papers(), per_page=10) as s:
        yield s


@pytest.fixture(scope="module")
def http_import(server, tmp_path_factory):
    archive = Archive(tmp_path_factory.mktemp("archive-http"))
    return archive, import_oparl(server.system_url, archive)


def has_text(file: dict) -> bool:
    path = DUMP / "files" / f"{file_number(file['id'])}.txt"
    return path.exists() and bool(path.read_text(encoding="utf-8", errors="replace").strip())


def organizations() -> dict[str, str]:
    return {o["id"]: o["name"] for o in json.loads((DUMP / "organizations.json").read_text(encoding="utf-8"))}


def test_dump_import_takes_oparl_metadata_as_truth(dump_import, papers):
    archive, report, progress = dump_import
    assert report.papers == len(papers) and len(progress) == len(papers)
    assert report.failed == [] and report.imported == len(papers)
    orgs = organizations()
    for paper in papers:
        files = [f for f in paper_files(paper) if has_text(f)]
        assert files, paper["id"]
        for file in files:
            doc = archive.get(document_id(paper, file))
            assert doc is not None, (paper["reference"], file["id"])
            md = doc.metadata
            assert (md.title, md.vorlage_number, md.doc_type, md.date) == (
                paper["name"], paper["reference"], paper["paperType"], paper["date"])
            assert doc.origin == file["id"] and doc.oparl.paper == paper["id"] and doc.oparl.file == file["id"]
            assert doc.oparl.modified == paper["modified"] and md.visibility == "öffentlich"
            assert "".join(p.raw for p in doc.pages).strip(), "the dump's text is the document's text"
            wanted = {orgs[o] for c in paper.get("consultation", []) for o in c.get("organization", []) if o in orgs}
            if wanted:  # OParl is the truth where it has a value; without one, the text's Beratungsfolge stays
                assert {c.body for c in md.consultations} == wanted
            assert all(c.date is None or len(c.date) == 10 for c in md.consultations)
            related = set(paper.get("superordinatedPaper", []) + paper.get("subordinatedPaper", [])
                          + paper.get("relatedPaper", []))
            assert set(doc.oparl.related) == related
    # (a scan whose only text layer is a running header keeps it as raw text, not as page text)
    assert sum(bool(doc.text.strip()) for doc in archive) >= 0.9 * report.documents
    assert any(doc.oparl.related for doc in archive)
    assert any(c.date and c.meeting for doc in archive for c in doc.metadata.consultations)
    assert report.from_oparl["title"] == report.documents


def test_a_source_that_is_no_oparl_system_is_refused_with_a_reason(server, tmp_path):
    archive = Archive(tmp_path / "archive")
    with pytest.raises(SourceUnavailable, match="HTTP 404"):
        import_oparl(f"{server.base}/oparl/gibt-es-nicht", archive)
    with pytest.raises(SourceUnavailable, match="papers/"):
        import_oparl(tmp_path, archive)
    assert archive.ids() == []


def test_a_file_over_its_time_limit_fails_its_paper_with_the_reason(tmp_path):
    """A file whose reading takes too long (a pathological text can make a repair explode) fails
    its paper with the reason, nothing of that paper is stored, and the import goes on. The
    limit here is far below what any file needs, so the test does not depend on machine speed."""
    papers = [DUMP / "papers" / "35371.json", DUMP / "papers" / "21460.json"]
    dump = make_dump(tmp_path / "dump", papers)
    archive = Archive(tmp_path / "archive")
    report = import_oparl(dump, archive, file_timeout=0.001)
    assert len(report.failed) == 2 and all("abgebrochen" in o.error for o in report.failed)
    assert report.imported == 0 and archive.ids() == []


def test_ids_are_readable_and_stable():
    paper = {"id": "https://x.example/papers/17", "reference": "2023/1322"}
    assert document_id(paper, {"id": "https://x.example/files/665262"}) == "2023-1322-665262"
    assert document_id({"id": "https://x.example/papers/17"}, {"id": "https://x.example/files/9"}) == "paper-17-9"


def test_reimport_of_the_dump_changes_nothing(dump_import, dump):
    archive, _, _ = dump_import
    stamps = {d.id: d.ingested_at for d in archive}
    again = import_oparl(dump, archive)
    assert again.unchanged == again.papers and again.imported == 0 and again.failed == []
    assert {d.id: d.ingested_at for d in archive} == stamps


def test_a_changed_paper_is_imported_again(dump_import, tmp_path):
    shutil.copytree(dump_import[0].root, tmp_path / "archive")  # the shared import stays as it was
    archive = Archive(tmp_path / "archive")
    copy = make_dump(tmp_path / "dump", slice_papers())
    changed = min((copy / "papers").glob("*.json"))
    paper = json.loads(changed.read_text(encoding="utf-8"))
    paper["modified"], paper["name"] = "2026-09-01T10:00:00+02:00", paper["name"] + " (geändert)"
    changed.write_text(json.dumps(paper), encoding="utf-8")
    report = import_oparl(copy, archive)
    assert report.imported == 1 and report.unchanged == report.papers - 1
    assert archive.get(document_id(paper, paper_files(paper)[0])).metadata.title.endswith("(geändert)")


def test_http_import_follows_paging_and_matches_the_dump(http_import, dump_import, server, papers):
    archive, report = http_import
    assert report.failed == [] and report.imported == len(papers)
    assert any("page=2" in r for r in server.requests) and any("page=4" in r for r in server.requests)
    by_dump = {d.id: d for d in dump_import[0]}
    by_http = {d.id: d for d in archive}
    assert by_http.keys() == by_dump.keys()
    for doc_id, doc in by_http.items():
        other = by_dump[doc_id]
        assert doc.metadata.title == other.metadata.title and doc.metadata.date == other.metadata.date
        assert [(c.body, c.date, c.role, c.public) for c in doc.metadata.consultations] == [
            (c.body, c.date, c.role, c.public) for c in other.metadata.consultations]
        assert doc.text == other.text and doc.checksum == other.checksum
        assert doc.origin.startswith(server.base)


def test_http_reimport_downloads_nothing(http_import, server):
    archive, _ = http_import
    before = len(server.requests)
    again = import_oparl(server.system_url, archive)
    assert again.unchanged == again.papers and again.imported == 0
    assert not any("downloadfiles" in r for r in server.requests[before:])
    since = import_oparl(server.system_url, archive, since="2099-01-01")
    assert since.papers == 0
    assert any("modified_since=2099" in r for r in server.requests)


def test_failed_download_is_reported_never_half_stored_and_retried(server, tmp_path):
    archive = Archive(tmp_path / "archive")
    papers = server.papers()
    victim = next(p for p in papers if len(paper_files(p)) >= 2)
    second = paper_files(victim)[1]
    server.fail = {file_number(second["id"])}
    try:
        report = import_oparl(server.system_url, archive)
    finally:
        server.fail = set()
    assert [o.paper for o in report.failed] == [victim["id"]]
    assert victim["reference"] in report.failed[0].name and "HTTP 500" in report.failed[0].error
    assert victim["reference"] in report.summary()
    assert not any(d.oparl.paper == victim["id"] for d in archive), "nothing of a failed paper is stored"
    assert (tmp_path / "archive" / RETRY_FILE).exists()
    # Next run, even asking only for papers changed since a later date, fetches it again.
    retry = import_oparl(server.system_url, archive, since="2099-01-01")
    assert [o.paper for o in retry.outcomes] == [victim["id"]] and retry.imported == 1
    assert {d.oparl.file for d in archive if d.oparl.paper == victim["id"]} == {f["id"] for f in paper_files(victim)}
    assert not (tmp_path / "archive" / RETRY_FILE).exists()


# --- the whole dump ------------------------------------------------------------------------------
# 1,964 papers, 5,568 files (5,523 with text): the import as `kb import-oparl DUMP` runs it
# (readers in 2 processes), no index. Minutes, not seconds: marked slow (`-m "not slow"` skips it).


@pytest.fixture(scope="module")
def whole_dump(tmp_path_factory):
    archive = Archive(tmp_path_factory.mktemp("archive-whole"))
    report = import_oparl(DUMP, archive, jobs=2)
    return archive, report


def dump_papers() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(DUMP.glob("papers/*.json"), key=lambda p: int(p.stem))]


@pytest.mark.slow
def test_the_whole_dump_imports_every_paper_with_text(whole_dump):
    archive, report = whole_dump
    papers = dump_papers()
    assert report.papers == len(papers) and report.failed == []
    with_text = {p["id"]: [f for f in paper_files(p) if has_text(f)] for p in papers}
    assert {o.paper for o in report.outcomes if o.status == "imported"} == {p for p, fs in with_text.items() if fs}
    assert report.documents == sum(map(len, with_text.values()))
    # papers without any text are not imported, and each is reported by name
    summary = report.summary()
    empty = [o for o in report.outcomes if o.status == "empty"]
    assert {o.paper for o in empty} == {p for p, fs in with_text.items() if not fs}
    assert all(o.name in summary for o in empty)
    assert len(report.missing) == sum(len(paper_files(p)) for p in papers) - report.documents
    stored = set(archive.ids())
    assert stored == {document_id(p, f) for p in papers for f in with_text[p["id"]]}
    # OParl is the truth: every 10th paper (all years and paper types), every one of its files
    orgs = organizations()
    for paper in papers[::10]:
        for file in with_text[paper["id"]]:
            doc = archive.get(document_id(paper, file))
            md = doc.metadata
            assert md.title == paper["name"] and md.vorlage_number == paper["reference"], doc.id
            assert md.doc_type == paper["paperType"], doc.id
            if is_day(paper.get("date")):
                assert md.date == paper["date"], doc.id
            wanted = {orgs[o] for c in paper.get("consultation", []) for o in c.get("organization", []) if o in orgs}
            if wanted:
                assert {c.body for c in md.consultations} == wanted, doc.id
            assert doc.oparl.paper == paper["id"] and doc.oparl.file == file["id"]
            assert "".join(p.raw for p in doc.pages).strip()


@pytest.mark.slow
def test_reimport_of_the_whole_dump_changes_nothing(whole_dump):
    archive, report = whole_dump
    records = {i: (archive.path_of(i) / "document.json").stat().st_mtime_ns for i in archive.ids()}
    lexicon = archive.lexicon_path.read_text(encoding="utf-8")
    again = import_oparl(DUMP, archive, jobs=2)
    assert again.failed == [] and again.imported == 0 and again.unchanged == report.imported
    assert {i: (archive.path_of(i) / "document.json").stat().st_mtime_ns for i in archive.ids()} == records
    assert archive.lexicon_path.read_text(encoding="utf-8") == lexicon
