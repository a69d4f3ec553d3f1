"""Receiving an uploaded file: size-limited, typed by its content, stored under our own name.

Nothing the client sends becomes a path: the file lands in a folder we generate, named
after the document id (already slugified to [a-z0-9-]) with the suffix its content
calls for. Whether it is a PDF is decided by the `%PDF-` signature, text by decoding it
as UTF-8; any other content is refused before it reaches the ingest queue.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 20


class UploadTooLarge(Exception):
    pass


def receive_upload(source: BinaryIO, folder: Path, doc_id: str, max_bytes: int) -> Path:
    """Copy the upload into `folder`; raise UploadTooLarge, or ValueError(message, status)."""
    folder.mkdir(parents=True, exist_ok=False)
    part = folder / "upload.part"
    size = 0
    try:
        with part.open("wb") as out:
            while block := source.read(CHUNK):
                size += len(block)
                if size > max_bytes:
                    raise UploadTooLarge(f"Datei zu groß: erlaubt sind {max_bytes / 2**20:g} MB (RATSARCHIV_MAX_UPLOAD_MB)")
                out.write(block)
        if size == 0:
            raise ValueError("Leere Datei (0 Byte)", 422)
        suffix = _suffix_by_content(part)
        target = folder / f"{doc_id}{suffix}"
        part.rename(target)
        return target
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _suffix_by_content(path: Path) -> str:
    with path.open("rb") as f:
        head = f.read(1024)
    if b"%PDF-" in head:
        return ".pdf"
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("Dateityp nicht unterstützt: erlaubt sind PDF-Dateien und Text in UTF-8", 415) from None
    printable = sum(ch.isprintable() or ch in "\n\r\t\f" for ch in text[:8192])
    if "\x00" in text or printable < 0.95 * len(text[:8192]):
        raise ValueError("Dateityp nicht unterstützt: die Datei enthält Binärdaten, weder PDF noch Text", 415)
    return ".txt"
