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
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as StarletteUpload
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request

from ingest.archive import slugify
from ingest.errors import CorruptPdf, EncryptedPdf, FileTooLarge
from ingest.inputs import inspect_file
from kb.errors import BadRequest

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


SLACK = 64 * 1024  # multipart boundaries and part headers around the file

# The OpenAPI body of the upload routes (they read the body themselves, so FastAPI cannot derive it).
UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary",
                            "description": "PDF oder Textdatei (UTF-8 oder Windows-1252)"}}}}}}}


@dataclass
class Received:
    """An uploaded file, copied into its own folder: where it is and the name the client gave."""

    path: Path
    filename: str | None


async def receive_stream(request: Request, folder: Path, doc_id: str | None, max_bytes: int) -> Received:
    """Read a multipart body with one field `file` as it streams in, counting bytes.

    The count aborts at the limit (413) whatever the transfer encoding: a chunked body without
    Content-Length is refused after `max_bytes` (+ slack), never spooled in full. Routes call
    this after their key check (a dependency), so a refused client's body is never read.
    `doc_id` None: named after the client's file name (`upload_id`).
    """
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise BadRequest("Ungültige Anfrage: Feld „file“ fehlt (multipart/form-data mit einer Datei erwartet)")

    async def counted() -> AsyncIterator[bytes]:
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > max_bytes + SLACK:
                raise too_large(max_bytes)
            yield chunk

    try:
        form = await MultiPartParser(request.headers, counted(), max_files=1, max_fields=10).parse()
    except MultiPartException as e:
        raise BadRequest(f"Der Inhalt der Anfrage ist fehlerhaft und kann nicht gelesen werden ({e.message})") from None
    try:
        upload = form.get("file")
        if not isinstance(upload, StarletteUpload):
            raise BadRequest("Ungültige Anfrage: Feld „file“ fehlt (eine Datei erwartet)")
        name = doc_id or upload_id(upload.filename)
        path = await run_in_threadpool(receive_upload, upload.file, folder, name, max_bytes)
        return Received(path, upload.filename)
    finally:
        await form.close()


def limit_upload_size(app, max_bytes: int) -> None:
    """Refuse an oversized upload from its Content-Length, before its body is read and spooled."""
    from fastapi.responses import JSONResponse

    slack = SLACK

    @app.middleware("http")
    async def limit(request: Request, call_next):
        length = request.headers.get("content-length")
        if request.method == "POST" and length and length.isdigit() and int(length) > max_bytes + slack:
            return JSONResponse(status_code=413, content={"detail": str(too_large(max_bytes))})
        return await call_next(request)
