"""Records of an answer: the answer, the sentences that prove it, the runner-ups.

Shared by the extractor component, `kb.answers.Answerer`, the CLI and the API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
    date: str | None = None  # the paper's date (its own, else its session's), for ordering sources

    def to_json(self) -> dict[str, Any]:
        return {"document": self.document, "title": self.title, "source": self.source, "page": self.page,
                "text": self.text, "start": self.start, "end": self.end}


@dataclass
class Candidate:
    """A typed span found in an evidence sentence, with its score (0..1)."""

    answer: str  # as shown to staff
    value: Any  # normalised: ISO date, "start/end", number, name, text
    type: str
    score: float
    evidence: Evidence
    # How the score came about (what the confidence is calibrated on): question coverage of the
    # sentence, the span's type fit, the factor of the words around it.
    coverage: float = 0.0
    fit: float = 0.0
    context: float = 1.0

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
    answer: str | None  # None: declined ("Keine sichere Antwort gefunden.")
    value: Any
    type: str
    confidence: float
    evidence: list[Evidence] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)  # runner-ups, best first
    passages: list[dict[str, Any]] = field(default_factory=list)  # best passages, shaped like search hits
    generated: str | None = None  # the answer phrased by a configured language model, if any
    features: dict[str, float] = field(default_factory=dict)  # what the confidence was computed from

    @property
    def declined(self) -> bool:
        return self.answer is None

    def to_json(self) -> dict[str, Any]:
        out = {
            "question": self.question,
            "answer": self.answer,
            "value": _plain(self.value),
            "type": self.type,
            "confidence": round(self.confidence, 3),
            "evidence": [e.to_json() for e in self.evidence],
            "candidates": [
                {"answer": c.answer, "value": _plain(c.value), "type": c.type, "confidence": round(c.score, 3),
                 "document": c.evidence.document, "page": c.evidence.page}
                for c in self.candidates
            ],
            "passages": self.passages,
        }
        if self.generated:
            out["generated"] = self.generated
        return out


def _plain(value: Any) -> Any:
    """20.0 → 20 in JSON: counts and whole amounts read as integers."""
    return int(value) if isinstance(value, float) and value.is_integer() else value
