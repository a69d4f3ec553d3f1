"""Related papers (`kb.related`), on the real OCR'd sample corpus."""

from __future__ import annotations

from kb.library import read_file as read_new_document
from kb.links import CITED, SAME_MATTER

SEED_ID = "vorlage-sozialplanung-2019"  # corpus/vorlage-sozialplanung-2019.txt in the archive


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
