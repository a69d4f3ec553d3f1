"""Search on a real index on disk: German analysis, filters, facets, highlighting, updates."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.archive import Archive
from ingest.models import Document, Metadata, Page, Session
from kb.indexer import open_store, sync_index
from kb.search import Filters, Searcher


def _doc(doc_id: str, pages: list[str], *, date: str, body: str, topics: list[str], doc_type: str = "Mitteilung", checksum: str = "1") -> Document:
    return Document(
        id=doc_id,
        source=f"{doc_id}.pdf",
        checksum=checksum,
        media_type="application/pdf",
        pages=[Page(i + 1, t, t, "ocr") for i, t in enumerate(pages)],
        metadata=Metadata(title=f"Titel {doc_id}", doc_type=doc_type, date=date, session=Session(body, date), bodies=[body], topics=topics),
    )


DOCS = [
    _doc("sozialplanung-2019", [
        "Die Verwaltung hat einen Antrag auf Förderung an das MAGS gerichtet.",
        "Mit Bescheid vom 27.02.2019 hat die Bezirksregierung Köln eine Zuwendung für den Zeitraum vom "
        "01.03.2019 – 31.12.2020 bewilligt. Die Förderung ist eine Anteilsförderung im Umfang von 80 %.\n\n"
        "Als Projektkoordinator wurde Herr Lehmann-Diebold eingestellt.",
    ], date="2019-05-20", body="Ausschuss für Inklusion und Gesundheit", topics=["Soziales", "Förderung"]),
    _doc("haushalt-2021", [
        "Der Kreistag beschließt die Haushaltssatzung 2021. Die Landesförderung für den Radverkehr beträgt 1.200.000 EUR.",
    ], date="2020-12-14", body="Kreistag", topics=["Haushalt"], doc_type="Beschlussvorlage"),
    _doc("schulsozialarbeit-2022", [
        "Der Jugendhilfeausschuss empfiehlt, die Schulsozialarbeit an zwölf Schulen fortzuführen.",
        "Die Sozial- und Gesundheitsplanung liefert die Daten für die Schulen.",
    ], date="2022-03-01", body="Jugendhilfeausschuss", topics=["Jugend", "Bildung"]),
]


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("data")
    archive = Archive(data)
    original = data / "x.pdf"
    original.write_bytes(b"%PDF-1.4")
    for doc in DOCS:
        archive.put(doc, original)
    sync_index(archive, open_store(data), model="e5")
    return data


@pytest.fixture(scope="module")
def bm25(data) -> Searcher:
    return Searcher(open_store(data), mode="bm25")


@pytest.fixture(scope="module")
def hybrid(data) -> Searcher:
    return Searcher(open_store(data), mode="hybrid")


def _docs(result) -> list[str]:
    return [h.document for h in result.hits]


def test_compound_parts_are_found(bm25: Searcher):
    # "Förderung" finds "Anteilsförderung" and "Landesförderung"; "Sozialplanung" finds "Sozial- und Gesundheitsplanung".
    assert set(_docs(bm25.search("Förderung"))) >= {"sozialplanung-2019", "haushalt-2021"}
    assert "schulsozialarbeit-2022" in _docs(bm25.search("Sozialplanung"))


def test_spelling_variants_meet(bm25: Searcher):
    for query in ("Foerderung", "Forderung", "Köln", "Koeln"):
        assert _docs(bm25.search(query)), query


def test_query_syntax_from_users_is_just_text(bm25: Searcher, hybrid: Searcher):
    for query in ("(", "AND", "Förderung AND (", 'Köln"', "*", "NOT", "field:value", ""):
        bm25.search(query)
        hybrid.search(query)
    assert _docs(bm25.search("Förderung AND (")) == _docs(bm25.search("Förderung"))


def test_hit_cites_page_and_offsets_and_highlights(data: Path, bm25: Searcher):
    hit = next(h for h in bm25.search("Zuwendung Zeitraum").hits if h.document == "sozialplanung-2019")
    assert hit.page == 2
    page_text = Archive(data).get("sozialplanung-2019").pages[1].text
    assert page_text[hit.start : hit.end] == hit.text
    marked = {hit.text[s:e] for s, e in hit.highlights}
    assert {"Zuwendung", "Zeitraum"} <= marked


def test_filters_by_body_topic_type_and_dates(bm25: Searcher):
    assert _docs(bm25.search("Förderung", Filters(body="Kreistag"))) == ["haushalt-2021"]
    assert set(_docs(bm25.search("Förderung", Filters(topic="Förderung")))) == {"sozialplanung-2019"}
    assert _docs(bm25.search("Förderung", Filters(doc_type="Beschlussvorlage"))) == ["haushalt-2021"]
    assert set(_docs(bm25.search("Förderung", Filters(date_from="2020-01-01")))) == {"haushalt-2021"}
    assert set(_docs(bm25.search("Förderung", Filters(date_to="2019-12-31")))) == {"sozialplanung-2019"}


def test_facets_count_documents(bm25: Searcher):
    facets = bm25.search("Förderung").facets
    assert facets["session_body"] == {"Ausschuss für Inklusion und Gesundheit": 1, "Kreistag": 1}
    assert facets["year"] == {"2019": 1, "2020": 1}
    assert facets["topics"]["Förderung"] == 1


def test_hybrid_finds_a_paraphrase(hybrid: Searcher):
    result = hybrid.search("Wer koordiniert das Projekt?")
    assert result.hits[0].document == "sozialplanung-2019"
    assert [g.document for g in result.documents][0] == "sozialplanung-2019"


def test_updates_and_deletes_keep_index_and_vectors_consistent(tmp_path: Path):
    archive = Archive(tmp_path)
    original = tmp_path / "x.pdf"
    original.write_bytes(b"%PDF-1.4")
    archive.put(DOCS[1], original)
    store = open_store(tmp_path)
    assert sync_index(archive, store, model="e5").indexed == 1
    assert sync_index(archive, store, model="e5").unchanged == 1
    changed = _doc("haushalt-2021", ["Der Kreistag beschließt den Stellenplan.", "Zweite Seite zum Personal."],
                   date="2020-12-14", body="Kreistag", topics=["Personal"], checksum="2")
    archive.put(changed, original)
    assert sync_index(archive, store, model="e5").indexed == 1
    passages = store.filter_documents()
    assert {p.meta["page"] for p in passages} == {1, 2}
    assert all(p.embedding is not None and p.meta["checksum"] == "2" for p in passages)
    searcher = Searcher(store, mode="dense")
    assert {h.document for h in searcher.search("Stellenplan").hits} == {"haushalt-2021"}
    archive.delete("haushalt-2021")
    assert sync_index(archive, store, model="e5").removed == 1
    assert store.count_documents() == 0
    assert searcher.search("Stellenplan").hits == []
