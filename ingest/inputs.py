"""What a file is, judged by its content, and whether we can read it."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pikepdf

from ingest.errors import CorruptPdf, EmptyFile, EncryptedPdf, FileTooLarge, UnsupportedType

MediaType = Literal["application/pdf", "text/plain"]
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
SUFFIXES = {".pdf", ".txt"}
# Control characters PDF extraction leaves in text (BEL, EOT, C1 codes …), without the ones
# that lay text out (\t \n \f \r) and the line breaks handled apart (VT, NEL).
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]+")
# Word's manual line break (VT) and NEL are line breaks.
_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x85": "\n"})
# Share of real characters a sample must have to be text: valid UTF-8 is itself strong
# evidence (binary data almost never is), so it may carry many stray control characters
# (real extractions use BEL or EOT as word spaces); anything decodes as Windows-1252, so
# there the bar is high.
_MIN_TEXT_SHARE_UTF8 = 0.7
_MIN_TEXT_SHARE_CP1252 = 0.95


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
    checksum = sha256(path)
    if b"%PDF-" in head[:1024]:
        return SourceFile(path, "application/pdf", checksum, size, pages=_pdf_pages(path))
    if _looks_like_text(head):
        return SourceFile(path, "text/plain", checksum, size)
    raise UnsupportedType(f"Inhalt beginnt mit {head[:8]!r}")


def read_text_file(path: Path) -> str:
    """Plain OCR text as archives hold it: UTF-8, else Windows-1252; control characters cleaned."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return clean_text(text.replace("\r\n", "\n").replace("\r", "\n"))


def clean_text(text: str) -> str:
    """Control characters out, everything else kept.

    VT and NEL become line breaks. Other control characters are dropped; a run of them
    between two visible characters becomes one space, because extractions use them as
    word spaces ("Die\x04Thematik\x04des"): dropping them would glue the words together.
    """
    text = text.translate(_LINE_BREAKS)
    return _CONTROLS.sub(_control_run, text)


def _control_run(m: re.Match[str]) -> str:
    text, start, end = m.string, m.start(), m.end()
    if 0 < start and end < len(text) and not text[start - 1].isspace() and not text[end].isspace():
        return " "
    return ""


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
    """Text judged by its characters: letters, digits, punctuation and spaces of any kind
    (no-break spaces, private-use symbol glyphs) count; control characters and bytes
    Windows-1252 cannot decode do not."""
    try:
        sample, utf8 = head.decode("utf-8"), True
    except UnicodeDecodeError as e:
        if e.start >= len(head) - 3:  # a multi-byte character cut at the end of the sample
            sample, utf8 = head[: e.start].decode("utf-8"), True
        else:
            sample, utf8 = head.decode("cp1252", errors="replace"), False
    if not sample or "\x00" in sample:  # NUL: binary (no real text file has one in its head)
        return False
    junk = sum(1 for ch in sample if ch == "\ufffd" or _is_control(ch))
    return 1 - junk / len(sample) >= (_MIN_TEXT_SHARE_UTF8 if utf8 else _MIN_TEXT_SHARE_CP1252)


def _is_control(ch: str) -> bool:
    return ch not in "\t\n\r\f\x0b\x85" and unicodedata.category(ch) in ("Cc", "Cs", "Cn")


def _read_head(path: Path, n: int = 8192) -> bytes:
    with path.open("rb") as f:
        return f.read(n)


def sha256(path: Path) -> str:
    """SHA-256 of a file, read in 1 MiB blocks (the archive's checksum)."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
