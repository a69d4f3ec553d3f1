"""Import papers from a council's OParl 1.1 system (or a dump of one) into the archive.

    source: OParl endpoint (System or Body URL)  |  dump folder (papers/, meetings/,
            organizations.json, files/<n>.txt)
      → Paper objects (body → `paper` list, `links.next` paging, `modified_since`)
      → per paper, per File: its text (the dump's extracted text, else the downloaded file)
        → `read_document` (the normal text / PDF path: OCR, repair, extraction)
        → OParl metadata laid over what the text gave: name, reference, date, paperType,
          consultations (Gremium + meeting day), related papers
      → all files of the paper stored, or none of them

One document per File, grouped by the paper (`Document.oparl.paper`): a paper's files are
different texts (Vorlage, Stellungnahme, Niederschrift), each with its own pages to cite,
its own checksum and its own original to show; all of them carry the paper's metadata.
A document's id is readable and stable: the paper's reference and the file's number
("2023/1322" + ".../files/665262" → `2023-1322-665262`).

Re-import is incremental: a paper whose `modified` (and, where the text is at hand without a
download, checksum) equals what is stored is skipped. A paper whose download fails is
reported with the reason, nothing of it is stored, and it is remembered in
`<archive>/oparl-retry.json` so the next run fetches it again even with `since`.

>>> report = import_oparl("https://oparl.example.org/", Archive(Path("data")))   # doctest: +SKIP
>>> report = import_oparl(Path("../shared/real/karlsruhe"), archive)             # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Self

from ingest.archive import Archive, slugify
from ingest.errors import IngestError
from ingest.inputs import DEFAULT_MAX_BYTES, SourceFile, read_text_file, sha256
from ingest.lexicon import DomainCounts, Lexicon
from ingest.models import Consultation, Document, OParlRef, Session
from ingest.oparl_sources import (
    DownloadFailed,
    DumpSource,
    HttpSource,
    Source,
    SourceUnavailable,
    file_number,
    is_day,
    open_source,
)
from ingest.pipeline import _Scanned, build_document, read_document, split_text_pages

__all__ = [
    "DownloadFailed", "DumpSource", "HttpSource", "ImportReport", "PaperOutcome", "Source", "SourceUnavailable",
    "document_id", "file_number", "import_oparl", "open_source", "paper_files",
]
log = logging.getLogger(__name__)
Status = Literal["imported", "unchanged", "failed", "deleted", "empty"]
RETRY_FILE = "oparl-retry.json"
FILE_TIMEOUT = 300.0  # seconds for reading one file (OCR of a long scan included)

# OParl roles that say nothing ("unbekannt") are no role.
_NO_ROLE = {"", "unbekannt", "unknown"}


# --- report --------------------------------------------------------------------------------------


@dataclass
class PaperOutcome:
    """What happened to one paper."""

    paper: str  # OParl Paper id
    name: str  # reference and name, as users know the paper
    status: Status
    documents: list[str] = field(default_factory=list)
    error: str | None = None
    missing: list[str] = field(default_factory=list)  # files the dump has no text for


@dataclass
class ImportReport:
    outcomes: list[PaperOutcome] = field(default_factory=list)
    files: int = 0  # files of the papers seen
    # Metadata fields OParl supplied → number of documents; and how often the text's own
    # extraction had already found the same value (a measure of the extraction on real papers).
    from_oparl: Counter[str] = field(default_factory=Counter)
    agreed: Counter[str] = field(default_factory=Counter)

    def count(self, status: Status) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def papers(self) -> int:
        return len(self.outcomes)

    @property
    def imported(self) -> int:
        return self.count("imported")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def failed(self) -> list[PaperOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def documents(self) -> int:
        return sum(len(o.documents) for o in self.outcomes if o.status == "imported")

    @property
    def missing(self) -> list[str]:
        return [f"{o.name}: {m}" for o in self.outcomes for m in o.missing]

    def summary(self) -> str:
        """A German summary for the CLI."""
        lines = [
            (f"{self.papers} Vorlagen, {self.files} Dateien: {self.imported} importiert ({self.documents} Dokumente), "
             f"{self.unchanged} unverändert, {len(self.failed)} fehlgeschlagen")
        ]
        lines += [f"  FEHLER {o.name}: {o.error}" for o in self.failed]
        if self.missing:
            lines.append(f"  {len(self.missing)} Datei(en) ohne Text im Abzug, nicht importiert")
        empty = [o for o in self.outcomes if o.status == "empty"]
        if empty:  # each by name: a paper that is not in the archive is never left out silently
            lines.append(f"  {len(empty)} Vorlage(n) ohne jede Datei mit Text, nicht importiert:")
            lines += [f"    {o.name}" for o in empty]
        return "\n".join(lines)

# --- import --------------------------------------------------------------------------------------


def import_oparl(
    source: str | Path | Source,
    archive: Archive,
    *,
    since: str | None = None,
    on_progress: Callable[[str], None] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    file_timeout: float | None = FILE_TIMEOUT,
    jobs: int | None = None,
) -> ImportReport:
    """Import (or update) the papers of `source` into `archive`; see the module docstring.

    `since` (ISO date or date-time) asks only for papers modified since then; papers that
    failed last time are fetched again regardless. Raises `SourceUnavailable` if the source
    cannot be opened at all; everything else is reported per paper. A file whose reading
    takes longer than `file_timeout` seconds (a pathological text can make the repair
    explode) fails its paper with that reason, so one paper never stalls the whole import.

    `jobs`: processes that read files (repair + metadata, the CPU-bound part) while this
    one fetches, stores and resolves meetings; default: up to 2 (the cores there are). The
    papers are stored in source order whatever `jobs` is, and every process repairs with
    the same lexicon (the archive's at the start), so the documents are the same as with
    `jobs=1` (everything in this process). The readers are forked; a process that already
    runs other threads (a server) spawns them instead, which, as always with multiprocessing,
    needs the calling script's `if __name__ == "__main__":` guard.
    """
    src = open_source(source) if isinstance(source, (str, Path)) else source
    report = ImportReport()
    ids = set(archive.ids())
    seen: set[str] = set()
    # The whole import holds the write lock (one writer) and writes the lexicon once at the end.
    with archive.writing(), archive.lexicon_batch():
        retry = _load_retry(archive)
        lexicon = Lexicon(domain=archive.domain_counts())
        try:
            with tempfile.TemporaryDirectory(prefix="ratsarchiv-oparl-") as scratch, \
                    _Readers(lexicon, _jobs(jobs), max_bytes, file_timeout) as readers:
                pending: deque[_Pending] = deque()

                def finish(job: _Pending) -> None:
                    outcome = job.finish(src, archive, ids, report) if job.outcome.status == "imported" else job.outcome
                    report.outcomes.append(outcome)
                    if outcome.status == "failed":
                        retry[job.paper["id"]] = outcome.error or ""
                        _save_retry(archive, retry)  # now, so an interrupted run still retries it
                    elif retry.pop(job.paper["id"], None) is not None:
                        _save_retry(archive, retry)
                    if on_progress:
                        on_progress(outcome.name)

                def one(paper: dict[str, Any]) -> None:
                    seen.add(paper["id"])
                    pending.append(_start_paper(paper, src, archive, Path(scratch), ids, report, readers))
                    # Finished papers are stored in order; a few wait so that the readers never run dry.
                    while pending and (len(pending) > readers.window or pending[0].done()):
                        finish(pending.popleft())

                try:
                    for paper in src.papers(since):
                        one(paper)
                except DownloadFailed as e:
                    # The list itself broke off: what was imported stays, the rest comes next time.
                    report.outcomes.append(PaperOutcome("", "Vorlagenliste", "failed", error=str(e)))
                for paper_id in [p for p in retry if p not in seen]:
                    try:
                        paper = src.paper(paper_id)
                    except DownloadFailed as e:
                        report.outcomes.append(PaperOutcome(paper_id, paper_id, "failed", error=str(e)))
                        continue
                    if paper is not None:
                        one(paper)
                    else:
                        retry.pop(paper_id)
                while pending:
                    finish(pending.popleft())
        finally:
            _save_retry(archive, retry)
            src.close()
    return report


def document_id(paper: dict[str, Any], file: dict[str, Any]) -> str:
    """`2023-1322-665262`: the paper's reference (else its id's number) and the file's number."""
    base = slugify(paper["reference"]) if paper.get("reference") else f"paper-{slugify(file_number(paper['id']))}"
    number = slugify(file_number(file["id"]))
    return number if number == base or number.startswith(base + "-") else f"{base}-{number}"


def paper_files(paper: dict[str, Any]) -> list[dict[str, Any]]:
    """mainFile first, then auxiliaryFile, each File once."""
    files = ([paper["mainFile"]] if isinstance(paper.get("mainFile"), dict) else []) + [
        f for f in paper.get("auxiliaryFile", []) if isinstance(f, dict)]
    return list({f["id"]: f for f in files if f.get("id")}.values())


def _start_paper(
    paper: dict[str, Any], src: Source, archive: Archive, scratch: Path, ids: set[str], report: ImportReport,
    readers: _Readers,
) -> _Pending:
    """Decide what a paper needs; if its files are to be read, fetch them and hand them to the readers."""
    name = " ".join(x for x in (paper.get("reference"), paper.get("name")) if x)[:160] or paper["id"]
    outcome = PaperOutcome(paper["id"], name, "imported")
    job = _Pending(paper, outcome)
    files = paper_files(paper)
    report.files += len(files)
    if paper.get("deleted"):
        stale = _documents_of(paper, archive, ids)
        for doc_id in stale:
            archive.delete(doc_id)
            ids.discard(doc_id)
        outcome.status, outcome.documents = "deleted", sorted(stale)
        return job
    for file in files:
        if src.has_content(file):
            job.planned.append((file, document_id(paper, file)))
        else:
            outcome.missing.append(file.get("name") or file["id"])
    if not job.planned:
        outcome.status, outcome.error = "empty", "keine Datei mit Inhalt"
        return job
    if _unchanged(paper, job.planned, src, archive):
        outcome.status, outcome.documents = "unchanged", [d for _, d in job.planned]
        return job
    job.workdir = scratch / hashlib.sha1(paper["id"].encode()).hexdigest()[:16]
    job.workdir.mkdir()
    try:
        paths = [src.fetch(file, job.workdir) for file, _ in job.planned]  # all downloads first
    except (DownloadFailed, OSError) as e:
        job.fail(str(e))
        return job
    for i, ((file, _), path) in enumerate(zip(job.planned, paths)):
        as_text = src.local_text(file) is not None or path.suffix == ".txt"
        job.reads.append((path, readers.submit(path, as_text, job.workdir / f"ocr-{i}", file.get("name") or file["id"])))
    return job


@dataclass
class _Pending:
    """A paper on its way: its files being read; stored (all of them, or none) when every read is done."""

    paper: dict[str, Any]
    outcome: PaperOutcome
    planned: list[tuple[dict[str, Any], str]] = field(default_factory=list)  # (File, document id)
    reads: list[tuple[Path, Future]] = field(default_factory=list)  # (fetched file, its Document)
    workdir: Path | None = None

    def done(self) -> bool:
        return all(future.done() for _, future in self.reads)

    def fail(self, error: str) -> None:
        self.outcome.status, self.outcome.error = "failed", error
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def finish(self, src: Source, archive: Archive, ids: set[str], report: ImportReport) -> PaperOutcome:
        """Every file read: only now is anything stored, so a failure leaves the old state."""
        try:
            built = []
            for ((file, doc_id), (path, future)) in zip(self.planned, self.reads):
                document, searchable = future.result()
                built.append((_with_oparl(document, doc_id, self.paper, file, src, report), path, searchable))
            stale = _documents_of(self.paper, archive, ids)
            for document, path, searchable in built:
                archive.put(document, path, searchable)
                ids.add(document.id)
            for doc_id in set(stale) - {d.id for d, _, _ in built}:
                archive.delete(doc_id)  # a file the paper no longer has
                ids.discard(doc_id)
            self.outcome.documents = [d.id for d, _, _ in built]
        except (FileFailed, IngestError, OSError) as e:
            self.outcome.status, self.outcome.error = "failed", str(e)
        except BrokenProcessPool:
            self.outcome.status, self.outcome.error = "failed", "Verarbeitung abgebrochen (Leseprozess beendet)"
        finally:
            if self.workdir is not None:
                shutil.rmtree(self.workdir, ignore_errors=True)
        return self.outcome


def _jobs(jobs: int | None) -> int:
    return max(1, jobs if jobs is not None else min(2, os.cpu_count() or 1))


class _Readers:
    """Where files are read: this process (jobs=1), or a pool of processes that inherit the lexicon.

    Reading (repair + metadata; OCR for a downloaded scan) is CPU-bound Python, so threads
    would not help; storing (fsyncs) and fetching stay in the importing process and overlap
    with the readers. The pool starts on the first file to read (a re-import that finds
    nothing changed starts none).
    """

    def __init__(self, lexicon: Lexicon, jobs: int, max_bytes: int, timeout: float | None):
        self.lexicon, self.jobs, self.max_bytes, self.timeout = lexicon, jobs, max_bytes, timeout
        self.window = 1 if jobs == 1 else 4 * jobs  # papers in flight before the oldest is waited for
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, path: Path, as_text: bool, ocr_dir: Path, name: str) -> Future:
        if self.jobs == 1:
            future: Future = Future()
            try:
                future.set_result(_read(path, as_text, ocr_dir, self.lexicon, self.max_bytes, self.timeout, name))
            except Exception as e:  # noqa: BLE001 - handed on to the paper, which reports it
                future.set_exception(e)
            return future
        if self._pool is not None and getattr(self._pool, "_broken", False):
            # A reader died (killed, out of memory): its papers fail with the reason; a new pool reads on.
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        if self._pool is None:
            _WORKER_LEXICON[:] = [self.lexicon]
            # fork: the workers inherit the lexicon as it is (built once, caches included). A
            # process with other threads (a server in the same process) forks a clean server instead.
            context = multiprocessing.get_context(
                "fork" if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()
                else "spawn")
            forked = context.get_start_method() == "fork"
            self._pool = ProcessPoolExecutor(self.jobs, mp_context=context, initializer=_init_worker,
                                             initargs=(None if forked else self.lexicon.domain,))
        return self._pool.submit(_read_in_worker, path, as_text, ocr_dir, self.max_bytes, self.timeout, name)


_WORKER_LEXICON: list[Lexicon] = []  # the lexicon a reader process repairs with


def _init_worker(domain: DomainCounts | None) -> None:
    if domain is not None:  # a spawned process builds the same lexicon (a Lexicon's caches don't pickle)
        _WORKER_LEXICON[:] = [Lexicon(domain=domain)]


def _read_in_worker(path: Path, as_text: bool, ocr_dir: Path, max_bytes: int, timeout: float | None,
                    name: str) -> tuple[Document, Path | None]:
    return _read(path, as_text, ocr_dir, _WORKER_LEXICON[0], max_bytes, timeout, name)


def _read(path: Path, as_text: bool, ocr_dir: Path, lexicon: Lexicon, max_bytes: int, timeout: float | None,
          name: str) -> tuple[Document, Path | None]:
    """One fetched file → its `Document` (not yet with OParl's metadata), within the time limit.

    A failure is a `FileFailed` with the reason: it crosses from a reader process unchanged
    (an `IngestError` would be rebuilt from its message and say its reason twice).
    """
    try:
        with _time_limit(timeout, name):
            if as_text:
                return _text_document(path, lexicon), None
            ocr_dir.mkdir()
            return read_document(path, lexicon, ocr_dir, max_bytes)
    except (IngestError, OSError, FileTimeout) as e:
        raise FileFailed(str(e)) from None


class FileTimeout(Exception):
    """Reading one file took longer than the import allows."""


class FileFailed(Exception):
    """A file of a paper could not be read; `str()` is the reason, for staff."""


@contextmanager
def _time_limit(seconds: float | None, what: str) -> Iterator[None]:
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise FileTimeout(f"Verarbeitung von „{what}“ nach {seconds:.0f} s abgebrochen")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _text_document(path: Path, lexicon: Lexicon) -> Document:
    """Extracted text the source vouches for, read through the normal plain-text path.

    Not sniffed by `inspect_file`: a dump's text is text even where extraction left many
    unprintable glyphs (which the sniffing, made for unknown uploads, would refuse).
    """
    pages = split_text_pages(read_text_file(path))
    source = SourceFile(path, "text/plain", sha256(path), path.stat().st_size)
    return build_document(_Scanned(source, pages, ["plain-text"] * len(pages), [None] * len(pages), None), lexicon)


def _documents_of(paper: dict[str, Any], archive: Archive, ids: set[str]) -> list[str]:
    """Stored documents of this paper (ids share the paper's prefix; the record says for sure)."""
    prefix = document_id(paper, {"id": "x"})[: -len("x")]
    found = []
    for doc_id in ids:
        if doc_id.startswith(prefix):
            doc = archive.get(doc_id)
            if doc is not None and doc.oparl is not None and doc.oparl.paper == paper["id"]:
                found.append(doc_id)
    return found


def _unchanged(paper: dict[str, Any], planned: list[tuple[dict[str, Any], str]], src: Source, archive: Archive) -> bool:
    for file, doc_id in planned:
        stored = archive.get(doc_id)
        if stored is None or stored.oparl is None or stored.oparl.modified != paper.get("modified"):
            return False
        local = src.local_text(file)
        if local is not None and sha256(local) != stored.checksum:
            return False
    return True


def _with_oparl(
    doc: Document, doc_id: str, paper: dict[str, Any], file: dict[str, Any], src: Source, report: ImportReport,
) -> Document:
    """OParl's metadata over what the text gave: OParl is the truth where it has a value."""
    md = doc.metadata
    date = paper.get("date") if is_day(paper.get("date")) else None
    for key, value, extracted in (
        ("title", paper.get("name"), md.title),
        ("vorlage_number", paper.get("reference"), md.vorlage_number),
        ("date", date, md.date),
        ("doc_type", paper.get("paperType"), md.doc_type),
    ):
        if value:
            setattr(md, key, value)
            report.from_oparl[key] += 1
            report.agreed[key] += extracted == value
    consultations = _consultations(paper, src)
    if consultations:
        extracted_bodies = {c.body for c in md.consultations} | set(md.bodies)
        md.consultations = consultations
        md.bodies = list(dict.fromkeys([*(c.body for c in consultations), *md.bodies]))
        md.session = _session(paper, consultations) or md.session
        report.from_oparl["consultations"] += 1
        report.agreed["consultations"] += all(c.body in extracted_bodies for c in consultations)
    md.visibility = "öffentlich"  # what a council's OParl system publishes is public
    related = tuple(dict.fromkeys(
        r for key in ("relatedPaper", "superordinatedPaper", "subordinatedPaper") for r in paper.get(key, []) or []
        if isinstance(r, str)))
    if related:
        report.from_oparl["related"] += 1
    doc.id = doc_id
    doc.origin = file["id"]
    if src.local_text(file) is None and file.get("fileName"):
        doc.source = file["fileName"]
    doc.oparl = OParlRef(paper=paper["id"], file=file["id"], body=paper.get("body"), modified=paper.get("modified"),
                         related=related)
    return doc


def _consultations(paper: dict[str, Any], src: Source) -> list[Consultation]:
    """The Beratungsfolge: one entry per consulting Gremium, with its meeting's day."""
    found: list[Consultation] = []
    for c in paper.get("consultation", []) or []:
        if not isinstance(c, dict):
            continue
        meeting = src.meeting(c["meeting"]) if isinstance(c.get("meeting"), str) else None
        day = meeting["start"][:10] if meeting and is_day(str(meeting.get("start", ""))[:10]) else None
        public = None
        for item in (meeting or {}).get("agendaItem", []) or []:
            if isinstance(item, dict) and c.get("agendaItem") and item.get("id") == c.get("agendaItem"):
                public = item.get("public")
        org_ids = c.get("organization") or (meeting or {}).get("organization") or []
        names = [o["name"] for o in (src.organization(i) for i in org_ids if isinstance(i, str)) if o and o.get("name")]
        role = c.get("role") if str(c.get("role") or "").strip().lower() not in _NO_ROLE else None
        for body in dict.fromkeys(names):
            found.append(Consultation(body=body, date=day, role=role, public=public, meeting=c.get("meeting")))
    return sorted(found, key=lambda c: (c.date or "9999", c.body))


def _session(paper: dict[str, Any], consultations: list[Consultation]) -> Session | None:
    """The session a paper is for: the deciding (authoritative) consultation, else the last dated one."""
    authoritative = {c.get("meeting") for c in paper.get("consultation", []) or []
                     if isinstance(c, dict) and c.get("authoritative")}
    dated = [c for c in consultations if c.date]
    chosen = [c for c in dated if c.meeting in authoritative] or dated
    if not chosen:
        return None
    return Session(body=chosen[-1].body, date=chosen[-1].date)

# --- helpers -------------------------------------------------------------------------------------


def _load_retry(archive: Archive) -> dict[str, str]:
    path = archive.root / RETRY_FILE
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def _save_retry(archive: Archive, retry: dict[str, str]) -> None:
    path = archive.root / RETRY_FILE
    if not retry:
        path.unlink(missing_ok=True)
        return
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(retry, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)
