"""Receiving an uploaded file: size-limited, judged by its content as `kb ingest` judges a file.

Nothing the client sends becomes a path: the file lands in a folder we generate, named
after the document id (slugified to [a-z0-9-]) with the suffix its content calls for.
What the content is, is `ingest.inputs.inspect_file`'s decision (one rule for HTTP and the
command line: a PDF by its signature, text in UTF-8 or Windows-1252); its error classes
(`ingest.errors`) carry the HTTP status. A PDF that is damaged or encrypted is taken: its job
reports the reason, as `kb ingest` reports it for the file.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import BinaryIO

from ingest.archive import slugify
from ingest.errors import CorruptPdf, EncryptedPdf, FileTooLarge
from ingest.inputs import inspect_file

CHUNK = 1 << 20
MB = 2**20


def upload_id(filename: str | None) -> str:
    """The document id of an upload: from the file's base name, slugified; never a path."""
    stem = Path((filename or "").replace("\\", "/")).stem if filename else ""
    slug = slugify(stem)[:100].strip("-") if stem else ""
    return slug if slug and slug != "dokument" else f"upload-{uuid.uuid4().hex[:8]}"


def too_large(max_bytes: int) -> FileTooLarge:
    return FileTooLarge(f"erlaubt sind {max_bytes / MB:g} MB (RATSARCHIV_MAX_UPLOAD_MB)")


def receive_upload(source: BinaryIO, folder: Path, doc_id: str, max_bytes: int) -> Path:
    """Copy the upload into `folder` (removed again on any error); raise an `IngestError` subclass."""
    folder.mkdir(parents=True, exist_ok=False)
    part = folder / "upload.part"
    size = 0
    try:
        with part.open("wb") as out:
            while block := source.read(CHUNK):
                size += len(block)
                if size > max_bytes:
                    raise too_large(max_bytes)
                out.write(block)
        try:
            suffix = ".pdf" if inspect_file(part, max_bytes).media_type == "application/pdf" else ".txt"
        except (CorruptPdf, EncryptedPdf):
            suffix = ".pdf"  # the ingest job reports why it cannot be read
        target = folder / f"{doc_id}{suffix}"
        part.rename(target)
        return target
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def limit_upload_size(app, max_bytes: int) -> None:
    """Refuse an oversized upload from its Content-Length, before its body is read and spooled."""
    from fastapi import Request
    from fastapi.responses import JSONResponse

    slack = 64 * 1024  # multipart boundaries and headers

    @app.middleware("http")
    async def limit(request: Request, call_next):
        length = request.headers.get("content-length")
        if request.method == "POST" and length and length.isdigit() and int(length) > max_bytes + slack:
            return JSONResponse(status_code=413, content={"detail": str(too_large(max_bytes))})
        return await call_next(request)
