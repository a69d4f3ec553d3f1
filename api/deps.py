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


def _key_matches(key: str | None, allowed: list[str]) -> bool:
    """Constant-time comparison against every allowed key (no early exit: timing tells nothing)."""
    if not key:
        return False
    found = False
    for candidate in allowed:
        found |= secrets.compare_digest(key.encode(), candidate.encode())
    return found


def _reader_keys(settings: Settings) -> list[str]:
    """Keys that may see non-public papers: the internal reader keys and the write key."""
    return [k for k in (settings.api_key, *settings.internal_keys) if k]


def _check_key(settings: Settings, key: str | None, what: str, allowed: list[str] | None = None) -> None:
    allowed = [settings.api_key] if allowed is None and settings.api_key else (allowed or [])
    if not allowed:
        raise fail(403, f"{what} ist abgeschaltet: auf dem Server ist kein API-Schlüssel konfiguriert (RATSARCHIV_API_KEY)")
    if not key:
        raise fail(403, f"{what} braucht einen API-Schlüssel im Kopf X-API-Key")
    if not _key_matches(key, allowed):
        raise fail(403, "API-Schlüssel ist falsch")


def require_write(request: Request, key: Annotated[str | None, Depends(api_key_header)]) -> None:
    _check_key(get_settings(request), key, "Schreibzugriff")


def require_internal(request: Request, key: Annotated[str | None, Depends(api_key_header)]) -> None:
    """The write key or an internal reader key (RATSARCHIV_INTERNAL_KEYS)."""
    settings = get_settings(request)
    _check_key(settings, key, "Dieser Zugriff", _reader_keys(settings))


def require_read(request: Request) -> None:
    """Reads are open unless RATSARCHIV_READ_KEY_REQUIRED; then any key of the server opens them.

    The header is read directly (not as a security dependency), so the OpenAPI schema declares
    the key only where it is needed (`api.app` adds it to read routes when reads need it).
    """
    settings = get_settings(request)
    if settings.read_key_required:
        _check_key(settings, request.headers.get("x-api-key"), "Lesezugriff", _reader_keys(settings))


def is_internal(request: Request) -> bool:
    """Whether the viewer may see non-public papers: its X-API-Key is the write key or an internal key.

    Without (or with a wrong) key the answer is simply "public only"; nothing is refused here.
    """
    return _key_matches(request.headers.get("x-api-key"), _reader_keys(get_settings(request)))


LibraryDep = Annotated[Library, Depends(get_library)]
JobsDep = Annotated[JobQueue, Depends(get_jobs)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
InternalDep = Annotated[bool, Depends(is_internal)]
READ = [Depends(require_read)]
WRITE = [Depends(require_write)]
INTERNAL = [Depends(require_internal)]
