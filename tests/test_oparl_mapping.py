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


STAMPS = ["2024-01-01T10:00:00+01:00", "2024-06-01T10:00:00+02:00", "2025-02-01T00:00:00+00:00"]
BOUNDS = [{}, {"modified_since": "2024-03-01"}, {"created_until": "2024-06-01T08:00:00Z"},
          {"modified_since": "2024-01-01", "modified_until": "2024-12-31T23:59:59+01:00"}]


@settings(max_examples=40, deadline=None)
@given(specs=st.lists(st.tuples(st.sampled_from(["2024/0001", "2024/0002", "2024/0003", None]),
                                st.sampled_from(STAMPS), st.sampled_from(["Gemeinderat", "Hauptausschuss", None]),
                                st.sampled_from(["2024-03-19", "2024-05-02"])), max_size=14),
       per_page=st.integers(1, 5), page=st.integers(1, 6), bounds=st.sampled_from(BOUNDS))
def test_a_list_page_built_from_cards_equals_the_page_of_all_objects(specs, per_page, page, bounds):
    """Paging the cards before mapping serves what mapping every object and then paging served."""
    docs = []
    for i, (number, stamp, body, day) in enumerate(specs):
        d = doc(f"d{i}", number=number, consultations=(Consultation(body, day),) if body else ())
        d.ingested_at = stamp
        docs.append(d)
    cat = oparl.Catalogue.build(docs, references=False)
    root = "https://rats.example"
    kinds = [
        (list(cat.papers.values()), lambda c: oparl.paper(BASE, root, cat, c), oparl.paper_stamps),
        (list(cat.meetings.values()), lambda m: oparl.meeting(BASE, cat, m), lambda m: oparl.meeting_stamps(cat, m)),
        (list(cat.organizations), lambda k: oparl.organization(BASE, cat, k), lambda k: oparl.organization_stamps(cat, k)),
    ]
    for items, build, stamps in kinds:
        every = oparl.filter_by_time([build(i) for i in items], **bounds)
        assert oparl.list_page(items, build, stamps, f"{BASE}/x", page, per_page, bounds) == oparl.object_list(
            every, f"{BASE}/x", page, per_page, bounds)


def test_a_gremium_is_modified_when_its_latest_paper_is():
    c = (Consultation("Gemeinderat", "2024-03-19"),)
    early, late = doc("a", consultations=c), doc("b", consultations=c, session=("Hauptausschuss", "2024-04-01"))
    early.ingested_at, late.ingested_at = "2024-01-01T00:00:00+00:00", "2024-02-01T00:00:00+00:00"
    cat = oparl.Catalogue.build([early, late], references=False)
    assert oparl.organization(BASE, cat, "gemeinderat")["modified"] == "2024-02-01T00:00:00+00:00"
    assert cat.body_modified["Hauptausschuss"] == "2024-02-01T00:00:00+00:00"  # a deciding session counts too
