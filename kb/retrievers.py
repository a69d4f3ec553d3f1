"""Haystack retriever components over the `WhooshDocumentStore`."""

from __future__ import annotations

from typing import Any

from haystack import Document, component, default_from_dict, default_to_dict

from kb.analysis import shared_lexicon
from kb.store import WhooshDocumentStore


@component
class WhooshBM25Retriever:
    """BM25F over the German-analysed passages.

    >>> retriever = WhooshBM25Retriever(WhooshDocumentStore("data/index"))   # doctest: +SKIP
    >>> retriever.run(query="Förderzeitraum Sozialplanung")["documents"]     # doctest: +SKIP
    """

    def __init__(
        self, document_store: WhooshDocumentStore, top_k: int = 10, filters: dict[str, Any] | None = None, window: int = 0
    ):
        self.document_store = document_store
        self.top_k = top_k
        self.filters = filters
        self.window = window

    def warm_up(self) -> None:
        """Load what analysing a query needs (the compound lexicon and its word frequencies,
        ~2 s) before the first query, not during it."""
        shared_lexicon().split_compound("Landesförderung")

    @component.output_types(documents=list[Document], terms=list[str], window=list[Document])
    def run(self, query: str, filters: dict[str, Any] | None = None, top_k: int | None = None) -> dict[str, Any]:
        """`documents`: the best `top_k`; `window`: the best `window` (at least `top_k`), for facet counts.

        The window is a separate output so that it need not pass through other components:
        haystack deep-copies every component's inputs, which for 200 passages costs more
        than the search itself. Past `top_k`, window passages carry their metadata only
        (no content: reading 200 whole records would cost more than the search).
        """
        top_k = top_k or self.top_k
        window, terms = self.document_store.bm25_retrieval(
            query, filters or self.filters, max(top_k, self.window), full=top_k
        )
        return {"documents": window[:top_k], "terms": terms, "window": window}

    def to_dict(self) -> dict[str, Any]:
        return default_to_dict(
            self, document_store=self.document_store.to_dict(), top_k=self.top_k, filters=self.filters, window=self.window
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WhooshBM25Retriever:
        data["init_parameters"]["document_store"] = WhooshDocumentStore.from_dict(data["init_parameters"]["document_store"])
        return default_from_dict(cls, data)


@component
class WhooshEmbeddingRetriever:
    """Exact cosine search over the passage vectors stored in the index."""

    def __init__(self, document_store: WhooshDocumentStore, top_k: int = 10, filters: dict[str, Any] | None = None):
        self.document_store = document_store
        self.top_k = top_k
        self.filters = filters

    @component.output_types(documents=list[Document])
    def run(
        self, query_embedding: list[float], filters: dict[str, Any] | None = None, top_k: int | None = None
    ) -> dict[str, Any]:
        return {
            "documents": self.document_store.embedding_retrieval(query_embedding, filters or self.filters, top_k or self.top_k)
        }

    def to_dict(self) -> dict[str, Any]:
        return default_to_dict(self, document_store=self.document_store.to_dict(), top_k=self.top_k, filters=self.filters)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WhooshEmbeddingRetriever:
        data["init_parameters"]["document_store"] = WhooshDocumentStore.from_dict(data["init_parameters"]["document_store"])
        return default_from_dict(cls, data)
