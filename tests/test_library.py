"""kb.library.Library, the one front door: ingest + index in one call, reading without storing,
lists filtered as the search filters, one searcher shared by the parts. BM25 only (`model=None`),
over plain-text papers: seconds, no OCR, no embeddings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kb.errors import BadRequest, NotFound
from kb.filters import Filters
from kb.library import Library
from kb.records import to_json

ROOT = Path(__file__).resolve().parents[1]
PAPERS = sorted((ROOT / "tests" / "eval" / "corpus").glob("*on-demand-verkehr*.txt"))
SEED = ROOT / "corpus" / "vorlage-sozialplanung-2019.txt"


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Library:
    """One library for the module; the test that deletes comes last."""
    tmp_path = tmp_path_factory.mktemp("library")
    lib = Library(tmp_path / "data", model=None)
    result = lib.ingest([*PAPERS, SEED, tmp_path / "fehlt.pdf"])
    assert result.report.count("ingested") == len(PAPERS) + 1 and not result.report.failed
    assert result.missing == [tmp_path / "fehlt.pdf"] and not result.ok  # reported by name, not lost
    assert result.index is not None and result.index.indexed == len(PAPERS) + 1
    return lib


def test_ingest_then_search_list_and_detail(library):
    hits = library.search("On-Demand-Verkehr Fahrgäste").hits
    assert hits and "on-demand-verkehr" in hits[0].document
    cards = library.summaries()
    assert [c.sort_date for c in cards] == sorted((c.sort_date for c in cards), reverse=True)
    seed = library.detail("vorlage-sozialplanung-2019")
    assert seed.title == next(c.title for c in cards if c.id == seed.id)  # one card, one title
    assert to_json(seed)["pages"][0]["number"] == 1
    assert library.page(seed.id, 1).text == seed.pages[0].text
    with pytest.raises(NotFound):
        library.page(seed.id, 99)
    assert library.original(seed.id).media_type.startswith("text/plain")
    with pytest.raises(NotFound, match="durchsuchbare PDF"):
        library.original(seed.id, searchable=True)


def test_list_filters_as_the_search_does(library):
    f = Filters.parse(date_from="2021", date_to="2021")
    listed = {c.id for c in library.summaries(f)}
    found = {h.document for h in library.search("Verkehr Förderung Sitzung", f, top_k=100).hits}
    assert listed and found <= listed
    assert all(c.sort_date.startswith("2021") for c in library.summaries(f))
    with pytest.raises(BadRequest):
        library.search("x", Filters.parse(date_from="gestern"))


def test_read_file_does_not_store(library, tmp_path):
    before, stamp = library.archive.ids(), library.stamp()
    copy = tmp_path / "neu.txt"
    shutil.copy(PAPERS[0], copy)
    doc = library.read_file(copy)
    assert doc.pages and doc.id == "neu"
    assert library.archive.ids() == before and library.stamp() == stamp


def test_links_share_the_search_pipeline(library):
    assert library.linker().searcher is library.searcher()
    timeline = library.timeline(document="bericht-on-demand-verkehr-2023")
    assert timeline.documents and [e.date for e in timeline.events] == sorted(e.date for e in timeline.events)
    with pytest.raises(NotFound):
        library.timeline(document="gibt-es-nicht")
    with pytest.raises(BadRequest):
        library.timeline()


def test_a_non_public_paper_is_seen_only_by_internal_viewers(library):
    """`set_visibility` overrides the archive record and re-indexes; every read honours it."""
    doc_id = "bericht-on-demand-verkehr-2023"
    query = "On-Demand-Verkehr Fahrgäste"
    public_topics = {c.name: c.documents for c in library.topics()}
    assert doc_id in {h.document for h in library.search(query, top_k=50).hits}
    doc = library.set_visibility(doc_id, "nichtöffentlich")
    assert doc.metadata.visibility == "nichtöffentlich"
    assert library.archive.get(doc_id).metadata.visibility == "nichtöffentlich"  # stored, not only cached
    try:
        assert doc_id not in {h.document for h in library.search(query, top_k=50).hits}
        assert doc_id in {h.document for h in library.search(query, Filters(internal=True), top_k=50).hits}
        assert doc_id not in {c.id for c in library.summaries()}
        assert doc_id not in {c.id for c in library.summaries(Filters.parse(date_from="2000"))}
        assert next(c for c in library.summaries(internal=True) if c.id == doc_id).visibility == "nichtöffentlich"
        for read in (library.document, library.detail, lambda d, **kw: library.page(d, 1, **kw), library.original,
                     library.related, lambda d, **kw: library.timeline(document=d, **kw)):
            with pytest.raises(NotFound):
                read(doc_id)
            read(doc_id, internal=True)  # no NotFound for staff
        hidden_topics = {c.name: c.documents for c in library.topics()}
        assert all(hidden_topics[t] == public_topics[t] - 1 for t in doc.metadata.topics)
        others = {r.document for c in library.summaries() for r in library.related(c.id)}
        assert doc_id not in others
        assert doc_id not in {p.id for p in library.timeline(query="On-Demand-Verkehr").documents}
        with pytest.raises(BadRequest):
            library.set_visibility(doc_id, "geheim")
    finally:
        library.set_visibility(doc_id, "öffentlich")
    assert doc_id in {h.document for h in library.search(query, top_k=50).hits}
    assert {c.name: c.documents for c in library.topics()} == public_topics


def test_queries_are_nfc_normalised(library):
    assert library.search("Fahrga\u0308ste").hits == library.search("Fahrgäste").hits != []
    assert Filters.parse(topic="Fo\u0308rderung").topic == "Förderung"


def test_delete_removes_from_archive_and_index(library):
    doc_id = "vorlage-sozialplanung-2019"
    stamp = library.stamp()
    library.delete(doc_id)
    assert library.stamp() != stamp
    assert doc_id not in {h.document for h in library.search("Sozialplanung Förderzeitraum", top_k=50).hits}
    assert doc_id not in {c.id for c in library.summaries()}
    with pytest.raises(NotFound):
        library.delete(doc_id)
