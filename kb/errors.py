"""Errors a caller of the knowledge base can cause, each with its HTTP status and CLI exit code.

Like OCRmyPDF's `exceptions.py`: the reason is a type. The API answers `http_status` with
`{"detail": str(error)}`, the `kb` command prints the message and exits with `exit_code`.
Ingest's own errors (`ingest.errors.IngestError`) carry an HTTP status; `codes()` gives
both numbers for either family, so no caller keeps its own table.
"""

from __future__ import annotations

from ingest.errors import IngestError, MissingDependency, WriterBusy

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class KbError(Exception):
    """A request the knowledge base cannot serve; `str(error)` is the reason in German."""

    http_status = 422
    exit_code = EXIT_USAGE


class BadRequest(KbError):
    """Input the caller got wrong: a date that is none, an empty period, an empty question."""


class NotFound(KbError):
    http_status = 404
    exit_code = EXIT_FAILED


class Conflict(KbError):
    http_status = 409
    exit_code = EXIT_FAILED


class Unavailable(KbError):
    """A part (answers, links) that could not be built; the rest keeps working."""

    http_status = 503
    exit_code = EXIT_FAILED


def codes(error: Exception) -> tuple[int, int]:
    """(HTTP status, exit code) of a kb or ingest error; anything else is a bug: (500, 1).

    Of ingest's errors, a missing program (Tesseract, Ghostscript) is the server's state (503);
    every other one is the file's fault (corrupt, encrypted, unreadable even by OCR): its own
    4xx status, else 422.
    """
    if isinstance(error, (KbError, WriterBusy)):
        return error.http_status, error.exit_code
    if isinstance(error, MissingDependency):
        return 503, EXIT_FAILED
    if isinstance(error, IngestError):
        return (error.http_status if error.http_status < 500 else 422), EXIT_FAILED
    return 500, EXIT_FAILED
