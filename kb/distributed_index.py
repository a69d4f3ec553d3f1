"""Passages and their embeddings made on Dask workers, for `sync_index(prepared=...)`.

The writer reads each stored document and sends it to a worker, which splits it and
embeds its passages (e5 loaded once per worker process); the writer then commits them in
its usual order, one document at a time (kb.indexer). Embedding is most of indexing's
time, so this is where a second worker counts. Each document is embedded as `sync_index`
would embed it (one call per document, batches by length), so the vectors equal a serial
run's.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from ingest.archive import Archive
from ingest.models import Document
from kb.embedders import document_embedder
from kb.indexer import prepare_passages


def passages_on_workers(client: Any, archive: Archive, doc_ids: Iterable[str], model: str | None) -> dict[str, list]:
    """Document id → its passages (embedded if `model`), computed on the workers of `client`."""
    docs = [d for d in (archive.get(i) for i in doc_ids) if d is not None]
    futures = client.map(_prepare, docs, model=model, pure=False)
    return {doc.id: passages for doc, passages in zip(docs, client.gather(futures))}


def _prepare(doc: Document, model: str | None) -> list:
    return prepare_passages(doc, _embedder(model) if model else None)


def warm_up(model: str) -> None:
    """Load the model on a worker before it is needed (`client.run(warm_up, "e5")`)."""
    _embedder(model)


@functools.cache
def _embedder(model: str) -> Any:
    embedder = document_embedder(model)
    if hasattr(embedder, "warm_up"):
        embedder.warm_up()
    return embedder
