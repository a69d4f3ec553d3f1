"""The haystack pipelines, built in one place: CLI, API, evaluations and benchmarks use these.

    search:    query ─┬─ BM25 retriever (Whoosh BM25F by default) ──┐
                      └─ text embedder → embedding retriever ───────┴─ reciprocal rank fusion

`mode` picks "hybrid" (default), "bm25" or "dense", so evaluations compare like with like.

    answer:    question → analyzer ─┬─ BM25F retriever ────────────────────┐
                                    └─ text embedder → embedding retriever ─┴─ fusion → answer extractor
                        analyzer.analysis ─────────────────────────────────────────────────┘
"""

from __future__ import annotations

from typing import Any, Literal

from haystack import Pipeline
from haystack.components.joiners import DocumentJoiner
from haystack.document_stores.types import DocumentStore

from kb.backends import bm25_retriever, embedding_retriever
from kb.embedders import DEFAULT_MODEL, text_embedder
from kb.extractor import RETRIEVED, AnswerExtractor
from kb.questions import QuestionAnalyzer

Mode = Literal["hybrid", "bm25", "dense"]
CANDIDATES = 40  # passages each retriever hands to the fusion
# Weights of BM25 and dense in the reciprocal rank fusion of the search pipeline (equal: None).
FUSION_WEIGHTS: list[float] | None = None
FACET_WINDOW = 200  # BM25 passages the facets count over (the result window, as in most search UIs)


def search_pipeline(store: DocumentStore, mode: Mode = "hybrid", model: str = DEFAULT_MODEL) -> Pipeline:
    pipe = Pipeline()
    if mode in ("bm25", "hybrid"):
        pipe.add_component("bm25", bm25_retriever(store, CANDIDATES, window=FACET_WINDOW))
    if mode in ("dense", "hybrid"):
        pipe.add_component("embedder", text_embedder(model))
        pipe.add_component("dense", embedding_retriever(store, CANDIDATES))
        pipe.connect("embedder.embedding", "dense.query_embedding")
    if mode == "hybrid":
        pipe.add_component("fusion", DocumentJoiner(join_mode="reciprocal_rank_fusion", weights=FUSION_WEIGHTS, top_k=CANDIDATES))
        pipe.connect("bm25.documents", "fusion.documents")
        pipe.connect("dense.documents", "fusion.documents")
    return pipe


def answer_pipeline(store: DocumentStore, data_dir: str | None = None, model: str | None = DEFAULT_MODEL) -> Pipeline:
    """Hybrid retrieval of passages for a question, then typed answer extraction over them.

    `data_dir` is the archive the extractor reads paper metadata from (people with their roles).
    `model=None`: BM25 only (an index built without embeddings; evaluations on small machines).
    Run with `{"analyzer": {"question": …, "filters": haystack filters or None}}`; output `extractor.answer`.
    """
    pipe = Pipeline()
    pipe.add_component("analyzer", QuestionAnalyzer())
    pipe.add_component("bm25", bm25_retriever(store, RETRIEVED))
    pipe.add_component("extractor", AnswerExtractor(store, data_dir))
    pipe.connect("analyzer.query", "bm25.query")
    pipe.connect("analyzer.filters", "bm25.filters")
    pipe.connect("analyzer.analysis", "extractor.analysis")
    if model is None:
        pipe.connect("bm25.documents", "extractor.documents")
        return pipe
    pipe.add_component("embedder", text_embedder(model))
    pipe.add_component("dense", embedding_retriever(store, RETRIEVED))
    pipe.add_component("fusion", DocumentJoiner(join_mode="reciprocal_rank_fusion", top_k=RETRIEVED))
    pipe.connect("analyzer.query", "embedder.text")
    pipe.connect("analyzer.filters", "dense.filters")
    pipe.connect("embedder.embedding", "dense.query_embedding")
    pipe.connect("bm25.documents", "fusion.documents")
    pipe.connect("dense.documents", "fusion.documents")
    pipe.connect("fusion.documents", "extractor.documents")
    return pipe


def pipeline_inputs(mode: Mode, query: str, filters: dict[str, Any] | None) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if mode in ("bm25", "hybrid"):
        data["bm25"] = {"query": query, "filters": filters}
    if mode in ("dense", "hybrid"):
        data["embedder"] = {"text": query}
        data["dense"] = {"filters": filters}
    return data


def ranked_documents(mode: Mode, output: dict[str, Any]) -> list:
    name = {"hybrid": "fusion", "bm25": "bm25", "dense": "dense"}[mode]
    return output[name]["documents"]
