"""kb.oparl as a pure mapping: grouping, keys, visibility, paging — on made-up documents."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.models import Consultation, Document, Metadata, OParlRef, Page, Session
from kb import oparl

BASE = "https://rats.example/oparl/v1"


def doc(doc_id: str, *, number: str | None = None, paper: str | None = None, public: bool = True,
        session: tuple[str, str] | None = None, consultations: tuple[Consultation, ...] = (),
        related: tuple[str, ...] = ()) -> Document:
    md = Metadata(title=f"Titel {doc_id}", doc_type="Beschlussvorlage", date="2024-03-01", vorlage_number=number,
                  session=Session(*session) if session else None, consultations=list(consultations),
                  visibility="öffentlich" if public else "nichtöffentlich")
    return Document(id=doc_id, source=f"{doc_id}.txt", checksum=doc_id, media_type="text/plain",
                    pages=[Page(1, "Text", "Text", "plain-text")], metadata=md, ingested_at="2026-11-30T10:00:00+00:00",
                    oparl=OParlRef(paper=paper, related=related) if paper else None)


def test_files_of_an_imported_paper_are_one_paper_and_related_ids_map_to_ours():
    a = "https://council.example/papers/1"
    b = "https://council.example/papers/2"
    cat = oparl.Catalogue.build([
        doc("2024-0001-11", number="2024/0001", paper=a, related=(b, "https://elsewhere.example/papers/9")),
        doc("2024-0001-12", number="2024/0001", paper=a),
        doc("2024-0002-13", number="2024/0002", paper=b),
        doc("secret", number="2024/0003", public=False),
    ], references=False)
    assert list(cat.papers) == ["2024-0001", "2024-0002"]
    served = oparl.paper(BASE, "https://rats.example", cat, cat.papers["2024-0001"])
    assert [f["id"] for f in served["auxiliaryFile"]] == [f"{BASE}/files/2024-0001-11", f"{BASE}/files/2024-0001-12"]
    assert served["relatedPaper"] == [f"{BASE}/papers/2024-0002"], "only related papers we can serve"
    assert "secret" not in cat.paper_of_file


def test_consultations_become_meetings_and_gremien():
    c = (Consultation("Gemeinderat", "2024-03-19", "Entscheidung", True), Consultation("Hauptausschuss", "2024-03-05"))
    cat = oparl.Catalogue.build([doc("a", session=("Gemeinderat", "2024-03-19"), consultations=c)], references=False)
    assert set(cat.meetings) == {"gemeinderat-2024-03-19", "hauptausschuss-2024-03-05"}
    assert cat.organizations == {"gemeinderat": "Gemeinderat", "hauptausschuss": "Hauptausschuss"}
    served = oparl.paper(BASE, "https://rats.example", cat, cat.papers["a"])
    assert [x["authoritative"] for x in served["consultation"]] == [True, False]
    meeting = oparl.meeting(BASE, cat, cat.meetings["gemeinderat-2024-03-19"])
    assert meeting["start"].startswith("2024-03-19") and meeting["agendaItem"][0]["public"] is True


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["2024/0001", "2024-0001", "2024/0002", None]),
                          st.sampled_from(["p1", "p2", "p3", None]), st.booleans()), max_size=12))
def test_keys_are_unique_and_every_public_file_is_served_once(specs):
    docs = [doc(f"d{i}", number=n, paper=f"https://c.example/papers/{p}" if p else None, public=pub)
            for i, (n, p, pub) in enumerate(specs)]
    cat = oparl.Catalogue.build(docs, references=False)
    files = [f.doc_id for card in cat.papers.values() for f in card.files]
    assert sorted(files) == sorted(d.id for d in docs if d.metadata.visibility == "öffentlich")
    assert len(set(cat.papers)) == len(cat.papers)


@given(total=st.integers(0, 40), per_page=st.integers(1, 12))
def test_list_pages_cover_every_object_once_following_next(total, per_page):
    objects = [{"id": f"{BASE}/papers/{i}"} for i in range(total)]
    seen, page = [], 1
    while True:
        listing = oparl.object_list(objects, f"{BASE}/papers", page, per_page, {"modified_since": "2024-01-01"})
        seen += listing["data"]
        assert "modified_since=2024-01-01" in listing["links"]["first"]
        if "next" not in listing["links"]:
            break
        page += 1
    assert seen == objects and listing["pagination"]["totalPages"] == page


def test_time_filters_take_what_clients_send():
    objects = [{"id": "a", "modified": "2024-01-01T10:00:00+01:00"}, {"id": "b", "modified": "2024-06-01T10:00:00+02:00"}]
    assert [o["id"] for o in oparl.filter_by_time(objects, modified_since="2024-03-01")] == ["b"]
    # a '+' in an unencoded query string arrives as a space
    assert [o["id"] for o in oparl.filter_by_time(objects, modified_until="2024-01-01T09:30:00 00:00")] == ["a"]
