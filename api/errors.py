"""Errors as clients see them: a status code and {"detail": "<German message>"}.

Every request a client can get wrong ends in a 4xx here; a 500 is left only for bugs,
and even then the body says so in German without leaking a traceback. The errors kb and
ingest raise carry their status (and the CLI's exit code) themselves: `kb.errors.codes`.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from ingest.errors import IngestError, WriterBusy
from kb.errors import KbError, codes

log = logging.getLogger(__name__)

STATUS_TEXT = {
    400: "Ungültige Anfrage",
    401: "Anmeldung erforderlich",
    403: "Zugriff verweigert",
    404: "Nicht gefunden",
    405: "Methode nicht erlaubt",
    409: "Gibt es schon",
    413: "Datei zu groß",
    415: "Dateityp nicht unterstützt",
    422: "Ungültige Anfrage",
    503: "Dienst vorübergehend nicht verfügbar",
}



class Error(BaseModel):
    detail: str = Field(description="Was an der Anfrage nicht stimmt (deutsch)", examples=["Dokument 'xyz' nicht gefunden"])
    errors: list[dict[str, Any]] | None = Field(None, description="Einzelne Fehler einer ungültigen Anfrage")


_PLACES = {"query": "Parameter", "path": "Pfadangabe", "body": "Feld", "header": "Kopfzeile", "cookie": "Cookie"}


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI documentation of the error statuses a route can answer with."""
    return {code: {"model": Error, "description": STATUS_TEXT.get(code, "Fehler")} for code in codes}


def fail(status: int, detail: str) -> HTTPException:
    return HTTPException(status_code=status, detail=detail)


def german(error: dict[str, Any]) -> str:
    """One pydantic validation error as a German sentence."""
    loc = [str(part) for part in error.get("loc", ())]
    place = _PLACES.get(loc[0], "Angabe") if loc else "Angabe"
    name = ".".join(loc[1:]) or "Anfrage"
    ctx = error.get("ctx") or {}
    kind = error.get("type", "")
    what = {
        "missing": "fehlt",
        "int_parsing": "muss eine ganze Zahl sein",
        "int_type": "muss eine ganze Zahl sein",
        "int_from_float": "muss eine ganze Zahl sein",
        "float_parsing": "muss eine Zahl sein",
        "float_type": "muss eine Zahl sein",
        "bool_parsing": "muss true oder false sein",
        "bool_type": "muss true oder false sein",
        "string_type": "muss Text sein",
        "string_too_short": f"ist zu kurz (mindestens {ctx.get('min_length')} Zeichen)",
        "string_too_long": f"ist zu lang (höchstens {ctx.get('max_length')} Zeichen)",
        "string_pattern_mismatch": "hat ein ungültiges Format",
        "greater_than_equal": f"muss mindestens {ctx.get('ge')} sein",
        "greater_than": f"muss größer als {ctx.get('gt')} sein",
        "less_than_equal": f"darf höchstens {ctx.get('le')} sein",
        "less_than": f"muss kleiner als {ctx.get('lt')} sein",
        "json_invalid": "ist kein gültiges JSON",
        "model_attributes_type": "muss ein JSON-Objekt sein",
        "dict_type": "muss ein JSON-Objekt sein",
        "model_type": "muss ein JSON-Objekt sein",
        "extra_forbidden": "ist unbekannt",
        "literal_error": f"muss einer dieser Werte sein: {ctx.get('expected')}",
        "enum": f"muss einer dieser Werte sein: {ctx.get('expected')}",
        "value_error": str(ctx.get("error", "ist ungültig")),
    }.get(kind, f"ist ungültig ({error.get('msg', kind)})")
    if loc == ["body"] or (loc[:1] == ["body"] and kind == "json_invalid"):
        return f"Der Inhalt der Anfrage {what}"
    return f"{place} „{name}“ {what}"


def install(app: FastAPI) -> None:
    @app.exception_handler(KbError)
    @app.exception_handler(IngestError)
    @app.exception_handler(WriterBusy)
    async def refused(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(status_code=codes(exc)[0], content={"detail": str(exc)})

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [german(e) for e in exc.errors()]
        details = [{"loc": [str(p) for p in e.get("loc", ())], "message": german(e)} for e in exc.errors()]
        return JSONResponse(
            status_code=422,
            content={"detail": "Ungültige Anfrage: " + "; ".join(dict.fromkeys(problems)), "errors": details},
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail
        if not isinstance(detail, str) or detail in ("Not Found", "Method Not Allowed", "Request Entity Too Large"):
            detail = STATUS_TEXT.get(exc.status_code, str(detail))
        status = exc.status_code
        if status == 400:  # only the framework answers 400: a body it cannot parse (multipart, JSON);
            # documented as 422 like every other request the client got wrong
            status, detail = 422, f"Der Inhalt der Anfrage ist fehlerhaft und kann nicht gelesen werden ({detail})"
        return JSONResponse(status_code=status, content={"detail": detail}, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("Unerwarteter Fehler bei %s %s", request.method, request.url.path)
        # Outside the app's middleware (Starlette's ServerErrorMiddleware): the header set here too.
        return JSONResponse(status_code=500, content={"detail": "Interner Fehler; bitte die Protokolle des Servers prüfen"},
                            headers={"X-Content-Type-Options": "nosniff"})
