"""The durable store of ingested documents: one folder per document under the data directory.

    <data>/documents/<id>/original.pdf|.txt   the file as it arrived
    <data>/documents/<id>/searchable.pdf      with the OCR text layer, if OCR ran
    <data>/documents/<id>/pages/0001.raw.txt  the page text as OCR gave it
    <data>/documents/<id>/pages/0001.txt      the repaired page text
    <data>/documents/<id>/metadata.json       the extracted metadata
    <data>/documents/<id>/document.json       everything above in one record
    <data>/lexicon.tsv                        words seen intact in the archive

    <data>/.lock                              the write lock (holds the writer's pid)
    <data>/.scratch/<pid>-*/                  per-run scratch (OCR temp files), removed at exit
    <data>/.scratch/ocr/<sha256>/             OCR results not yet stored (survive a kill)

A document is written to a temporary folder, checked to be complete (original, pages,
metadata, record) and swapped into place in one atomic `renameat2(RENAME_EXCHANGE)`:
a reader sees the old or the new version, never none and never half of one.

Readers never change anything: `Archive(root)` only reads. Writers (`put`, `delete`, an
ingest batch inside `with archive.writing():`) hold the archive's lock, an exclusive
`flock` on `<data>/.lock`; the kernel drops it when the holder dies, even by kill -9.
So whoever acquires the lock knows that no other writer is running, and only then
finishes or rolls back what a crashed writer left (`.tmp-*`, `.old-*`, scratch of dead
pids). A second writer does not wait by default: it gets `ArchiveBusy` ("Ein anderer
Erfassungslauf schreibt gerade (PID …)"); `RATSARCHIV_LOCK_WAIT=<seconds>` (or
`writing(wait=…)`) makes it wait that long first.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import functools
import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
import time
import unicodedata
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

from ingest.errors import ArchiveBusy, IncompleteDocument
from ingest.lexicon import DomainCounts
from ingest.models import Document

_TMP = ".tmp-"
_OLD = ".old-"
DOCUMENT_JSON = "document.json"
LOCK_FILE = ".lock"
SCRATCH_DIR = ".scratch"
LOCK_WAIT_ENV = "RATSARCHIV_LOCK_WAIT"  # seconds a second writer waits for the lock (default 0)
# The record's top-level checksum as `put` writes it (indent 2): a nested key is indented deeper.
_CHECKSUM_LINE = re.compile(rb'^  "checksum": "([0-9a-f]{64})",$', re.MULTILINE)


def slugify(name: str) -> str:
    """A document id from a file name: "Vorlage Sozialplanung (2019).pdf" → "vorlage-sozialplanung-2019"."""
    name = name.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", name).strip("-") or "dokument"


class Archive:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.documents_dir = self.root / "documents"
        self.documents_dir.mkdir(parents=True, exist_ok=True)
        self.lexicon_path = self.root / "lexicon.tsv"
        self.scratch_dir = self.root / SCRATCH_DIR
        self._lexicon_batch: list[DomainCounts] = []  # the counts held in memory by `lexicon_batch`
        # No recovery here: a reader must never touch what a running writer is doing.

    @contextmanager
    def writing(self, wait: float | None = None) -> Iterator[None]:
        """Hold the archive's write lock for a batch of writes (re-entrant in this process).

        Raises `ArchiveBusy` if another process holds it (after `wait` seconds; default
        `$RATSARCHIV_LOCK_WAIT` or 0). The first acquisition recovers from a crashed writer.
        """
        with _write_lock(self.root / LOCK_FILE, _lock_wait() if wait is None else wait) as fresh:
            if fresh:
                self._recover()
            yield

    @contextmanager
    def scratch(self) -> Iterator[Path]:
        """A fresh scratch folder for one run under `<data>/.scratch/`, removed at exit.

        Named after the pid, so the next lock holder can remove it if this process dies.
        """
        self.scratch_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=f"{os.getpid()}-", dir=self.scratch_dir) as path:
            yield Path(path)

    @contextmanager
    def lexicon_batch(self) -> Iterator[None]:
        """Hold the lexicon's updates of many puts and deletes in memory and save it once at the end.

        Each put otherwise reads and rewrites the whole `lexicon.tsv` (O(archive) per document,
        the largest cost of a bulk import). Saved also when the block fails; a kill loses only
        the block's lexicon updates (words learned, no document).
        """
        with self.writing():
            if self._lexicon_batch:  # nested: the outer block saves
                yield
                return
            self._lexicon_batch.append(self.domain_counts())
            try:
                yield
            finally:
                counts = self._lexicon_batch.pop()
                _counted(counts).save(self.lexicon_path)

    def ids(self) -> list[str]:
        return sorted(
            p.name for p in self.documents_dir.iterdir() if not p.name.startswith(".") and (p / DOCUMENT_JSON).exists()
        )

    def __iter__(self) -> Iterator[Document]:
        for doc_id in self.ids():
            doc = self.get(doc_id)
            if doc is not None:
                yield doc

    def get(self, doc_id: str) -> Document | None:
        try:  # no exists() first: a writer may delete the document in between
            text = (self.documents_dir / doc_id / DOCUMENT_JSON).read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            return None
        return Document.from_dict(json.loads(text))

    def path_of(self, doc_id: str) -> Path:
        return self.documents_dir / doc_id

    def original(self, doc_id: str) -> Path | None:
        found = sorted((self.documents_dir / doc_id).glob("original.*"))
        return found[0] if found else None

    def checksum(self, doc_id: str) -> str | None:
        doc = self.get(doc_id)
        return doc.checksum if doc else None

    def is_complete(self, doc_id: str) -> bool:
        """Has the stored document all its parts? (Old versions could swap in half a folder.)"""
        folder = self.documents_dir / doc_id
        return (
            self.original(doc_id) is not None
            and (folder / "metadata.json").is_file()
            and (folder / DOCUMENT_JSON).is_file()
            and any((folder / "pages").glob("*.txt"))
        )

    def checksums(self) -> dict[str, str]:
        """Every document's checksum, cheaply (for the start-up check at 10^4 documents).

        `put` writes the record with the checksum near its top, so it is read from the
        first bytes; a record written otherwise is parsed whole.
        """
        found = {}
        for doc_id in self.ids():
            try:
                with (self.documents_dir / doc_id / DOCUMENT_JSON).open("rb") as f:
                    match = _CHECKSUM_LINE.search(f.read(4096))
            except FileNotFoundError:
                continue  # deleted meanwhile
            checksum = match.group(1).decode() if match else self.checksum(doc_id)
            if checksum is not None:
                found[doc_id] = checksum
        return found

    def put(self, document: Document, original: Path, searchable: Path | None = None) -> None:
        """Store a document atomically, replacing an older version with the same id."""
        with self.writing():
            document.ingested_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
            target = self.documents_dir / document.id
            tmp = self.documents_dir / f"{_TMP}{document.id}"
            shutil.rmtree(tmp, ignore_errors=True)
            (tmp / "pages").mkdir(parents=True)
            suffix = ".pdf" if document.media_type == "application/pdf" else ".txt"
            written = [tmp / f"original{suffix}"]
            _copy(original, written[-1])
            if searchable is not None:
                written.append(tmp / "searchable.pdf")
                _copy(searchable, written[-1])
            for page in document.pages:
                for name, text in ((f"{page.number:04d}.raw.txt", page.raw), (f"{page.number:04d}.txt", page.text)):
                    written.append(tmp / "pages" / name)
                    _write(written[-1], text)
            written.append(tmp / "metadata.json")
            _write(written[-1], json.dumps(asdict(document.metadata), ensure_ascii=False, indent=2))
            written.append(tmp / DOCUMENT_JSON)
            _write(written[-1], json.dumps(document.to_dict(), ensure_ascii=False, indent=2))
            _check_complete(tmp, document, original, searchable)
            _fsync_all([*written, tmp / "pages", tmp])  # all of it on disk before it is swapped in
            old = self.get(document.id)
            self._swap_in(tmp, target)
            self._update_lexicon(add=document, remove=old)

    def delete(self, doc_id: str) -> bool:
        with self.writing():
            old = self.get(doc_id)
            if old is None:
                return False
            trash = self.documents_dir / f"{_OLD}{doc_id}"
            os.replace(self.documents_dir / doc_id, trash)
            shutil.rmtree(trash)
            self._update_lexicon(add=None, remove=old)
            return True

    # --- identity: which stored document a source is ------------------------------------

    def id_for_origin(self, origin: str, name: str, claimed: Mapping[str, str] | None = None) -> str:
        """The id of the document that holds `origin` (a resolved path, an OParl File id):
        the one it already has, else a new one that no other source holds.

        The first source with a given name gets the readable slug of the name; another
        source with the same slug gets the slug and the first 6 hex digits of the SHA-1 of
        its origin ("vorlage-3f9a0c"), longer where even that is taken. So an id never
        changes once given and is derived, not looked up: finding a source's document
        reads at most the few candidates' records, however large the archive. A stored
        document without an origin (written before origins were recorded) whose id is the
        slug is taken as this source's. `claimed`: ids given out in this batch but not
        yet stored → their origin.
        """
        claimed = claimed or {}
        slug = slugify(name)
        digest = hashlib.sha1(origin.encode("utf-8")).hexdigest()
        candidates = [slug] + [f"{slug}-{digest[:n]}" for n in (6, 12, 40)]
        owners = {c: claimed[c] if c in claimed else self.stored_origin(c) for c in candidates}
        for candidate, owner in owners.items():
            if owner == origin or (candidate == slug and owner == "" and candidate not in claimed):
                return candidate
        return next(c for c, owner in owners.items() if owner is None)

    def stored_origin(self, doc_id: str) -> str | None:
        """The origin recorded for a stored document ("" if none was), None if there is no such document."""
        doc = self.get(doc_id)
        return None if doc is None else doc.origin

    def set_origin(self, doc_id: str, origin: str) -> None:
        """Record the origin of a document stored without one (adopted by `id_for_origin`)."""
        path = self.documents_dir / doc_id / DOCUMENT_JSON
        data = json.loads(path.read_text(encoding="utf-8"))
        data["origin"] = origin
        tmp = path.with_name(f"{_TMP}{DOCUMENT_JSON}")
        _write(tmp, json.dumps(data, ensure_ascii=False, indent=2))
        _fsync_path(tmp)
        os.replace(tmp, path)

    def set_visibility(self, doc_id: str, visibility: str) -> Document | None:
        """Record an override of a stored document's visibility; None if there is no such document.

        Only the two JSON records change, each replaced atomically (a reader sees the old or the
        new file, never half of one); the documents folder is touched so that other processes'
        caches (`kb.library.Library.stamp`) notice the change.
        """
        with self.writing():
            document = self.get(doc_id)
            if document is None:
                return None
            document.metadata.visibility = visibility  # type: ignore[assignment]
            folder = self.documents_dir / doc_id
            for name, data in (("metadata.json", asdict(document.metadata)), (DOCUMENT_JSON, document.to_dict())):
                tmp = folder / f"{_TMP}{name}"
                _write(tmp, json.dumps(data, ensure_ascii=False, indent=2))
                _fsync_path(tmp)
                os.replace(tmp, folder / name)
            _fsync_path(folder)
            os.utime(self.documents_dir)
            return document

    def domain_counts(self) -> DomainCounts:
        if self._lexicon_batch:  # inside `lexicon_batch`: the counts not yet saved
            return _counted(self._lexicon_batch[-1])
        return DomainCounts.load(self.lexicon_path)

    def _swap_in(self, tmp: Path, target: Path) -> None:
        """Put the complete folder `tmp` in place of `target` (caller holds the lock).

        With an existing target, one atomic exchange: readers never see it missing; `tmp`
        then holds the old version, which a crash before the rmtree leaves as `.tmp-*`
        for the next writer to drop. Where the file system cannot exchange: two renames,
        with `.old-<id>` as the last good version until the new one is in place.
        """
        if target.exists() and _exchange(tmp, target):
            _fsync_path(self.documents_dir)
            shutil.rmtree(tmp, ignore_errors=True)
            return
        old = self.documents_dir / f"{_OLD}{target.name}"
        if target.exists():
            os.replace(target, old)
        os.replace(tmp, target)
        shutil.rmtree(old, ignore_errors=True)
        _fsync_path(self.documents_dir)

    def _update_lexicon(self, add: Document | None, remove: Document | None) -> None:
        counts = self._lexicon_batch[-1] if self._lexicon_batch else self.domain_counts()
        if remove is not None:
            counts.subtract(_intact_words(remove))
        if add is not None:
            counts.update(_intact_words(add))
        if not self._lexicon_batch:
            _counted(counts).save(self.lexicon_path)

    def _recover(self) -> None:
        """Finish or roll back what a crashed writer left; only ever called by the lock holder.

        A `.tmp-X` is a half-written new version (or, after an exchange, the old one):
        dropped. A lone `.old-X` is the last good X: restored. Scratch folders of dead
        processes are removed; the OCR cache stays (it is the work a crash must not cost).
        """
        for path in self.documents_dir.iterdir():
            if path.name.startswith(_TMP):
                shutil.rmtree(path, ignore_errors=True)
            elif path.name.startswith(_OLD):
                target = self.documents_dir / path.name[len(_OLD) :]
                if target.exists():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    os.replace(path, target)
        if self.scratch_dir.is_dir():
            for path in self.scratch_dir.iterdir():
                pid, dash, _ = path.name.partition("-")
                if dash and pid.isdigit() and not _alive(int(pid)):
                    shutil.rmtree(path, ignore_errors=True)


def _intact_words(document: Document) -> DomainCounts:
    """Words of the pages we trust to be spelled right: German OCR, good text layers, and plain
    text that reads as born-digital (its raw words known as written, no OCR damage).

    Plain OCR text of unknown provenance (like the seed) teaches nothing.
    """
    from ingest.lexicon import Lexicon
    from ingest.repair import RELIABLE_SPELLING, spelling_quality

    counts = DomainCounts()
    lexicon: Lexicon | None = None
    for page in document.pages:
        if page.origin == "plain-text":
            lexicon = lexicon or Lexicon()
            quality = spelling_quality(page.raw, lexicon)
            if quality is None or quality < RELIABLE_SPELLING:
                continue
        elif page.origin not in ("ocr", "text-layer"):
            continue
        counts.add_text(page.text)
    return counts


def _check_complete(folder: Path, document: Document, original: Path, searchable: Path | None) -> None:
    """Refuse to swap in a folder that lacks any part of the document."""
    missing = []
    copied = next(iter(folder.glob("original.*")), None)
    if copied is None or copied.stat().st_size != original.stat().st_size:
        missing.append("Originaldatei")
    if searchable is not None and not (folder / "searchable.pdf").is_file():
        missing.append("durchsuchbares PDF")
    pages = folder / "pages"
    for page in document.pages:
        for name in (f"{page.number:04d}.raw.txt", f"{page.number:04d}.txt"):
            if not (pages / name).is_file():
                missing.append(f"pages/{name}")
    if not (folder / "metadata.json").is_file():
        missing.append("metadata.json")
    try:
        record = json.loads((folder / DOCUMENT_JSON).read_text(encoding="utf-8"))
        if record.get("id") != document.id or len(record.get("pages", [])) != len(document.pages):
            missing.append(DOCUMENT_JSON)
    except (OSError, ValueError):
        missing.append(DOCUMENT_JSON)
    if missing:
        raise IncompleteDocument(f"{document.id}: es fehlt {', '.join(missing)}")


def _counted(counts: DomainCounts) -> DomainCounts:
    """The words still counted (removing a document can take a word's count to zero or below)."""
    return DomainCounts({w: n for w, n in counts.items() if n > 0})


def _copy(source: Path, target: Path) -> None:
    """Copy, not yet on disk: the caller fsyncs (`_fsync_all`)."""
    shutil.copyfile(source, target)


def _write(path: Path, text: str) -> None:
    """Write, not yet on disk: the caller fsyncs (`_fsync_all`, `_fsync_path`)."""
    with path.open("w", encoding="utf-8") as f:
        f.write(text)


@functools.cache
def _syncer() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(16, thread_name_prefix="fsync")


def _fsync_all(paths: list[Path]) -> None:
    """fsync files and folders all at once (threads: fsync releases the GIL). One after another,
    each waits for its own journal commit (~7 ms each, 12 for a 5-page document); issued together
    the file system commits them in one or two. Returns when every one is on disk."""
    for future in [_syncer().submit(_fsync_path, p) for p in paths]:
        future.result()  # raises the first failure, after which nothing is swapped in


def _fsync_path(path: Path) -> None:
    """fsync one file or folder (a folder's fsync makes its new entries and renames durable)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- The write lock ------------------------------------------------------------------------
# flock locks belong to an open file description: a second open() in the same process
# would conflict with the first. So a process keeps one descriptor per lock file, taken by
# one thread at a time (an RLock) and re-entrant for nested writes (a batch calls put).

_registry = threading.Lock()
_mutexes: dict[str, threading.RLock] = {}
_held: dict[str, list[int]] = {}  # lock path → [fd, depth]


def _lock_wait() -> float:
    try:
        return max(0.0, float(os.environ.get(LOCK_WAIT_ENV, "0")))
    except ValueError:
        return 0.0


@contextmanager
def _write_lock(path: Path, wait: float) -> Iterator[bool]:
    """Hold the exclusive lock on `path`; yields True if this call acquired it (not nested)."""
    key = str(path.resolve())
    with _registry:
        mutex = _mutexes.setdefault(key, threading.RLock())
    if not (mutex.acquire(timeout=wait) if wait > 0 else mutex.acquire(blocking=False)):
        raise ArchiveBusy(os.getpid())  # another thread of this process writes
    try:
        if key in _held:
            _held[key][1] += 1
            try:
                yield False
            finally:
                _held[key][1] -= 1
            return
        fd = _acquire(path, wait)
        _held[key] = [fd, 1]
        try:
            yield True
        finally:
            del _held[key]
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
    finally:
        mutex.release()


def _acquire(path: Path, wait: float) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                holder = _read_pid(fd)
                os.close(fd)
                raise ArchiveBusy(holder) from None
            time.sleep(0.1)
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    return fd


def _read_pid(fd: int) -> int | None:
    text = os.pread(fd, 32, 0).decode(errors="ignore").strip()
    return int(text) if text.isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --- Atomic exchange of two folders (Linux renameat2) ---------------------------------------

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_libc = ctypes.CDLL(None, use_errno=True)
_renameat2 = getattr(_libc, "renameat2", None)
if _renameat2 is not None:
    _renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    _renameat2.restype = ctypes.c_int


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system or file system cannot."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))
