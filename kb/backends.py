"""Which DocumentStore holds the passages, and the retrievers that go with it.

The default is the embedded Whoosh store under the data directory: files on disk, no
server. An archive that outgrows one machine switches to haystack's OpenSearch store by
configuration (`RATSARCHIV_STORE=opensearch`); indexing, search, answers and links run
unchanged on top, because they only use the DocumentStore protocol and the retrievers
chosen here. Any other haystack store (e.g. `InMemoryDocumentStore`, used in tests)
works through the same seam.

Environment:
    RATSARCHIV_STORE              whoosh (default) | opensearch
    RATSARCHIV_OPENSEARCH_HOSTS   comma-separated URLs (default http://localhost:9200)
    RATSARCHIV_OPENSEARCH_INDEX   index name (default ratsarchiv)
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

from haystack.document_stores.types import DocumentStore, DuplicatePolicy

from kb.retrievers import WhooshBM25Retriever, WhooshEmbeddingRetriever
from kb.store import INDEX_NAME, WhooshDocumentStore

INDEX_DIR = "index"
EMBEDDING_DIM = 384  # both shipped models (multilingual-e5-small, all-MiniLM-L6-v2)
# OpenSearch's built-in German analyzer: stemming and stop words, as close as a
# server gets to our Whoosh analysis without a plugin.
OPENSEARCH_SETTINGS = {"index.knn": True, "analysis": {"analyzer": {"default": {"type": "german"}}}}


class StoreConfigError(ValueError):
    """The configured store is unknown or its integration is not installed."""


def open_store(data_dir: Path, kind: str | None = None) -> DocumentStore:
    """The configured store: Whoosh under `data_dir/index` unless RATSARCHIV_STORE says otherwise."""
    kind = (kind or os.environ.get("RATSARCHIV_STORE") or "whoosh").lower()
    if kind == "whoosh":
        return WhooshDocumentStore(Path(data_dir) / INDEX_DIR)
    if kind == "opensearch":
        return _opensearch_store()
    raise StoreConfigError(f"Unbekannter Speicher RATSARCHIV_STORE={kind!r} (erlaubt: whoosh, opensearch)")


# Retriever classes of haystack's own stores: (module, keyword retriever, vector retriever).
_RETRIEVERS = {
    "InMemoryDocumentStore": ("haystack.components.retrievers.in_memory", "InMemoryBM25Retriever", "InMemoryEmbeddingRetriever"),
    "OpenSearchDocumentStore": (
        "haystack_integrations.components.retrievers.opensearch", "OpenSearchBM25Retriever", "OpenSearchEmbeddingRetriever",
    ),
}


def bm25_retriever(store: DocumentStore, top_k: int, window: int = 0) -> Any:
    """The keyword retriever component that belongs to `store`.

    `window`: Whoosh's retriever also outputs the best `window` passages (for facets);
    other stores' retrievers return `top_k`, and facets count over those.
    """
    if isinstance(store, WhooshDocumentStore):
        return WhooshBM25Retriever(store, top_k=top_k, window=window)
    return _retriever(store, 1, top_k)


def embedding_retriever(store: DocumentStore, top_k: int) -> Any:
    """The vector retriever component that belongs to `store`."""
    if isinstance(store, WhooshDocumentStore):
        return WhooshEmbeddingRetriever(store, top_k=top_k)
    return _retriever(store, 2, top_k)


def _retriever(store: DocumentStore, which: int, top_k: int) -> Any:
    name = type(store).__name__
    if name not in _RETRIEVERS:
        raise StoreConfigError(f"Keine Retriever für {name} (bekannt: WhooshDocumentStore, {', '.join(_RETRIEVERS)})")
    module = importlib.import_module(_RETRIEVERS[name][0])
    return getattr(module, _RETRIEVERS[name][which])(document_store=store, top_k=top_k)


def all_passages(store: DocumentStore) -> list:
    """Every passage; without vectors where the store can skip them (Whoosh)."""
    if isinstance(store, WhooshDocumentStore):
        return store.passages()
    return store.filter_documents()


def manifest_path(store: DocumentStore) -> Path | None:
    """Where the per-document manifest of `store` lives (see kb.manifest); None: no place on disk, scan instead.

    Named for the index inside the directory: a new schema version starts a new index, and
    with it a new manifest.
    """
    if isinstance(store, WhooshDocumentStore):
        return store.index_dir / f"manifest-{INDEX_NAME}.jsonl"
    return None


def replace_passages(store: DocumentStore, document: str, passages: list) -> None:
    """All passages of one archive document replaced: in one commit on Whoosh, delete + write elsewhere."""
    if isinstance(store, WhooshDocumentStore):
        store.replace_passages(document, passages)
        return
    old = store.filter_documents({"field": "meta.document", "operator": "==", "value": document})
    if old:
        store.delete_documents([d.id for d in old])
    if passages:
        store.write_documents(passages, policy=DuplicatePolicy.OVERWRITE)


def _opensearch_store() -> DocumentStore:
    try:
        from haystack_integrations.document_stores.opensearch import OpenSearchDocumentStore
    except ImportError as exc:
        raise StoreConfigError(
            "RATSARCHIV_STORE=opensearch braucht das Paket opensearch-haystack: pip install 'ratsarchiv[opensearch]'"
        ) from exc
    hosts = os.environ.get("RATSARCHIV_OPENSEARCH_HOSTS", "http://localhost:9200").split(",")
    return OpenSearchDocumentStore(
        hosts=[h.strip() for h in hosts if h.strip()],
        index=os.environ.get("RATSARCHIV_OPENSEARCH_INDEX", "ratsarchiv"),
        embedding_dim=EMBEDDING_DIM,
        settings=OPENSEARCH_SETTINGS,
    )
