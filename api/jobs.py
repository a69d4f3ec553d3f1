"""Background work for the API: ingest of uploaded files and re-indexing, one job at a time.

OCR takes seconds per page, so an upload is answered at once with a job id and the work
runs here, on one worker thread: the archive and the index have one writer, and the two
CPU cores stay free enough for searches. Deletes take the same lock (`Library.write_lock`), so no write overlaps
another. A document is searchable when its job is "done": the index commit is what the
shared store sees on its next query (it reloads a new generation itself).
"""

from __future__ import annotations

import logging
import queue
import re
import shutil
import threading
import uuid
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field

from kb.library import Library
from kb.records import to_json

# An absolute path in a message (a server's folders are nobody's business): kept is its last part.
_PATH = re.compile(r"""(?<![\w.~-])(?:/[^\s/'"“”„:]+)*/([^\s/'"“”„:]+)""")


def without_paths(message: str) -> str:
    """A message for clients: every absolute path replaced by its file name.

    >>> without_paths("Datei /srv/data/uploads/ab12/scan.pdf ist beschädigt")
    'Datei scan.pdf ist beschädigt'
    """
    return _PATH.sub(lambda m: m.group(1), message)

log = logging.getLogger(__name__)

Status = Literal["queued", "running", "done", "failed"]
Kind = Literal["ingest", "reindex", "related"]
KEEP_JOBS = 1000  # finished jobs remembered for GET /jobs/{id}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class Job:
    id: str
    kind: Kind
    status: Status = "queued"
    progress: float = 0.0  # 0..1
    stage: str = "wartet"  # what is happening, for staff
    filename: str | None = None  # the name the client gave (shown only, never used as a path)
    document: str | None = None
    result: dict[str, Any] | None = None
    error: str | None = None
    created: str = field(default_factory=_now)
    finished: str | None = None
    path: Annotated[Path | None, Field(exclude=True)] = None  # the stored upload (internal)
    rebuild: Annotated[bool, Field(exclude=True)] = False
    top_k: Annotated[int, Field(exclude=True)] = 10  # of a "related" job


class JobQueue:
    """Jobs run one at a time on one worker thread; the writes themselves are `Library`'s."""

    def __init__(self, library: Library, max_bytes: int):
        self.library = library
        self.max_bytes = max_bytes
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._thread: threading.Thread | None = None

    # --- lifecycle ---------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="ratsarchiv-jobs", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout)
            self._thread = None

    # --- submitting and reading jobs ------------------------------------------------------

    def submit_upload(self, path: Path, filename: str | None, document: str) -> Job:
        return self._submit(Job(id=uuid.uuid4().hex, kind="ingest", filename=filename, document=document, path=path))

    def submit_related(self, path: Path, filename: str | None, top_k: int = 10) -> Job:
        """Related papers of a file sent (POST /related), read (OCR) here, not in the request;
        computed with the right to see non-public papers (only keyed callers may submit it)."""
        return self._submit(Job(id=uuid.uuid4().hex, kind="related", filename=filename, path=path, top_k=top_k))

    def submit_reindex(self, rebuild: bool = False) -> Job:
        return self._submit(Job(id=uuid.uuid4().hex, kind="reindex", rebuild=rebuild))

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def ingesting(self, document: str) -> bool:
        """Is an upload of this document id queued or running? (A second one must not replace it unasked.)"""
        return any(j.kind == "ingest" and j.document == document and j.status in ("queued", "running")
                   for j in list(self._jobs.values()))

    def pending(self) -> int:
        return sum(j.status in ("queued", "running") for j in self._jobs.values())

    def _submit(self, job: Job) -> Job:
        self._jobs[job.id] = job
        while len(self._jobs) > KEEP_JOBS:
            oldest = next(iter(self._jobs))
            if self._jobs[oldest].status in ("queued", "running"):
                break
            self._jobs.pop(oldest)
        self._queue.put(job)
        return job

    # --- the worker ---------------------------------------------------------------------

    def _work(self) -> None:
        while (job := self._queue.get()) is not None:
            job.status, job.progress = "running", 0.05
            try:
                if job.kind == "ingest":
                    self._ingest(job)
                elif job.kind == "related":
                    self._related(job)
                else:
                    self._reindex(job)
                job.status, job.progress, job.stage = "done", 1.0, "fertig"
            except Exception as e:  # a job must never kill the worker; the reason goes to the client
                log.exception("Auftrag %s fehlgeschlagen", job.id)
                job.status, job.stage = "failed", "fehlgeschlagen"
                job.error = without_paths(job.error or f"Interner Fehler ({type(e).__name__}: {e})")
            finally:
                job.finished = _now()
                if job.path is not None:
                    shutil.rmtree(job.path.parent, ignore_errors=True)

    def _ingest(self, job: Job) -> None:
        assert job.path is not None
        job.stage = "Texterkennung, Korrektur und Indexierung"
        # The upload's id was promised in the 202 answer: it holds even where another file
        # already had that name (a replace keeps the document's identity).
        result = self.library.ingest([job.path], max_bytes=self.max_bytes, ids={job.path: job.document})
        if result.report.failed:
            job.error = without_paths(result.report.failed[0].error or "Datei konnte nicht erfasst werden")
            raise RuntimeError(job.error)
        outcome = result.report.outcomes[0]
        job.result = {
            "document": outcome.document_id,
            "status": outcome.status,  # "ingested" or "unchanged" (same checksum as before)
            "pages": outcome.pages,
            "ocr_pages": outcome.ocr_pages,
            "repaired_words": outcome.repaired_words,
            "indexed_passages": result.index.passages if result.index else 0,
        }

    def _related(self, job: Job) -> None:
        assert job.path is not None
        job.stage = "Datei lesen (Texterkennung) und verwandte Unterlagen suchen"
        document = self.library.read_file(job.path, max_bytes=self.max_bytes)
        job.result = to_json(self.library.related_list(document, job.top_k, internal=True))

    def _reindex(self, job: Job) -> None:
        job.stage = "Indexierung"
        job.result = asdict(self.library.sync_index(rebuild=job.rebuild))
