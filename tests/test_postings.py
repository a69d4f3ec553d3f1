"""A large segment's long posting lists, read from arrays built once beside it, give the
same postings and so the same BM25 ranking as decoding Whoosh's blocks (kb.postings)."""

from __future__ import annotations

import numpy as np
import pytest
from haystack import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kb.postings
from kb.store import COLUMNS_DIR, FIELD_BOOSTS, WhooshDocumentStore

WORDS = ["Haushalt", "Verkehr", "Schule", "Straßenbahn", "Förderung", "Zuschuss", "Bebauungsplan", "Gemeinderat", "Antrag", "Kosten", "Kindertagesstätte", "Radweg", "Sanierung", "Beschluss", "Stadtteil", "Wohnungsbau", "Klimaschutz", "Photovoltaik"]


def _passages(n: int, seed: int) -> list[Document]:
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        words = rng.choice(WORDS, size=int(rng.integers(3, 30)), p=np.linspace(2, 0.2, len(WORDS)) / np.linspace(2, 0.2, len(WORDS)).sum())
        out.append(Document(id=f"p{i}", content=" ".join(words) + f" Vorlage{i % 50}",
                            meta={"document": f"d{i // 4}", "title": str(rng.choice(WORDS))}))
    return out


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("postings") / "ix"
    store = WhooshDocumentStore(folder)
    store.write_documents(_passages(1500, seed=3))
    return folder


def _store(folder, monkeypatch, min_segment: int) -> WhooshDocumentStore:
    monkeypatch.setattr(kb.postings, "MIN_SEGMENT", min_segment)
    monkeypatch.setattr(kb.postings, "MIN_POSTINGS", 8)
    return WhooshDocumentStore(folder)


def test_long_lists_are_built_once_and_read_like_whooshs_blocks(index_dir, monkeypatch):
    store = _store(index_dir, monkeypatch, 0)
    snapshot = store._current()
    (leaf, offset), = snapshot.bm25.leaves
    side = snapshot.bm25.long_lists[offset]
    assert len(side.keys) > 20  # the common words' lists
    assert (index_dir / COLUMNS_DIR / leaf.segment().segment_id() / "postings-keys.npy").is_file()
    for field in FIELD_BOOSTS:
        for term in {t.decode() for t in leaf.lexicon(field)}:
            ids, tf = kb.postings.read(leaf, field, term, side)
            want_ids, want_tf = kb.postings.read(leaf, field, term, None)
            assert ids.tolist() == want_ids.tolist() and tf.tolist() == want_tf.tolist(), (field, term)
    in_memory = kb.postings.build(leaf, list(FIELD_BOOSTS))  # a read-only index: the same arrays, not saved
    for name in kb.postings.FILES:
        assert np.array_equal(getattr(in_memory, name), getattr(side, name)), name
    # a second process maps the files instead of building them
    monkeypatch.setattr(kb.postings, "build", lambda *a: pytest.fail("built again"))
    assert len(WhooshDocumentStore(index_dir)._current().bm25.long_lists) == 1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(WORDS + ["Vorlage7", "unbekannt"]), min_size=1, max_size=5))
def test_bm25_ranks_alike_with_and_without_the_arrays(index_dir, monkeypatch, words):
    query = " ".join(words)
    mapped, _ = _store(index_dir, monkeypatch, 0).bm25_retrieval(query, top_k=20)
    decoded, _ = _store(index_dir, monkeypatch, 10**9).bm25_retrieval(query, top_k=20)
    assert [(d.id, round(d.score, 4)) for d in mapped] == [(d.id, round(d.score, 4)) for d in decoded]


def test_deleted_passages_stay_out_and_a_half_written_set_is_built_again(tmp_path, monkeypatch):
    store = _store(tmp_path / "ix", monkeypatch, 0)
    store.write_documents(_passages(600, seed=4))
    store._current()
    store.delete_documents(["p1", "p2", "p3"])
    hits, _ = store.bm25_retrieval("Haushalt Verkehr", top_k=600)
    assert not {"p1", "p2", "p3"} & {d.id for d in hits}
    folder = next((tmp_path / "ix" / COLUMNS_DIR).iterdir())
    (folder / "postings-keys.npy").unlink()  # a crash before the last rename
    assert kb.postings.load(folder) is None
    fresh = _store(tmp_path / "ix", monkeypatch, 0)
    assert fresh._current().bm25.long_lists
    assert (folder / "postings-keys.npy").is_file()


def test_a_server_start_prepares_an_index_copied_in_without_its_arrays(tmp_path, monkeypatch):
    """`kb serve` (Library.warm_up) builds columns and posting arrays of an index that lacks them (copied in,
    or left by a cut-short build), so the first user query does not pay for them."""
    from kb.library import Library

    monkeypatch.setattr(kb.postings, "MIN_SEGMENT", 0)
    monkeypatch.setattr(kb.postings, "MIN_POSTINGS", 8)
    library = Library(tmp_path, model=None)
    library.store.write_documents(_passages(300, seed=6))
    columns = library.store.index_dir / COLUMNS_DIR
    assert not columns.exists() or not any(columns.iterdir())  # written, never loaded: nothing prepared yet
    Library(tmp_path, model=None).warm_up()
    (segment,) = list(columns.iterdir())
    assert (segment / "meta.json").is_file() and (segment / "postings-keys.npy").is_file()
