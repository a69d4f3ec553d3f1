"""What the API shares between requests: archive, index, search, answers, links, jobs.

Built once when the app starts. Answers (`kb.answers`) and links (`kb.links`) are built on
first use: if one fails to build, the rest of the service still runs and the routes that
need it answer 503 with the reason; each later request tries again.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from haystack.document_stores.types import DocumentStore

from api.config import Settings
from api.jobs import JobQueue
from ingest.archive import Archive
from ingest.models import Document
from kb.indexer import open_store
from kb.search import Searcher

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Summary:
    """A document as lists show it (no page text)."""

    id: str
    title: str
    source: str
    media_type: str
    doc_type: str | None
    date: str | None
    sort_date: str | None
    year: int | None
    session_body: str | None
    session_date: str | None
    vorlage_number: str | None
    bodies: tuple[str, ...]
    topics: tuple[str, ...]
    pages: int
    ingested_at: str

    @classmethod
    def of(cls, doc: Document) -> Summary:
        md = doc.metadata
        session_date = md.session.date if md.session else None
        sort_date = md.date or session_date
        return cls(
            id=doc.id,
            title=md.title or doc.source,
            source=doc.source,
            media_type=doc.media_type,
            doc_type=md.doc_type,
            date=md.date,
            sort_date=sort_date,
            year=int(sort_date[:4]) if sort_date else None,
            session_body=md.session.body if md.session else None,
            session_date=session_date,
            vorlage_number=md.vorlage_number,
            bodies=tuple(md.bodies),
            topics=tuple(md.topics),
            pages=len(doc.pages),
            ingested_at=doc.ingested_at,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "source": self.source, "media_type": self.media_type,
            "doc_type": self.doc_type, "date": self.date, "session_body": self.session_body,
            "session_date": self.session_date, "vorlage_number": self.vorlage_number,
            "topics": list(self.topics), "bodies": list(self.bodies), "year": self.year, "pages": self.pages,
            "ingested_at": self.ingested_at,
        }


class Catalog:
    """Summaries of all archived documents, reread when the archive changed on disk.

    The documents folder's mtime changes whenever a document is renamed into place or
    removed, also by a `kb ingest` in another process, so checking it is enough.
    """

    def __init__(self, archive: Archive):
        self.archive = archive
        self._lock = threading.Lock()
        self._stamp: int | None = None
        self._items: list[Summary] = []

    def summaries(self) -> list[Summary]:
        with self._lock:
            stamp = self.archive.documents_dir.stat().st_mtime_ns
            if stamp != self._stamp:
                self._items = sorted((Summary.of(d) for d in self.archive), key=lambda s: (s.sort_date or "", s.id), reverse=True)
                self._stamp = stamp
            return self._items

    def invalidate(self) -> None:
        with self._lock:
            self._stamp = None

    def bodies(self) -> list[dict[str, Any]]:
        sessions: Counter[str] = Counter()
        mentioned: Counter[str] = Counter()
        for s in self.summaries():
            if s.session_body:
                sessions[s.session_body] += 1
            mentioned.update(set(s.bodies) | ({s.session_body} if s.session_body else set()))
        names = sorted(mentioned, key=lambda n: (-sessions[n], -mentioned[n], n))
        return [{"name": n, "documents": sessions[n], "mentioned": mentioned[n]} for n in names]

    def topics(self) -> list[dict[str, Any]]:
        from ingest.metadata import TOPICS

        counts: Counter[str] = Counter(t for s in self.summaries() for t in s.topics)
        names = sorted(set(TOPICS) | set(counts), key=lambda n: (-counts[n], n))
        return [{"name": n, "documents": counts[n]} for n in names]


class LazyComponent:
    """A component built on first use (answers, links: each loads a pipeline); a build error is
    kept and reported as 503 by the routes that need it, the rest of the API stays up."""

    def __init__(self, name: str, build: Callable[[], Any]):
        self.name = name
        self._build = build
        self._lock = threading.Lock()
        self._value: Any = None
        self.error: str | None = None

    def get(self) -> Any:
        if self._value is None:
            with self._lock:
                if self._value is None:
                    try:
                        self._value = self._build()
                        self.error = None
                    except Exception as e:  # reported per request; search and documents keep working
                        log.warning("%s nicht verfügbar: %s", self.name, e)
                        self.error = f"{type(e).__name__}: {e}"
        return self._value

    @property
    def ready(self) -> bool:
        return self._value is not None

    def reset(self) -> None:
        with self._lock:
            self._value = None


class Services:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.archive = Archive(settings.data)
        self.store: DocumentStore = open_store(settings.data)
        self.searcher = Searcher(self.store, mode="hybrid", model=settings.model)
        self.catalog = Catalog(self.archive)
        self.answerer = LazyComponent("Antworten (kb.answers)", self._answerer)
        self.linker = LazyComponent("Verweise (kb.links)", self._linker)
        self.jobs = JobQueue(self.archive, self.store, settings.model, settings.max_upload_bytes, on_change=self._changed)
        self.uploads = Path(settings.data) / "uploads"
        self._linker_stamp: int | None = None

    def start(self) -> None:
        self.uploads.mkdir(parents=True, exist_ok=True)
        self.catalog.summaries()
        self.answerer.get()
        self.current_linker()
        self.jobs.start()

    def stop(self) -> None:
        self.jobs.stop()

    def _answerer(self) -> Any:
        from kb.answers import Answerer

        return Answerer(self.store, self.archive, model=self.settings.model)

    def _linker(self) -> Any:
        from kb.links import Linker

        linker = Linker(self.archive, self.store, self.settings.model)
        if getattr(linker, "_searcher", False) is None:
            linker._searcher = self.searcher  # share the warmed-up search pipeline instead of loading a second model
        return linker

    def current_linker(self) -> Any:
        """The linker over the archive as it is now: rebuilt when documents came or went,
        through the API or by a `kb ingest` in another process (the folder's mtime tells)."""
        stamp = self.archive.documents_dir.stat().st_mtime_ns
        if stamp != self._linker_stamp:
            self.linker.reset()
            self._linker_stamp = stamp
        return self.linker.get()

    def _changed(self) -> None:
        # The index reloads itself; the catalog and the linker's view of the archive are rebuilt on next use.
        self.catalog.invalidate()
        self.linker.reset()
