"""BM25F over Whoosh's postings, scored with numpy.

Whoosh scores every posting in a Python call, which takes hundreds of milliseconds for a
query of common words at 10^5 passages; walking its matcher posting by posting still
costs ~1 µs a posting, which is what made a query seen for the first time slow (48–226
ms at 129,000 passages). Here a term's postings are read a block at a time (Whoosh keeps
them in blocks of up to 128 ids and weights) straight into arrays (`kb.postings`; the long
lists of a large segment from arrays built once beside it), and field lengths come
from Whoosh's own length column as one byte string per segment: no Python loop per
passage, neither per query nor when the index is opened.

The formula is Whoosh's own BM25F (per-field BM25 with length normalisation, summed with
field boosts; idf = log(N / (df + 1)) + 1), so rankings agree with Whoosh's.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.reading import IndexReader, SegmentReader
from whoosh.util.numeric import byte_to_length

from kb import postings as segment_postings
from kb.postings import SegmentPostings

B = 0.75
K1 = 1.2
CACHE_BYTES = 64 * 2**20  # postings kept for repeated queries
# Whoosh stores a field length as one byte on a logarithmic scale; this decodes all 256.
_BYTE_TO_LENGTH = np.array([0.0] + [byte_to_length(b) for b in range(1, 256)], dtype=np.float32)


class BM25FScorer:
    def __init__(self, reader: IndexReader, fields: dict[str, float], live: np.ndarray, lock: threading.Lock | None = None,
                 long_lists: dict[int, SegmentPostings] | None = None):
        self.reader = reader
        self.long_lists = long_lists or {}  # by segment offset: its long posting lists, memory-mapped (kb.postings)
        self.boosts = fields
        self.live = live  # bool per docnum: not deleted
        self.size = len(live)
        self.doc_count = max(int(live.sum()), 1)
        self._deletions = not bool(live.all())
        self.leaves: list[tuple[SegmentReader, int]] = [
            (leaf, offset) for leaf, offset in reader.leaf_readers() if isinstance(leaf, SegmentReader)
        ]  # an empty index has none
        # Whoosh readers are not thread-safe: read without mmap, a segment's parts share one
        # file handle (seek, then read), so this is the lock of everything reading `reader`.
        self._lock = lock or threading.Lock()
        self.lengths = {f: self._lengths(f) for f in fields}
        self.average = {f: _average(self.lengths[f], live) for f in fields}
        # Repeated queries reuse their terms' arrays. Bounded by bytes, not terms: a common
        # term's postings grow with the archive (0.6 M passages × 12 bytes at 10^5 documents).
        self._cache: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._cached_bytes = 0

    def scores(self, clauses: list[tuple[str, str, float]]) -> np.ndarray:
        """BM25F score per docnum for (field, term, boost) clauses; 0 where nothing matches."""
        total = np.zeros(self.size, dtype=np.float32)
        for field, term, boost in clauses:
            ids, tf = self.postings(field, term)
            if not len(ids):
                continue
            idf = math.log(self.doc_count / (len(ids) + 1)) + 1.0
            norm = K1 * ((1 - B) + B * self.lengths[field][ids] / self.average[field])
            total[ids] += boost * idf * tf * (K1 + 1) / (tf + norm)
        return total

    def doc_frequency(self, field: str, term: str) -> int:
        """Live passages containing the term. Without deletions Whoosh's term info has the
        count (no postings read: a common term the query then leaves out costs nothing)."""
        with self._lock:
            hit = self._cache.get((field, term))
            if hit is None and not self._deletions:
                return sum(leaf.doc_frequency(field, term) for leaf, _ in self.leaves)
        return len(hit[0]) if hit is not None else len(self.postings(field, term)[0])

    def postings(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """Docnums (live only) and term frequencies of one term; recently used ones from memory."""
        key = (field, term)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        value = self._postings(field, term)
        size = value[0].nbytes + value[1].nbytes
        with self._lock:
            if key not in self._cache:
                self._cache[key] = value
                self._cached_bytes += size
                while self._cached_bytes > CACHE_BYTES and len(self._cache) > 1:
                    _, (ids, tf) = self._cache.popitem(last=False)
                    self._cached_bytes -= ids.nbytes + tf.nbytes
        return value

    def _postings(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """Docnums (live only) and term frequencies of one term, read block by block (or sliced from a large segment's arrays)."""
        ids: list[np.ndarray] = []
        weights: list[np.ndarray] = []
        with self._lock:
            for leaf, offset in self.leaves:
                leaf_ids, leaf_weights = segment_postings.read(leaf, field, term, self.long_lists.get(offset))
                if not len(leaf_ids):
                    continue
                ids.append(leaf_ids + offset)
                weights.append(leaf_weights)
        if not ids:
            return segment_postings.EMPTY
        docnums, tf = np.concatenate(ids), np.concatenate(weights)
        keep = self.live[docnums]
        return (docnums, tf) if keep.all() else (docnums[keep], tf[keep])

    def _lengths(self, field: str) -> np.ndarray:
        """Length of `field` per docnum, decoded from Whoosh's one-byte length column.

        A passage with no indexed term in a field (a page marker "– 1 von 3 –") has no
        length: it is 0 (never None/NaN, which would poison the average and every score).
        """
        out = np.zeros(self.size, dtype=np.float32)
        with self._lock:
            for leaf, offset in self.leaves:
                per_doc = leaf._perdoc
                name = _lenfield(field)
                if not per_doc.has_column(name):
                    continue
                column = per_doc.column_reader(name, LENGTHS_COLUMN)
                raw = column._dbfile.get(column._basepos, column._count * column._fixedlen)
                codes = np.frombuffer(raw, dtype=np.uint8)[: leaf.doc_count_all()]
                out[offset : offset + len(codes)] = _BYTE_TO_LENGTH[codes]
        return out


def _average(lengths: np.ndarray, live: np.ndarray) -> float:
    """Mean field length over live passages; at least 1, never NaN."""
    mean = float(lengths[live].mean()) if live.any() else 1.0
    return mean if math.isfinite(mean) and mean >= 1.0 else 1.0


def top_k(scores: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[int]:
    """Docnums of the k best positive scores, best first."""
    if allowed is not None:
        scores = np.where(allowed, scores, 0.0)
    candidates = np.flatnonzero(scores > 0)
    if len(candidates) > k:
        candidates = candidates[np.argpartition(-scores[candidates], k - 1)[:k]]
    return [int(n) for n in candidates[np.argsort(-scores[candidates], kind="stable")]]
