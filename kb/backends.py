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
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from haystack.document_stores.types import DocumentStore, DuplicatePolicy

from kb.retrievers import WhooshBM25Retriever, WhooshEmbeddingRetriever
from kb.store import INDEX_NAME, WhooshDocumentStore

INDEX_DIR = "index"
EMBEDDING_DIM = 384  # both shipped models (multilingual-e5-small, all-MiniLM-L6-v2)
# OpenSearch's built-in German analyzer: stemming and stop words. The fallback when no
# word list is at hand; `opensearch_settings` carries our whole analysis.
OPENSEARCH_SETTINGS = {"index.knn": True, "analysis": {"analyzer": {"default": {"type": "german"}}}}
# Compound parts written into the index settings: the lexicon's words that German text uses
# most (wordfreq's list). Settings live in the cluster state, so not all 356,000 words.
DECOMPOUND_WORDS = 60_000


def opensearch_settings(words: Iterable[str] | None = None) -> dict[str, Any]:
    """Index settings that analyse text as `kb.analysis.german_analyzer` does in Whoosh.

    Whoosh:      lower case → German stop words → decompound (lexicon) → fold → Snowball German
    OpenSearch:  lowercase  → stop _german_     → dictionary_decompounder (our word list)
                 → german_normalization (ä/ae → a, ß → ss) → snowball German

    The decompounder runs before folding, as ours does: the word list holds "förderung", so
    "Landesförderung" also yields "förderung". Differences that remain: OpenSearch adds every
    word of the list found inside a token (ours the lexicon's best split), and there is no
    separate exact-form field (ours ranks an exact form first).
    `words`: the compound parts, lower case; default the lexicon's most used words.
    """
    from kb.analysis import MIN_COMPOUND, MIN_PART

    parts = sorted(set(words if words is not None else decompound_words()))
    return {
        "index.knn": True,
        "analysis": {
            "filter": {
                "ratsarchiv_stop": {"type": "stop", "stopwords": "_german_"},
                "ratsarchiv_decompound": {
                    "type": "dictionary_decompounder",
                    "word_list": parts,
                    "min_word_size": MIN_COMPOUND,
                    "min_subword_size": MIN_PART,
                    "only_longest_match": True,
                },
                "ratsarchiv_stem": {"type": "snowball", "language": "German"},
            },
            "analyzer": {
                "default": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "ratsarchiv_stop", "ratsarchiv_decompound",
                               "german_normalization", "ratsarchiv_stem"],
                }
            },
        },
    }


def decompound_words(limit: int = DECOMPOUND_WORDS) -> list[str]:
    """The lexicon's words (lower case, umlauts kept) among the `limit` most used German words."""
    from wordfreq import top_n_list

    from kb.analysis import MIN_PART, shared_lexicon

    known = shared_lexicon().lower_words
    return [w for w in top_n_list("de", limit) if len(w) >= MIN_PART and w.isalpha() and w in known]


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
        settings=opensearch_settings(),
    )
