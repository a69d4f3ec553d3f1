"""A haystack DocumentStore on a Whoosh index on disk, with the dense vectors inside it.

Each passage is one Whoosh document: its text analysed twice (German analyzer for
recall, exact forms for precision), title and metadata as separately weighted fields
(BM25F), and the whole haystack `Document` (content, meta, embedding) as a stored
record. Keeping the vectors in the same index means one commit writes text and vectors:
an interrupted write leaves the previous state, never an index and vectors that disagree.

What queries need in bulk is kept per Whoosh segment in files beside the index
(`kb.columns`: float16 vectors, metadata as coded columns), memory-mapped, built once
when a segment first appears; BM25F reads postings and field lengths straight from
Whoosh in bulk (`kb.bm25`). A passage's record is read from the index only when it is a
hit. So opening a store costs no loop over its passages, and memory holds what queries
touch, not the archive. Filters use haystack's filter syntax and semantics (see
`kb.filters`), evaluated once per distinct metadata value.

>>> store = WhooshDocumentStore("data/index")               # doctest: +SKIP
>>> store.write_documents([Document(content="Die Förderung endet am 31.12.2020.")])  # doctest: +SKIP
"""

from __future__ import annotations

import json
import shutil
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from haystack import Document, default_from_dict, default_to_dict
from haystack.document_stores.errors import DuplicateDocumentError
from haystack.document_stores.types import DuplicatePolicy
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError
from whoosh.reading import IndexReader, SegmentReader
from whoosh.writing import MERGE_SMALL

from ingest.errors import IndexBusy

from kb import ann as dense_index
from kb import columns as segment_columns
from kb import postings as segment_postings
from kb.analysis import exact_analyzer, german_analyzer, known_splits, load_splits, save_splits
from kb.bm25 import BM25FScorer
from kb.bm25 import top_k as bm25_top_k
from kb.column_filters import filter_mask
from kb.columns import SegmentColumns

SCHEMA_VERSION = 2
INDEX_NAME = f"passages_v{SCHEMA_VERSION}"
COLUMNS_DIR = "columns"  # per-segment vectors and metadata columns, beside the index
SPLITS_FILE = "compounds.json"  # compound splits of the indexed words (kb.analysis), for servers
SPLITS_EVERY = 5000  # new words after which a writer saves the splits again
# Field weights of BM25F: the German analysis carries recall, exact forms and titles rank.
FIELD_BOOSTS = {"content": 1.0, "exact": 0.6, "title": 1.5, "meta_text": 0.5}
MAX_DF = 0.5  # share of passages above which a query term is too common to search for
META_TEXT_FIELDS = ("session_body", "bodies", "people", "organisations", "topics", "doc_type", "vorlage_number")
RECORD_CACHE = 4096  # records of recent hits kept per generation (bounded: memory must not grow with the archive)
FILTER_CACHE = 32  # filter masks kept per generation (a bool per passage each: 1.3 MB at 10^5 documents)
RESCORE = 4  # dense search: float32 re-score of RESCORE × top_k float16 candidates
# A segment this large is not rewritten by later commits' merges (as Lucene's maximum merged
# segment size): Whoosh's own policy merges every segment again once enough small ones pile
# up, an external sort of all postings that took 25 minutes at 660,000 passages.
MERGE_CAP = 200_000


def schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        document=ID(),  # the archive document a passage belongs to
        # Term frequencies, no positions: BM25F needs no more, and positions were a third
        # of the postings written (an index made before keeps its own schema and reads alike).
        content=TEXT(analyzer=german_analyzer(), phrase=False),
        exact=TEXT(analyzer=exact_analyzer(), phrase=False),
        title=TEXT(analyzer=german_analyzer(), phrase=False),
        meta_text=TEXT(analyzer=german_analyzer(), phrase=False),
        record=STORED(),  # the Document as JSON, without its embedding
        embedding=STORED(),  # the embedding exactly as written (JSON), for filter_documents
        vector=STORED(),  # the embedding as float32 bytes, for the search matrix
    )


@dataclass
class _Segment:
    reader: SegmentReader
    offset: int  # its first docnum in the index
    columns: SegmentColumns
    ann: dense_index.SegmentAnn | None = None  # large segments only (kb.ann.MIN_VECTORS)


@dataclass
class _Snapshot:
    """One index generation: its reader, per-segment columns, live docnums, BM25 statistics."""

    generation: int
    reader: IndexReader
    segments: list[_Segment]
    live: np.ndarray  # bool per docnum
    bm25: BM25FScorer
    lock: threading.Lock = field(default_factory=threading.Lock)  # Whoosh readers are not thread-safe
    records: OrderedDict = field(default_factory=OrderedDict)  # docnum → Document (LRU)
    allowed: OrderedDict = field(default_factory=OrderedDict)  # filter (as JSON) → bool mask

    @property
    def size(self) -> int:
        return len(self.live)


class WhooshDocumentStore:
    def __init__(self, index_dir: str | Path):
        self.index_dir = Path(index_dir)
        self.index_dir.mkdir(parents=True, exist_ok=True)
        # Whoosh reads a memory-mapped segment through `BufferFile`, which copies every part of
        # it a query opens (postings, term index, stored records) into a `BytesIO`: the process
        # then holds a copy of every segment's postings it ever touched, growing with the
        # archive (1.6 GB after 30 queries at 136,000 passages, 0.5 GB without the mapping, for
        # ~3 ms more CPU a first-time query). Plain file reads keep memory flat.
        storage = FileStorage(str(self.index_dir), supports_mmap=False)
        if storage.index_exists(indexname=INDEX_NAME):
            self._ix = storage.open_index(indexname=INDEX_NAME)
        else:
            # A new schema version starts a new index beside the old one (rebuild with `kb index`).
            self._ix = storage.create_index(schema(), indexname=INDEX_NAME)
        self._lock = threading.Lock()
        self._snapshot: _Snapshot | None = None
        # Options of Whoosh's writer for bulk writes (`write_documents`): e.g. procs=2,
        # multisegment=True for its multi-process writer (bench/index_split.py measures it).
        self.writer_options: dict[str, Any] = {"limitmb": 256}
        load_splits(self.index_dir / SPLITS_FILE)
        self._splits_saved = known_splits()

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
        mask = self._allowed(snapshot, filters)
        docnums = np.flatnonzero(snapshot.live if mask is None else mask & snapshot.live)
        with snapshot.lock:
            stored = [snapshot.reader.stored_fields(int(n)) for n in docnums]
        return [_with_embedding(_from_record(s), s) for s in stored]

    def prepare(self) -> None:
        """Load the newest generation: the columns and ANN indexes (kb.ann) of new segments
        are built now, by the indexer after its writes, not by a server's first query."""
        self._current()

    def passages(self) -> list[Document]:
        """Every passage without its embedding (read from the index, not kept): for bookkeeping."""
        snapshot = self._current()
        return self._records(snapshot, np.flatnonzero(snapshot.live), keep=False)

    def document_checksums(self) -> dict[str, str]:
        """Archive document → checksum of its indexed passages, from the columns (no record reads).

        What `sync_index` needs to find changed documents; `passages()` reads every record.
        """
        snapshot = self._current()
        out: dict[str, str] = {}
        for seg in snapshot.segments:
            document, checksum = seg.columns.column("document"), seg.columns.column("checksum")
            if document is None:
                continue
            live = snapshot.live[seg.offset : seg.offset + seg.columns.size]
            docs = np.asarray(document[0])[live]
            sums = np.asarray(checksum[0])[live] if checksum is not None else np.zeros_like(docs)
            for d, c in set(zip(docs.tolist(), sums.tolist())):
                if d:
                    out[str(document[1][d])] = str(checksum[1][c]) if checksum is not None and c else ""
        return out

    def write_documents(self, documents: list[Document], policy: DuplicatePolicy = DuplicatePolicy.NONE) -> int:
        if not isinstance(documents, list) or any(not isinstance(d, Document) for d in documents):
            raise ValueError("Please provide a list of Documents.")
        policy = DuplicatePolicy.FAIL if policy == DuplicatePolicy.NONE else policy
        # The last of several documents with one id wins, as in a dict.
        unique = list({d.id: d for d in documents}.values())
        with self._lock:
            if policy in (DuplicatePolicy.FAIL, DuplicatePolicy.SKIP):
                existing = self._existing([d.id for d in unique])
                if policy == DuplicatePolicy.FAIL and existing:
                    raise DuplicateDocumentError(f"ID '{next(d.id for d in unique if d.id in existing)}' already exists.")
                unique = [d for d in unique if d.id not in existing]
            with self._writer(**self.writer_options) as writer:
                for doc in unique:
                    # New ids need no delete-by-id lookup: add, don't update (the bulk of indexing time otherwise).
                    if policy == DuplicatePolicy.OVERWRITE:
                        writer.update_document(**_fields(doc))
                    else:
                        writer.add_document(**_fields(doc))
        self._keep_splits(bulk=len(unique) >= 1000)
        return len(unique)

    def _writer(self, **options: Any):
        """Whoosh's writer; another process holding the index lock is a German `IndexBusy`, not a traceback."""
        try:
            writer = self._ix.writer(timeout=5.0, **options)
        except LockError as e:
            raise IndexBusy() from e
        writer.mergetype = merge_below_cap  # read by the writer's commit (`with` block) when no mergetype is given
        return writer

    def replace_passages(self, document: str, passages: list[Document]) -> None:
        """All passages of one archive document replaced in one commit (atomic per document)."""
        with self._lock, self._writer(limitmb=256) as writer:
            writer.delete_by_term("document", document)
            for doc in passages:
                writer.update_document(**_fields(doc))
        self._keep_splits(bulk=False)

    def delete_documents(self, document_ids: list[str]) -> None:
        with self._lock, self._writer() as writer:
            for doc_id in document_ids:
                writer.delete_by_term("id", doc_id)

    # --- retrieval --------------------------------------------------------------------

    def bm25_retrieval(
        self, query: str, filters: dict[str, Any] | None = None, top_k: int = 10, full: int | None = None
    ) -> tuple[list[Document], list[str]]:
        """Best passages for a free-text query, and the analysed query terms (for highlighting).

        The query is analysed like the text, never parsed as syntax: a stray "(" or
        "AND" from a user is just text. `full`: only the first `full` hits are read whole
        from the index; the others carry their metadata only (from the columns, no
        content, id "#docnum"), which is all that facet counts need of a result window.
        """
        snapshot = self._current()
        clauses, terms = self.query_terms(query, snapshot)
        if not clauses:
            return [], terms
        scores = snapshot.bm25.scores(clauses)
        best = bm25_top_k(scores, top_k, self._allowed(snapshot, filters))
        cut = len(best) if full is None else full
        full_docs = [replace(d, score=float(scores[n])) for d, n in zip(self._records(snapshot, best[:cut]), best)]
        return full_docs + self._light(snapshot, best[cut:], scores), terms

    def embedding_retrieval(
        self, query_embedding: list[float], filters: dict[str, Any] | None = None, top_k: int = 10
    ) -> list[Document]:
        """Passages by cosine similarity: an exact scan of the float16 vectors (an approximate
        index for segments of kb.ann.MIN_VECTORS or more), the best RESCORE × top_k
        candidates re-scored with the float32 vectors stored in the index (`kb.ann.rank`)."""
        snapshot = self._current()
        q = np.asarray(query_embedding, dtype=np.float32)
        q /= np.linalg.norm(q) or 1.0
        allowed = self._allowed(snapshot, filters)
        segments = [
            dense_index.DenseSegment(seg.offset, seg.columns.vectors, seg.columns.exact, seg.columns.has_vector, seg.ann)
            for seg in snapshot.segments
        ]
        best, exact = dense_index.rank(segments, snapshot.live, allowed, q, top_k, RESCORE)
        docs = self._records(snapshot, best)
        return [replace(d, score=float(s)) for d, s in zip(docs, exact)]

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
            tokens = list(dict.fromkeys(t.text for t in snapshot.reader.schema[name].analyzer(text)))
            if name == "content":
                terms = tokens
            rare = [tok for tok in tokens if snapshot.bm25.doc_frequency(name, tok) <= limit] or tokens
            clauses += [(name, tok, boost) for tok in rare]
        return clauses, terms

    def document_frequency(self, term: str, field: str = "content") -> tuple[int, int]:
        """Passages containing an analysed term, and all passages (for idf weights)."""
        bm25 = self._current().bm25
        return bm25.doc_frequency(field, term), bm25.doc_count

    # --- internals --------------------------------------------------------------------

    def _keep_splits(self, bulk: bool) -> None:
        """Save the compound splits met while indexing: after a bulk write, else every
        SPLITS_EVERY new words (not after each one-document commit of a large index)."""
        new = known_splits() - self._splits_saved
        if new >= SPLITS_EVERY or (new > 0 and (bulk or self._small())):
            try:
                save_splits(self.index_dir / SPLITS_FILE)
            except OSError:
                return  # a read-only index: the splits are only a speed-up
            self._splits_saved = known_splits()

    def _small(self) -> bool:
        return self._ix.doc_count_all() < SPLITS_EVERY

    def _existing(self, ids: list[str]) -> set[str]:
        """Which of these passage ids are in the index (a term lookup each, no snapshot)."""
        with self._ix.searcher() as searcher:
            return {i for i in ids if searcher.document_number(id=i) is not None}

    def _records(self, snapshot: _Snapshot, docnums, keep: bool = True) -> list[Document]:
        """Documents (without embedding) of these docnums, read from the index on demand."""
        out = []
        cache = snapshot.records
        with snapshot.lock:
            for n in docnums:
                n = int(n)
                doc = cache.get(n)
                if doc is None:
                    doc = _from_record(snapshot.reader.stored_fields(n))
                    if keep:
                        cache[n] = doc
                        if len(cache) > RECORD_CACHE:
                            cache.popitem(last=False)
                elif keep:
                    cache.move_to_end(n)
                out.append(doc)
        return out

    def _light(self, snapshot: _Snapshot, docnums: list[int], scores: np.ndarray) -> list[Document]:
        """Scored documents with metadata only (from the columns), in the order of `docnums`.

        Made once with their score (a haystack Document costs ~25 µs to make: not twice for
        each of ~200 window passages)."""
        metas: dict[int, dict[str, Any]] = {}
        wanted = np.asarray(docnums, np.int64)
        for seg in snapshot.segments:
            inside = wanted[(wanted >= seg.offset) & (wanted < seg.offset + seg.columns.size)]
            if len(inside):
                metas.update(zip(inside.tolist(), seg.columns.metas((inside - seg.offset).tolist())))
        return [Document(id=f"#{n}", meta=metas[n], score=float(scores[n])) for n in docnums]

    def _allowed(self, snapshot: _Snapshot, filters: dict[str, Any] | None) -> np.ndarray | None:
        """Bool mask of docnums that pass the filters; computed once per filter and generation."""
        if not filters:
            return None
        _validate_filters(filters)
        key = json.dumps(filters, sort_keys=True, default=str)
        with snapshot.lock:
            mask = snapshot.allowed.get(key)
        if mask is None:
            mask = self._condition(snapshot, filters)
            with snapshot.lock:
                snapshot.allowed[key] = mask
                if len(snapshot.allowed) > FILTER_CACHE:
                    snapshot.allowed.popitem(last=False)
        return mask

    def _condition(self, snapshot: _Snapshot, condition: dict[str, Any]) -> np.ndarray:
        segments = [(seg.offset, seg.columns) for seg in snapshot.segments]
        return filter_mask(
            condition, snapshot.size, segments, lambda: self._records_of_live(snapshot)
        )

    def _records_of_live(self, snapshot: _Snapshot) -> tuple[np.ndarray, list[Document]]:
        docnums = np.flatnonzero(snapshot.live)
        return docnums, self._records(snapshot, docnums, keep=False)

    def _current(self) -> _Snapshot:
        """The newest committed generation, reloaded only when it changed."""
        with self._lock:
            if self._ix.latest_generation() != getattr(self._snapshot, "generation", None):
                self._snapshot = self._load()
            return self._snapshot  # type: ignore[return-value]

    def _load(self) -> _Snapshot:
        # The previous snapshot's reader is not closed here: a query in another thread may
        # still be scoring with it. It closes its files when the last reference goes.
        generation = self._ix.latest_generation()
        reader = self._ix.reader()
        live = np.ones(reader.doc_count_all(), dtype=bool)
        segments = []
        long_lists = {}
        for leaf, offset in reader.leaf_readers():
            if not isinstance(leaf, SegmentReader):
                continue  # an empty index
            if leaf.has_deletions():
                live[offset + np.fromiter(leaf.deleted_docs_set, np.int64)] = False
            cols = self._segment_columns(leaf)
            segments.append(_Segment(leaf, offset, cols, self._segment_ann(leaf, cols)))
            side = segment_postings.ensure(self._segment_folder(leaf), leaf, list(FIELD_BOOSTS))
            if side is not None:
                long_lists[offset] = side
        self._drop_old_columns({s.reader.segment().segment_id() for s in segments})
        # One lock for every read of this reader: without mmap a segment's parts (postings,
        # stored records, lengths) share one file handle, seek then read.
        lock = threading.Lock()
        bm25 = BM25FScorer(reader, FIELD_BOOSTS, live, lock, long_lists)
        return _Snapshot(generation, reader, segments, live, bm25, lock)

    def _segment_columns(self, leaf: SegmentReader) -> SegmentColumns:
        """The segment's columns from disk, or built from its stored records (once per segment)."""
        folder = self._segment_folder(leaf)
        loaded = segment_columns.load(folder)
        if loaded is not None and loaded.size == leaf.doc_count_all():
            return loaded
        records = []
        for n in range(leaf.doc_count_all()):
            try:
                stored = leaf.stored_fields(n)
            except Exception:  # a deleted passage whose record is gone: no columns needed
                records.append((None, None))
                continue
            records.append((json.loads(stored["record"]).get("meta") or {}, stored.get("vector") or None))
        built = segment_columns.build(records)
        try:
            segment_columns.save(built, folder)
        except OSError:
            pass  # a read-only index (a shared copy): the columns live in memory only
        return built

    def _segment_ann(self, leaf: SegmentReader, cols: SegmentColumns) -> dense_index.SegmentAnn | None:
        """A large segment's ANN index, built once beside its columns (kb.ann)."""
        return dense_index.ensure(self._segment_folder(leaf), cols.exact, cols.has_vector)

    def _segment_folder(self, leaf: SegmentReader) -> Path:
        """Where a segment's columns, ANN index and posting arrays live."""
        return self.index_dir / COLUMNS_DIR / leaf.segment().segment_id()

    def _drop_old_columns(self, current: set[str]) -> None:
        """Columns of merged-away segments. A process still reading them keeps its mapped files."""
        root = self.index_dir / COLUMNS_DIR
        if not root.is_dir():
            return
        for folder in root.iterdir():
            if folder.name not in current and not folder.name.startswith(".tmp-"):
                shutil.rmtree(folder, ignore_errors=True)


def merge_below_cap(writer, segments: list) -> list:
    """Whoosh's MERGE_SMALL over the segments under MERGE_CAP passages; a larger segment
    stays as it is unless a third of it is deleted (then merging reclaims the space)."""
    kept = [s for s in segments if s.doc_count_all() >= MERGE_CAP and s.deleted_count() * 3 < s.doc_count_all()]
    rest = [s for s in segments if s not in kept]
    return kept + MERGE_SMALL(writer, rest)


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
        "embedding": _exact_json(doc.embedding),
        "vector": np.asarray(doc.embedding, dtype=np.float32).tobytes() if doc.embedding is not None else b"",
    }


def _exact_json(embedding: list[float] | None) -> str:
    """The embedding as JSON only where float32 bytes would not give it back exactly.

    Models' vectors are float32, so `vector` holds them exactly and the JSON copy (8 KB a
    passage, two thirds of the index) is left out; hand-written test vectors keep it.
    """
    if embedding is None:
        return ""
    as_float32 = np.asarray(embedding, dtype=np.float32)
    return "" if np.array_equal(as_float32.astype(np.float64), np.asarray(embedding, np.float64)) else json.dumps(embedding)


def _to_record(doc: Document) -> str:
    """`Document.to_dict(flatten=False)` without embedding and score, as JSON.

    Built directly for the usual passage (no blob, no sparse embedding): haystack's
    `to_dict` deep-copies the metadata through `dataclasses.asdict` (a tenth of indexing
    time) for the same JSON."""
    if doc.blob is None and doc.sparse_embedding is None:
        data = {"id": doc.id, "content": doc.content, "blob": None, "meta": doc.meta, "score": None,
                "embedding": None, "sparse_embedding": None}
        try:
            return json.dumps(data, ensure_ascii=False)
        except TypeError:
            pass  # a dataclass in the metadata: asdict turns it into a dict
    data = replace(doc, embedding=None, score=None).to_dict(flatten=False)
    return json.dumps(data, ensure_ascii=False)


def _from_record(stored: dict[str, Any]) -> Document:
    return Document.from_dict(json.loads(stored["record"]))


def _with_embedding(doc: Document, stored: dict[str, Any]) -> Document:
    if stored.get("embedding"):
        return replace(doc, embedding=json.loads(stored["embedding"]))
    if stored.get("vector"):
        return replace(doc, embedding=np.frombuffer(stored["vector"], np.float32).tolist())
    return doc


def _validate_filters(filters: dict[str, Any] | None) -> None:
    if filters and "operator" not in filters and "conditions" not in filters:
        raise ValueError("Invalid filter syntax. See https://docs.haystack.deepset.ai/docs/metadata-filtering for details.")
