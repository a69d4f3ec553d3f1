"""Keep the search index in step with the archive of ingested documents.

A document is (re)indexed when it is new or its checksum changed; passages of documents
that left the archive are deleted. Each document's passages are replaced in one commit,
so an interrupted run leaves every document either in its old or its new state.

What the index holds is read from its manifest (`kb.manifest`: document → checksum,
passage ids), not from the passages, and an archive record whose file is untouched since
it was indexed is not even opened: a sync costs a directory listing, one `stat` per
document and the work on what changed.

Every document that gives no passage is reported with the reason (`IndexReport.empty`):
text that reaches the archive but not the index would be lost silently.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from haystack.document_stores.types import DocumentStore

from ingest.archive import DOCUMENT_JSON, Archive
from ingest.models import Document
from kb.backends import all_passages, manifest_path, open_store, replace_passages
from kb.embedders import document_embedder
from kb.manifest import Entry, Manifest
from kb.passages import split_document

__all__ = ["IndexReport", "documents_without_passages", "index_document", "indexed_checksums", "open_store", "sync_index"]

NO_TEXT = "kein Text"
NO_PASSAGE = "Text, aber kein Abschnitt"


@dataclass
class IndexReport:
    indexed: int = 0
    unchanged: int = 0
    removed: int = 0
    passages: int = 0
    # Documents indexed in this run that gave no passage: (id, reason).
    empty: list[tuple[str, str]] = field(default_factory=list)


def indexed_checksums(store: DocumentStore) -> dict[str, str]:
    """Archive document → checksum of the version the index holds (from the manifest)."""
    return Manifest.open(store).checksums()


def documents_without_passages(store: DocumentStore) -> list[tuple[str, str]]:
    """Every indexed document that gave no passage, with the reason: cheap (the manifest), for /health.

    On stores without a manifest file such documents leave no trace in the store: [] there.
    """
    path = manifest_path(store)
    if path is None:
        return []
    try:
        st = os.stat(path)
        key: tuple | None = (path, st.st_mtime_ns, st.st_size)
    except FileNotFoundError:
        key = None
    if key is None or _EMPTY_CACHE.get("key") != key:
        _EMPTY_CACHE.update(key=key, value=Manifest.open(store).empty())
    return list(_EMPTY_CACHE["value"])


# The last answer of documents_without_passages and the manifest state it was read from:
# /health asks often, the manifest changes seldom.
_EMPTY_CACHE: dict = {}


def sync_index(
    archive: Archive,
    store: DocumentStore,
    model: str | None,
    rebuild: bool = False,
    on_progress: Callable[[str], None] | None = None,
    *,
    prepared: Mapping[str, list] | None = None,
) -> IndexReport:
    """Index new and changed documents, drop removed ones.

    `prepared`: passages (with vectors) already made elsewhere, by document id, e.g. on Dask
    workers (`kb.distributed_index`); used where made from the version in the archive (same
    checksum), the rest is split and embedded here.
    """
    report = IndexReport()
    manifest = Manifest.open(store)
    records = _records(archive)  # before reading any record: a change after it shows next time
    in_archive = list(records)
    if rebuild:
        gone = set(manifest.entries) - set(in_archive)
        manifest.reset()
        stale = [d.id for d in all_passages(store)]
        if stale:
            store.delete_documents(stale)
        report.removed = len(gone)
    for doc_id in sorted(set(manifest.entries) - set(in_archive)):
        replace_passages(store, doc_id, [])
        manifest.remove(doc_id)
        report.removed += 1
    embedder = document_embedder(model) if model else None
    for doc_id, stamp in records.items():
        entry = manifest.entries.get(doc_id)
        if entry is not None and entry.stamp == stamp and entry.checksum:
            report.unchanged += 1
            continue
        doc = archive.get(doc_id)
        if doc is None:  # deleted since the listing
            continue
        if entry is not None and entry.checksum == doc.checksum:
            manifest.record(doc_id, replace(entry, stamp=stamp))
            report.unchanged += 1
            continue
        ready = (prepared or {}).get(doc_id)
        if ready is not None and not all(p.meta.get("checksum") == doc.checksum for p in ready):
            ready = None  # prepared from another version: split and embed here
        count, reason = index_document(doc, store, embedder, manifest, stamp, passages=ready)
        if reason:
            report.empty.append((doc_id, reason))
        report.passages += count
        report.indexed += 1
        if on_progress:
            on_progress(doc_id)
    manifest.compact(force=rebuild)
    prepare = getattr(store, "prepare", None)
    if prepare is not None and (report.indexed or report.removed):
        prepare()  # columns and ANN indexes of new segments built here, not on a server's first query
    return report


def prepare_passages(doc: Document, embedder: Any | None) -> list:
    """One document's passages, stamped with its checksum, embedded if there is an embedder."""
    passages = split_document(doc)
    for p in passages:
        p.meta["checksum"] = doc.checksum
    if embedder is not None and passages:
        passages = embedder.run(documents=passages)["documents"]
    return passages


def _why_empty(doc: Document) -> str:
    return NO_PASSAGE if any(p.text.strip() for p in doc.pages) else NO_TEXT


def _records(archive: Archive) -> dict[str, str]:
    """Every archive document (the ids `Archive.ids` lists, in its order) → the stamp of its record.

    One directory scan and one `stat` per document, on plain string paths: `Archive.ids`
    followed by a stamp per document stat'ed every record twice, through pathlib (~3× the cost).
    """
    found = {}
    folder = os.fspath(archive.documents_dir)
    # Paths relative to the open folder: the kernel resolves two names per record, not the whole path.
    fd = os.open(folder, os.O_RDONLY) if os.stat in os.supports_dir_fd else None
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                path = f"{entry.name}/{DOCUMENT_JSON}" if fd is not None else os.path.join(folder, entry.name, DOCUMENT_JSON)
                stamp = _stamp_of(path, fd)
                if stamp:
                    found[entry.name] = stamp
    finally:
        if fd is not None:
            os.close(fd)
    return dict(sorted(found.items()))


def _stamp_of(path: str, dir_fd: int | None = None) -> str:
    """Identity of a stored record: a new version is a new file (written and renamed into place)."""
    try:
        st = os.stat(path, dir_fd=dir_fd)
    except (FileNotFoundError, NotADirectoryError):
        return ""
    return f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"


def index_document(
    doc: Document, store: DocumentStore, embedder: Any = None, manifest: Manifest | None = None, stamp: str = "",
    passages: list | None = None,
) -> tuple[int, str | None]:
    """Replace one document's passages (in one commit) and record them in the manifest:
    (passages written, why there are none). `passages`: already split and embedded (on Dask
    workers, `kb.distributed_index`); else they are made here.

    Also for a change the checksum does not show (`kb.library.Library.set_visibility`); an
    empty `stamp` makes the next sync look at the record again (cheaply: same checksum).
    """
    manifest = manifest if manifest is not None else Manifest.open(store)
    if passages is None:
        passages = prepare_passages(doc, embedder)
    manifest.begin(doc.id)
    replace_passages(store, doc.id, passages)
    reason = None if passages else _why_empty(doc)
    manifest.record(doc.id, Entry(doc.checksum, [p.id for p in passages], stamp, reason))
    return len(passages), reason
