"""What routes depend on (FastAPI `Depends`): the library, the job queue, the settings, the key checks.

    library: Annotated[Library, Depends(get_library)]
    @router.get("/x", dependencies=[Depends(require_read)])

The app's lifespan puts one `Library` and one `JobQueue` on `app.state`; the key checks need
only the settings, so a refused request never waits for the models to load.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader

from api.errors import fail
from api.jobs import JobQueue
from kb.config import Settings
from kb.library import Library

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="API-Schlüssel (RATSARCHIV_API_KEY)")


def get_library(request: Request) -> Library:
    return request.app.state.library


def get_jobs(request: Request) -> JobQueue:
    return request.app.state.jobs


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def _check_key(settings: Settings, key: str | None, what: str) -> None:
    if not settings.api_key:
        raise fail(403, f"{what} ist abgeschaltet: auf dem Server ist kein API-Schlüssel konfiguriert (RATSARCHIV_API_KEY)")
    if not key:
        raise fail(403, f"{what} braucht einen API-Schlüssel im Kopf X-API-Key")
    if not secrets.compare_digest(key.encode(), settings.api_key.encode()):
        raise fail(403, "API-Schlüssel ist falsch")


def require_write(request: Request, key: Annotated[str | None, Depends(api_key_header)]) -> None:
    _check_key(get_settings(request), key, "Schreibzugriff")


def require_read(request: Request, key: Annotated[str | None, Depends(api_key_header)]) -> None:
    settings = get_settings(request)
    if settings.read_key_required:
        _check_key(settings, key, "Lesezugriff")


LibraryDep = Annotated[Library, Depends(get_library)]
JobsDep = Annotated[JobQueue, Depends(get_jobs)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
READ = [Depends(require_read)]
WRITE = [Depends(require_write)]
