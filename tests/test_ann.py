"""Dense search with an approximate index for large segments (kb.ann), the exact scan below.

Below `kb.ann.MIN_VECTORS` vectors a segment is scanned exactly, as before: small archives
rank as they did (here: the top 10 equal a float32 ranking of every live vector, on real
e5 vectors of real papers). Above it the faiss index proposes candidates that are
re-scored exactly: most of the true top 10 is found, deleted passages and filtered-out
ones never come back, the index is built once and saved beside the segment's columns,
and new passages (a new, small segment) are found at once.
"""

from __future__ import annotations

import numpy as np
import pytest
from haystack import Document

from kb import ann
from kb.store import COLUMNS_DIR, WhooshDocumentStore

DIM = 32


def _clustered(n: int, seed: int = 3) -> np.ndarray:
    """Vectors in 40 clusters (text embeddings are clustered by topic, not uniform)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(40, DIM))
    vectors = centres[rng.integers(0, 40, n)] + rng.normal(scale=0.6, size=(n, DIM))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def _passages(vectors: np.ndarray, start: int = 0) -> list[Document]:
    return [
        Document(id=f"p{start + i}", content=f"Vorlage {start + i} zum Haushalt",
                 meta={"document": f"d{(start + i) // 4}", "year": 2015 + (start + i) % 10}, embedding=v.tolist())
        for i, v in enumerate(vectors)
    ]


def _exact_top(vectors: dict[str, np.ndarray], q: np.ndarray, k: int = 10) -> list[str]:
    ids = list(vectors)
    scores = np.stack([vectors[i] for i in ids]) @ (q / np.linalg.norm(q))
    return [ids[i] for i in np.argsort(-scores, kind="stable")[:k]]


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """A store whose one big segment gets an ANN index (threshold lowered to its size)."""
    patch = pytest.MonkeyPatch()
    patch.setattr(ann, "MIN_VECTORS", 1500)
    patch.setattr(ann, "EXACT_ROWS", 300)
    patch.setattr(ann, "PROBE_SHARE", 0.2)  # 9 of 44 lists: the index must really skip most vectors
    vectors = _clustered(2000)
    path = tmp_path_factory.mktemp("ann") / "index"
    store = WhooshDocumentStore(path)
    store.write_documents(_passages(vectors))
    store.delete_documents([f"p{i}" for i in range(0, 2000, 50)])
    store.count_documents()
    store.filter_documents(filters={"field": "meta.year", "operator": "==", "value": 2015})  # loads: builds columns + index
    yield path, {f"p{i}": v for i, v in enumerate(vectors) if i % 50}
    patch.undo()


def test_a_large_segment_gets_an_index_file_and_finds_most_of_the_exact_top_10(large):
    path, live = large
    assert len(list((path / COLUMNS_DIR).glob(f"*/{ann.FILE}"))) == 1
    store = WhooshDocumentStore(path)  # reopened: the index is read from disk, not rebuilt
    queries = _clustered(30, seed=9)
    recall = []
    for q in queries:
        got = [d.id for d in store.embedding_retrieval(q.tolist(), top_k=10)]
        assert len(got) == 10
        assert all(g in live for g in got)  # deleted passages are masked out
        recall.append(len(set(got) & set(_exact_top(live, q))) / 10)
    assert np.mean(recall) >= 0.9


def test_scores_are_exact_cosines_in_order(large):
    path, live = large
    q = _clustered(1, seed=11)[0]
    docs = WhooshDocumentStore(path).embedding_retrieval(q.tolist(), top_k=10)
    for d in docs:
        assert d.score == pytest.approx(float(live[d.id] @ q), abs=1e-5)
    assert [d.score for d in docs] == sorted((d.score for d in docs), reverse=True)


@pytest.mark.parametrize("years", [[2015, 2016, 2017, 2018], [2019]])
def test_filters_hold_with_the_index_and_when_few_rows_remain(large, years):
    """A broad filter goes through faiss's id selector, a narrow one (≤ EXACT_ROWS rows) is scanned."""
    path, live = large
    store = WhooshDocumentStore(path)
    condition = {"field": "meta.year", "operator": "in", "value": years}
    allowed = {i: v for i, v in live.items() if 2015 + int(i[1:]) % 10 in years}
    for q in _clustered(10, seed=13):
        got = [d.id for d in store.embedding_retrieval(q.tolist(), filters=condition, top_k=10)]
        assert got and all(g in allowed for g in got)
        if len(years) == 1:
            assert got == _exact_top(allowed, q)


def test_new_passages_are_found_before_any_merge(large):
    path, _ = large
    store = WhooshDocumentStore(path)
    fresh = _clustered(5, seed=21)
    store.write_documents(_passages(fresh, start=5000))
    for i, v in enumerate(fresh):
        assert store.embedding_retrieval(v.tolist(), top_k=3)[0].id == f"p{5000 + i}"


def test_small_archives_rank_exactly_as_a_full_float32_scan(tmp_path):
    """Below the threshold there is no index file and the top 10 are the exact top 10."""
    vectors = _clustered(300, seed=5)
    store = WhooshDocumentStore(tmp_path / "index")
    store.write_documents(_passages(vectors))
    for q in _clustered(10, seed=6):
        got = [d.id for d in store.embedding_retrieval(q.tolist(), top_k=10)]
        assert got == _exact_top({f"p{i}": v for i, v in enumerate(vectors)}, q)
    assert not list((tmp_path / "index" / COLUMNS_DIR).glob(f"*/{ann.FILE}"))
