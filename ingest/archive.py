"""The durable store of ingested documents: one folder per document under the data directory.

    <data>/documents/<id>/original.pdf|.txt   the file as it arrived
    <data>/documents/<id>/searchable.pdf      with the OCR text layer, if OCR ran
    <data>/documents/<id>/pages/0001.raw.txt  the page text as OCR gave it
    <data>/documents/<id>/pages/0001.txt      the repaired page text
    <data>/documents/<id>/metadata.json       the extracted metadata
    <data>/documents/<id>/document.json       everything above in one record
    <data>/lexicon.tsv                        words seen intact in the archive

A document is written to a temporary folder and renamed into place, so a crash leaves
either the old or the new version, never half of one. `Archive()` finishes or rolls back
what a crash interrupted.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import unicodedata
from collections.abc import Iterator
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

from ingest.lexicon import DomainCounts
from ingest.models import Document

_TMP = ".tmp-"
_OLD = ".old-"
DOCUMENT_JSON = "document.json"


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
        self._recover()

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
        path = self.documents_dir / doc_id / DOCUMENT_JSON
        if not path.exists():
            return None
        return Document.from_dict(json.loads(path.read_text(encoding="utf-8")))

    def path_of(self, doc_id: str) -> Path:
        return self.documents_dir / doc_id

    def original(self, doc_id: str) -> Path | None:
        found = sorted((self.documents_dir / doc_id).glob("original.*"))
        return found[0] if found else None

    def checksum(self, doc_id: str) -> str | None:
        doc = self.get(doc_id)
        return doc.checksum if doc else None

    def put(self, document: Document, original: Path, searchable: Path | None = None) -> None:
        """Store a document atomically, replacing an older version with the same id."""
        document.ingested_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        target = self.documents_dir / document.id
        tmp = self.documents_dir / f"{_TMP}{document.id}"
        shutil.rmtree(tmp, ignore_errors=True)
        (tmp / "pages").mkdir(parents=True)
        suffix = ".pdf" if document.media_type == "application/pdf" else ".txt"
        shutil.copyfile(original, tmp / f"original{suffix}")
        if searchable is not None:
            shutil.copyfile(searchable, tmp / "searchable.pdf")
        for page in document.pages:
            _write(tmp / "pages" / f"{page.number:04d}.raw.txt", page.raw)
            _write(tmp / "pages" / f"{page.number:04d}.txt", page.text)
        _write(tmp / "metadata.json", json.dumps(asdict(document.metadata), ensure_ascii=False, indent=2))
        _write(tmp / DOCUMENT_JSON, json.dumps(document.to_dict(), ensure_ascii=False, indent=2))
        old = self.get(document.id)
        self._swap_in(tmp, target)
        self._update_lexicon(add=document, remove=old)

    def delete(self, doc_id: str) -> bool:
        old = self.get(doc_id)
        if old is None:
            return False
        trash = self.documents_dir / f"{_OLD}{doc_id}"
        os.replace(self.documents_dir / doc_id, trash)
        shutil.rmtree(trash)
        self._update_lexicon(add=None, remove=old)
        return True

    def set_visibility(self, doc_id: str, visibility: str) -> Document | None:
        """Record an override of a stored document's visibility; None if there is no such document.

        Only the two JSON records change, each replaced atomically (a reader sees the old or the
        new file, never half of one); the documents folder is touched so that other processes'
        caches (`kb.library.Library.stamp`) notice the change.
        """
        document = self.get(doc_id)
        if document is None:
            return None
        document.metadata.visibility = visibility  # type: ignore[assignment]
        folder = self.documents_dir / doc_id
        for name, data in (("metadata.json", asdict(document.metadata)), (DOCUMENT_JSON, document.to_dict())):
            tmp = folder / f"{_TMP}{name}"
            _write(tmp, json.dumps(data, ensure_ascii=False, indent=2))
            os.replace(tmp, folder / name)
        _fsync_dir(folder)
        os.utime(self.documents_dir)
        return document

    def domain_counts(self) -> DomainCounts:
        return DomainCounts.load(self.lexicon_path)

    def _swap_in(self, tmp: Path, target: Path) -> None:
        old = self.documents_dir / f"{_OLD}{target.name}"
        if target.exists():
            os.replace(target, old)
        os.replace(tmp, target)
        shutil.rmtree(old, ignore_errors=True)
        _fsync_dir(self.documents_dir)

    def _update_lexicon(self, add: Document | None, remove: Document | None) -> None:
        counts = self.domain_counts()
        if remove is not None:
            counts.subtract(_intact_words(remove))
        if add is not None:
            counts.update(_intact_words(add))
        DomainCounts({w: n for w, n in counts.items() if n > 0}).save(self.lexicon_path)

    def _recover(self) -> None:
        """Finish a swap a crash interrupted: a lone `.old-X` is the last good X."""
        for path in self.documents_dir.iterdir():
            if path.name.startswith(_TMP):
                shutil.rmtree(path, ignore_errors=True)
            elif path.name.startswith(_OLD):
                target = self.documents_dir / path.name[len(_OLD) :]
                if target.exists():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    os.replace(path, target)


def _intact_words(document: Document) -> DomainCounts:
    """Words of the pages we trust to be spelled right: German OCR and good text layers.

    Plain OCR text of unknown provenance (like the seed) teaches nothing.
    """
    counts = DomainCounts()
    for page in document.pages:
        if page.origin in ("ocr", "text-layer"):
            counts.add_text(page.text)
    return counts


def _write(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
