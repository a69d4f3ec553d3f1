"""The HTTP service: a JSON API over the knowledge base, and the German web page at `/`.

>>> app = create_app(Settings.load())          # doctest: +SKIP
>>> uvicorn.run(app, host="127.0.0.1", port=8000)   # doctest: +SKIP

Routes are plain (sync) functions: FastAPI runs them on its thread pool, and the heavy
parts (search pipelines, OCR) release the GIL in numpy and in the OCR subprocesses.
"""

from __future__ import annotations

import calendar
import secrets
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, File, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, JSONResponse
from fastapi.security import APIKeyHeader
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from api import errors, schemas
from api.config import ConfigError, Settings
from api.errors import fail, responses
from api.services import Services, Summary
from api.uploads import UploadTooLarge, receive_upload
from ingest.archive import slugify
from ingest.dates import parse_german_date
from kb.search import Filters, SearchResult, group_by_document


STATIC = Path(__file__).parent / "static"
MAX_WINDOW = 200  # hits a search can page through
DOC_ID = r"^[a-z0-9][a-z0-9-]{0,199}$"
DocId = Annotated[str, PathParam(pattern=DOC_ID, max_length=200, description="Dokument-ID", examples=["vorlage-sozialplanung-2019"])]
Page = Annotated[int, Query(ge=1, le=10_000, description="Seite der Ergebnisliste (ab 1)")]
Size = Annotated[int, Query(ge=1, le=100, description="Einträge je Seite")]
DateParam = Annotated[str | None, Query(max_length=40)]

def services(request: Request) -> Services:
    return request.app.state.services


Svc = Annotated[Services, Depends(services)]
api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="API-Schlüssel (RATSARCHIV_API_KEY)")

DESCRIPTION = """
Suche, Antworten mit Belegstellen und Verweise über die erfassten Sitzungsunterlagen
(Vorlagen, Mitteilungen, Niederschriften) des Kreistags und seiner Ausschüsse.

* Lesen ist offen (oder braucht den API-Schlüssel, wenn `RATSARCHIV_READ_KEY_REQUIRED=true`).
* Schreiben (Hochladen, Löschen, Neuindexieren) braucht den Schlüssel im Kopf `X-API-Key`.
* Fehler: Statuscode 4xx und `{"detail": "<Meldung>"}`.
* Datumsangaben: `TT.MM.JJJJ`, `JJJJ-MM-TT`, `JJJJ-MM` oder `JJJJ`.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.load()
    if settings.read_key_required and not settings.api_key:
        raise ConfigError("RATSARCHIV_READ_KEY_REQUIRED verlangt einen Schlüssel: RATSARCHIV_API_KEY ist nicht gesetzt")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = Services(settings)
        services.start()
        app.state.services = services
        try:
            yield
        finally:
            services.stop()

    # FastAPIOffline: a FastAPI whose /docs and /redoc load Swagger UI and ReDoc from the package, not a CDN.
    app = FastAPIOffline(
        title="Ratsarchiv",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_tags=[
            {"name": "Suche", "description": "Volltext- und semantische Suche, Antworten"},
            {"name": "Dokumente", "description": "Erfasste Unterlagen lesen, hochladen, löschen"},
            {"name": "Verweise", "description": "Verwandte Unterlagen und Zeitleiste eines Vorgangs"},
            {"name": "Betrieb", "description": "Zustand, Aufträge, Index"},
        ],
    )
    app.state.settings = settings
    errors.install(app)
    _limit_upload_size(app, settings)

    def check_key(key: str | None, what: str) -> None:
        if not settings.api_key:
            raise fail(403, f"{what} ist abgeschaltet: auf dem Server ist kein API-Schlüssel konfiguriert (RATSARCHIV_API_KEY)")
        if not key:
            raise fail(403, f"{what} braucht einen API-Schlüssel im Kopf X-API-Key")
        if not secrets.compare_digest(key.encode(), settings.api_key.encode()):
            raise fail(403, "API-Schlüssel ist falsch")

    def require_write(key: Annotated[str | None, Depends(api_key_header)]) -> None:
        check_key(key, "Schreibzugriff")

    def require_read(key: Annotated[str | None, Depends(api_key_header)]) -> None:
        if settings.read_key_required:
            check_key(key, "Lesezugriff")

    read = [Depends(require_read)]
    write = [Depends(require_write)]

    # --- search and answers ------------------------------------------------------------------

    @app.get("/search", tags=["Suche"], response_model=schemas.SearchResponse, dependencies=read,
             responses=responses(403, 422), summary="Unterlagen durchsuchen")
    def search(
        svc: Svc,
        q: Annotated[str, Query(min_length=1, max_length=schemas.MAX_QUERY, description="Suchbegriffe oder Frage",
                                examples=["Förderzeitraum Sozialplanung"])],
        body: Annotated[str | None, Query(max_length=200, description="Gremium", examples=["Kreistag"])] = None,
        topic: Annotated[str | None, Query(max_length=100, description="Thema", examples=["Förderung"])] = None,
        type: Annotated[str | None, Query(max_length=100, description="Art der Unterlage", examples=["Mitteilung"])] = None,
        date_from: Annotated[str | None, Query(alias="from", max_length=40, description="Dokumentdatum ab", examples=["01.01.2019"])] = None,
        date_to: Annotated[str | None, Query(alias="to", max_length=40, description="Dokumentdatum bis", examples=["2020-12-31"])] = None,
        mentions_from: Annotated[str | None, Query(max_length=40, description="erwähnt ein Datum ab")] = None,
        mentions_to: Annotated[str | None, Query(max_length=40, description="erwähnt ein Datum bis")] = None,
        page: Page = 1,
        size: Size = 10,
    ) -> dict[str, Any]:
        filters = make_filters(body, topic, type, date_from, date_to, mentions_from, mentions_to)
        offset = (page - 1) * size
        if offset >= MAX_WINDOW:
            raise fail(422, f"Parameter „page“: höchstens die ersten {MAX_WINDOW} Treffer sind abrufbar")
        result = _search(svc, q, filters)
        shown = result.hits[offset : offset + size]
        data = SearchResult(result.query, shown, group_by_document(shown), result.facets).to_json()
        return {**data, "page": page, "size": size, "total": len(result.hits)}

    @app.post("/ask", tags=["Suche"], response_model=schemas.AskResponse, dependencies=read,
              responses=responses(403, 422, 503), summary="Frage beantworten (mit Belegstelle)")
    def ask(svc: Svc, payload: schemas.AskRequest) -> dict[str, Any]:
        f = payload.filters
        filters = make_filters(f.body, f.topic, f.type, f.from_, f.to, f.mentions_from, f.mentions_to) if f else None
        if not payload.question.strip():
            raise fail(422, "Feld „question“ ist leer")
        answerer = svc.answerer.get()
        if answerer is None:
            raise fail(503, f"Die Antwortfunktion ist nicht verfügbar ({svc.answerer.error})")
        return answerer.ask(payload.question, filters).to_json()

    # --- documents -----------------------------------------------------------------------------

    @app.get("/documents", tags=["Dokumente"], response_model=schemas.DocumentList, dependencies=read,
             responses=responses(403, 422), summary="Erfasste Unterlagen auflisten")
    def list_documents(
        svc: Svc,
        body: Annotated[str | None, Query(max_length=200, description="Gremium (der Sitzung)", examples=["Kreistag"])] = None,
        topic: Annotated[str | None, Query(max_length=100, examples=["Soziales"])] = None,
        type: Annotated[str | None, Query(max_length=100, examples=["Niederschrift"])] = None,
        date_from: Annotated[str | None, Query(alias="from", max_length=40, examples=["2019"])] = None,
        date_to: Annotated[str | None, Query(alias="to", max_length=40, examples=["31.12.2021"])] = None,
        page: Page = 1,
        size: Annotated[int, Query(ge=1, le=500)] = 50,
    ) -> dict[str, Any]:
        filters = make_filters(body, topic, type, date_from, date_to, None, None)
        chosen = [s for s in svc.catalog.summaries() if _accepts(filters, s)]
        offset = (page - 1) * size
        return {"documents": [s.to_json() for s in chosen[offset : offset + size]], "total": len(chosen), "page": page, "size": size}

    @app.get("/documents/{doc_id}", tags=["Dokumente"], response_model=schemas.DocumentDetail, dependencies=read,
             responses=responses(403, 404, 422), summary="Ein Dokument: Metadaten und Seitentexte")
    def get_document(svc: Svc, doc_id: DocId) -> dict[str, Any]:
        doc = _document(svc, doc_id)
        return {
            "id": doc.id, "source": doc.source, "checksum": doc.checksum, "media_type": doc.media_type,
            "ingested_at": doc.ingested_at, "searchable_pdf": (svc.archive.path_of(doc.id) / "searchable.pdf").exists(),
            "metadata": doc.to_dict()["metadata"],
            "pages": [_page(p) for p in doc.pages],
        }

    @app.get("/documents/{doc_id}/pages/{number}", tags=["Dokumente"], response_model=schemas.PageText, dependencies=read,
             responses=responses(403, 404, 422), summary="Text einer Seite")
    def get_page(svc: Svc, doc_id: DocId, number: Annotated[int, PathParam(ge=1, le=100_000, description="Seitennummer ab 1")]) -> dict[str, Any]:
        doc = _document(svc, doc_id)
        if number > len(doc.pages):
            raise fail(404, f"Seite {number} gibt es nicht: das Dokument hat {len(doc.pages)} Seite(n)")
        return _page(doc.pages[number - 1])

    @app.get("/documents/{doc_id}/pdf", tags=["Dokumente"], dependencies=read, response_class=FileResponse,
             responses={200: {"content": {"application/pdf": {}, "text/plain": {}}, "description": "die Datei"},
                        **responses(403, 404, 422)},
             summary="Die Originaldatei (oder die durchsuchbare PDF)")
    def get_pdf(
        svc: Svc,
        doc_id: DocId,
        variant: Annotated[Literal["original", "searchable"], Query(description="original: die Datei, wie sie kam "
                           "(PDF oder Text); searchable: PDF mit OCR-Textebene")] = "original",
    ) -> FileResponse:
        doc = _document(svc, doc_id)
        folder = svc.archive.path_of(doc.id)
        path = folder / "searchable.pdf" if variant == "searchable" else svc.archive.original(doc.id)
        if path is None or not path.exists():
            raise fail(404, "Für dieses Dokument gibt es keine durchsuchbare PDF (es wurde keine Texterkennung ausgeführt)")
        media = "application/pdf" if path.suffix == ".pdf" else "text/plain; charset=utf-8"
        name = doc.source if variant == "original" else f"{Path(doc.source).stem}-durchsuchbar.pdf"
        return FileResponse(path, media_type=media, filename=name, content_disposition_type="inline")

    @app.post("/documents", tags=["Dokumente"], status_code=202, response_model=schemas.JobOut, dependencies=write,
              responses=responses(400, 403, 409, 413, 415, 422), summary="PDF oder Text hochladen (Erfassung im Hintergrund)")
    def upload_document(
        svc: Svc,
        file: Annotated[UploadFile, File(description="PDF oder Textdatei (UTF-8)")],
        replace: Annotated[bool, Query(description="ein vorhandenes Dokument gleichen Namens ersetzen")] = False,
    ) -> dict[str, Any]:
        doc_id = _upload_id(file.filename)
        if svc.archive.get(doc_id) is not None and not replace:
            raise fail(409, f"Dokument „{doc_id}“ gibt es schon; zum Ersetzen ?replace=true angeben")
        folder = svc.uploads / uuid.uuid4().hex
        path = _store_upload(file, folder, doc_id, svc.settings.max_upload_bytes)
        return svc.jobs.submit_upload(path, file.filename, doc_id).to_json()

    @app.delete("/documents/{doc_id}", tags=["Dokumente"], response_model=schemas.Deleted, dependencies=write,
                responses=responses(403, 404, 422), summary="Dokument aus Archiv und Index löschen")
    def delete_document(svc: Svc, doc_id: DocId) -> dict[str, Any]:
        if not svc.jobs.delete_document(doc_id):
            raise fail(404, f"Dokument „{doc_id}“ nicht gefunden")
        return {"deleted": doc_id}

    # --- catalogue -------------------------------------------------------------------------------

    @app.get("/bodies", tags=["Dokumente"], response_model=schemas.Bodies, dependencies=read, responses=responses(403),
             summary="Gremien mit Anzahl der Unterlagen")
    def bodies(svc: Svc) -> dict[str, Any]:
        return {"bodies": svc.catalog.bodies()}

    @app.get("/topics", tags=["Dokumente"], response_model=schemas.Topics, dependencies=read, responses=responses(403),
             summary="Themen mit Anzahl der Unterlagen")
    def topics(svc: Svc) -> dict[str, Any]:
        return {"topics": svc.catalog.topics()}

    # --- links ----------------------------------------------------------------------------------

    @app.get("/documents/{doc_id}/related", tags=["Verweise"], response_model=schemas.RelatedResponse, dependencies=read,
             responses=responses(403, 404, 422, 503), summary="Frühere Unterlagen, auf denen ein Dokument aufbaut")
    def related(svc: Svc, doc_id: DocId, top_k: Annotated[int, Query(ge=1, le=50)] = 10) -> dict[str, Any]:
        doc = _document(svc, doc_id)
        linker = _linker(svc)
        return {"document": doc.id, "related": [r.to_json() for r in linker.related(doc, top_k=top_k)]}

    @app.post("/related", tags=["Verweise"], response_model=schemas.RelatedResponse, dependencies=read,
              responses=responses(400, 403, 413, 415, 422, 503),
              summary="Verwandte Unterlagen zu einer neuen Datei (wird nicht gespeichert)")
    def related_upload(
        svc: Svc,
        file: Annotated[UploadFile, File(description="PDF oder Textdatei (UTF-8)")],
        top_k: Annotated[int, Query(ge=1, le=50)] = 10,
    ) -> dict[str, Any]:
        from ingest.errors import IngestError, MissingDependency
        from ingest.lexicon import Lexicon
        from ingest.pipeline import read_document

        linker = _linker(svc)
        with tempfile.TemporaryDirectory(prefix="ratsarchiv-related-") as scratch:
            path = _store_upload(file, Path(scratch) / "in", _upload_id(file.filename), svc.settings.max_upload_bytes)
            try:
                doc, _ = read_document(path, Lexicon(domain=svc.archive.domain_counts()), Path(scratch),
                                       max_bytes=svc.settings.max_upload_bytes)
            except MissingDependency as e:
                raise fail(503, str(e)) from None
            except IngestError as e:  # the file's fault (corrupt, encrypted, unreadable even by OCR)
                raise fail(e.http_status if e.http_status < 500 else 422, str(e)) from None
        return {"document": doc.metadata.title or doc.source, "related": [r.to_json() for r in linker.related(doc, top_k=top_k)]}

    @app.get("/timeline", tags=["Verweise"], response_model=schemas.TimelineResponse, dependencies=read,
             responses=responses(403, 404, 422, 503), summary="Zeitleiste eines Vorgangs (zu einem Dokument oder einer Suche)")
    def timeline(
        svc: Svc,
        document: Annotated[str | None, Query(pattern=DOC_ID, max_length=200, examples=["vorlage-sozialplanung-2019"])] = None,
        q: Annotated[str | None, Query(min_length=1, max_length=schemas.MAX_QUERY, examples=["Sozialplanung"])] = None,
    ) -> dict[str, Any]:
        if not document and not (q and q.strip()):
            raise fail(422, "Bitte „document“ (Dokument-ID) oder „q“ (Suchbegriffe) angeben")
        if document:
            _document(svc, document)
        linker = _linker(svc)
        try:
            return linker.timeline(document_id=document, query=None if document else q).to_json()
        except KeyError:
            raise fail(404, f"Dokument „{document}“ nicht gefunden") from None

    # --- operations --------------------------------------------------------------------------------

    @app.get("/health", tags=["Betrieb"], response_model=schemas.Health, summary="Zustand des Dienstes")
    def health(svc: Svc) -> dict[str, Any]:
        return {
            "status": "ok",
            "documents": len(svc.catalog.summaries()),
            "passages": svc.store.count_documents(),
            "jobs_pending": svc.jobs.pending(),
            "model": settings.model,
            "answers": svc.answerer.ready,
            "links": svc.linker.ready,
            "writes": bool(settings.api_key),
        }

    @app.get("/jobs/{job_id}", tags=["Betrieb"], response_model=schemas.JobOut, dependencies=read,
             responses=responses(403, 404, 422), summary="Stand eines Hintergrundauftrags")
    def job(svc: Svc, job_id: Annotated[str, PathParam(pattern=r"^[0-9a-f]{32}$", description="Auftrags-ID")]) -> dict[str, Any]:
        found = svc.jobs.get(job_id)
        if found is None:
            raise fail(404, f"Auftrag „{job_id}“ nicht gefunden")
        return found.to_json()

    @app.post("/reindex", tags=["Betrieb"], status_code=202, response_model=schemas.JobOut, dependencies=write,
              responses=responses(403, 422), summary="Suchindex aktualisieren oder neu aufbauen (im Hintergrund)")
    def reindex(svc: Svc, rebuild: Annotated[bool, Query(description="vollständig neu aufbauen")] = False) -> dict[str, Any]:
        return svc.jobs.submit_reindex(rebuild).to_json()

    # --- the web page ----------------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


# --- helpers -----------------------------------------------------------------------------------------


def make_filters(
    body: str | None, topic: str | None, doc_type: str | None,
    date_from: str | None, date_to: str | None, mentions_from: str | None, mentions_to: str | None,
) -> Filters:
    """Filters from request parameters; dates in any form staff type, checked."""
    bounds = {
        "date_from": _date(date_from, "from", first=True),
        "date_to": _date(date_to, "to", first=False),
        "mentions_from": _date(mentions_from, "mentions_from", first=True),
        "mentions_to": _date(mentions_to, "mentions_to", first=False),
    }
    for low, high in (("date_from", "date_to"), ("mentions_from", "mentions_to")):
        if bounds[low] and bounds[high] and bounds[low] > bounds[high]:
            raise fail(422, f"Zeitraum ist leer: „{low.replace('date_', '')}“ liegt nach „{high.replace('date_', '')}“")
    return Filters(body=_text(body), topic=_text(topic), doc_type=_text(doc_type), **bounds)


def _text(value: str | None) -> str | None:
    return value.strip() or None if value else None


def _date(value: str | None, name: str, first: bool) -> str | None:
    """An ISO day; a year or month stands for its first (lower bound) or last day (upper bound)."""
    if value is None or not value.strip():
        return None
    try:
        iso = parse_german_date(value)
    except (ValueError, OverflowError):
        iso = None
    if iso is None:
        raise fail(422, f"Parameter „{name}“: {value[:40]!r} ist kein Datum (TT.MM.JJJJ, JJJJ-MM-TT, JJJJ-MM oder JJJJ)")
    if len(iso) == 4:
        return f"{iso}-01-01" if first else f"{iso}-12-31"
    if len(iso) == 7:
        last = calendar.monthrange(int(iso[:4]), int(iso[5:7]))[1]  # a real date: filters compare ISO dates
        return f"{iso}-01" if first else f"{iso}-{last:02d}"
    return iso


def _search(svc: Services, q: str, filters: Filters) -> SearchResult:
    """The whole window, so `total` is stable across pages."""
    return svc.searcher.search(q, filters, top_k=MAX_WINDOW)


def _accepts(filters: Filters, s: Summary) -> bool:
    if filters.body and s.session_body != filters.body:
        return False
    if filters.topic and filters.topic not in s.topics:
        return False
    if filters.doc_type and s.doc_type != filters.doc_type:
        return False
    if filters.date_from and not (s.sort_date and s.sort_date >= filters.date_from):
        return False
    if filters.date_to and not (s.sort_date and s.sort_date <= filters.date_to):
        return False
    return True


def _document(svc: Services, doc_id: str):
    doc = svc.archive.get(doc_id)
    if doc is None:
        raise fail(404, f"Dokument „{doc_id}“ nicht gefunden")
    return doc


def _page(page) -> dict[str, Any]:
    return {"number": page.number, "text": page.text, "raw": page.raw, "origin": page.origin,
            "quality": page.quality, "repaired_words": page.repaired_words}


def _linker(svc: Services):
    linker = svc.current_linker()
    if linker is None:
        raise fail(503, f"Verweise und Zeitleisten sind nicht verfügbar ({svc.linker.error})")
    return linker


def _upload_id(filename: str | None) -> str:
    """The document id of an upload: from the file's base name, slugified; never a path."""
    stem = Path((filename or "").replace("\\", "/")).stem if filename else ""
    slug = slugify(stem)[:100].strip("-") if stem else ""
    return slug if slug and slug != "dokument" else f"upload-{uuid.uuid4().hex[:8]}"


def _store_upload(file: UploadFile, folder: Path, doc_id: str, max_bytes: int) -> Path:
    try:
        return receive_upload(file.file, folder, doc_id, max_bytes)
    except UploadTooLarge as e:
        raise fail(413, str(e)) from None
    except ValueError as e:
        raise fail(e.args[1] if len(e.args) > 1 else 422, str(e.args[0])) from None


def _limit_upload_size(app: FastAPI, settings: Settings) -> None:
    """Refuse an oversized upload from its Content-Length, before its body is read and spooled."""
    slack = 64 * 1024  # multipart boundaries and headers

    @app.middleware("http")
    async def limit(request: Request, call_next):
        length = request.headers.get("content-length")
        if request.method == "POST" and length and length.isdigit() and int(length) > settings.max_upload_bytes + slack:
            return JSONResponse(status_code=413, content={
                "detail": f"Datei zu groß: erlaubt sind {settings.max_upload_mb:g} MB (RATSARCHIV_MAX_UPLOAD_MB)"})
        return await call_next(request)
