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

from api import errors
from api.jobs import JobQueue
from api.routes import admin, documents, links, search
from api.uploads import limit_upload_size
from kb.config import Settings
from kb.library import Library

STATIC = Path(__file__).parent / "static"
log = logging.getLogger("ratsarchiv")

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
    for router in (search.router, documents.router, links.router, admin.router):
        app.include_router(router)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
