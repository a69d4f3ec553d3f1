"""The records kb hands to its callers, as JSON: one function for every shape.

Records are plain dataclasses (`Hit`, `SearchResult`, `Answer`, `Related`, `Timeline`,
`PaperCard`, `DocumentDetail` …). The API declares them as its response models (FastAPI
serialises them with pydantic), the CLI's `--json` prints `to_json(record)`: the same
fields, the same names, no second schema to drift. Field annotations say what a record
shows differently in JSON (`Field(exclude=True)`, `serialization_alias`, `computed_field`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Annotated, Any

from pydantic import Field, TypeAdapter

from ingest.models import Metadata, Page
from kb.card import PaperCard

MAX_QUERY = 500  # characters of a query or question
MAX_WINDOW = 200  # hits a search can page through


def to_json(record: Any) -> Any:
    """A record (or a list of records) as JSON data, exactly as the API sends it."""
    return _adapter(list if isinstance(record, list) else type(record)).dump_python(record, mode="json", by_alias=True)


@cache
def _adapter(kind: type) -> TypeAdapter:
    return TypeAdapter(kind)


@dataclass
class Hit:
    """A passage found: where it stands (document, page, offsets) and its matching words."""

    document: str
    title: str
    source: str
    page: int
    score: float
    text: Annotated[str, Field(description="der gefundene Abschnitt")]
    start: Annotated[int, Field(description="Anfang des Abschnitts im Seitentext (Zeichen)")]  # offsets in the page text
    end: int
    highlights: Annotated[list[tuple[int, int]], Field(description="[Anfang, Ende] der Trefferwörter in `text`")]
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class DocumentList:
    documents: list[PaperCard]
    total: int
    page: int
    size: int


@dataclass
class DocumentDetail:
    """A document with its page texts (`kb show`, GET /documents/{id})."""

    id: str
    title: str
    source: str
    checksum: str
    media_type: str
    ingested_at: str
    searchable_pdf: Annotated[bool, Field(description="ob eine durchsuchbare PDF (mit OCR-Textebene) vorliegt")]
    metadata: Metadata
    pages: list[Page]


@dataclass
class Count:
    name: str
    documents: Annotated[int, Field(description="Unterlagen dieses Gremiums (Sitzung) bzw. mit diesem Thema")]


@dataclass
class BodyCount:
    name: str
    documents: int
    mentioned: Annotated[int, Field(description="Unterlagen, die das Gremium nennen")]


@dataclass
class Bodies:
    bodies: list[BodyCount]


@dataclass
class Topics:
    topics: list[Count]
