"""Dense ranking over the store's per-segment vectors: an exact scan for small segments,
an approximate nearest-neighbour index (faiss IVF with 4-bit codes) for large ones, and an exact float32
re-score of the candidates either way.

An exact scan reads every vector of a query's segments: ~15 ms CPU at 136,000 passages,
~0.6 s at 1.36 M (float16, 384 dimensions, 2 cores). A segment of at least `MIN_VECTORS`
vectors therefore gets an inverted-file index with 4-bit scalar-quantised codes (faiss
`IVF{√n},SQ4`: inverted lists of 4-bit scalar-quantised vectors, inner product on the
L2-normalised vectors: ~200 bytes a vector in memory, against 768 for the float16 matrix
every scan pages in). A query visits a quarter of the lists (`PROBE_SHARE`: e5 vectors lie
in a narrow cone, so a query's neighbours spread over many lists; on 136,000 real and
reused e5 vectors a quarter finds ~95 % of the exact top 10, an eighth ~80 %, measured by
`bench/ann.py`, where product quantisation (PQ48) found 65–75 %). It proposes `CANDIDATES`
rows; their float32 vectors (`exact.npy`, memory-mapped) are read to score them exactly,
as the scan's float16 candidates are. Below the threshold nothing changes: small archives
rank exactly as before.

Whoosh segments never change once written, so the index is built once per segment (by the
process that first loads the segment: the indexer after its commit), saved beside the
segment's columns under a temporary name and renamed (a reader sees the whole file or
none), and loaded only when a dense query first needs it. New passages land in new,
small segments (scanned exactly) until Whoosh merges them into a large one, which gets its
own index; deleted passages and filters are masked out by a faiss `IDSelectorBitmap` over
the segment's live and allowed rows, or, when few rows remain, by scanning only those.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MIN_VECTORS = 100_000  # a segment with fewer vectors is scanned exactly (as every segment was before)
EXACT_ROWS = 20_000  # a filter leaving at most this many rows of a large segment: scan those rows exactly
PROBE_SHARE = 0.25  # share of the inverted lists a query visits (recall against time: bench/ann.py)
CANDIDATES = 200  # rows proposed by the index per query, re-scored exactly (at least RESCORE × top_k)
TRAIN_PER_LIST = 64  # training sample per inverted list (k-means; faiss warns below 39)
ADD_CHUNK = 65_536  # vectors encoded at a time (bounded memory while building)
FILE = "ann.faiss"


def _faiss():
    import faiss  # imported on first use: small archives never load it

    return faiss


def wanted(n_vectors: int) -> bool:
    return n_vectors >= MIN_VECTORS


def build(exact: np.ndarray, has_vector: np.ndarray, seed: int = 1234):
    """An IVF-SQ4 index over the rows that have a vector, ids = the rows (segment docnums)."""
    faiss = _faiss()
    rows = np.flatnonzero(has_vector).astype(np.int64)
    dim = exact.shape[1]
    nlist = max(1, int(np.sqrt(len(rows))))
    index = faiss.index_factory(dim, f"IVF{nlist},SQ4", faiss.METRIC_INNER_PRODUCT)
    index.cp.max_points_per_centroid = TRAIN_PER_LIST
    rng = np.random.default_rng(seed)
    sample = np.sort(rng.choice(rows, min(len(rows), max(nlist * TRAIN_PER_LIST, 10_000)), replace=False))
    index.train(np.ascontiguousarray(exact[sample], np.float32))
    for start in range(0, len(rows), ADD_CHUNK):
        chunk = rows[start : start + ADD_CHUNK]
        index.add_with_ids(np.ascontiguousarray(exact[chunk], np.float32), chunk)
    return index


def save(index, path: Path) -> None:
    """Written under a temporary name and renamed: readers see all of it or nothing."""
    faiss = _faiss()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        faiss.write_index(index, str(tmp))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


@dataclass
class SegmentAnn:
    """A segment's ANN index: on disk (`path`), loaded on the first query that needs it."""

    path: Path | None
    index: object | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self):
        with self.lock:
            if self.index is None:
                self.index = _faiss().read_index(str(self.path))
            return self.index

    def search(self, q: np.ndarray, k: int, usable: np.ndarray | None) -> np.ndarray:
        """Up to k candidate rows (segment docnums) for the normalised query; `usable`:
        bool per row (live and allowed), None when every row is."""
        faiss = _faiss()
        index = self.get()
        nprobe = max(1, int(np.ceil(index.nlist * PROBE_SHARE)))
        bitmap = None
        if usable is None:
            params = faiss.SearchParametersIVF(nprobe=nprobe)
        else:
            bitmap = np.packbits(usable, bitorder="little")  # faiss reads bit (id & 7) of byte id >> 3
            selector = faiss.IDSelectorBitmap(len(usable), faiss.swig_ptr(bitmap))
            params = faiss.SearchParametersIVF(nprobe=nprobe, sel=selector)
        _, ids = index.search(q.reshape(1, -1).astype(np.float32), k, params=params)
        del bitmap  # kept alive until the search is done (faiss holds a raw pointer)
        found = ids[0]
        return found[found >= 0]


def load(folder: Path) -> SegmentAnn | None:
    path = folder / FILE
    return SegmentAnn(path) if path.is_file() else None


def ensure(folder: Path, exact: np.ndarray, has_vector: np.ndarray) -> SegmentAnn | None:
    """The segment's ANN index if it is large enough: from disk, else built (and saved when
    the folder is writable; a read-only shared copy keeps it in memory)."""
    if not len(exact) or not wanted(int(has_vector.sum())):
        return None
    found = load(folder)
    if found is not None:
        return found
    index = build(exact, has_vector)
    try:
        save(index, folder / FILE)
    except (OSError, RuntimeError):  # faiss raises RuntimeError for an unwritable path
        return SegmentAnn(None, index)
    return SegmentAnn(folder / FILE, index)


@dataclass
class DenseSegment:
    offset: int  # its first docnum in the index
    vectors: np.ndarray  # float16 (size, dim), memory-mapped
    exact: np.ndarray  # float32, same shape, memory-mapped
    has_vector: np.ndarray
    ann: SegmentAnn | None = None


def rank(
    segments: list[DenseSegment], live: np.ndarray, allowed: np.ndarray | None, q: np.ndarray, top_k: int, rescore: int
) -> tuple[np.ndarray, np.ndarray]:
    """The best `top_k` docnums by exact cosine, with their scores (q normalised).

    Segments without an ANN index: the float16 scan as always, its best rescore × top_k
    are candidates. Segments with one: the index's candidates (or, when a filter leaves
    few rows, those rows scanned). All candidates are re-scored with float32 vectors.
    """
    from kb.columns import dot16

    size = len(live)
    scores = np.full(size, -np.inf, np.float32)
    proposed: list[np.ndarray] = []
    for seg in segments:
        if not len(seg.vectors) or seg.vectors.shape[1] != len(q):
            continue
        span = slice(seg.offset, seg.offset + len(seg.has_vector))
        usable = seg.has_vector & live[span]
        if allowed is not None:
            usable &= allowed[span]
        if seg.ann is None:
            if usable.any():
                scores[span] = np.where(usable, dot16(seg.vectors, q), -np.inf)
            continue
        rows = np.flatnonzero(usable)
        if len(rows) <= max(EXACT_ROWS, CANDIDATES):
            if len(rows):  # a few rows left by a filter: scan them (no recall lost)
                scores[seg.offset + rows] = dot16(seg.vectors[rows], q)
            continue
        every = len(rows) == int(seg.has_vector.sum())
        found = seg.ann.search(q, max(CANDIDATES, rescore * top_k), None if every else usable)
        proposed.append(seg.offset + found)
    finite = np.flatnonzero(np.isfinite(scores))
    candidates = finite
    if len(finite):
        k = min(top_k * rescore, len(finite))
        candidates = finite[np.argpartition(-scores[finite], k - 1)[:k]]
    if proposed:
        candidates = np.concatenate([candidates, *proposed])
    if not len(candidates):
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    exact = np.array([row @ q for row in _exact_rows(segments, candidates)], np.float32)
    order = np.argsort(-exact, kind="stable")[:top_k]
    return candidates[order], exact[order]


def _exact_rows(segments: list[DenseSegment], docnums: np.ndarray) -> list[np.ndarray]:
    """The float32 rows of these docnums, in their order.

    Read with `pread` from the segment's `exact.npy`, not through its mapping: a mapped read
    of one scattered row maps the 64 kB around it into the process (the kernel's
    fault-around), so at 1.36 M passages the serving RSS grew by ~4 MB a query of rows
    no query asked for. Same bytes either way, so the same scores."""
    out: list[np.ndarray] = []
    files: dict[int, int] = {}
    try:
        for n in docnums.tolist():
            seg = next((s for s in segments if s.offset <= n < s.offset + len(s.has_vector)), None)
            if seg is None:
                raise IndexError(n)
            exact = seg.exact
            name = getattr(exact, "filename", None)
            if not isinstance(exact, np.memmap) or not name:
                out.append(np.asarray(exact[n - seg.offset]))
                continue
            if id(seg) not in files:
                files[id(seg)] = os.open(name, os.O_RDONLY)
            width = exact.shape[1] * exact.itemsize
            raw = os.pread(files[id(seg)], width, exact.offset + (n - seg.offset) * width)
            out.append(np.frombuffer(raw, exact.dtype))
    finally:
        for fd in files.values():
            os.close(fd)
    return out
