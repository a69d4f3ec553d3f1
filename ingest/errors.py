"""One exception per reason a file cannot be ingested, each with a message for staff.

Like OCRmyPDF's `exceptions.py`: the reason is a type, so callers (CLI exit codes, HTTP
status codes, the batch summary) can react to it without parsing messages.
"""

from __future__ import annotations


class IngestError(Exception):
    """A file that cannot be ingested. `str(error)` is the reason, in German, for staff."""

    reason = "Datei kann nicht verarbeitet werden"
    http_status = 422

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


class MissingDependency(IngestError):
    reason = "ein benötigtes Programm fehlt (Tesseract mit deutschem Sprachpaket, Ghostscript)"
    http_status = 500
