"""Archive and index drift apart (a kill during index writing); the check finds and mends it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ingest.archive import Archive
from ingest.pipeline import ingest_paths
from kb.check import check
from kb.indexer import open_store, sync_index

ROOT = Path(__file__).resolve().parents[1]
TOPICS = [
    "Schulsozialarbeit", "Radverkehrskonzept", "Kindertagesstätte", "Jugendhilfeplanung", "Breitbandausbau",
    "Feuerwehrgerätehaus", "Seniorenbeirat", "Klimaschutzkonzept", "Musikschule", "Sporthallensanierung",
    "Busliniennetz", "Hochwasserschutz", "Wohnraumförderung", "Gewerbegebiet", "Friedhofsgebühren",
    "Stadtbücherei", "Integrationskurse", "Straßenbeleuchtung", "Spielplatzkonzept", "Denkmalpflege",
]


@pytest.fixture()
def archive(tmp_path: Path) -> Archive:
    """20 small papers, each with a word no other paper has."""
    folder = tmp_path / "eingang"
    folder.mkdir()
    for i, topic in enumerate(TOPICS):
        (folder / f"vorlage-{i:02d}.txt").write_text(
            f"Vorlage Nr. 2021/{i:04d}\nBetreff: {topic}\n\nDer Ausschuss berät über {topic}. "
            f"Die Förderung für {topic} endet am 31.12.{2021 + i % 3}.\n",
            encoding="utf-8",
        )
    archive = Archive(tmp_path / "data")
    assert not ingest_paths([folder], archive).failed
    return archive


def test_a_kill_during_index_writing_is_found_and_mended(archive: Archive):
    data = archive.root
    # An index run that is killed after 8 of 20 documents (slowed down like a run that embeds).
    code = f"""
        import pathlib, sys, time
        from ingest.archive import Archive
        from kb.indexer import open_store, sync_index
        data = pathlib.Path({str(data)!r})

        def progress(doc_id):
            print(doc_id, flush=True)
            time.sleep(0.3)

        sync_index(Archive(data), open_store(data), model=None, on_progress=progress)
    """
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE, text=True,
    )
    done = [child.stdout.readline() for _ in range(8)]
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert all(done)

    store = open_store(data)
    found = check(archive, store, mend=False)
    assert not found.consistent and found.documents == 20
    assert 8 <= found.indexed < 20 and len(found.missing) == 20 - found.indexed
    assert found.summary().endswith("verwaist: 0); nicht repariert.")
    mended = check(archive, store)
    assert mended.mended is not None and mended.mended.indexed == len(found.missing)
    again = check(archive, open_store(data))
    assert again.consistent and again.mended is None
    assert again.summary() == "Archiv und Suchindex stimmen überein (20 Dokumente)."
    for i, topic in enumerate(TOPICS):
        hits, _ = store.bm25_retrieval(topic, top_k=3)
        assert hits and hits[0].meta["document"] == f"vorlage-{i:02d}", topic


def test_changed_and_deleted_documents_are_mended(archive: Archive, tmp_path: Path):
    store = open_store(archive.root)
    sync_index(archive, store, model=None)
    assert check(archive, store).consistent
    changed = tmp_path / "eingang" / "vorlage-03.txt"
    changed.write_text("Vorlage Nr. 2021/0003\nBetreff: Ortsumgehung\n\nDer Ausschuss berät über die Ortsumgehung.\n", encoding="utf-8")
    assert ingest_paths([changed], archive).count("ingested") == 1
    assert archive.delete("vorlage-05")
    report = check(archive, store)
    assert (report.missing, report.changed, report.orphans) == ([], ["vorlage-03"], ["vorlage-05"])
    assert report.summary() == (
        "Archiv und Suchindex wichen ab (im Index fehlend: 0, veraltet: 1, verwaist: 1); "
        "repariert: 1 neu indexiert, 1 entfernt."
    )
    assert check(archive, store).consistent
    assert store.bm25_retrieval("Ortsumgehung", top_k=1)[0][0].meta["document"] == "vorlage-03"
    for old_topic in (TOPICS[3], TOPICS[5]):  # the old version and the deleted paper are gone
        assert {h.meta["document"] for h in store.bm25_retrieval(old_topic, top_k=5)[0]}.isdisjoint({"vorlage-03", "vorlage-05"})


def test_a_paper_without_text_is_not_missing(archive: Archive, tmp_path: Path):
    blank = tmp_path / "leer-gescannt.txt"
    blank.write_text("   \n\n", encoding="utf-8")
    assert ingest_paths([blank], archive).count("ingested") == 1
    store = open_store(archive.root)
    sync_index(archive, store, model=None)
    report = check(archive, store)
    assert report.consistent and report.empty == ["leer-gescannt"] and report.mended is None


def test_the_startup_check_mends_and_says_so_only_when_needed(archive: Archive):
    from kb.check import startup_check

    said: list[str] = []
    store = open_store(archive.root)
    startup_check(archive, store, None, said.append)
    assert said == ["Archiv und Suchindex wichen ab (im Index fehlend: 20, veraltet: 0, verwaist: 0); repariert: 20 neu indexiert, 0 entfernt."]
    startup_check(archive, store, None, said.append)
    assert len(said) == 1  # consistent: silent


def test_a_busy_index_gets_a_german_message_not_a_traceback(archive: Archive):
    from ingest.errors import IndexBusy

    store = open_store(archive.root)
    other = open_store(archive.root)._ix.writer()  # another `kb index` holds Whoosh's write lock
    try:
        with pytest.raises(IndexBusy, match="^Der Suchindex wird gerade von einem anderen Prozess geschrieben"):
            check(archive, store)
    finally:
        other.cancel()
    assert check(archive, store).mended.indexed == 20


def test_a_half_stored_document_is_named_and_ingested_again(archive: Archive, tmp_path: Path):
    """What the old reader-side recovery left: document.json and metadata.json, no original, no pages."""
    import shutil

    folder = archive.path_of("vorlage-07")
    shutil.rmtree(folder / "pages")
    (folder / "original.txt").unlink()
    store = open_store(archive.root)
    sync_index(archive, store, model=None)
    report = check(archive, store)
    assert report.incomplete == ["vorlage-07"]
    assert report.summary().endswith("Unvollständig gespeichert (bitte erneut erfassen): vorlage-07.")
    again = ingest_paths([tmp_path / "eingang"], archive)
    assert again.count("ingested") == 1 and again.count("unchanged") == 19  # not "unverändert" any more
    assert archive.is_complete("vorlage-07") and check(archive, store).incomplete == []
