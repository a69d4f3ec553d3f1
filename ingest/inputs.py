"""What a file is, judged by its content, and whether we can read it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pikepdf

from ingest.errors import CorruptPdf, EmptyFile, EncryptedPdf, FileTooLarge, UnsupportedType

MediaType = Literal["application/pdf", "text/plain"]
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
SUFFIXES = {".pdf", ".txt"}


@dataclass(frozen=True)
class SourceFile:
    path: Path
    media_type: MediaType
    checksum: str  # sha256, hex
    size: int
    pages: int | None = None  # PDFs only


def inspect_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceFile:
    """Identify and validate one input file; raise an `IngestError` subclass if unusable."""
    size = path.stat().st_size
    if size == 0:
        raise EmptyFile()
    if size > max_bytes:
        raise FileTooLarge(f"{size / 1e6:.1f} MB, erlaubt sind {max_bytes / 1e6:.0f} MB")
    head = _read_head(path)
    checksum = _sha256(path)
    if b"%PDF-" in head[:1024]:
        return SourceFile(path, "application/pdf", checksum, size, pages=_pdf_pages(path))
    if _looks_like_text(head):
        return SourceFile(path, "text/plain", checksum, size)
    raise UnsupportedType(f"Inhalt beginnt mit {head[:8]!r}")


def read_text_file(path: Path) -> str:
    """Plain OCR text as archives hold it: UTF-8, else Windows-1252."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _pdf_pages(path: Path) -> int:
    try:
        with pikepdf.open(path) as pdf:
            if pdf.is_encrypted:
                raise EncryptedPdf()
            pages = len(pdf.pages)
    except pikepdf.PasswordError as e:
        raise EncryptedPdf() from e
    except pikepdf.PdfError as e:
        raise CorruptPdf(str(e).splitlines()[0][:200]) from e
    if pages == 0:
        raise CorruptPdf("keine Seiten")
    return pages


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        sample = head.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start >= len(head) - 3:  # a multi-byte character cut at the end of the sample
            sample = head[: e.start].decode("utf-8")
        else:
            sample = head.decode("cp1252", errors="replace")
    printable = sum(ch.isprintable() or ch in "\n\r\t\f" for ch in sample)
    return bool(sample) and printable / len(sample) > 0.95


def _read_head(path: Path, n: int = 8192) -> bytes:
    with path.open("rb") as f:
        return f.read(n)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
