"""Matters (`kb.matters`): the strong-link graph over the real OCR'd sample corpus."""

from __future__ import annotations

SEED_ID = "vorlage-sozialplanung-2019"


def test_strong_links_go_both_ways_and_hold_the_sozialplanung_matter(linker):
    matters = linker.matters
    for doc_id, neighbours in matters.graph.items():
        assert all(doc_id in matters.graph[other] for other in neighbours), doc_id
    members = matters.members(SEED_ID)
    assert {"beschlussvorlage-sozialplanung-2016", "mitteilung-sozialplanung-2020"} <= members
    assert not {"antrag-on-demand-verkehr-2021", "beschlussvorlage-hitzeaktionsplan-2023"} & members


def test_a_new_paper_is_profiled_without_joining_the_graph(linker):
    seed = linker.document(SEED_ID)
    profile, neighbours = linker.matters.links_of(seed)
    assert profile is linker.matters.profiles[SEED_ID] and neighbours == linker.matters.graph[SEED_ID]
    assert any(key.startswith(("notice:", "period:")) for key in profile.strong)
