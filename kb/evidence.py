"""Records of an answer: the answer, the sentences that prove it, the runner-ups.

Shared by the extractor component, `kb.answers.Answerer`, the CLI and the API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import Field, PlainSerializer, computed_field

from kb.records import Hit, to_json


def _plain(value: Any) -> Any:
    """20.0 → 20 in JSON: counts and whole amounts read as integers."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


Plain = Annotated[Any, PlainSerializer(_plain)]


@dataclass(frozen=True)
class Evidence:
    """A sentence that states the answer, where it stands: offsets in the page's repaired text."""

    document: str
    title: str
    source: str  # the original file name
    page: int
    text: str  # the sentence as it stands in the page text
    start: int
    end: int
    # the paper's date (its own, else its session's), for ordering sources; not shown
    date: Annotated[str | None, Field(exclude=True)] = None

    def to_json(self) -> dict[str, Any]:
        return to_json(self)


@dataclass
class Candidate:
    """A typed span found in an evidence sentence, with its score (0..1)."""

    answer: str  # as shown to staff
    value: Plain  # normalised: ISO date, "start/end", number, name, text
    type: str
    score: Annotated[float, Field(exclude=True)]  # shown as `confidence`
    evidence: Annotated[Evidence, Field(exclude=True)]  # shown as its document and page

    @computed_field  # type: ignore[prop-decorator]
    @property
    def confidence(self) -> float:
        return round(self.score, 3)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def document(self) -> str:
        return self.evidence.document

    @computed_field  # type: ignore[prop-decorator]
    @property
    def page(self) -> int:
        return self.evidence.page
    # How the score came about (what the confidence is calibrated on): question coverage of the
    # sentence, the span's type fit, the factor of the words around it. Internal, not served.
    coverage: Annotated[float, Field(exclude=True)] = 0.0
    fit: Annotated[float, Field(exclude=True)] = 0.0
    context: Annotated[float, Field(exclude=True)] = 1.0

    @property
    def key(self) -> str:
        """Candidates with the same key state the same answer."""
        if isinstance(self.value, float):
            return f"{self.type}:{self.value:.6g}"
        if self.type == "person":  # "Frau Dr. Anke Berger" = "Frau Dr. Berger"
            return "person:" + str(self.value).split()[-1].lower()
        return f"{self.type}:{str(self.value).lower()}"


@dataclass
class Answer:
    question: str
    answer: Annotated[str | None, Field(description="die Antwort, oder null, wenn keine sichere Antwort gefunden wurde")]
    value: Annotated[Plain, Field(description="normalisierter Wert (ISO-Datum, Zahl)")]
    type: str
    confidence: Annotated[float, PlainSerializer(lambda c: round(c, 3), return_type=float)]
    evidence: list[Evidence] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)  # runner-ups, best first
    passages: list[Hit] = field(default_factory=list)  # best passages, as search hits
    generated: str | None = None  # the answer phrased by a configured language model, if any
    features: dict[str, float] = field(default_factory=dict)  # what the confidence was computed from
    # Other papers that state a different value of the asked kind nearly as strongly (one per paper): a question
    # that names no matter ("Wann endet der Förderzeitraum?") is answered by every funded project's paper.
    # (The last field: callers pass the fields before it by position.)
    alternatives: list[Candidate] = field(default_factory=list)

    @property
    def declined(self) -> bool:
        return self.answer is None

    def to_json(self) -> dict[str, Any]:
        return to_json(self)
