"""Keep the search index in step with the archive of ingested documents.

A document is (re)indexed when it is new or its checksum changed; passages of documents
that left the archive are deleted. Each document's passages are replaced in one commit,
so an interrupted run leaves every document either in its old or its new state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from haystack.document_stores.types import DocumentStore

from ingest.archive import Archive
from ingest.models import Document
from kb.backends import all_passages, open_store, replace_passages
from kb.embedders import document_embedder
from kb.passages import split_document

__all__ = ["IndexReport", "index_document", "indexed_checksums", "open_store", "sync_index"]


@dataclass
class IndexReport:
    indexed: int = 0
    unchanged: int = 0
    removed: int = 0
    passages: int = 0


def indexed_checksums(store: DocumentStore) -> dict[str, str]:
    return {d.meta["document"]: d.meta.get("checksum", "") for d in all_passages(store) if d.meta.get("document")}


def sync_index(
    archive: Archive,
    store: DocumentStore,
    model: str | None,
    rebuild: bool = False,
    on_progress: Callable[[str], None] | None = None,
) -> IndexReport:
    """Index new and changed documents, drop removed ones."""
    report = IndexReport()
    known = {} if rebuild else indexed_checksums(store)
    in_archive = set(archive.ids())
    stale = [d.id for d in all_passages(store) if rebuild or d.meta.get("document") not in in_archive]
    if stale:
        store.delete_documents(stale)
        report.removed = len({s.split(":")[0] for s in stale})
    embedder = document_embedder(model) if model else None
    for doc in archive:
        if known.get(doc.id) == doc.checksum:
            report.unchanged += 1
            continue
        report.passages += index_document(doc, store, embedder)
        report.indexed += 1
        if on_progress:
            on_progress(doc.id)
    return report


def index_document(doc: Document, store: DocumentStore, embedder: Any = None) -> int:
    """Replace one document's passages (in one commit); the number of passages written.

    Also for a change the checksum does not show (`kb.library.Library.set_visibility`).
    """
    passages = split_document(doc)
    for p in passages:
        p.meta["checksum"] = doc.checksum
    if embedder is not None and passages:
        passages = embedder.run(documents=passages)["documents"]
    replace_passages(store, doc.id, passages)
    return len(passages)
