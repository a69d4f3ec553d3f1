"""The HTTP service: a JSON API over the knowledge base (`kb.library.Library`), and the German web page at `/`.

>>> app = create_app(Settings.load())                  # doctest: +SKIP
>>> uvicorn.run(app, host="127.0.0.1", port=8000)       # doctest: +SKIP

`kb serve` starts it as `uvicorn.run("api.app:create_app", factory=True)`. This module only
creates the app and includes the routers (`api/routes/`); what routes share is in `api/deps.py`.
Routes are plain (sync) functions: FastAPI runs them on its thread pool, and the heavy parts
(search pipelines, OCR) release the GIL in numpy and in the OCR subprocesses.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import errors
from api.jobs import JobQueue
from api.routes import admin, documents, feeds, links, oparl, search
from api.uploads import limit_upload_size
from kb.config import Settings
from kb.library import Library

STATIC = Path(__file__).parent / "static"
log = logging.getLogger("ratsarchiv")

DESCRIPTION = """
Suche, Antworten mit Belegstellen und Verweise über die erfassten Sitzungsunterlagen
(Vorlagen, Mitteilungen, Niederschriften) des Kreistags und seiner Ausschüsse.

* Lesen ist offen (oder braucht den API-Schlüssel, wenn `RATSARCHIV_READ_KEY_REQUIRED=true`).
* Nichtöffentliche Unterlagen sieht nur, wer im Kopf `X-API-Key` einen internen Schlüssel
  (`RATSARCHIV_INTERNAL_KEYS`) oder den Schreibschlüssel mitschickt; allen anderen gibt es sie
  nicht (404, nicht in Treffern, Antworten, Verweisen, Listen und Zählungen).
* Schreiben (Hochladen, Löschen, Neuindexieren) braucht den Schlüssel im Kopf `X-API-Key`.
* Fehler: Statuscode 4xx und `{"detail": "<Meldung>"}`.
* Datumsangaben: `TT.MM.JJJJ`, `JJJJ-MM-TT`, `JJJJ-MM` oder `JJJJ`.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.load()
    settings.check_server()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        library = Library(settings.data, model=settings.model)
        library.uploads_dir.mkdir(parents=True, exist_ok=True)
        library.warm_up()
        jobs = JobQueue(library, settings.max_upload_bytes)
        jobs.start()
        # Mend drift between archive and index left by a crash, without holding up the start.
        threading.Thread(target=library.check, kwargs={"say": log.warning}, name="startup-check", daemon=True).start()
        app.state.library, app.state.jobs = library, jobs
        try:
            yield
        finally:
            jobs.stop()

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
    limit_upload_size(app, settings.max_upload_bytes)
    app.add_middleware(NoSniff)
    app.add_middleware(CloseUnreadBody)
    if settings.read_key_required:
        declare_read_key(app)
    for router in (search.router, documents.router, links.router, admin.router, oparl.router, feeds.router):
        app.include_router(router)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


class NoSniff:
    """`X-Content-Type-Options: nosniff` on every response (stored PDFs and texts included):
    a browser must not guess a type from a file's bytes."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["X-Content-Type-Options"] = "nosniff"
            await send(message)

        await self.app(scope, receive, send_with_header)


class CloseUnreadBody:
    """`Connection: close` on a response sent before the request's body was read to its end.

    A refused upload (403 before reading, 413 at the limit) must not be drained: uvicorn would
    otherwise read and discard the rest of a kept-alive connection's body (gigabytes, with
    chunked encoding). Closing the connection stops the client's sending.
    """

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        read = b"transfer-encoding" not in headers and headers.get(b"content-length", b"0") in (b"0", b"")

        async def tracked() -> Message:
            nonlocal read
            message = await receive()
            if message["type"] == "http.disconnect" or not message.get("more_body", False):
                read = True
            return message

        async def send_closing(message: Message) -> None:
            if message["type"] == "http.response.start" and not read:
                MutableHeaders(scope=message)["Connection"] = "close"
            await send(message)

        await self.app(scope, tracked, send_closing)


def declare_read_key(app: FastAPI) -> None:
    """With RATSARCHIV_READ_KEY_REQUIRED, every route but /health needs the key: say so in the schema.

    The read check reads the header itself (`api.deps.require_read`), so that open reads do not
    declare a key they do not need; this adds the declaration where the setting makes it true.
    """
    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = FastAPI.openapi(app)
            schemes = schema.setdefault("components", {}).setdefault("securitySchemes", {})
            schemes.setdefault("APIKeyHeader", {"type": "apiKey", "in": "header", "name": "X-API-Key",
                                                "description": "API-Schlüssel (RATSARCHIV_API_KEY)"})
            for path, operations in schema.get("paths", {}).items():
                for operation in operations.values():
                    if path != "/health":
                        operation.setdefault("security", [{"APIKeyHeader": []}])
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
