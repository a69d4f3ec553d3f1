"""The timeline of a matter (`kb.timeline`), on the real OCR'd sample corpus."""

from __future__ import annotations

SEED_ID = "vorlage-sozialplanung-2019"  # corpus/vorlage-sozialplanung-2019.txt in the archive


def test_seed_timeline_lists_its_history_with_bodies(linker):
    assert SEED_ID in linker.docs
    timeline = linker.timeline(document_id=SEED_ID)
    events = timeline.events
    assert [e.date for e in events] == sorted(e.date for e in events)
    by_date = {}
    for e in events:
        by_date.setdefault((e.date, e.end), e)
    expected = {
        ("2016-11-16", None): "Ausschuss für Soziales, Gleichstellung und Integration",
        ("2016-12-19", None): "Kreistag",
        ("2018-04-09", None): "Ausschuss für Soziales, Gleichstellung und Integration",
        ("2018-06-11", None): "Ministerium für Arbeit, Gesundheit und Soziales",
        ("2019-02-27", None): "Bezirksregierung Köln",
        ("2019-03-01", "2020-12-31"): "Bezirksregierung Köln",
        ("2019-04-01", None): "Herr Lehmann-Diebold",
        ("2019-05-15", None): "Frau Rafalski",
        ("2019-05-24", None): "Landrat",
        ("2019-06-04", None): "Ausschuss für Inklusion und Gesundheit",
    }
    for key, body in expected.items():
        assert key in by_date, f"{key} missing from {sorted(by_date)}"
        assert body in (by_date[key].body or ""), (key, by_date[key])
    assert sum(1 for e in events if e.date == "2019-03-01") == 1  # the grant period is one event with its end
    assert "Bescheid vom 27.02.2019" in by_date[("2019-02-27", None)].text
    assert "beauftragt" in by_date[("2016-12-19", None)].text  # the Sozialplanung item of the minutes, not the budget's
    documents = {p.id for p in timeline.documents}
    assert {"beschlussvorlage-sozialplanung-2016", "niederschrift-kreistag-2016-12", "mitteilung-sozialplanung-2018",
            SEED_ID, "mitteilung-sozialplanung-2020", "beschlussvorlage-sozialplanung-2021"} == documents
    data = timeline.to_json()
    assert set(data) == {"events", "documents"}
    assert set(data["events"][0]) == {"date", "end", "body", "text", "document", "page"}


def test_timeline_for_a_query_follows_the_best_hit(linker):
    timeline = linker.timeline(query="Rufbus Ost Fahrgäste")
    assert {p.id for p in timeline.documents} == {
        "antrag-on-demand-verkehr-2021", "beschlussvorlage-on-demand-verkehr-2021", "bericht-on-demand-verkehr-2023"}
    assert ("2022-04-01", "2024-03-31") in {(e.date, e.end) for e in timeline.events}
