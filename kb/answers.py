"""Answers with citations: "Wann endet der Förderzeitraum?" → 31.12.2020, with the sentence and page.

>>> answerer = Answerer(open_store(Path("data")), Archive(Path("data")))     # doctest: +SKIP
>>> answerer.ask("Wann endet der Förderzeitraum?").to_json()["value"]        # doctest: +SKIP
'2020-12-31'

One pipeline (`kb.pipelines.answer_pipeline`), warmed up once, serves every question.
Filters the user sets (Gremium, topic, dates) are hard filters of the retrieval; those the
question implies are hints the extractor weighs (see `kb.questions`).
"""

from __future__ import annotations

from typing import Any

from haystack import Document
from haystack.document_stores.types import DocumentStore

from ingest.archive import Archive
from kb.card import title_of_fields
from kb.embedders import DEFAULT_MODEL
from kb.evidence import Answer, Candidate, Evidence
from kb.generator import phrase_answer
from kb.pipelines import answer_pipeline
from kb.records import Hit
from kb.search import Filters

__all__ = ["Answer", "Answerer", "Candidate", "Evidence"]


class Answerer:
    def __init__(self, store: DocumentStore, archive: Archive | None, model: str | None = DEFAULT_MODEL):
        self.store = store
        self.archive = archive
        self.pipeline = answer_pipeline(store, str(archive.root) if archive else None, model)
        self.pipeline.warm_up()

    def ask(self, question: str, filters: Filters | None = None) -> Answer:
        filters = filters or Filters()
        question = " ".join(question.split())
        if not question:
            return Answer(question, None, None, "entity", 0.0)
        output = self.pipeline.run({"analyzer": {"question": question, "filters": filters.to_haystack()}})
        answer: Answer = output["extractor"]["answer"]
        answer.passages = [_as_hit(p) for p in answer.passages]
        if filters.mentions_from or filters.mentions_to:
            answer.passages = [p for p in answer.passages if filters.accepts_mentions(Document(meta=p.meta))]
        if answer.answer is not None:
            answer.generated = phrase_answer(answer)  # None unless a language model is configured
        return answer


def _as_hit(passage: Hit | dict[str, Any]) -> Hit:
    """The extractor's passage (shaped like a search hit) as the search's own record, titled like a hit."""
    if isinstance(passage, Hit):
        return passage
    return Hit(**{**passage, "title": title_of_fields(passage["meta"]),
                  "highlights": [tuple(span) for span in passage["highlights"]]})
