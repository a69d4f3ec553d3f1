"""The front door of the knowledge base: one object the CLI, the API, jobs, tests and benchmarks call.

    Library(data_dir, model="e5")
      ├─ archive   ingest.archive.Archive (documents, originals, page texts)
      ├─ store     the passage index (kb.backends.open_store)
      ├─ searcher  one warmed-up hybrid search pipeline (kb.search.Searcher), shared by
      ├─ answerer  kb.answers.Answerer   (built on first use; e5 is loaded once per process)
      └─ linker    kb.links.Linker       (rebuilt when the archive changed, on the shared searcher)

>>> library = Library(Path("data"))                                          # doctest: +SKIP
>>> library.ingest([Path("corpus")]).index.indexed                           # doctest: +SKIP
>>> library.search("Sozialplanung", Filters.parse(date_from="2019")).hits    # doctest: +SKIP

Thin on purpose: each method composes existing kb/ingest functions. Errors a caller can
cause are `kb.errors` classes (German message, HTTP status, exit code).
"""

from __future__ import annotations

import logging
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from haystack.document_stores.types import DocumentStore

from ingest.archive import Archive, slugify
from ingest.inputs import DEFAULT_MAX_BYTES
from ingest.lexicon import Lexicon
from ingest.models import Document, Page
from ingest.oparl import ImportReport, import_oparl
from ingest.oparl_sources import SourceUnavailable
from ingest.pipeline import Report, collect_files, ingest_paths, read_document
from kb.backends import replace_passages
from kb.card import PaperCard, paper_card, title_of
from kb.check import CheckReport, check, startup_check
from kb.embedders import DEFAULT_MODEL, document_embedder
from kb.errors import BadRequest, NotFound, Unavailable
from kb.evidence import Answer
from kb.filters import NON_PUBLIC, Filters, query_text
from kb.indexer import IndexReport, documents_without_passages, index_document, open_store, sync_index
from kb.links import Related, RelatedList, Timeline
from kb.oparl import Catalogue
from kb.pipelines import Mode
from kb.records import BodyCount, Count, DocumentDetail, DocumentList
from kb.search import Searcher, SearchPage, SearchResult

log = logging.getLogger(__name__)
PUBLIC = "öffentlich"


def visible(visibility: str) -> bool:
    """Whether a viewer without the right to non-public papers may see a paper of this visibility."""
    return visibility != NON_PUBLIC
SEARCHABLE_PDF = "searchable.pdf"  # ingest.archive's name for the OCR'd PDF beside the original


@dataclass
class IngestResult:
    """What `Library.ingest` did: the files (read, stored, failed, skipped, missing) and the index update."""

    report: Report
    index: IndexReport | None = None
    missing: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.report.failed or self.missing)


@dataclass
class OriginalFile:
    """A file of the archive to send: where it is, its media type, the name to offer."""

    path: Path
    media_type: str
    filename: str


class Library:
    def __init__(self, data_dir: Path | str, model: str | None = DEFAULT_MODEL, store: DocumentStore | None = None):
        self.root = Path(data_dir)
        self.archive = Archive(self.root)
        self.store = store if store is not None else open_store(self.root)
        self.model = model  # None: BM25 only (no embeddings, e.g. for quick tests and samples)
        self.write_lock = threading.RLock()  # one writer of archive and index at a time
        self._lock = threading.Lock()
        self._searchers: dict[str, Searcher] = {}
        self._answerer: Any = None
        self._linkers: dict[bool, tuple[int, Any]] = {}  # internal? → (archive stamp, Linker)
        self._cards: list[PaperCard] = []
        self._cards_by_id: dict[str, PaperCard] = {}  # the same cards by id (titles of evidence, per answer)
        self._cards_stamp: int | None = None
        self._catalogue: tuple[int, Catalogue] | None = None  # (archive stamp, OParl objects)
        self._catalogue_lock = threading.Lock()
        self.errors: dict[str, str] = {}  # part → why it could not be built (answers, links)

    # --- the parts, built once ------------------------------------------------------------------

    def searcher(self, mode: Mode | None = None) -> Searcher:
        mode = mode or ("hybrid" if self.model else "bm25")
        with self._lock:
            if mode not in self._searchers:
                self._searchers[mode] = Searcher(self.store, mode=mode, model=self.model or DEFAULT_MODEL)
            return self._searchers[mode]

    def answerer(self) -> Any:
        """The answer pipeline; `Unavailable` (503) with the reason if it cannot be built."""
        if self._answerer is None:
            from kb.answers import Answerer

            self._answerer = self._build("answers", "Die Antwortfunktion ist nicht verfügbar",
                                         lambda: Answerer(self.store, self.archive, model=self.model))
        return self._answerer

    def linker(self, internal: bool = False) -> Any:
        """Links over the archive as it is now: rebuilt when documents came or went (also by
        another process), on the shared search pipeline. `internal`: over all papers, else
        over the public ones only (built on first use each)."""
        from kb.links import Linker

        stamp = self.stamp()
        built = self._linkers.get(internal)
        if built is None or built[0] != stamp:
            linker = self._build("links", "Verweise und Zeitleisten sind nicht verfügbar",
                                 lambda: Linker(self.archive, self.store, self.model or DEFAULT_MODEL,
                                                searcher=self.searcher(), internal=internal))
            self._linkers[internal] = built = (stamp, linker)
        return built[1]

    def _build(self, part: str, what: str, build: Callable[[], Any]) -> Any:
        try:
            built = build()
        except Exception as e:  # reported per request; search and documents keep working
            log.warning("%s: %s", what, e)
            self.errors[part] = f"{type(e).__name__}: {e}"
            raise Unavailable(f"{what} ({self.errors[part]})") from e
        self.errors.pop(part, None)
        return built

    def ready(self, part: str) -> bool:
        return {"answers": self._answerer, "links": self._linkers.get(False)}[part] is not None

    def warm_up(self) -> None:
        """Build what the first requests need; a part that fails stays reported, the rest runs."""
        prepare = getattr(self.store, "prepare", None)
        if prepare is not None:
            # An index copied in or left by a cut-short build: its columns, ANN and posting arrays are built
            # here, at the server's start, not by the first query (22.9 s at 100,000 documents).
            prepare()
        self.summaries()
        self.searcher()
        for build in (self.answerer, self.linker):
            try:
                build()
            except Unavailable:
                pass

    def oparl_catalogue(self) -> Catalogue:
        """The archive as OParl objects (`kb.oparl`), rebuilt only when the archive changed."""
        stamp = self.stamp()
        with self._catalogue_lock:
            if self._catalogue is None or self._catalogue[0] != stamp:
                self._catalogue = (stamp, Catalogue.build(self.archive))
            return self._catalogue[1]

    def stamp(self) -> int:
        """Changes whenever a document is stored or removed, by this process or another
        (`kb ingest` beside a running server): the documents folder's modification time."""
        return self.archive.documents_dir.stat().st_mtime_ns

    # --- writing ---------------------------------------------------------------------------------

    def ingest(
        self, paths: Iterable[Path], *, max_bytes: int = DEFAULT_MAX_BYTES, index: bool = True,
        on_progress: Callable[[int, int], None] | None = None, jobs: int | None = None,
        ids: dict[Path, str] | None = None, workers: int | None = None, scheduler: str | None = None,
    ) -> IngestResult:
        """Files and folders into the archive, then the index brought up to date: one report.

        `workers` (a LocalCluster of that many processes) or `scheduler` (the address of a
        Dask cluster): the per-file work (reading, OCR, repair, metadata) runs on Dask
        workers and this process alone stores (`ingest.distributed`); the result equals a
        serial run. Without them the serial path runs and Dask is never imported.
        """
        paths = list(paths)
        missing = [p for p in paths if not p.exists()]
        files, skipped = collect_files(p for p in paths if p.exists())
        done = 0

        def progress(_: Path) -> None:
            nonlocal done
            done += 1
            if on_progress:
                on_progress(done, len(files))

        with self.write_lock:
            if workers or scheduler:
                from ingest.distributed import dask_client, ingest_paths_distributed

                from kb.distributed_index import passages_on_workers

                with dask_client(workers, scheduler) as client:
                    report = ingest_paths_distributed(
                        files, self.archive, client, max_bytes=max_bytes, on_progress=progress, ids=ids
                    )
                    # Passages and embeddings of what was stored, on the workers too; the
                    # writer commits them (sync_index) as it commits the documents.
                    stored = [o.document_id for o in report.outcomes if o.status == "ingested" and o.document_id]
                    prepared = passages_on_workers(client, self.archive, stored, self.model) if index else None
            else:
                report, prepared = ingest_paths(
                    files, self.archive, max_bytes=max_bytes, on_progress=progress, jobs=jobs, ids=ids
                ), None
            report.skipped = skipped
            result = IngestResult(report, missing=missing)
            if index:
                with self.write_lock:
                    result.index = sync_index(self.archive, self.store, self.model, prepared=prepared)
        return result

    def import_oparl(
        self, source: str | Path, *, since: str | None = None, index: bool = True,
        on_progress: Callable[[str], None] | None = None,
    ) -> tuple[ImportReport, IndexReport | None]:
        """Papers of a council's OParl system (URL) or OParl dump (folder) into the archive
        (`ingest.oparl`), then the index brought up to date. A source that cannot be read at
        all is a `BadRequest`; failures of single papers are in the report."""
        with self.write_lock, self.archive.writing():
            try:
                report = import_oparl(source, self.archive, since=since, on_progress=on_progress)
            except SourceUnavailable as e:
                raise BadRequest(str(e)) from e
            return report, (self.sync_index() if index else None)

    def sync_index(self, rebuild: bool = False) -> IndexReport:
        with self.write_lock:
            return sync_index(self.archive, self.store, self.model, rebuild=rebuild)

    def check(self, mend: bool = True, say: Callable[[str], None] | None = None) -> CheckReport | None:
        """Archive and index compared by checksums (`kb.check`); drift mended unless `mend=False`.

        With `say`, the start-up form: silent when all agree, tells staff what it mended, and
        skips (None) while another process writes the index."""
        with self.write_lock:
            if say is not None:
                return startup_check(self.archive, self.store, self.model, say)
            return check(self.archive, self.store, self.model, mend=mend)

    def without_passages(self) -> list[tuple[str, str]]:
        """Indexed documents whose text gave no passage, with the reason (cheap: the manifest)."""
        return documents_without_passages(self.store)

    def set_visibility(self, ref: str, visibility: str) -> Document:
        """Override a document's visibility ("öffentlich" or "nichtöffentlich") in its archive
        record and re-index its passages (their `visibility` field is what searches filter on)."""
        if visibility not in (PUBLIC, NON_PUBLIC):
            raise BadRequest(f"Sichtbarkeit „{visibility}“ gibt es nicht: „{PUBLIC}“ oder „{NON_PUBLIC}“")
        with self.write_lock:
            doc = self.archive.set_visibility(self.document(ref, internal=True).id, visibility)
            if doc is None:
                raise NotFound(f"Dokument „{ref}“ nicht gefunden")
            index_document(doc, self.store, document_embedder(self.model) if self.model else None)
        return doc

    def delete(self, doc_id: str) -> None:
        """Remove a document from archive and index at once; `NotFound` if there is none."""
        with self.write_lock:
            if not self.archive.delete(doc_id):
                raise NotFound(f"Dokument „{doc_id}“ nicht gefunden")
            replace_passages(self.store, doc_id, [])

    # --- reading documents --------------------------------------------------------------------------

    def read_file(self, path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
        """A file not (yet) in the archive, read and repaired like `ingest` does, but not stored."""
        return read_file(path, self.archive, max_bytes)

    def has(self, doc_id: str) -> bool:
        return self.archive.get(doc_id) is not None

    @property
    def uploads_dir(self) -> Path:
        """Where a server keeps uploads until their ingest job has run (emptied by the job)."""
        return self.root / "uploads"

    def document(self, ref: str, internal: bool = False) -> Document:
        """An archived document by id (or by its file name, as staff type it); `NotFound` otherwise.

        A non-public document is `NotFound` too unless `internal` (the viewer may see it): the same
        answer as for one that does not exist, so its existence is not revealed.
        """
        # Only an id (ids are slugs) is a folder name: "../x" or a NUL byte never reach the file system.
        doc = self.archive.get(ref) if slugify(ref) == ref else None
        if doc is None and Path(ref).exists():  # a file staff name: the document of that path
            doc = self.archive.get(self.archive.id_for_origin(str(Path(ref).resolve()), Path(ref).stem))
        doc = doc or self.archive.get(slugify(Path(ref).stem))
        if doc is None or not (internal or visible(doc.metadata.visibility)):
            raise NotFound(f"Dokument „{ref}“ nicht gefunden")
        return doc

    def detail(self, ref: str, internal: bool = False) -> DocumentDetail:
        doc = self.document(ref, internal)
        return DocumentDetail(doc.id, title_of(doc), doc.source, doc.checksum, doc.media_type, doc.ingested_at,
                              self.searchable_pdf(doc.id) is not None, doc.metadata, doc.pages)

    def page(self, ref: str, number: int, internal: bool = False) -> Page:
        doc = self.document(ref, internal)
        if not 1 <= number <= len(doc.pages):
            raise NotFound(f"Seite {number} gibt es nicht: das Dokument hat {len(doc.pages)} Seite(n)")
        return doc.pages[number - 1]

    def searchable_pdf(self, doc_id: str) -> Path | None:
        path = self.archive.path_of(doc_id) / SEARCHABLE_PDF
        return path if path.exists() else None

    def original(self, ref: str, searchable: bool = False, internal: bool = False) -> OriginalFile:
        """The file as it came (PDF or text), or the PDF with the OCR text layer."""
        doc = self.document(ref, internal)
        if searchable:
            path = self.searchable_pdf(doc.id)
            if path is None:
                raise NotFound("Für dieses Dokument gibt es keine durchsuchbare PDF (es wurde keine Texterkennung ausgeführt)")
            return OriginalFile(path, "application/pdf", f"{Path(doc.source).stem}-durchsuchbar.pdf")
        path = self.archive.original(doc.id)
        if path is None:
            raise NotFound(f"Die Originaldatei von „{doc.id}“ fehlt im Archiv")
        media = "application/pdf" if path.suffix == ".pdf" else "text/plain; charset=utf-8"
        return OriginalFile(path, media, doc.source)

    # --- lists -------------------------------------------------------------------------------------

    def summaries(self, filters: Filters | None = None, internal: bool = False) -> list[PaperCard]:
        """Cards of the archived documents the viewer may see (newest first), reread when the archive changed.

        With `filters`, their `internal` decides (the filters are the viewer's); else `internal`.
        """
        stamp = self.stamp()
        with self._lock:
            if stamp != self._cards_stamp:
                cards = (paper_card(d) for d in self.archive)
                self._cards = sorted(cards, key=lambda c: (c.sort_date or "", c.id), reverse=True)
                self._cards_by_id = {c.id: c for c in self._cards}
                self._cards_stamp = stamp
            cards = self._cards
        if filters is not None:
            return [c for c in cards if filters.accepts(c)]
        return cards if internal else [c for c in cards if visible(c.visibility)]

    def documents(self, filters: Filters | None = None, page: int = 1, size: int = 50) -> DocumentList:
        chosen = self.summaries(filters)
        offset = (page - 1) * size
        return DocumentList(chosen[offset : offset + size], len(chosen), page, size)

    def bodies(self, internal: bool = False) -> list[BodyCount]:
        """Gremien: documents of their sessions, documents naming them; most sessions first."""
        sessions: Counter[str] = Counter()
        mentioned: Counter[str] = Counter()
        for c in self.summaries(internal=internal):
            if c.session_body:
                sessions[c.session_body] += 1
            mentioned.update(set(c.bodies) | ({c.session_body} if c.session_body else set()))
        names = sorted(mentioned, key=lambda n: (-sessions[n], -mentioned[n], n))
        return [BodyCount(n, sessions[n], mentioned[n]) for n in names]

    def topics(self, internal: bool = False) -> list[Count]:
        from ingest.metadata import TOPICS

        counts: Counter[str] = Counter(t for c in self.summaries(internal=internal) for t in c.topics)
        names = sorted(set(TOPICS) | set(counts), key=lambda n: (-counts[n], n))
        return [Count(n, counts[n]) for n in names]

    # --- search, answers, links -------------------------------------------------------------------

    # The viewer's right travels in `Filters.internal` (default: public papers only).

    def search(self, query: str, filters: Filters | None = None, top_k: int = 10, mode: Mode | None = None) -> SearchResult:
        query = query_text(query)  # checked before the searcher (and its model) is loaded
        return self.searcher(mode).search(query, filters, top_k=top_k)

    def search_page(self, query: str, filters: Filters | None = None, page: int = 1, size: int = 10) -> SearchPage:
        """One page of the result window (the window searched whole, so `total` is stable across pages)."""
        from kb.records import MAX_WINDOW

        return self.search(query, filters, top_k=MAX_WINDOW).paged(page, size)

    def ask(self, question: str, filters: Filters | None = None) -> Answer:
        question = query_text(question, "Die Frage")
        answer = self.answerer().ask(question, filters)
        # Evidence is titled from the passage fields; the card's title is the one lists and hits show.
        self.summaries(internal=True)  # the cards brought up to date; only titles of evidence already filtered
        cards = self._cards_by_id  # built once per archive change, not per answer (~9 ms at 5,500 papers)
        answer.evidence = [replace(e, title=cards[e.document].title) if e.document in cards else e for e in answer.evidence]
        return answer

    def related(self, doc: str | Document, top_k: int = 10, internal: bool = False) -> list[Related]:
        """Earlier papers `doc` builds on; `doc` an archived id or a Document read by `read_file`."""
        document = self.document(doc, internal) if isinstance(doc, str) else doc
        return self.linker(internal).related(document, top_k=top_k)

    def related_list(self, doc: str | Document, top_k: int = 10, internal: bool = False) -> RelatedList:
        document = self.document(doc, internal) if isinstance(doc, str) else doc
        name = document.id if isinstance(doc, str) else title_of(document)
        return RelatedList(name, self.related(document, top_k, internal))

    def timeline(self, document: str | None = None, query: str | None = None, internal: bool = False) -> Timeline:
        """The matter of an archived document, or of the best hit for `query`."""
        if document:
            doc_id = self.document(document, internal).id
            return self.linker(internal).timeline(document_id=doc_id)
        if not query:
            raise BadRequest("Bitte „document“ (Dokument-ID) oder „q“ (Suchbegriffe) angeben")
        return self.linker(internal).timeline(query=query_text(query))


def read_file(path: Path, archive: Archive, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """A file read and repaired with the archive's vocabulary, in a scratch folder that is removed."""
    with tempfile.TemporaryDirectory(prefix="ratsarchiv-") as scratch:
        document, _ = read_document(Path(path), Lexicon(domain=archive.domain_counts()), Path(scratch), max_bytes=max_bytes)
    return document
