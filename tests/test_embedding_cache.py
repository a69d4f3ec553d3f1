"""The on-disk passage-vector cache: what re-indexing relies on to skip e5 for unchanged text.

A cached vector must be exactly the vector the model gave, a changed text must be a miss,
and the cache must survive the process (it is a file).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest
from haystack import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.embedders import CACHE_ENV, E5DocumentEmbedder, document_embedder, embedding_text
from kb.embedding_cache import EmbeddingCache

SLICE = Path(__file__).parent / "eval" / "real-search-slice"


@settings(max_examples=30, deadline=None)
@given(texts=st.lists(st.text(max_size=200), min_size=1, max_size=8, unique=True))
def test_vectors_come_back_exactly_and_only_for_their_text(tmp_path_factory: pytest.TempPathFactory, texts: list[str]) -> None:
    folder = tmp_path_factory.mktemp("cache")
    rng = np.random.default_rng(len(texts))
    vectors = rng.standard_normal((len(texts), 384)).astype(np.float32)
    cache = EmbeddingCache(folder, "e5")
    cache.put_many(zip(texts[:-1], vectors[:-1]))
    cache.close()

    again = EmbeddingCache(folder, "e5")  # a new process would open the same file
    changed = [t + " " for t in texts if t + " " not in texts]
    found = again.get_many(texts + changed)
    assert set(found) == set(range(len(texts) - 1))  # the last text and every changed text: misses
    for i, vector in found.items():
        assert np.array_equal(vector, vectors[i])


def test_a_cached_text_keeps_its_first_vector(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path, "e5")
    cache.put_many([("Bezahlkarte", np.ones(4, np.float32))])
    cache.put_many([("Bezahlkarte", np.zeros(4, np.float32))])
    assert len(cache) == 1 and np.array_equal(cache.get_many(["Bezahlkarte"])[0], np.ones(4, np.float32))


def test_a_reader_sees_what_a_writer_commits_and_cannot_write(tmp_path: Path) -> None:
    """The evaluation reads the cache while the background fill writes it: read-only, live."""
    writer = EmbeddingCache(tmp_path, "e5")
    writer.put_many([("Bezahlkarte", np.ones(4, np.float32))])
    reader = EmbeddingCache(tmp_path, "e5", readonly=True)
    writer.put_many([("Nachtlinien", np.zeros(4, np.float32))])
    assert len(reader) == 2 and set(reader.get_many(["Nachtlinien", "Bezahlkarte", "Radwege"])) == {0, 1}
    with pytest.raises(sqlite3.OperationalError):
        reader.put_many([("Radwege", np.ones(4, np.float32))])
    assert len(writer) == 2


def test_the_indexer_embeds_only_what_the_cache_lacks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Real e5 on two passages of a real paper: embedded once, then read from the cache, identical."""
    text = (SLICE / "669061.txt").read_text(encoding="utf-8")
    passages = [Document(content=text[:600], meta={"title": "Antrag Bezahlkarte"}), Document(content=text[600:1200])]
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    first = document_embedder("e5")
    assert isinstance(first, E5DocumentEmbedder)
    made = first.run(documents=passages)["documents"]
    assert first.embedded == 2 and len(EmbeddingCache(tmp_path, "e5")) == 2

    second = document_embedder("e5")
    changed = [passages[0], Document(content=passages[1].content + " Ergänzung")]
    again = second.run(documents=changed)["documents"]
    assert second.embedded == 1  # only the changed passage went through the model
    assert again[0].embedding == made[0].embedding
    assert again[1].embedding != made[1].embedding
    assert EmbeddingCache(tmp_path, "e5").get_many([embedding_text(changed[1])])[0].tolist() == again[1].embedding


def test_without_the_setting_there_is_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CACHE_ENV, raising=False)
    assert document_embedder("e5").cache_dir is None
