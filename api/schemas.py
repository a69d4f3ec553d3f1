"""The JSON shapes of the API (OpenAPI schema and German examples).

Shapes produced by `kb` (search results, answers, related papers, timelines) are the ones
their `to_json()` methods give; the models here describe them for the documentation and
allow extra fields, so the knowledge base can add information without breaking clients.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_QUERY = 500  # characters of a query or question

_OPEN = ConfigDict(extra="allow")


class Error(BaseModel):
    detail: str = Field(description="Was an der Anfrage nicht stimmt (deutsch)", examples=["Dokument 'xyz' nicht gefunden"])
    errors: list[dict[str, Any]] | None = Field(None, description="Einzelne Fehler einer ungültigen Anfrage")


# --- search -----------------------------------------------------------------------------


class SearchHit(BaseModel):
    model_config = _OPEN
    document: str
    title: str
    source: str
    page: int
    score: float
    text: str = Field(description="der gefundene Abschnitt")
    start: int = Field(description="Anfang des Abschnitts im Seitentext (Zeichen)")
    end: int
    highlights: list[list[int]] = Field(description="[Anfang, Ende] der Trefferwörter in `text`")
    meta: dict[str, Any]


class SearchDocument(BaseModel):
    model_config = _OPEN
    document: str
    title: str
    source: str
    score: float
    pages: list[int]


class SearchResponse(BaseModel):
    model_config = _OPEN
    query: str
    hits: list[SearchHit]
    documents: list[SearchDocument]
    facets: dict[str, dict[str, int]] = Field(description="Dokumente je Gremium, Thema, Jahr und Art im Ergebnisfenster")
    page: int
    size: int
    total: int = Field(description="Treffer im Ergebnisfenster (höchstens so viele, wie die Suche liefert)")


# --- answers ------------------------------------------------------------------------------


class FilterBody(BaseModel):
    """Filters as JSON: the same names as the query parameters of GET /search."""

    model_config = ConfigDict(populate_by_name=True, extra="forbid")
    body: str | None = Field(None, max_length=200, examples=["Kreistag"])
    topic: str | None = Field(None, max_length=100, examples=["Förderung"])
    type: str | None = Field(None, max_length=100, examples=["Mitteilung"])
    from_: str | None = Field(None, alias="from", max_length=40, examples=["01.01.2019"])
    to: str | None = Field(None, max_length=40, examples=["2020-12-31"])
    mentions_from: str | None = Field(None, max_length=40)
    mentions_to: str | None = Field(None, max_length=40)


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(min_length=1, max_length=MAX_QUERY, examples=["Wann endet der Förderzeitraum?"])
    filters: FilterBody | None = None


class Evidence(BaseModel):
    model_config = _OPEN
    document: str
    title: str | None = None
    source: str | None = None
    page: int
    text: str
    start: int
    end: int


class AskResponse(BaseModel):
    model_config = _OPEN
    question: str
    answer: str | None = Field(description="die Antwort, oder null, wenn keine sichere Antwort gefunden wurde")
    value: Any = Field(None, description="normalisierter Wert (ISO-Datum, Zahl)")
    type: str | None = None
    confidence: float | None = None
    evidence: list[Evidence] = []
    candidates: list[Any] = []
    passages: list[Any] = []


# --- documents ------------------------------------------------------------------------------


class DocumentSummary(BaseModel):
    model_config = _OPEN
    id: str
    title: str
    source: str
    media_type: str
    doc_type: str | None
    date: str | None
    session_body: str | None
    session_date: str | None
    vorlage_number: str | None
    topics: list[str]
    pages: int
    ingested_at: str


class DocumentList(BaseModel):
    documents: list[DocumentSummary]
    total: int
    page: int
    size: int


class PageText(BaseModel):
    number: int
    text: str = Field(description="korrigierter Text")
    raw: str = Field(description="Text, wie ihn die Texterkennung oder die Datei lieferte")
    origin: str = Field(description="ocr, text-layer oder plain-text")
    quality: float | None = None
    repaired_words: int = 0


class DocumentDetail(BaseModel):
    model_config = _OPEN
    id: str
    source: str
    checksum: str
    media_type: str
    ingested_at: str
    searchable_pdf: bool = Field(description="ob eine durchsuchbare PDF (mit OCR-Textebene) vorliegt")
    metadata: dict[str, Any]
    pages: list[PageText]


class Count(BaseModel):
    name: str
    documents: int = Field(description="Unterlagen dieses Gremiums (Sitzung) bzw. mit diesem Thema")


class BodyCount(Count):
    mentioned: int = Field(description="Unterlagen, die das Gremium nennen")


class Bodies(BaseModel):
    bodies: list[BodyCount]


class Topics(BaseModel):
    topics: list[Count]


class Health(BaseModel):
    status: Literal["ok"]
    documents: int
    passages: int
    jobs_pending: int
    model: str
    answers: bool = Field(description="ob die Antwortfunktion bereitsteht")
    links: bool = Field(description="ob Verweise und Zeitleisten bereitstehen")
    writes: bool = Field(description="ob Schreibzugriffe (mit API-Schlüssel) möglich sind")


# --- jobs -----------------------------------------------------------------------------------


class JobOut(BaseModel):
    id: str
    kind: Literal["ingest", "reindex"]
    status: Literal["queued", "running", "done", "failed"]
    progress: float
    stage: str
    filename: str | None
    document: str | None
    result: dict[str, Any] | None
    error: str | None
    created: str
    finished: str | None


class Deleted(BaseModel):
    deleted: str


# --- links ----------------------------------------------------------------------------------


class RelatedPaper(BaseModel):
    model_config = _OPEN
    document: str
    title: str | None = None
    date: str | None = None
    reason: str | None = None
    evidence: Any = None
    score: float | None = None


class RelatedResponse(BaseModel):
    model_config = _OPEN
    document: str | None = Field(description="das Dokument, zu dem verwandte Unterlagen gesucht wurden (bei Upload: Titel)")
    related: list[RelatedPaper]


class TimelineResponse(BaseModel):
    model_config = _OPEN
    events: list[dict[str, Any]]
    documents: list[Any] = []
