"""Linking papers on the real OCR'd sample corpus: references, related papers, the timeline of a matter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.eval_links import evaluate
from ingest.archive import Archive
from ingest.models import Document, Metadata, Page, Session
from kb.indexer import open_store
from kb.library import read_file as read_new_document
from kb.links import CITED, SAME_MATTER, Linker
from kb.references import extract_references

ROOT = Path(__file__).resolve().parents[1]
SEED_ID = "vorlage-sozialplanung-2019"  # corpus/vorlage-sozialplanung-2019.txt in the archive


@pytest.fixture(scope="module")
def linker(corpus_data) -> Linker:
    return Linker(Archive(corpus_data), open_store(corpus_data))


# --- extraction without an archive ---------------------------------------------------------------


def _doc(text: str, session: Session | None = None, number: str | None = None) -> Document:
    return Document("x", "x.txt", "0", "text/plain", [Page(1, text, text, "plain-text")],
                    Metadata(session=session, vorlage_number=number))


def test_session_body_is_the_subject_not_the_nearest_gremium():
    text = ("Der Kreistag hat – der Empfehlung des Ausschusses für Soziales, Gleichstellung und Integration "
            "vom 16.11.2016 folgend – die Verwaltung in seiner Sitzung am 19.12.2016 beauftragt.")
    refs = extract_references(_doc(text))
    assert [(r.kind, r.body, r.date) for r in refs] == [
        ("decision", "Ausschuss für Soziales, Gleichstellung und Integration", "2016-11-16"),
        ("session", "Kreistag", "2016-12-19"),
    ]
    assert text[refs[1].start : refs[1].end].startswith("Sitzung am 19.12.2016")


def test_own_session_and_own_number_are_not_references():
    text = ("Vorlage Nr. 2019/0088\nNiederschrift über die 26. Sitzung des Kreistages am 04.04.2019\n"
            "Der Vorsitzende verwies auf die Vorlage Nr. 2018/0127. Mit Bescheid vom 27.02.2019 wurde bewilligt.")
    refs = extract_references(_doc(text, Session("Kreistag", "2019-04-04"), "2019/0088"))
    assert [(r.kind, r.number or r.date) for r in refs] == [("vorlage", "2018/0127"), ("notice", "2019-02-27")]
    assert all(r.target is None for r in refs)


# --- the corpus ----------------------------------------------------------------------------------


def test_reference_resolution_and_related_recall_floors(corpus_data):
    figures = evaluate(corpus_data)
    assert figures.labelled >= 12
    assert figures.precision >= 0.95, figures.wrong
    assert figures.recall >= 0.9, figures.missed
    assert figures.recall_at_3 >= 0.9, figures.ranking_misses
    assert figures.detected >= 0.9 * figures.references  # unresolved ones (notices, programmes) are kept too


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


def test_related_explicit_first_then_same_matter_and_only_earlier(linker):
    related = linker.related(linker.document("beschlussvorlage-sozialplanung-2021"))
    assert related[0].reason == CITED and related[0].document == "mitteilung-sozialplanung-2020"
    assert "15.09.2020" in related[0].evidence
    reasons = [r.reason for r in related]
    assert reasons == sorted(reasons, key=[CITED, SAME_MATTER, "ähnlicher Inhalt"].index)
    assert all(r.date and r.date <= "2021-03-01" for r in related)
    assert set(related[0].to_json()) == {"document", "title", "date", "reason", "evidence", "score"}


def test_related_for_a_new_paper_not_in_the_archive(linker, tmp_path):
    paper = tmp_path / "mitteilung-sozialbericht-2022.txt"
    paper.write_text(
        "Rhein-Sieg-Kreis\nDer Landrat\nVorlage Nr. 2022/0400\nDatum: 10.05.2022\nMitteilungsvorlage\n"
        "Gremium: Ausschuss für Inklusion und Gesundheit\nSitzung: 02.06.2022\n"
        "Betreff: Zweiter Sozialbericht des Rhein-Sieg-Kreises\n\n"
        "Der Kreistag hat in seiner Sitzung am 25.03.2021 beschlossen, die strategische Sozial- und "
        "Gesundheitsplanung dauerhaft als Stabsstelle im Kreissozialamt einzurichten (Vorlage Nr. 2021/0067). "
        "Die Stabsstelle legt hiermit den zweiten Sozialbericht vor. Er beschreibt die soziale Lage in den "
        "Sozialräumen und die Entwicklung der Kinderarmut seit dem ersten Sozialbericht.\n\n"
        "Um Kenntnisnahme wird gebeten.\n", encoding="utf-8")
    document = read_new_document(paper, linker.archive)
    assert document.id not in linker.docs
    related = linker.related(document, top_k=5)
    assert related[0].document == "beschlussvorlage-sozialplanung-2021" and related[0].reason == CITED
    assert {"mitteilung-sozialplanung-2020", SEED_ID} & {r.document for r in related[1:4] if r.reason == SAME_MATTER}
    assert all(r.date <= "2022-05-10" for r in related)


def test_unknown_document_is_a_key_error(linker):
    with pytest.raises(KeyError):
        linker.timeline(document_id="gibt-es-nicht")
    with pytest.raises(KeyError):
        linker.document("gibt-es-nicht")


def test_timeline_for_a_query_follows_the_best_hit(linker):
    timeline = linker.timeline(query="Rufbus Ost Fahrgäste")
    assert {p.id for p in timeline.documents} == {
        "antrag-on-demand-verkehr-2021", "beschlussvorlage-on-demand-verkehr-2021", "bericht-on-demand-verkehr-2023"}
    assert ("2022-04-01", "2024-03-31") in {(e.date, e.end) for e in timeline.events}


def _kb(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HAYSTACK_TELEMETRY_ENABLED": "False"}
    return subprocess.run([sys.executable, "-m", "kb.cli", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)


def test_cli_related_and_timeline_json(corpus_data):
    out = _kb("related", "bericht-on-demand-verkehr-2023", "--index", str(corpus_data), "--json", "--top", "3")
    assert out.returncode == 0, out.stderr
    related = json.loads(out.stdout)
    assert related[0]["document"] == "beschlussvorlage-on-demand-verkehr-2021"
    assert related[0]["reason"] == "zitiert"
    assert set(related[0]) == {"document", "title", "date", "reason", "evidence", "score"}
    out = _kb("timeline", "beschlussvorlage-hitzeaktionsplan-2023", "--index", str(corpus_data), "--json")
    assert out.returncode == 0, out.stderr
    timeline = json.loads(out.stdout)
    dates = [e["date"] for e in timeline["events"]]
    assert {"2022-09-22", "2023-03-30"} <= set(dates) and dates == sorted(dates)
    out = _kb("related", "gibt-es-nicht", "--index", str(corpus_data))
    assert out.returncode == 1 and "FEHLER" in out.stderr
