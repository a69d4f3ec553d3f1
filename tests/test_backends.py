"""The store is a configuration choice: indexing and search run on any haystack DocumentStore.

OpenSearch needs a server, which CI does not have; haystack's InMemoryDocumentStore
stands in for "another store" and exercises the same seam (retriever choice, passage
replacement by delete + write, highlighting without Whoosh's term list).
"""

from __future__ import annotations

import copy

import pytest
from haystack.document_stores.in_memory import InMemoryDocumentStore

from ingest.archive import Archive
from kb.backends import StoreConfigError, open_store
from kb.indexer import sync_index
from kb.search import Filters, Searcher
from kb.store import WhooshDocumentStore
from tests.test_search import DOCS


@pytest.fixture
def archive(tmp_path) -> Archive:
    archive = Archive(tmp_path / "data")
    original = tmp_path / "x.pdf"
    original.write_bytes(b"%PDF-1.4")
    for doc in DOCS:
        archive.put(doc, original)
    return archive


def test_default_is_whoosh_on_disk(tmp_path, monkeypatch):
    monkeypatch.delenv("RATSARCHIV_STORE", raising=False)
    store = open_store(tmp_path)
    assert isinstance(store, WhooshDocumentStore)
    assert (tmp_path / "index").is_dir()


def test_unknown_store_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("RATSARCHIV_STORE", "elastic")
    with pytest.raises(StoreConfigError, match="elastic"):
        open_store(tmp_path)


def test_index_and_search_on_another_document_store(archive):
    store = InMemoryDocumentStore()
    report = sync_index(archive, store, model="e5")
    assert report.indexed == len(DOCS) and store.count_documents() == report.passages

    searcher = Searcher(store, mode="hybrid")
    # InMemory's BM25 has no German analysis: plain word forms, not "Förderzeitraum".
    result = searcher.search("Bescheid der Bezirksregierung über die Zuwendung")
    assert result.hits[0].document == "sozialplanung-2019"
    assert any(result.hits[0].text[a:b] == "Bezirksregierung" for a, b in result.hits[0].highlights)
    assert result.facets["session_body"]

    only_jugend = searcher.search("Schulen", Filters(body="Jugendhilfeausschuss"))
    assert {h.document for h in only_jugend.hits} == {"schulsozialarbeit-2022"}


def test_updates_replace_passages_on_another_document_store(archive):
    store = InMemoryDocumentStore()
    sync_index(archive, store, model=None)
    before = store.count_documents()
    changed = copy.deepcopy(DOCS[1])
    changed.checksum = "2"
    changed.pages[0].text = "Der Kreistag beschließt den Stellenplan 2021."
    archive.put(changed, archive.original(changed.id))
    archive.delete("schulsozialarbeit-2022")

    report = sync_index(archive, store, model=None)

    assert (report.indexed, report.removed) == (1, 1)
    texts = [d.content for d in store.filter_documents()]
    assert not any("Haushaltssatzung" in t for t in texts)
    assert any("Stellenplan" in t for t in texts)
    assert not any(d.meta["document"] == "schulsozialarbeit-2022" for d in store.filter_documents())
    assert store.count_documents() < before
