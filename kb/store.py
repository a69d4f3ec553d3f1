"""A haystack DocumentStore on a Whoosh index on disk, with the dense vectors inside it.

Each passage is one Whoosh document: its text analysed twice (German analyzer for
recall, exact forms for precision), title and metadata as separately weighted fields
(BM25F), and the whole haystack `Document` (content, meta, embedding) as a stored
record. Keeping the vectors in the same index means one commit writes text and vectors:
an interrupted write leaves the previous state, never an index and vectors that disagree.

Filters use haystack's filter syntax and semantics (see `kb.filters`) over an
in-memory copy of the records, refreshed when the index generation changes (another
process, e.g. `kb ingest`, committed).

>>> store = WhooshDocumentStore("data/index")               # doctest: +SKIP
>>> store.write_documents([Document(content="Die Förderung endet am 31.12.2020.")])  # doctest: +SKIP
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from haystack import Document, default_from_dict, default_to_dict
from haystack.document_stores.errors import DuplicateDocumentError
from haystack.document_stores.types import DuplicatePolicy
from whoosh import index
from whoosh.fields import ID, STORED, TEXT, Schema

from kb.analysis import exact_analyzer, german_analyzer
from kb.bm25 import BM25FScorer
from kb.bm25 import top_k as bm25_top_k
from kb.filters import matches

SCHEMA_VERSION = 2
INDEX_NAME = f"passages_v{SCHEMA_VERSION}"
# Field weights of BM25F: the German analysis carries recall, exact forms and titles rank.
FIELD_BOOSTS = {"content": 1.0, "exact": 0.6, "title": 1.5, "meta_text": 0.5}
MAX_DF = 0.5  # share of passages above which a query term is too common to search for
META_TEXT_FIELDS = ("session_body", "bodies", "people", "organisations", "topics", "doc_type", "vorlage_number")


def schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        document=ID(),  # the archive document a passage belongs to
        content=TEXT(analyzer=german_analyzer()),
        exact=TEXT(analyzer=exact_analyzer()),
        title=TEXT(analyzer=german_analyzer()),
        meta_text=TEXT(analyzer=german_analyzer()),
        record=STORED(),  # the Document as JSON, without its embedding
        embedding=STORED(),  # the embedding exactly as written (JSON), for filter_documents
        vector=STORED(),  # the embedding as float32 bytes, for the search matrix
    )


@dataclass
class _Snapshot:
    """What queries need of one index generation, in memory: records without vectors, one vector matrix."""

    generation: int
    docs: dict[str, Document]  # without embeddings
    docnums: dict[str, int]
    ids_by_docnum: dict[int, str]
    vector_ids: list[str]
    vectors: np.ndarray  # float32, L2-normalised, one row per id in vector_ids
    bm25: BM25FScorer
    allowed: dict[str, set[int]] = field(default_factory=dict)  # filter (as JSON) → docnums


class WhooshDocumentStore:
    def __init__(self, index_dir: str | Path):
        self.index_dir = Path(index_dir)
        self.index_dir.mkdir(parents=True, exist_ok=True)
        if index.exists_in(self.index_dir, indexname=INDEX_NAME):
            self._ix = index.open_dir(self.index_dir, indexname=INDEX_NAME)
        else:
            # A new schema version starts a new index beside the old one (rebuild with `kb index`).
            self._ix = index.create_in(self.index_dir, schema(), indexname=INDEX_NAME)
        self._lock = threading.Lock()
        self._snapshot: _Snapshot | None = None

    # --- the DocumentStore protocol -------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return default_to_dict(self, index_dir=str(self.index_dir))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WhooshDocumentStore:
        return default_from_dict(cls, data)

    def count_documents(self) -> int:
        return self._ix.doc_count()

    def filter_documents(self, filters: dict[str, Any] | None = None) -> list[Document]:
        _validate_filters(filters)
        snapshot = self._current()
        docs = [d for d in snapshot.docs.values() if not filters or matches(filters, d)]
        with self._ix.searcher() as searcher:
            return [_with_embedding(d, searcher.stored_fields(snapshot.docnums[d.id])) for d in docs]

    def passages(self) -> list[Document]:
        """Every passage without its embedding: cheap, for bookkeeping (the indexer)."""
        return list(self._current().docs.values())

    def write_documents(self, documents: list[Document], policy: DuplicatePolicy = DuplicatePolicy.NONE) -> int:
        if not isinstance(documents, list) or any(not isinstance(d, Document) for d in documents):
            raise ValueError("Please provide a list of Documents.")
        policy = DuplicatePolicy.FAIL if policy == DuplicatePolicy.NONE else policy
        existing = self._current().docs
        if policy == DuplicatePolicy.FAIL:
            for doc in documents:
                if doc.id in existing:
                    raise DuplicateDocumentError(f"ID '{doc.id}' already exists.")
        if policy == DuplicatePolicy.SKIP:
            documents = [d for d in documents if d.id not in existing]
        # The last of several documents with one id wins, as in a dict.
        unique = list({d.id: d for d in documents}.values())
        with self._lock, self._ix.writer(limitmb=256) as writer:
            for doc in unique:
                writer.update_document(**_fields(doc))
        return len(unique)

    def replace_passages(self, document: str, passages: list[Document]) -> None:
        """All passages of one archive document replaced in one commit (atomic per document)."""
        with self._lock, self._ix.writer(limitmb=256) as writer:
            writer.delete_by_term("document", document)
            for doc in passages:
                writer.update_document(**_fields(doc))

    def delete_documents(self, document_ids: list[str]) -> None:
        with self._lock, self._ix.writer() as writer:
            for doc_id in document_ids:
                writer.delete_by_term("id", doc_id)

    # --- retrieval --------------------------------------------------------------------

    def bm25_retrieval(
        self, query: str, filters: dict[str, Any] | None = None, top_k: int = 10
    ) -> tuple[list[Document], list[str]]:
        """Best passages for a free-text query, and the analysed query terms (for highlighting).

        The query is analysed like the text, never parsed as syntax: a stray "(" or
        "AND" from a user is just text.
        """
        snapshot = self._current()
        clauses, terms = self.query_terms(query, snapshot)
        if not clauses:
            return [], terms
        scores = snapshot.bm25.scores(clauses)
        allowed = self._allowed_docnums(snapshot, filters)
        mask = None
        if allowed is not None:
            mask = np.zeros(len(scores), dtype=bool)
            mask[list(allowed)] = True
        hits = [
            replace(snapshot.docs[snapshot.ids_by_docnum[n]], score=float(scores[n]))
            for n in bm25_top_k(scores, top_k, mask)
        ]
        return hits, terms

    def embedding_retrieval(
        self, query_embedding: list[float], filters: dict[str, Any] | None = None, top_k: int = 10
    ) -> list[Document]:
        """Passages by cosine similarity, exact (a matrix product; fast enough at 10^5 passages)."""
        snapshot = self._current()
        if not snapshot.vector_ids:
            return []
        q = np.asarray(query_embedding, dtype=np.float32)
        q /= np.linalg.norm(q) or 1.0
        scores = snapshot.vectors @ q
        allowed = self._allowed_docnums(snapshot, filters)
        if allowed is not None:
            mask = np.fromiter((snapshot.docnums[i] in allowed for i in snapshot.vector_ids), bool, len(scores))
            scores = np.where(mask, scores, -np.inf)
        k = min(top_k, len(scores))
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best])]
        return [
            replace(snapshot.docs[snapshot.vector_ids[i]], score=float(scores[i]))
            for i in best
            if np.isfinite(scores[i])
        ]

    def query_terms(self, text: str, snapshot: _Snapshot | None = None) -> tuple[list[tuple[str, str, float]], list[str]]:
        """The user's words analysed per field as (field, term, boost), and the content terms.

        The words are analysed like the text, never parsed as syntax: a stray "(" or "AND"
        from a user is just text. Terms in more than half of all passages ("Kreis" in
        every letterhead) are left out unless nothing else is left: they hardly rank.
        """
        snapshot = snapshot or self._current()
        clauses: list[tuple[str, str, float]] = []
        terms: list[str] = []
        limit = snapshot.bm25.doc_count * MAX_DF
        for name, boost in FIELD_BOOSTS.items():
            tokens = list(dict.fromkeys(t.text for t in self._ix.schema[name].analyzer(text)))
            if name == "content":
                terms = tokens
            rare = [tok for tok in tokens if len(snapshot.bm25.postings(name, tok)[0]) <= limit] or tokens
            clauses += [(name, tok, boost) for tok in rare]
        return clauses, terms

    def document_frequency(self, term: str, field: str = "content") -> tuple[int, int]:
        """Passages containing an analysed term, and all passages (for idf weights)."""
        bm25 = self._current().bm25
        return len(bm25.postings(field, term)[0]), bm25.doc_count

    # --- internals --------------------------------------------------------------------

    def _allowed_docnums(self, snapshot: _Snapshot, filters: dict[str, Any] | None) -> set[int] | None:
        """Docnums that pass the filters; computed once per filter and index generation."""
        if not filters:
            return None
        _validate_filters(filters)
        key = json.dumps(filters, sort_keys=True, default=str)
        if key not in snapshot.allowed:
            snapshot.allowed[key] = {
                snapshot.docnums[doc_id] for doc_id, doc in snapshot.docs.items() if matches(filters, doc)
            }
        return snapshot.allowed[key]

    def _current(self) -> _Snapshot:
        """The newest committed generation, reloaded only when it changed."""
        with self._lock:
            if self._ix.latest_generation() != getattr(self._snapshot, "generation", None):
                self._snapshot = self._load()
            return self._snapshot  # type: ignore[return-value]

    def _load(self) -> _Snapshot:
        docs: dict[str, Document] = {}
        docnums: dict[str, int] = {}
        vector_ids: list[str] = []
        rows: list[np.ndarray] = []
        generation = self._ix.latest_generation()
        with self._ix.searcher() as searcher:
            for docnum, stored in searcher.reader().iter_docs():
                doc = Document.from_dict(json.loads(stored["record"]))
                docs[doc.id] = doc
                docnums[doc.id] = docnum
                if stored.get("vector"):
                    vector_ids.append(doc.id)
                    rows.append(np.frombuffer(stored["vector"], dtype=np.float32))
        vectors = np.vstack(rows) if rows and len({len(r) for r in rows}) == 1 else np.zeros((0, 0), np.float32)
        if len(vectors):
            vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        else:
            vector_ids = []
        ids_by_docnum = {n: i for i, n in docnums.items()}
        reader = self._ix.reader()
        live = np.zeros(reader.doc_count_all(), dtype=bool)
        live[list(ids_by_docnum)] = True
        # The previous snapshot's reader is not closed here: a query in another thread may
        # still be scoring with it. It closes its files when the last reference goes.
        bm25 = BM25FScorer(reader, FIELD_BOOSTS, live)
        return _Snapshot(generation, docs, docnums, ids_by_docnum, vector_ids, vectors, bm25)


def _fields(doc: Document) -> dict[str, Any]:
    meta = doc.meta or {}
    meta_text = " ".join(
        " ".join(map(str, v)) if isinstance(v, list) else str(v)
        for k in META_TEXT_FIELDS
        if (v := meta.get(k))
    )
    content = doc.content or ""
    return {
        "id": doc.id,
        "document": str(meta.get("document") or ""),
        "content": content,
        "exact": content,
        "title": str(meta.get("title") or ""),
        "meta_text": meta_text,
        "record": _to_record(doc),
        "embedding": json.dumps(doc.embedding) if doc.embedding is not None else "",
        "vector": np.asarray(doc.embedding, dtype=np.float32).tobytes() if doc.embedding is not None else b"",
    }


def _to_record(doc: Document) -> str:
    data = replace(doc, embedding=None, score=None).to_dict(flatten=False)
    return json.dumps(data, ensure_ascii=False)


def _with_embedding(doc: Document, stored: dict[str, Any]) -> Document:
    return replace(doc, embedding=json.loads(stored["embedding"])) if stored.get("embedding") else doc


def _validate_filters(filters: dict[str, Any] | None) -> None:
    if filters and "operator" not in filters and "conditions" not in filters:
        raise ValueError("Invalid filter syntax. See https://docs.haystack.deepset.ai/docs/metadata-filtering for details.")
