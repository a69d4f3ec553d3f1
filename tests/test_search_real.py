"""Keyword search on an index of real council texts never dies on bad passages.

Issue 13: a passage that held only a page marker ("– 1 von 3 –") had no field length, BM25
went NaN for the whole index and `kb search Bezahlkarte --mode bm25` returned nothing. The
slice (tests/eval/real-search-slice/) is real Karlsruhe texts with marker-only files, an empty
extraction and a page that holds only "– 1 von 3 –"; it is ingested and indexed the normal
way (BM25 only) in a few seconds.

Recall on the real corpus (75 staff queries, R@5 ≥ 0.90 hybrid) needs the whole corpus and
e5 embeddings: `bench/eval_search_real.py` is its measure. Its floor here is the meaning
slice (tests/eval/real-search-slice/meaning/): the three dev queries that need the meaning,
not the words, each with its answering paper and the two papers BM25 ranks above it on the
whole corpus. Indexed with e5 through the vector cache committed beside the texts
(`bench/slice_vectors.py`), so the test embeds queries, not passages.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest

from kb.cli import main as cli
from kb.embedders import CACHE_ENV
from kb.embedding_cache import EmbeddingCache, cache_name
from kb.library import Library
from kb.search import is_reference

SLICE = Path(__file__).parent / "eval" / "real-search-slice"
BEZAHLKARTE = {"675675", "669061", "marker-pages"}  # the documents that hold the word
MEANING = SLICE / "meaning"
# Dev queries by meaning (tests/eval/real-search-questions.json) → the file that answers each.
MEANING_QUERIES = {
    "Hitze in Kindergärten": "666178",  # Temperaturmessung in den Kita-Räumen
    "Luxussanierung Mieter schützen Südstadt": "650447",  # Milieuschutz / Erhaltungssatzung
    "Nachtverkehr Busse und Bahnen am Wochenende": "610649",  # Nachtlinien am Wochenende
}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    library = Library(tmp_path_factory.mktemp("real-slice"), model=None)
    result = library.ingest([SLICE / name for name in sorted(p.name for p in SLICE.glob("*.txt"))])
    assert result.ok, [(o.path.name, o.error) for o in result.report.failed]
    return library


def test_the_slice_holds_the_bad_passages(library: Library) -> None:
    texts = [(d.content or "").strip() for d in library.store.filter_documents()]
    assert any(t in ("– 1 von 3 –", "-- 1 of 1 --") for t in texts), "no marker-only passage indexed"
    assert library.archive.get("669138") is not None  # the empty extraction is archived too


def test_bm25_finds_every_paper_with_the_word_and_scores_stay_finite(library: Library) -> None:
    hits = library.search("Bezahlkarte", mode="bm25", top_k=20).hits
    assert {Path(h.source).stem for h in hits} == BEZAHLKARTE
    assert all(math.isfinite(h.score) and h.score > 0 for h in hits)


def test_a_marker_query_does_not_break_search(library: Library) -> None:
    for query in ("– 1 von 3 –", "1 of 1", "Bezahlkarte Geflüchtete"):
        assert all(math.isfinite(h.score) for h in library.search(query, mode="bm25").hits)


def test_the_cli_prints_bm25_hits(library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["search", "Bezahlkarte", "--mode", "bm25", "--index", str(library.root)]) == 0
    out = capsys.readouterr().out
    assert "Keine Treffer" not in out and "675675.txt" in out


@pytest.fixture(scope="module")
def meaning(tmp_path_factory: pytest.TempPathFactory) -> tuple[Library, int, int]:
    """The meaning slice indexed with e5 from its committed vectors (a copy: a cache is written
    to), and the cache's size before and after."""
    root = tmp_path_factory.mktemp("meaning")
    shutil.copy(MEANING / cache_name("e5"), root / cache_name("e5"))
    before = len(EmbeddingCache(root, "e5"))
    with pytest.MonkeyPatch.context() as env:
        env.setenv(CACHE_ENV, str(root))
        library = Library(root / "data", model="e5")
        result = library.ingest(sorted(MEANING.glob("*.txt")))
    assert result.ok, [(o.path.name, o.error) for o in result.report.failed]
    return library, before, len(EmbeddingCache(root, "e5"))


def test_every_passage_of_the_slice_came_from_the_cache(meaning: tuple[Library, int, int]) -> None:
    library, before, after = meaning
    passages = library.store.filter_documents()
    assert passages and all(p.embedding is not None for p in passages)
    assert after == before  # nothing had to be embedded (and added)


@pytest.mark.parametrize("query", MEANING_QUERIES)
def test_hybrid_finds_the_paper_a_meaning_query_asks_for(meaning: tuple[Library, int, int], query: str) -> None:
    """BM25 alone ranks two of the three answers third, behind papers that share the words."""
    library = meaning[0]
    ranked = {mode: [Path(d.source).stem for d in library.search(query, mode=mode, top_k=10).documents]
              for mode in ("dense", "hybrid")}
    assert ranked["dense"][:1] == [MEANING_QUERIES[query]], ranked
    assert MEANING_QUERIES[query] in ranked["hybrid"][:2], ranked


@pytest.mark.parametrize("query", ["2023/1297", "DHH/2023/8809", "Vorlage Nr. 2020/0566", "2025/0009/1", " 2019/0771 "])
def test_a_paper_number_is_a_reference_query(query: str) -> None:
    assert is_reference(query)


@pytest.mark.parametrize("query", ["Bezahlkarte", "Sanierung 2023", "Haushalt 2023/24 Schulen", "2023", "Vorlage Bezahlkarte"])
def test_words_are_not_a_reference_query(query: str) -> None:
    assert not is_reference(query)


def test_hybrid_ranks_a_paper_number_as_bm25_does(meaning: tuple[Library, int, int]) -> None:
    """Dense retrieval reads "2025/0324" as any other number: the paper must come first anyway."""
    library = meaning[0]
    hybrid = library.search("2025/0324", mode="hybrid", top_k=10).hits
    assert [Path(h.source).stem for h in hybrid][:1] == ["666178"]  # Vorlage Nr.: 2025/0324
    assert [h.text for h in hybrid] == [h.text for h in library.search("2025/0324", mode="bm25", top_k=10).hits]
