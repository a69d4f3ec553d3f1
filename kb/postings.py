"""A term's postings out of a Whoosh segment: decoded from Whoosh's blocks, or for the long
lists of a large segment read from memory-mapped arrays built once beside its columns.

Whoosh keeps a posting list as blocks of up to 128 ids and weights, each a zlib-compressed
pickle. Decoding them costs ~1 µs a posting even with numpy doing the arithmetic
(`decode`), and a first-time query of common words reads hundreds of thousands: at
726,000 passages its p95 was 166 ms, 56 times tantivy's on the same passages, and it grows
with the archive. A segment of at least `MIN_SEGMENT` passages therefore gets its long
lists (`MIN_POSTINGS` or more) decoded once, when a process first loads the segment (the
indexer after its commit, `store.prepare()`), and written as four arrays: the lists' keys
(Whoosh's own file offset of each list, so the term lookup stays Whoosh's), where each
starts, the docnums (int32) and the term frequencies. A query then slices them: no
unpickling, and the page cache holds what queries touch. Ids, frequencies and so the
scores are the same as decoding Whoosh's blocks gives; short lists and small segments
are decoded as before.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh.matching import ListMatcher
from whoosh.reading import SegmentReader, TermNotFound

MIN_SEGMENT = 50_000  # passages: a smaller segment's lists are short enough to decode per query
MIN_POSTINGS = 256  # a shorter list (two blocks) decodes in microseconds
FILES = ("keys", "starts", "ids", "tf")  # postings-<name>.npy; "keys" is written last

EMPTY = (np.zeros(0, np.int64), np.zeros(0, np.float32))  # a term no passage has


@dataclass(frozen=True)
class SegmentPostings:
    keys: np.ndarray  # int64, sorted: Whoosh's file offset of each long list
    starts: np.ndarray  # int64, len(keys) + 1: where each list starts in ids/tf
    ids: np.ndarray  # int32 docnums within the segment
    tf: np.ndarray  # term frequencies (uint16 when all are whole numbers that fit, else float32)

    def get(self, key: int) -> tuple[np.ndarray, np.ndarray] | None:
        i = int(np.searchsorted(self.keys, key))
        if i == len(self.keys) or int(self.keys[i]) != key:
            return None
        start, end = int(self.starts[i]), int(self.starts[i + 1])
        return np.asarray(self.ids[start:end], np.int64), np.asarray(self.tf[start:end], np.float32)


def read(leaf: SegmentReader, field: str, term: str, side: SegmentPostings | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Segment docnums (deleted ones included) and frequencies of a term; empty when absent."""
    try:
        info = leaf._terms.term_info(field, leaf._text_to_bytes(field, term))
    except TermNotFound:
        return EMPTY
    if side is not None and not info.is_inlined():
        hit = side.get(info.extent()[0])
        if hit is not None:
            return hit
    return decode(_matcher(leaf, field, info))


def ensure(folder: Path, leaf: SegmentReader, fields: list[str]) -> SegmentPostings | None:
    """The segment's long lists, loaded or built (once per segment; None: a small segment, or
    lists these arrays cannot hold exactly, which are then decoded per query as before)."""
    if leaf.doc_count_all() < MIN_SEGMENT:
        return None
    loaded = load(folder)
    if loaded is not None:
        return loaded
    try:
        try:
            return build(leaf, fields, folder if folder.is_dir() else None)
        except OSError:  # a read-only index (a shared copy): the arrays live in memory only
            return build(leaf, fields, None)
    except ValueError:
        return None


def build(leaf: SegmentReader, fields: list[str], folder: Path | None = None) -> SegmentPostings:
    """Decode every list of `fields` with at least MIN_POSTINGS postings, in file order.

    With `folder` (the segment's columns folder) the arrays are written straight to files
    there (memory stays flat however large the segment), each under a temporary name, then
    renamed, the keys last: a reader that finds the keys finds the rest, and a crash before
    leaves no keys, so the next loader builds again."""
    long_lists = []
    for field in fields:
        if field not in leaf.schema:
            continue
        for (name, _), info in leaf._terms.items_from(field, b""):
            if name != field:
                break  # the terms are ordered by field: items_from runs on into the next
            if not info.is_inlined() and info.doc_frequency() >= MIN_POSTINGS:
                long_lists.append((info.extent()[0], field, info))
    long_lists.sort(key=lambda x: x[0])
    sizes = np.array([info.doc_frequency() for _, _, info in long_lists], np.int64)
    arrays = {
        "keys": np.array([key for key, _, _ in long_lists], np.int64),
        "starts": np.concatenate(([0], np.cumsum(sizes))).astype(np.int64),
    }
    total = int(arrays["starts"][-1])
    tmp = {name: folder / f".postings-{name}.{os.getpid()}.tmp.npy" for name in FILES} if folder else {}
    try:
        for name, dtype in (("ids", np.int32), ("tf", np.uint16)):  # Whoosh's frequencies are whole numbers
            arrays[name] = (np.lib.format.open_memmap(tmp[name], mode="w+", dtype=dtype, shape=(total,))
                            if folder else np.zeros(total, dtype))
        ids, tf = arrays["ids"], arrays["tf"]
        for (_, field, info), start, end in zip(long_lists, arrays["starts"][:-1], arrays["starts"][1:]):
            got_ids, got_tf = decode(_matcher(leaf, field, info))
            if len(got_ids) != end - start:  # the term info counts the list; never trust a mismatch
                raise ValueError(f"posting list of {field!r} at {info.extent()[0]}: {len(got_ids)} ids, not {end - start}")
            if len(got_tf) and (got_tf.min() < 0 or got_tf.max() >= 65_536 or not np.array_equal(got_tf, np.round(got_tf))):
                raise ValueError(f"posting list of {field!r} at {info.extent()[0]}: frequencies that are not whole numbers")
            ids[start:end], tf[start:end] = got_ids, got_tf
        if not folder:
            return SegmentPostings(**arrays)
        ids.flush()
        tf.flush()
        del ids, tf, arrays["ids"], arrays["tf"]
        for name in ("starts", "keys"):
            np.save(tmp[name], arrays[name])
        for name in FILES:  # "keys" last
            os.replace(tmp[name], folder / f"postings-{name}.npy")
    finally:
        for path in tmp.values():
            path.unlink(missing_ok=True)
    loaded = load(folder)
    if loaded is None:
        raise OSError(f"postings of {folder} not readable after writing")
    return loaded


def load(folder: Path) -> SegmentPostings | None:
    try:
        arrays = {name: np.load(folder / f"postings-{name}.npy", mmap_mode="r") for name in FILES}
    except (OSError, ValueError):
        return None
    side = SegmentPostings(**arrays)
    if len(side.starts) != len(side.keys) + 1 or len(side.ids) != len(side.tf) or int(side.starts[-1]) != len(side.ids):
        return None  # files of two builds: build again
    return side


def _matcher(leaf: SegmentReader, field: str, info):
    """Whoosh's raw matcher over a term's postings, from its term info (looked up once by the caller)."""
    return leaf._codec.postings_reader(leaf._terms._postfile, info, leaf.schema[field].format, scorer=None)


def decode(matcher) -> tuple[np.ndarray, np.ndarray]:
    """All ids and weights of a raw Whoosh matcher over one segment's postings of a term.

    A block (≤ 128 postings) is a zlib-compressed pickle of (id deltas, weights, values);
    Whoosh turns the deltas back into ids with a Python generator, one step per posting,
    and walking the matcher costs ~1 µs a posting (half the time of a first-time query at
    10^5 passages). Here the unpickled blocks are joined into one list and decoded with
    numpy: one `cumsum` over all blocks, less each block's base (every block's deltas
    start from 0). Same ids and weights as Whoosh's matcher gives.
    """
    if isinstance(matcher, ListMatcher):  # a term in few passages: inlined in the term info
        weights = matcher._weights
        if weights is None:
            weights = [matcher._all_weights or 1.0] * len(matcher._ids)
        return np.asarray(matcher._ids, np.int64), np.asarray(weights, np.float32)
    deltas: list[int] = []
    weights_out: list[float] = []
    lengths: list[int] = []
    while not matcher._atend:
        if matcher._data is None:
            matcher._read_data()
        block_ids, block_weights = matcher._data[0], matcher._data[1]
        count = matcher._blocklength
        deltas.extend(block_ids)
        lengths.append(count)
        if block_weights is None:
            weights_out.extend([1.0] * count)
        elif isinstance(block_weights, float):
            weights_out.extend([block_weights] * count)
        else:
            weights_out.extend(block_weights)
        matcher._next_block()
    ids = np.array(deltas, np.int64)
    if not matcher._byteids:
        total = np.cumsum(ids)
        ends = np.cumsum(lengths)
        bases = np.concatenate(([0], total[ends[:-1] - 1]))
        ids = total - np.repeat(bases, lengths)
    return ids, np.array(weights_out, np.float32)
