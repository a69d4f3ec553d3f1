"""The ingest pipeline: files → `Document` records in the `Archive`.

    inspect (type, checksum, validity) → text per page (text layer or OCR)
    → strip headers/footers → repair → metadata → store

A batch runs in two passes: first every file is read (OCR is the slow part), and the
words of pages that are reliably spelled (German OCR, good text layers) are learned;
then every document is repaired with that knowledge and stored. So a damaged text file
in a batch profits from the clean papers next to it ("Förderung" seen intact elsewhere).
Every failure is caught per file, reported with its reason, and the batch goes on.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ingest.archive import Archive, slugify
from ingest.errors import IngestError
from ingest.inputs import DEFAULT_MAX_BYTES, SUFFIXES, SourceFile, inspect_file, read_text_file
from ingest.layout import dehyphenate, join_split_words_across_pages, strip_running_lines
from ingest.lexicon import DomainCounts, Lexicon
from ingest.metadata import extract_metadata
from ingest.models import Document, Page
from ingest.ocr import OcrCache, read_pdf
from ingest.repair import estimate_damage, repair_text

log = logging.getLogger(__name__)
Status = Literal["ingested", "unchanged", "failed"]
# Page breaks in plain OCR text: a form feed, or a run of 3+ blank lines (as in the seed).
_PAGE_BREAK = "\f"


@dataclass
class Outcome:
    """What happened to one file."""

    path: Path
    status: Status
    document_id: str | None = None
    pages: int = 0
    ocr_pages: int = 0
    repaired_words: int = 0
    error: str | None = None

    @classmethod
    def stored(cls, path: Path, document: Document) -> Outcome:
        """A file whose document is now in the archive, with its figures."""
        return cls(
            path,
            "ingested",
            document.id,
            pages=len(document.pages),
            ocr_pages=sum(p.origin == "ocr" for p in document.pages),
            repaired_words=sum(p.repaired_words for p in document.pages),
        )


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # files of other types found in folders

    def count(self, status: Status) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def pages(self) -> int:
        return sum(o.pages for o in self.outcomes)

    @property
    def ocr_pages(self) -> int:
        return sum(o.ocr_pages for o in self.outcomes)

    @property
    def repaired_words(self) -> int:
        return sum(o.repaired_words for o in self.outcomes)


@dataclass
class _Scanned:
    """A file after the first pass: its text per page, not yet repaired."""

    source: SourceFile
    raw_pages: list[str]
    origins: list[str]
    qualities: list[float | None]
    searchable: Path | None
    doc_id: str | None = None  # given by the archive (unique per source); else the slug of the name
    origin: str = ""  # the resolved path the id was derived from


def collect_files(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """Expand folders (recursively) into PDF and text files; other files in folders are skipped.

    A file named explicitly is always taken, whatever its name: its content decides.
    A file named twice (itself and in its folder) is taken once.
    """
    files: dict[Path, Path] = {}  # resolved → as given
    skipped: list[Path] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                if child.suffix.lower() in SUFFIXES:
                    files.setdefault(child.resolve(), child)
                else:
                    skipped.append(child)
        else:
            files.setdefault(path.resolve(), path)
    return list(files.values()), skipped


def ingest_paths(
    paths: Iterable[Path],
    archive: Archive,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_progress: Callable[[Path], None] | None = None,
    jobs: int | None = None,
    ids: Mapping[Path, str] | None = None,
) -> Report:
    """Ingest files and folders into the archive; see the module docstring.

    `ids`: files whose document id the caller decides (an upload: the id promised to the
    client, from the client's file name); such a file replaces the document with that id.
    Every other file's id comes from its path (`Archive.id_for_origin`).
    """
    files, skipped = collect_files(paths)
    report = Report(skipped=skipped)
    batch_counts = DomainCounts()
    scanned: list[tuple[Path, _Scanned]] = []
    # One scan lexicon per batch, built on first need (it costs ~1.5 s; text files never need it).
    scan_lexicon = functools.cache(lambda: Lexicon(domain=archive.domain_counts()))
    claimed: dict[str, str] = {}  # ids given out in this batch → origin
    # The whole batch holds the archive's write lock (a second writer is told, not mixed
    # in); scratch lives under <data>/.scratch/, so a kill leaves nothing in /tmp.
    with archive.writing(), archive.scratch() as scratch:
        for i, path in enumerate(files):
            given = (ids or {}).get(path)
            outcome, result = _first_pass(
                path, archive, Path(scratch) / str(i), max_bytes, jobs, scan_lexicon, claimed, given
            )
            if result is None:
                report.outcomes.append(outcome)
            else:
                scanned.append((path, result))
                _learn(batch_counts, result)
            if on_progress:
                on_progress(path)
        lexicon = Lexicon(domain=archive.domain_counts() + batch_counts)
        for path, result in scanned:
            report.outcomes.append(_second_pass(path, result, archive, lexicon))
    return report


def read_document(path: Path, lexicon: Lexicon, workdir: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Document, Path | None]:
    """One file → a repaired `Document` (not stored); the searchable PDF if OCR ran."""
    source = inspect_file(path, max_bytes)
    scanned = _scan(source, lexicon, workdir)
    return build_document(scanned, lexicon), scanned.searchable


def build_document(scanned: _Scanned, lexicon: Lexicon) -> Document:
    """Headers/footers stripped, text repaired, metadata extracted."""
    source = scanned.source
    cleaned = join_split_words_across_pages(strip_running_lines(scanned.raw_pages))
    damage = estimate_damage("\n".join(cleaned), lexicon)
    repaired = [repair_text(text, lexicon, damage=damage) for text in cleaned]
    pages = [
        Page(
            number=i + 1,
            raw=raw,
            text=result.text,
            origin=scanned.origins[i],  # type: ignore[arg-type]
            quality=scanned.qualities[i],
            repaired_words=len(result.changes),
        )
        for i, (raw, result) in enumerate(zip(scanned.raw_pages, repaired))
    ]
    return Document(
        id=scanned.doc_id or slugify(source.path.stem),
        source=source.path.name,
        checksum=source.checksum,
        media_type=source.media_type,
        pages=pages,
        metadata=extract_metadata([p.text for p in pages], name=source.path.stem),  # the name may give the type
        origin=scanned.origin or str(source.path.resolve()),
    )


def _first_pass(
    path: Path,
    archive: Archive,
    workdir: Path,
    max_bytes: int,
    jobs: int | None,
    scan_lexicon: Callable[[], Lexicon],
    claimed: dict[str, str],
    given_id: str | None = None,
) -> tuple[Outcome, _Scanned | None]:
    """Inspect and read one file; a file already stored with this content is "unchanged".

    Its identity is its resolved path: the same path keeps its document (replaced when
    the content changed), another file with the same name gets its own.
    """
    origin = str(path.resolve())
    doc_id = given_id or slugify(path.stem)
    try:
        if given_id is None:
            doc_id = archive.id_for_origin(origin, path.stem, claimed)
        else:  # the replaced document keeps its identity
            origin = archive.stored_origin(doc_id) or origin
        source = inspect_file(path, max_bytes)
        claimed[doc_id] = origin
        stored = archive.get(doc_id)
        if stored is not None and stored.checksum == source.checksum and archive.is_complete(doc_id):
            if stored.origin != origin:  # stored before origins were recorded: adopt it
                archive.set_origin(doc_id, origin)
            return Outcome(path, "unchanged", doc_id, pages=len(stored.pages)), None
        workdir.mkdir(parents=True)
        scanned = _scan(source, scan_lexicon(), workdir, jobs, _ocr_cache(archive))
        scanned.doc_id, scanned.origin = doc_id, origin
        return Outcome(path, "ingested", doc_id), scanned
    except IngestError as e:
        return Outcome(path, "failed", doc_id, error=str(e)), None
    except OSError as e:
        return Outcome(path, "failed", doc_id, error=f"Datei nicht lesbar: {e.strerror or e}"), None


def _second_pass(path: Path, scanned: _Scanned, archive: Archive, lexicon: Lexicon) -> Outcome:
    try:
        document = build_document(scanned, lexicon)
        archive.put(document, path, scanned.searchable)
    except (IngestError, OSError) as e:
        return Outcome(path, "failed", scanned.doc_id or slugify(path.stem), error=str(e))
    _ocr_cache(archive).drop(scanned.source.checksum)  # stored: the OCR work is safe in the archive
    return Outcome.stored(path, document)


def _ocr_cache(archive: Archive) -> OcrCache:
    """OCR results kept until stored, so a batch killed before its store pass keeps its OCR work."""
    return OcrCache(archive.scratch_dir / "ocr")


def _scan(
    source: SourceFile, lexicon: Lexicon, workdir: Path, jobs: int | None = None, cache: OcrCache | None = None
) -> _Scanned:
    if source.media_type == "text/plain":
        pages = split_text_pages(read_text_file(source.path))
        return _Scanned(source, pages, ["plain-text"] * len(pages), [None] * len(pages), None)
    result = read_pdf(source.path, workdir, lexicon, jobs=jobs, cache=cache, checksum=source.checksum)
    return _Scanned(
        source,
        [p.text for p in result.pages],
        [p.origin for p in result.pages],
        [p.quality for p in result.pages],
        result.searchable_pdf,
    )


def split_text_pages(text: str) -> list[str]:
    """Pages of a plain OCR text: form feeds if present, else runs of 3+ blank lines."""
    if _PAGE_BREAK in text:
        parts = text.split(_PAGE_BREAK)
    else:
        parts = re.split(r"\n[ \t]*\n[ \t]*\n[ \t]*\n", text)
    pages = [p.strip("\n") for p in parts]
    return [p for p in pages if p.strip()] or [""]


def _learn(counts: DomainCounts, scanned: _Scanned) -> None:
    """The words of pages reliably spelled: German OCR, good text layers, and plain-text pages
    whose words are known as written (born-digital text, not OCR output saved as .txt, whose
    errors must not become "words")."""
    from ingest.repair import RELIABLE_SPELLING, spelling_quality

    for text, origin in zip(scanned.raw_pages, scanned.origins):
        if origin in ("ocr", "text-layer"):
            counts.add_text(dehyphenate(text))
        elif origin == "plain-text" and (spelling_quality(text, _base_lexicon()) or 0.0) >= RELIABLE_SPELLING:
            counts.add_text(dehyphenate(text))


_BASE_LEXICON: list[Lexicon] = []


def _base_lexicon() -> Lexicon:
    """wordfreq and the word list only, shared per process: what "known as written" means."""
    if not _BASE_LEXICON:
        _BASE_LEXICON.append(Lexicon())
    return _BASE_LEXICON[0]
