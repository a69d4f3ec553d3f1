"""Answers with citations: "Wann endet der Förderzeitraum?" → 31.12.2020, with the sentence and page.

>>> answerer = Answerer(open_store(Path("data")), Archive(Path("data")))     # doctest: +SKIP
>>> answerer.ask("Wann endet der Förderzeitraum?").to_json()["value"]        # doctest: +SKIP
'2020-12-31'

One pipeline (`kb.pipelines.answer_pipeline`), warmed up once, serves every question.
Filters the user sets (Gremium, topic, dates) are hard filters of the retrieval; those the
question implies are hints the extractor weighs (see `kb.questions`).

Questions the papers' metadata answers ("Wann hat der Hauptausschuss … beraten?", "Welche Nummer
hat die Vorlage …?") also get candidates from the Beratungsfolge, reference and date of the
retrieved papers (`kb.metadata_answers`), scored on the text candidates' scale: the higher score wins,
and the same calibrated confidence decides whether it is answered.
"""

from __future__ import annotations

import math
from typing import Any

from haystack import Document, Pipeline
from haystack.document_stores.types import DocumentStore

from ingest.archive import Archive
from kb import scoring
from kb.card import title_of_fields
from kb.embedders import DEFAULT_MODEL
from kb.evidence import Answer, Candidate, Evidence
from kb.generator import phrase_answer
from kb.metadata_answers import (
    PAPERS,
    metadata_candidates,
    metadata_question,
    paper_meta,
)
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
        self.retrieval = "bm25" if model is None else "fusion"  # the component whose passages metadata reads
        self.metadata = True  # candidates from the papers' metadata (off: text answers only, for comparison)
        self.copy_inputs = False  # True: `Pipeline.run`, which deep-copies every component's inputs (slower)

    def ask(self, question: str, filters: Filters | None = None) -> Answer:
        filters = filters or Filters()
        question = " ".join(question.split())
        if not question:
            return Answer(question, None, None, "entity", 0.0)
        data = {"analyzer": {"question": question, "filters": filters.to_haystack()}}
        if self.copy_inputs:  # haystack's own run (the baseline bench/ask.py compares with)
            output = self.pipeline.run(data, include_outputs_from={"analyzer", self.retrieval})
        else:
            output = run_uncopied(self.pipeline, data)
        answer: Answer = output["extractor"]["answer"]
        if self.metadata and self.archive is not None:
            answer = self._with_metadata(answer, output["analyzer"]["analysis"], output[self.retrieval]["documents"])
        answer.passages = [_as_hit(p) for p in answer.passages]
        if filters.mentions_from or filters.mentions_to:
            answer.passages = [p for p in answer.passages if filters.accepts_mentions(Document(meta=p.meta))]
        if answer.answer is not None:
            answer.generated = phrase_answer(answer)  # None unless a language model is configured
        return answer

    def _with_metadata(self, answer: Answer, analysis: Any, retrieved: list[Document]) -> Answer:
        """The text answer, or the best candidate from the retrieved papers' metadata if its score beats the
        text's best candidate and its confidence (the same calibration) reaches the threshold."""
        question = metadata_question(analysis)
        if question is None or not retrieved:
            return answer
        extractor = self.pipeline.get_component("extractor")
        texts: dict[str, list[str]] = {}
        order: list[tuple[str, str]] = []
        for doc in retrieved:
            doc_id = doc.meta.get("document", "")
            if doc_id not in texts:
                texts[doc_id] = []
                order.append((doc_id, doc.meta.get("checksum", "")))
            texts[doc_id].append(doc.content or "")
        papers = []
        for doc_id, checksum in order:
            meta = paper_meta(self.archive, doc_id, checksum) if doc_id else None
            if meta is not None:
                papers.append((meta, " ".join(texts[doc_id])[:4000]))
            if len({m.paper for m, _ in papers}) >= PAPERS:
                break
        candidates = metadata_candidates(question, analysis, extractor.word_weights(analysis), papers)
        if not candidates:
            return answer
        best = candidates[0]
        text_score = math.exp(answer.features["log_score"]) if answer.features else 0.0
        # The text's best candidate: its answer, or (declined) the first runner-up, which is that winner.
        text_top = answer if answer.value is not None else (answer.candidates[0] if answer.candidates else None)
        same = text_top is not None and _same_value(text_top.value, best.value)
        rivals = [c.score for c in candidates[1:] if not _same_value(c.value, best.value)] + ([] if same else [text_score])
        features = scoring.decision_features(best.score, max(rivals, default=0.0), 1, best.type, best, analysis)
        confidence = extractor.calibration.probability(features)
        # Ranked as the extractor ranks its candidates, by score (the same scale); the confidence decides
        # whether the winner is answered. The same value: the more confident statement leads.
        wins = confidence > answer.confidence if same else best.score > text_score
        if confidence < extractor.threshold or not wins:
            if not answer.declined and same:  # the metadata states the text's answer: cite it beside
                answer.evidence = (answer.evidence + [best.evidence])[:3]
            return answer
        runner_ups = ([Candidate(answer.answer, answer.value, answer.type, answer.confidence, answer.evidence[0])]
                      if answer.answer is not None and answer.evidence and not same else []) + \
            [c for c in answer.candidates if not _same_value(c.value, best.value)]
        stated = answer.evidence if answer.evidence else [text_top.evidence] if same and text_top is not None else []
        evidence = [best.evidence] + ([e for e in stated if e.document != best.evidence.document] if same else [])
        return Answer(analysis.question, best.answer, best.value, best.type, confidence, evidence[:3],
                      runner_ups[:3], answer.passages, features=features)


def _same_value(a: Any, b: Any) -> bool:
    """The same answer whatever type each side gave it ("Jugendhilfeausschuss" as entity or organisation)."""
    return " ".join(str(a).casefold().split()) == " ".join(str(b).casefold().split())


def run_uncopied(pipeline: Pipeline, data: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Run an acyclic pipeline's components in topological order along its connections, outputs passed
    on as they are; every component's outputs are returned.

    `Pipeline.run` deep-copies each component's inputs (so that a tracer cannot change them) and makes
    a Protocol `isinstance` check per copied object: for the 36 passages with their metadata fields that
    the retrievers hand on twice, 13 ms CPU of a 97 ms answer (p50, hybrid, 2,000 papers; bench/ask.py
    --baseline).
    Our components do not change their inputs; the retrievers make new Documents on every call.
    """
    import networkx as nx

    graph = pipeline.graph
    outputs: dict[str, dict[str, Any]] = {}
    for name in nx.topological_sort(graph):
        sockets = graph.nodes[name]["input_sockets"]
        kwargs: dict[str, Any] = dict(data.get(name, {}))
        variadic: dict[str, list[tuple[int, Any]]] = {}
        for sender, _, edge in graph.in_edges(name, data=True):
            if sender not in outputs or edge["from_socket"].name not in outputs[sender]:
                continue
            value = outputs[sender][edge["from_socket"].name]
            socket = sockets[edge["to_socket"].name]
            if socket.is_variadic:  # its senders' values, in the order they were connected
                variadic.setdefault(socket.name, []).append((socket.senders.index(sender), value))
            else:
                kwargs[socket.name] = value
        kwargs.update({k: [v for _, v in sorted(values, key=lambda item: item[0])] for k, values in variadic.items()})
        outputs[name] = graph.nodes[name]["instance"].run(**kwargs)
    return outputs


def _as_hit(passage: Hit | dict[str, Any]) -> Hit:
    """The extractor's passage (shaped like a search hit) as the search's own record, titled like a hit."""
    if isinstance(passage, Hit):
        return passage
    return Hit(**{**passage, "title": title_of_fields(passage["meta"]),
                  "highlights": [tuple(span) for span in passage["highlights"]]})
