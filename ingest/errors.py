"""One exception per reason a file cannot be ingested, each with a message for staff.

Like OCRmyPDF's `exceptions.py`: the reason is a type, so callers (CLI exit codes, HTTP
status codes, the batch summary) can react to it without parsing messages.
"""

from __future__ import annotations


class ExitCode:
    """Exit codes of `kb`, one per kind of failure (like OCRmyPDF's `ExitCode`)."""

    ok = 0
    input_failed = 1  # some file of the batch could not be ingested
    usage = 2
    busy = 75  # EX_TEMPFAIL: another process is writing; try again later


class IngestError(Exception):
    """A file that cannot be ingested. `str(error)` is the reason, in German, for staff."""

    reason = "Datei kann nicht verarbeitet werden"
    http_status = 422
    exit_code = ExitCode.input_failed

    def __init__(self, detail: str | None = None):
        super().__init__(f"{self.reason}: {detail}" if detail else self.reason)


class EmptyFile(IngestError):
    reason = "leere Datei (0 Byte)"


class FileTooLarge(IngestError):
    reason = "Datei zu groß"
    http_status = 413


class UnsupportedType(IngestError):
    reason = "kein PDF und kein Text (Dateityp nicht unterstützt)"
    http_status = 415


class CorruptPdf(IngestError):
    reason = "PDF ist beschädigt oder unlesbar"


class EncryptedPdf(IngestError):
    reason = "PDF ist verschlüsselt oder passwortgeschützt; bitte eine unverschlüsselte Fassung einreichen"


class OcrFailed(IngestError):
    reason = "Texterkennung (OCR) fehlgeschlagen"
    http_status = 500


class IncompleteDocument(IngestError):
    reason = "Dokument unvollständig geschrieben und daher nicht übernommen (die vorige Fassung bleibt)"
    http_status = 500


class MissingDependency(IngestError):
    reason = "ein benötigtes Programm fehlt (Tesseract mit deutschem Sprachpaket, Ghostscript)"
    http_status = 500


# --- Limits of the OCR worker (ingest.limits): hostile or absurd PDFs end with a reason ------


class LimitExceeded(IngestError):
    """A PDF beyond what one machine should spend on a single file."""

    reason = "PDF überschreitet eine Grenze"
    http_status = 413


class TooManyPages(LimitExceeded):
    reason = "PDF zu groß"


class PageTooLarge(LimitExceeded):
    reason = "Seite zu groß"


class ImageTooLarge(LimitExceeded):
    reason = "Bild im PDF zu groß"


class OcrTimeout(LimitExceeded):
    reason = "Texterkennung abgebrochen"
    http_status = 422


class OcrOutOfMemory(LimitExceeded):
    reason = "Texterkennung abgebrochen"
    http_status = 422


# --- Another process is writing: not the file's fault, try again later -----------------------


class WriterBusy(Exception):
    """Another process holds the write lock. `str(error)` is the German message for staff."""

    http_status = 409
    exit_code = ExitCode.busy


class ArchiveBusy(WriterBusy):
    def __init__(self, pid: int | None):
        self.pid = pid
        who = f"PID {pid}" if pid else "PID unbekannt"
        super().__init__(f"Ein anderer Erfassungslauf schreibt gerade ({who}); bitte später erneut versuchen")


class IndexBusy(WriterBusy):
    def __init__(self, detail: str | None = None):
        message = "Der Suchindex wird gerade von einem anderen Prozess geschrieben; bitte später erneut versuchen"
        super().__init__(f"{message} ({detail})" if detail else message)
