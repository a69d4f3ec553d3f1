"""Do the archive and the search index agree? The start-up check of `kb ingest` and `kb serve`.

A kill during index writing leaves documents in the archive that the index lacks or
holds in an older version; a document deleted while the index was busy leaves orphan
passages. Until mended, search misses papers and `kb ask` answers from the wrong one.

    archive: id → checksum (document.json)   ┐
                                             ├─ compare ─▶ missing / changed / orphans
    index:   id → checksum (indexed_checksums)┘              │ any?
                                                             ▼
                                             sync_index (re-index those, drop orphans)

Cheap: one checksum per document on each side (`Archive.checksums` reads the head of each
record), no passage text is read; the index side costs what `kb.indexer.indexed_checksums`
costs. Only documents absent from the index are opened (to tell a blank paper, which has
no passages, from a missing one). Nothing is re-embedded unless it differs.

>>> report = check(Archive(Path("data")), open_store(Path("data")), model="e5")  # doctest: +SKIP
>>> print(report.summary())                                                    # doctest: +SKIP
Archiv und Suchindex stimmen überein (1964 Dokumente).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from haystack.document_stores.types import DocumentStore

from ingest.archive import Archive
from ingest.errors import IndexBusy
from kb.indexer import IndexReport, documents_without_passages, indexed_checksums, sync_index
from kb.passages import split_document


@dataclass
class CheckReport:
    documents: int  # in the archive
    indexed: int  # documents with passages in the index
    missing: list[str] = field(default_factory=list)  # in the archive, not in the index
    changed: list[str] = field(default_factory=list)  # indexed from another version (checksum)
    orphans: list[str] = field(default_factory=list)  # in the index, gone from the archive
    empty: list[str] = field(default_factory=list)  # in the archive without any text: nothing to index
    incomplete: list[str] = field(default_factory=list)  # stored without original or pages: to be ingested again
    mended: IndexReport | None = None  # what the repair did, if it ran

    @property
    def consistent(self) -> bool:
        return not (self.missing or self.changed or self.orphans)

    def summary(self) -> str:
        """One German line for staff (the CLI and the server log)."""
        damaged = (
            f" Unvollständig gespeichert (bitte erneut erfassen): {', '.join(self.incomplete)}." if self.incomplete else ""
        )
        if self.consistent:
            return f"Archiv und Suchindex stimmen überein ({self.documents} Dokumente).{damaged}"
        found = (
            f"Archiv und Suchindex wichen ab (im Index fehlend: {len(self.missing)}, "
            f"veraltet: {len(self.changed)}, verwaist: {len(self.orphans)})"
        )
        if self.mended is None:
            return f"{found}; nicht repariert.{damaged}"
        return f"{found}; repariert: {self.mended.indexed} neu indexiert, {self.mended.removed} entfernt.{damaged}"


def check(
    archive: Archive,
    store: DocumentStore,
    model: str | None = None,
    mend: bool = True,
    on_progress: Callable[[str], None] | None = None,
) -> CheckReport:
    """Compare archive and index by checksums; with `mend`, bring the index in line.

    `model`: the embedding model the index is built with (None: BM25 only). Mending with
    another model than the rest of the index leaves the mended passages without
    comparable vectors, so callers pass the configured one.
    Raises `IndexBusy` if another process is writing the index.
    """
    in_archive = archive.checksums()
    indexed = indexed_checksums(store)
    absent = sorted(in_archive.keys() - indexed.keys())
    # A paper without any text (a blank scan) has no passages: absent from the index by right
    # (stores without a manifest), or recorded there as indexed without a passage.
    recorded_empty = {doc_id for doc_id, _ in documents_without_passages(store)}
    empty = sorted({doc_id for doc_id in absent if _has_no_passages(archive, doc_id)} | (recorded_empty & in_archive.keys()))
    report = CheckReport(
        documents=len(in_archive),
        indexed=len(indexed),
        missing=[doc_id for doc_id in absent if doc_id not in empty],
        changed=sorted(d for d in in_archive.keys() & indexed.keys() if in_archive[d] != indexed[d]),
        orphans=sorted(indexed.keys() - in_archive.keys()),
        empty=empty,
        incomplete=[doc_id for doc_id in in_archive if not archive.is_complete(doc_id)],
    )
    if mend and not report.consistent:
        report.mended = _sync(archive, store, model, on_progress)
    return report


def _has_no_passages(archive: Archive, doc_id: str) -> bool:
    doc = archive.get(doc_id)
    return doc is not None and not split_document(doc)


def _sync(
    archive: Archive, store: DocumentStore, model: str | None, on_progress: Callable[[str], None] | None
) -> IndexReport:
    from whoosh.index import LockError

    try:
        return sync_index(archive, store, model, on_progress=on_progress)
    except LockError as e:
        raise IndexBusy() from e


def startup_check(
    archive: Archive, store: DocumentStore, model: str | None, say: Callable[[str], None]
) -> CheckReport | None:
    """The check `kb ingest` and `kb serve` run first: mend what drifted, tell staff, never stop the start.

    Silent when archive and index agree. If another process is writing the index, it
    says so and leaves the mending to that process or the next start (None).
    """
    try:
        report = check(archive, store, model=model)
    except IndexBusy as e:
        say(f"Hinweis: Prüfung von Archiv und Suchindex übersprungen: {e}")
        return None
    if not report.consistent or report.incomplete:
        say(report.summary())
    return report
