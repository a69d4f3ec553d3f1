"""The passage store on OpenSearch (RATSARCHIV_STORE=opensearch), against a live server.

Runs haystack's `DocumentStoreBaseTests` on the store as `kb.backends` configures it (our
German analysis in the index settings), our end-to-end search tests (tests/test_search.py)
on an index built by `sync_index`, and compares its ranking with the Whoosh store's.
Skipped unless RATSARCHIV_OPENSEARCH_URL names a server, e.g.

    docker run -p 9200:9200 -e discovery.type=single-node -e DISABLE_SECURITY_PLUGIN=true opensearchproject/opensearch:2
    RATSARCHIV_OPENSEARCH_URL=http://localhost:9200 pytest tests/test_opensearch.py

Only the settings test runs without a server.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from kb.backends import opensearch_settings

URL = os.environ.get("RATSARCHIV_OPENSEARCH_URL", "").strip()
needs_server = pytest.mark.skipif(
    not URL, reason="RATSARCHIV_OPENSEARCH_URL ist nicht gesetzt: kein OpenSearch-Server zum Testen (siehe README)"
)


def test_settings_carry_the_german_analysis():
    settings = opensearch_settings()
    analysis = settings["analysis"]
    chain = analysis["analyzer"]["default"]["filter"]
    # The order of kb.analysis.german_analyzer: decompound before folding, stem last.
    assert chain == ["lowercase", "ratsarchiv_stop", "ratsarchiv_decompound", "german_normalization", "ratsarchiv_stem"]
    words = set(analysis["filter"]["ratsarchiv_decompound"]["word_list"])
    assert {"förderung", "planung", "land", "schule"} <= words  # parts of Landesförderung, Sozialplanung
    assert all(w == w.lower() for w in words)
    assert analysis["filter"]["ratsarchiv_stem"] == {"type": "snowball", "language": "German"}
    assert settings["index.knn"] is True


if URL:  # the integration is only imported where it is used
    pytest.importorskip("haystack_integrations.document_stores.opensearch",
                        reason="opensearch-haystack fehlt: pip install 'ratsarchiv[opensearch]'")
    from haystack.testing.document_store import DocumentStoreBaseTests
else:
    class DocumentStoreBaseTests:  # type: ignore[no-redef]
        """Stands in for haystack's suite without a server, so its skip is reported too."""

        def test_haystack_document_store_contract(self):
            pass


def _store(index: str):
    from haystack_integrations.document_stores.opensearch import OpenSearchDocumentStore

    from kb.backends import EMBEDDING_DIM

    return OpenSearchDocumentStore(hosts=[URL], index=index, embedding_dim=EMBEDDING_DIM, settings=opensearch_settings())


def _drop(store) -> None:
    try:
        store.client.indices.delete(index=store._index, ignore=[400, 404])
    except Exception:  # the server is gone: nothing left to clean
        pass


@needs_server
class TestHaystackContract(DocumentStoreBaseTests):  # type: ignore[misc,valid-type]
    @pytest.fixture
    def document_store(self):
        store = _store(f"ratsarchiv-test-{uuid.uuid4().hex[:8]}")
        yield store
        _drop(store)

    def assert_documents_are_equal(self, received, expected):
        # OpenSearch adds scores to filtered documents and returns float32 vectors.
        assert len(received) == len(expected)
        received = sorted(received, key=lambda d: d.id)
        expected = sorted(expected, key=lambda d: d.id)
        for r, e in zip(received, expected):
            assert (r.id, r.content, r.meta, r.blob) == (e.id, e.content, e.meta, e.blob)
            if e.embedding is None:
                assert r.embedding is None
            else:
                assert r.embedding == pytest.approx(e.embedding, abs=1e-6)


# --- our end-to-end search tests, on an index `sync_index` built in OpenSearch ---------------------

from tests import test_search as whoosh_tests  # noqa: E402

DOCS = whoosh_tests.DOCS


@needs_server
def test_compound_parts_are_found(bm25):
    whoosh_tests.test_compound_parts_are_found(bm25)


@needs_server
def test_spelling_variants_meet(bm25):
    whoosh_tests.test_spelling_variants_meet(bm25)


@needs_server
def test_query_syntax_from_users_is_just_text(bm25, hybrid):
    whoosh_tests.test_query_syntax_from_users_is_just_text(bm25, hybrid)


@needs_server
def test_hit_cites_page_and_offsets_and_highlights(data, bm25):
    whoosh_tests.test_hit_cites_page_and_offsets_and_highlights(data, bm25)


@needs_server
def test_filters_by_body_topic_type_and_dates(bm25):
    whoosh_tests.test_filters_by_body_topic_type_and_dates(bm25)


@needs_server
def test_facets_count_documents(bm25):
    whoosh_tests.test_facets_count_documents(bm25)


@needs_server
def test_hybrid_finds_a_paraphrase(hybrid):
    whoosh_tests.test_hybrid_finds_a_paraphrase(hybrid)


@pytest.fixture(scope="module")
def opensearch(tmp_path_factory):
    """The store as `RATSARCHIV_STORE=opensearch` opens it (kb.backends.open_store), on a fresh index."""
    from kb.backends import open_store

    with pytest.MonkeyPatch.context() as env:
        env.setenv("RATSARCHIV_OPENSEARCH_HOSTS", URL)
        env.setenv("RATSARCHIV_OPENSEARCH_INDEX", f"ratsarchiv-test-{uuid.uuid4().hex[:8]}")
        store = open_store(tmp_path_factory.mktemp("unused"), "opensearch")
    yield store
    _drop(store)


@pytest.fixture(scope="module")
def data(tmp_path_factory, opensearch) -> Path:
    from ingest.archive import Archive
    from kb.indexer import sync_index

    data = tmp_path_factory.mktemp("data")
    archive = Archive(data)
    original = data / "x.pdf"
    original.write_bytes(b"%PDF-1.4")
    for doc in DOCS:
        archive.put(doc, original)
    sync_index(archive, opensearch, model="e5")
    opensearch.client.indices.refresh(index=opensearch._index)
    return data


@pytest.fixture(scope="module")
def bm25(data, opensearch):
    from kb.search import Searcher

    return Searcher(opensearch, mode="bm25")


@pytest.fixture(scope="module")
def hybrid(data, opensearch):
    from kb.search import Searcher

    return Searcher(opensearch, mode="hybrid")


@needs_server
def test_both_stores_rank_alike(data, bm25):
    """The best document for German queries (compounds, folding, stems) is the same in both stores."""
    from ingest.archive import Archive
    from kb.indexer import open_store, sync_index
    from kb.search import Searcher

    whoosh_data = data.parent / "whoosh"
    archive = Archive(data)
    whoosh = open_store(whoosh_data, "whoosh")
    sync_index(archive, whoosh, model=None)
    reference = Searcher(whoosh, mode="bm25")
    for query in ("Förderung", "Landesförderung Radverkehr", "Schulsozialarbeit", "Koeln Zuwendung",
                  "Gesundheitsplanung", "Projektkoordinator", "Haushaltssatzung"):
        ours = [h.document for h in reference.search(query).hits]
        theirs = [h.document for h in bm25.search(query).hits]
        assert theirs[:1] == ours[:1], query
