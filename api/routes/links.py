"""Links: related papers (of an archived document or of a file sent), the timeline of a matter."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Query, UploadFile

from api.deps import READ, LibraryDep, SettingsDep
from api.errors import responses
from api.params import DOC_ID, DocId
from api.uploads import receive_upload, upload_id
from kb.links import RelatedList, Timeline
from kb.records import MAX_QUERY

router = APIRouter(tags=["Verweise"], dependencies=READ)
TopK = Annotated[int, Query(ge=1, le=50)]


@router.get("/documents/{doc_id}/related", response_model=RelatedList, responses=responses(403, 404, 422, 503),
            summary="Frühere Unterlagen, auf denen ein Dokument aufbaut")
def related(library: LibraryDep, doc_id: DocId, top_k: TopK = 10) -> RelatedList:
    return library.related_list(doc_id, top_k)


@router.post("/related", response_model=RelatedList, responses=responses(400, 403, 413, 415, 422, 503),
             summary="Verwandte Unterlagen zu einer neuen Datei (wird nicht gespeichert)")
def related_upload(
    library: LibraryDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="PDF oder Textdatei (UTF-8 oder Windows-1252)")],
    top_k: TopK = 10,
) -> RelatedList:
    with tempfile.TemporaryDirectory(prefix="ratsarchiv-related-") as scratch:
        path = receive_upload(file.file, Path(scratch) / "in", upload_id(file.filename), settings.max_upload_bytes)
        document = library.read_file(path, max_bytes=settings.max_upload_bytes)
    return library.related_list(document, top_k)


@router.get("/timeline", response_model=Timeline, responses=responses(403, 404, 422, 503),
            summary="Zeitleiste eines Vorgangs (zu einem Dokument oder einer Suche)")
def timeline(
    library: LibraryDep,
    document: Annotated[str | None, Query(pattern=DOC_ID, max_length=200, examples=["vorlage-sozialplanung-2019"])] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=MAX_QUERY, examples=["Sozialplanung"])] = None,
) -> Timeline:
    return library.timeline(document=document, query=q)
