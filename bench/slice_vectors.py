"""Write the e5 vector cache of the meaning slice (tests/eval/real-search-slice/meaning/), so
that its test indexes with real e5 vectors without embedding ~100 passages each run:

    nice -n 10 .venv/bin/python bench/slice_vectors.py

The passages are split as the indexer splits them; their vectors come from the shared cache
(../cache/e5-cache) where it has them, else from e5 here. Re-run after a change of the
splitter or the model (the test then still passes, only slower: misses are embedded).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.embedders import _load_e5, embedding_text  # noqa: E402
from kb.embedding_cache import EmbeddingCache  # noqa: E402
from kb.library import Library  # noqa: E402
from bench.shared import E5_CACHE  # noqa: E402

SLICE = ROOT / "tests" / "eval" / "real-search-slice" / "meaning"
SHARED = E5_CACHE


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        library = Library(Path(tmp), model=None)
        result = library.ingest(sorted(SLICE.glob("*.txt")))
        assert result.ok, result.report.failed
        texts = sorted({embedding_text(p) for p in library.store.filter_documents()})
    shared = EmbeddingCache(SHARED, "e5") if SHARED.exists() else None
    found = shared.get_many(texts) if shared else {}
    missing = [t for i, t in enumerate(texts) if i not in found]
    fresh = dict(zip(missing, _load_e5().passage(missing))) if missing else {}
    out = EmbeddingCache(SLICE, "e5")
    out.put_many([(t, found[i]) for i, t in enumerate(texts) if i in found] + list(fresh.items()))
    out._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # one file in the repository, no -wal beside it
    out._db.execute("PRAGMA journal_mode=DELETE")
    out.close()
    print(f"{len(texts)} passage texts: {len(found)} from the shared cache, {len(fresh)} embedded → {out.path}")


if __name__ == "__main__":
    main()
