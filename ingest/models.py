"""Records that pass between the ingest stages.

A file becomes a `Document`: one `Page` per page (raw OCR text kept beside the repaired
text, because page numbers and the original wording matter for citations) and the
`Metadata` extracted from the repaired text. All records are plain dataclasses so they
serialise to JSON with `dataclasses.asdict` and back with `from_dict`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

# How a page's text was obtained.
TextOrigin = Literal["ocr", "text-layer", "plain-text"]
# Who may see a paper: the public, or only staff with an internal reader key.
Visibility = Literal["öffentlich", "nichtöffentlich"]


@dataclass(frozen=True)
class DateMention:
    """A date (or date range) mentioned in the text, normalised to ISO 8601.

    `iso` is `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when the text is only that precise
    ("März 2019", "2018"). For a range ("01.03.2019 - 31.12.2020") `end` holds its end.
    """

    iso: str
    surface: str  # as written in the text
    sentence: str  # the sentence that contains it, for citations and timelines
    page: int  # 1-based
    precision: Literal["day", "month", "year"] = "day"
    end: str | None = None


@dataclass(frozen=True)
class Session:
    """The session (Sitzung) a paper is for: "Ausschuss für Inklusion und Gesundheit", 2019-06-04."""

    body: str
    date: str | None  # ISO


@dataclass(frozen=True)
class Consultation:
    """One step of a paper's Beratungsfolge: the Gremium that deals with it, and when.

    From the text ("Gemeinderat 21.11.2023 Entscheidung ö") or from OParl's
    `consultation` → `meeting` / `organization` where the paper was imported.
    """

    body: str
    date: str | None = None  # ISO day of the meeting
    role: str | None = None  # "Vorberatung", "Entscheidung", "Kenntnisnahme" …
    public: bool | None = None  # "ö" / "nö" where printed
    meeting: str | None = None  # OParl Meeting id, where known


@dataclass(frozen=True)
class OParlRef:
    """Where an imported document came from in a council's OParl system."""

    paper: str  # OParl Paper id (URL)
    file: str | None = None  # OParl File id (URL) of the file this document holds
    body: str | None = None  # OParl Body id
    modified: str | None = None  # the Paper's `modified`, for incremental re-import
    related: tuple[str, ...] = ()  # relatedPaper / superordinatedPaper / subordinatedPaper ids


@dataclass(frozen=True)
class Person:
    """A person named in the text, with the role the text gives them."""

    name: str  # "Herr Lehmann-Diebold", "Frau Lübbert"
    role: str | None  # "Projektkoordinator"; None when the text gives none
    sentence: str
    page: int


@dataclass(frozen=True)
class Amount:
    """A money amount or percentage: 80 %, 1.250.000 EUR."""

    value: float
    unit: Literal["EUR", "%"]
    surface: str
    sentence: str
    page: int


@dataclass
class Metadata:
    title: str | None = None  # the Betreff, or the first heading
    # OParl paperType vocabulary: Beschlussvorlage, Informationsvorlage, Mitteilung, Antrag,
    # Änderungs-/Ergänzungsantrag, Anfrage, Stellungnahme, Niederschrift, Haushalt; also Bericht,
    # Beschluss as printed; "Vorlage" when the paper shows no type.
    doc_type: str | None = None
    date: str | None = None  # the document's own date, ISO
    vorlage_number: str | None = None  # "2019/0123", "VO/2018/456"
    session: Session | None = None
    bodies: list[str] = field(default_factory=list)  # Gremien named in the text
    people: list[Person] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)  # from ingest.metadata.TOPICS
    consultations: list[Consultation] = field(default_factory=list)  # the Beratungsfolge
    visibility: Visibility = "öffentlich"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Metadata:
        session = data.get("session")
        return cls(
            title=data.get("title"),
            doc_type=data.get("doc_type"),
            date=data.get("date"),
            vorlage_number=data.get("vorlage_number"),
            session=Session(**session) if session else None,
            bodies=list(data.get("bodies", [])),
            people=[Person(**p) for p in data.get("people", [])],
            organisations=list(data.get("organisations", [])),
            dates=[DateMention(**d) for d in data.get("dates", [])],
            amounts=[Amount(**a) for a in data.get("amounts", [])],
            topics=list(data.get("topics", [])),
            consultations=[Consultation(**c) for c in data.get("consultations", [])],
            visibility=data.get("visibility", "öffentlich"),
        )


@dataclass
class Page:
    number: int  # 1-based
    raw: str  # text as OCR / the text layer / the file gave it
    text: str  # repaired text
    origin: TextOrigin
    quality: float | None = None  # share of words a German lexicon knows (raw text)
    repaired_words: int = 0


@dataclass
class Document:
    id: str
    source: str  # original file name
    checksum: str  # sha256 of the original file
    media_type: Literal["application/pdf", "text/plain"]
    pages: list[Page]
    metadata: Metadata
    ingested_at: str = ""  # ISO timestamp, set by the store
    # What the id was derived from: the resolved path of the file as given, or the OParl
    # File id. Two files with the same name but another origin get different ids.
    origin: str = ""
    oparl: OParlRef | None = None

    @property
    def text(self) -> str:
        """The repaired text of all pages, pages separated by a form feed."""
        return "\f".join(p.text for p in self.pages)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        page_fields = {f.name for f in fields(Page)}
        return cls(
            id=data["id"],
            source=data["source"],
            checksum=data["checksum"],
            media_type=data["media_type"],
            pages=[Page(**{k: v for k, v in p.items() if k in page_fields}) for p in data["pages"]],
            metadata=Metadata.from_dict(data["metadata"]),
            ingested_at=data.get("ingested_at", ""),
            origin=data.get("origin", ""),
            oparl=_oparl(data.get("oparl")),
        )


def _oparl(data: dict[str, Any] | None) -> OParlRef | None:
    if not data:
        return None
    return OParlRef(**{**data, "related": tuple(data.get("related", ()))})
