"""Links: related papers (of an archived document or of a file sent), the timeline of a matter."""

from __future__ import annotations

import shutil
import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api.deps import INTERNAL, READ, InternalDep, JobsDep, LibraryDep, SettingsDep
from api.errors import responses
from api.jobs import Job
from api.params import DOC_ID, DocId
from api.uploads import UPLOAD_BODY, receive_stream
from kb.links import RelatedList, Timeline
from kb.records import MAX_QUERY, to_json

router = APIRouter(tags=["Verweise"])
TopK = Annotated[int, Query(ge=1, le=50)]


@router.get("/documents/{doc_id}/related", response_model=RelatedList, dependencies=READ,
            responses=responses(403, 404, 422, 503), summary="Frühere Unterlagen, auf denen ein Dokument aufbaut")
def related(library: LibraryDep, internal: InternalDep, doc_id: DocId, top_k: TopK = 10) -> RelatedList:
    return library.related_list(doc_id, top_k, internal)


@router.post("/related", response_model=RelatedList, dependencies=INTERNAL, openapi_extra=UPLOAD_BODY,
             responses={202: {"model": Job, "description": "PDF: als Auftrag angenommen; das Ergebnis "
                              "(`result`) des Auftrags ist die Liste der verwandten Unterlagen"},
                        **responses(403, 413, 415, 422, 503)},
             summary="Verwandte Unterlagen zu einer neuen Datei (wird nicht gespeichert)")
async def related_upload(
    request: Request,
    library: LibraryDep,
    jobs: JobsDep,
    settings: SettingsDep,
    top_k: TopK = 10,
) -> RelatedList | JSONResponse:
    """Needs the write key or an internal key (it reads a client's file, and sees non-public papers).

    A text file is answered at once (reading it is cheap). A PDF is never parsed in the request
    (OCR or a hostile PDF could take minutes and gigabytes): it becomes a job like an upload,
    202 with the job, whose `result` is the related list when it is done.
    """
    received = await receive_stream(request, library.uploads_dir / uuid.uuid4().hex, None, settings.max_upload_bytes)
    if received.path.suffix == ".pdf":
        job = jobs.submit_related(received.path, received.filename, top_k)
        return JSONResponse(status_code=202, content=to_json(job))
    try:
        document = await run_in_threadpool(library.read_file, received.path, settings.max_upload_bytes)
    finally:
        shutil.rmtree(received.path.parent, ignore_errors=True)
    return await run_in_threadpool(library.related_list, document, top_k, True)


@router.get("/timeline", response_model=Timeline, dependencies=READ, responses=responses(403, 404, 422, 503),
            summary="Zeitleiste eines Vorgangs (zu einem Dokument oder einer Suche)")
def timeline(
    library: LibraryDep,
    internal: InternalDep,
    document: Annotated[str | None, Query(pattern=DOC_ID, max_length=200, examples=["vorlage-sozialplanung-2019"])] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=MAX_QUERY, examples=["Sozialplanung"])] = None,
) -> Timeline:
    return library.timeline(document=document, query=q, internal=internal)
