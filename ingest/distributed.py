"""Ingest on a Dask cluster: the per-file work on workers, one writer stores.

    writer (this process, holding the archive lock)          Dask workers (one thread each)
    ─────────────────────────────────────────────          ──────────────────────────────
    collect files                                    ──►   inspect (type, checksum, validity)
    ids in file order (Archive.id_for_origin),
    "unchanged" decided from the checksums           ──►   text per page (text file or OCR),
                                                           words of reliable pages counted
    batch lexicon = archive counts + all batch counts ──►  headers/footers, repair, metadata
    store the Documents in file order                ◄──   → Document
    sync_index (passages + embeddings)

The same two passes as `ingest.pipeline.ingest_paths`, each spread over the workers: the
first reads every file and counts its reliable words, the writer learns the batch lexicon
from all of them, the second repairs every document with it. Ids are given and documents
stored by the writer in file order, so the archive equals that of a serial run (only the
timestamps differ); tests/test_distributed.py compares them.

Workers read the files and write OCR output (searchable PDF, OCR cache) under the archive's
scratch folder by path: with `scheduler=` (a cluster) the inputs and the data directory
must be visible to the workers at the same paths (a shared file system).

Dask is imported only here, and only when asked for (`kb ingest --workers/--scheduler`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.archive import Archive, slugify
from ingest.errors import IngestError
from ingest.inputs import DEFAULT_MAX_BYTES, SourceFile, inspect_file
from ingest.lexicon import DomainCounts, Lexicon
from ingest.models import Document
from ingest.ocr import OcrCache
from ingest.pipeline import Outcome, Report, _learn, _scan, _Scanned, build_document, collect_files


CONNECT_TIMEOUT = 10  # seconds to reach a scheduler before staff are told


class ClusterUnavailable(IngestError):
    reason = "Der Dask-Scheduler ist nicht erreichbar"
    http_status = 503


@contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None) -> Iterator[Any]:
    """A client of the cluster at `scheduler`, or of a LocalCluster of `workers` processes
    with one thread each (OCR, repair and e5 are CPU-bound: threads would share one GIL)."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as e:
            raise ClusterUnavailable(f"{scheduler} ({e})") from e
        with client:
            yield client
        return
    with LocalCluster(n_workers=workers or 1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            yield client


# --- on the workers -------------------------------------------------------------------------------


@dataclass
class _Inspected:
    source: SourceFile | None
    error: str | None = None


def inspect_task(path: str, max_bytes: int) -> _Inspected:
    try:
        return _Inspected(inspect_file(Path(path), max_bytes))
    except IngestError as e:
        return _Inspected(None, str(e))
    except OSError as e:
        return _Inspected(None, f"Datei nicht lesbar: {e.strerror or e}")


@dataclass
class _Read:
    scanned: _Scanned | None
    counts: DomainCounts | None  # the words of its reliably spelled pages
    error: str | None = None


def read_task(source: SourceFile, workdir: str, ocr_cache: str, lexicon_key: str, domain: DomainCounts | None) -> _Read:
    """First pass of one file: its text per page, and the words it teaches the batch."""
    try:
        Path(workdir).mkdir(parents=True)
        lexicon = _lexicon(lexicon_key, domain) if source.media_type != "text/plain" else None
        scanned = _scan(source, lexicon, Path(workdir), 1, OcrCache(Path(ocr_cache)))  # type: ignore[arg-type]
    except IngestError as e:
        return _Read(None, None, str(e))
    except OSError as e:
        return _Read(None, None, f"Datei nicht lesbar: {e.strerror or e}")
    counts = DomainCounts()
    _learn(counts, scanned)
    return _Read(scanned, counts)


def build_task(scanned: _Scanned, lexicon_key: str, domain: DomainCounts) -> Document | str:
    """Second pass of one file: repaired text and metadata; the reason if it fails."""
    try:
        return build_document(scanned, _lexicon(lexicon_key, domain))
    except (IngestError, OSError) as e:
        return str(e)


_LEXICONS: dict[str, Lexicon] = {}


def _lexicon(key: str, domain: DomainCounts | None) -> Lexicon:
    """One lexicon per worker and pass (building one costs ~1.5 s): keyed by the run and pass."""
    if key not in _LEXICONS:
        _LEXICONS.clear()
        _LEXICONS[key] = Lexicon(domain=domain)
    return _LEXICONS[key]


# --- the writer -------------------------------------------------------------------------------------


def ingest_paths_distributed(
    paths: Iterable[Path],
    archive: Archive,
    client: Any,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_progress: Callable[[Path], None] | None = None,
    ids: Mapping[Path, str] | None = None,
) -> Report:
    """`ingest.pipeline.ingest_paths` with the per-file work on the workers of `client`."""
    import uuid

    files, skipped = collect_files(paths)
    report = Report(skipped=skipped)
    run = uuid.uuid4().hex
    with archive.writing(), archive.scratch() as scratch:
        inspected = client.gather(client.map(inspect_task, [str(p.resolve()) for p in files], max_bytes=max_bytes, pure=False))
        # Ids in file order, as the serial first pass gives them; unchanged files go no further.
        outcomes: dict[int, Outcome] = {}
        todo: list[tuple[int, Path, SourceFile, str, str]] = []
        claimed: dict[str, str] = {}
        for i, (path, found) in enumerate(zip(files, inspected)):
            given = (ids or {}).get(path)
            origin = str(path.resolve())
            doc_id = given or slugify(path.stem)
            try:
                if given is None:
                    doc_id = archive.id_for_origin(origin, path.stem, claimed)
                else:
                    origin = archive.stored_origin(doc_id) or origin
            except (IngestError, OSError) as e:
                outcomes[i] = Outcome(path, "failed", doc_id, error=str(e))
                continue
            if found.source is None:
                outcomes[i] = Outcome(path, "failed", doc_id, error=found.error)
                continue
            claimed[doc_id] = origin
            stored = archive.get(doc_id)
            if stored is not None and stored.checksum == found.source.checksum and archive.is_complete(doc_id):
                if stored.origin != origin:
                    archive.set_origin(doc_id, origin)
                outcomes[i] = Outcome(path, "unchanged", doc_id, pages=len(stored.pages))
                continue
            todo.append((i, path, found.source, doc_id, origin))

        # First pass on the workers; the scan lexicon only goes out when a PDF needs it.
        needs_scan_lexicon = any(source.media_type != "text/plain" for _, _, source, _, _ in todo)
        scan_domain = client.scatter(archive.domain_counts(), broadcast=True) if needs_scan_lexicon else None
        ocr_cache = str(archive.scratch_dir / "ocr")
        reads = [
            client.submit(read_task, source, str(Path(scratch) / str(i)), ocr_cache, f"{run}-scan", scan_domain, pure=False)
            for i, _, source, _, _ in todo
        ]
        if on_progress:
            for i in sorted(outcomes):
                on_progress(files[i])
        batch_counts = DomainCounts()
        scanned: list[tuple[int, Path, _Scanned]] = []
        for (i, path, _, doc_id, origin), future in zip(todo, reads):
            read: _Read = future.result()
            if on_progress:
                on_progress(path)
            if read.scanned is None:
                outcomes[i] = Outcome(path, "failed", doc_id, error=read.error)
                continue
            read.scanned.doc_id, read.scanned.origin = doc_id, origin
            batch_counts.update(read.counts or {})
            scanned.append((i, path, read.scanned))

        # The batch lexicon, learnt from every file read; the second pass on the workers.
        domain = client.scatter(archive.domain_counts() + batch_counts, broadcast=True)
        builds = [client.submit(build_task, s, f"{run}-batch", domain, pure=False) for _, _, s in scanned]
        stored_outcomes = {i: _store(archive, path, s, future.result()) for (i, path, s), future in zip(scanned, builds)}
    # Outcomes in the serial order: first-pass results (failed, unchanged) first, then the stored ones.
    report.outcomes = [outcomes[i] for i in sorted(outcomes)] + [stored_outcomes[i] for i, _, _ in scanned]
    return report


def _store(archive: Archive, path: Path, scanned: _Scanned, built: Document | str) -> Outcome:
    if isinstance(built, str):
        return Outcome(path, "failed", scanned.doc_id or slugify(path.stem), error=built)
    try:
        archive.put(built, path, scanned.searchable)
    except (IngestError, OSError) as e:
        return Outcome(path, "failed", built.id, error=str(e))
    OcrCache(archive.scratch_dir / "ocr").drop(scanned.source.checksum)
    return Outcome.stored(path, built)

