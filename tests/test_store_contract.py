"""Our Whoosh store passes haystack's own DocumentStore contract suite, on a real index on disk."""

from __future__ import annotations

import pytest
from haystack import Document
from haystack.document_stores.errors import DuplicateDocumentError
from haystack.testing.document_store import DocumentStoreBaseTests

from kb.store import WhooshDocumentStore


class TestWhooshDocumentStoreContract(DocumentStoreBaseTests):
    @pytest.fixture
    def document_store(self, tmp_path) -> WhooshDocumentStore:
        return WhooshDocumentStore(tmp_path / "index")

    def test_write_documents(self, document_store: WhooshDocumentStore):
        # The suite leaves the default policy to the store: ours fails on duplicates, like InMemory's.
        doc = Document(content="Die Förderung endet am 31.12.2020.")
        assert document_store.write_documents([doc]) == 1
        self.assert_documents_are_equal(document_store.filter_documents(), [doc])
        with pytest.raises(DuplicateDocumentError):
            document_store.write_documents([doc])

    def test_survives_reopening(self, tmp_path):
        doc = Document(content="Bescheid vom 27.02.2019", meta={"page": 2}, embedding=[0.1, 0.2, 0.3])
        WhooshDocumentStore(tmp_path / "i").write_documents([doc])
        reopened = WhooshDocumentStore(tmp_path / "i")
        assert reopened.filter_documents() == [doc]


def test_list_valued_metadata_matches_any_element(tmp_path):
    store = WhooshDocumentStore(tmp_path / "i")
    store.write_documents([
        Document(id="a", content="x", meta={"topics": ["Soziales", "Förderung"]}),
        Document(id="b", content="y", meta={"topics": ["Haushalt"]}),
    ])
    ids = lambda f: sorted(d.id for d in store.filter_documents(f))  # noqa: E731
    assert ids({"field": "meta.topics", "operator": "==", "value": "Förderung"}) == ["a"]
    assert ids({"field": "meta.topics", "operator": "in", "value": ["Haushalt", "Jugend"]}) == ["b"]
    assert ids({"field": "meta.topics", "operator": "!=", "value": "Haushalt"}) == ["a"]
