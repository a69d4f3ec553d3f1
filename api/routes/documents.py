"""Documents: list, read (metadata, pages, files), upload, delete; the Gremien and topics."""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse

from api.deps import READ, WRITE, InternalDep, JobsDep, LibraryDep, SettingsDep
from api.errors import responses
from api.jobs import Job
from api.params import DocId, PageNo, list_filters
from api.uploads import UPLOAD_BODY, receive_stream
from ingest.models import Page
from kb.errors import Conflict
from kb.filters import Filters
from kb.records import Bodies, DocumentDetail, DocumentList, Topics

router = APIRouter(tags=["Dokumente"])


@dataclass
class Deleted:
    deleted: str


@router.get("/documents", response_model=DocumentList, dependencies=READ, responses=responses(403, 422),
            summary="Erfasste Unterlagen auflisten")
def list_documents(library: LibraryDep, filters: Annotated[Filters, Depends(list_filters)], page: PageNo = 1,
                   size: Annotated[int, Query(ge=1, le=500)] = 50) -> DocumentList:
    return library.documents(filters, page, size)


@router.get("/documents/{doc_id}", response_model=DocumentDetail, dependencies=READ, responses=responses(403, 404, 422),
            summary="Ein Dokument: Metadaten und Seitentexte")
def get_document(library: LibraryDep, internal: InternalDep, doc_id: DocId) -> DocumentDetail:
    return library.detail(doc_id, internal)


@router.get("/documents/{doc_id}/pages/{number}", response_model=Page, dependencies=READ,
            responses=responses(403, 404, 422), summary="Text einer Seite")
def get_page(library: LibraryDep, internal: InternalDep, doc_id: DocId,
             number: Annotated[int, PathParam(ge=1, le=100_000, description="Seitennummer ab 1")]) -> Page:
    return library.page(doc_id, number, internal)


@router.get("/documents/{doc_id}/pdf", dependencies=READ, response_class=FileResponse,
            responses={200: {"content": {"application/pdf": {}, "text/plain": {}}, "description": "die Datei"},
                       **responses(403, 404, 422)},
            summary="Die Originaldatei (oder die durchsuchbare PDF)")
def get_pdf(
    library: LibraryDep,
    internal: InternalDep,
    doc_id: DocId,
    variant: Annotated[Literal["original", "searchable"], Query(description="original: die Datei, wie sie kam "
                       "(PDF oder Text); searchable: PDF mit OCR-Textebene")] = "original",
) -> FileResponse:
    found = library.original(doc_id, searchable=variant == "searchable", internal=internal)
    return FileResponse(found.path, media_type=found.media_type, filename=found.filename, content_disposition_type="inline")


@router.post("/documents", status_code=202, response_model=Job, dependencies=WRITE, openapi_extra=UPLOAD_BODY,
             responses=responses(403, 409, 413, 415, 422), summary="PDF oder Text hochladen (Erfassung im Hintergrund)")
async def upload_document(
    request: Request,
    library: LibraryDep,
    jobs: JobsDep,
    settings: SettingsDep,
    replace: Annotated[bool, Query(description="ein vorhandenes Dokument gleichen Namens ersetzen")] = False,
) -> Job:
    # The body is read here, after the key check (WRITE), as a counted stream (api.uploads).
    received = await receive_stream(request, library.uploads_dir / uuid.uuid4().hex, None, settings.max_upload_bytes)
    doc_id = received.path.stem
    # No await between this check and the submit: two uploads of one name cannot both pass it.
    if (library.has(doc_id) or jobs.ingesting(doc_id)) and not replace:
        shutil.rmtree(received.path.parent, ignore_errors=True)
        raise Conflict(f"Dokument „{doc_id}“ gibt es schon; zum Ersetzen ?replace=true angeben")
    return jobs.submit_upload(received.path, received.filename, doc_id)


@router.delete("/documents/{doc_id}", response_model=Deleted, dependencies=WRITE, responses=responses(403, 404, 422),
               summary="Dokument aus Archiv und Index löschen")
def delete_document(library: LibraryDep, doc_id: DocId) -> Deleted:
    library.delete(doc_id)
    return Deleted(doc_id)


@router.get("/bodies", response_model=Bodies, dependencies=READ, responses=responses(403),
            summary="Gremien mit Anzahl der Unterlagen")
def bodies(library: LibraryDep, internal: InternalDep) -> Bodies:
    return Bodies(library.bodies(internal))


@router.get("/topics", response_model=Topics, dependencies=READ, responses=responses(403),
            summary="Themen mit Anzahl der Unterlagen")
def topics(library: LibraryDep, internal: InternalDep) -> Topics:
    return Topics(library.topics(internal))
