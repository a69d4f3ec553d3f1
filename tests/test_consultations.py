"""The Beratungsfolge into Metadata.consultations, and visibility: both ways, conservatively."""

from __future__ import annotations

import pytest

from ingest.consultations import consultations, visibility
from ingest.letterhead import head_lines
from ingest.metadata import extract_metadata
from ingest.models import Consultation


def _rows(text: str) -> list[tuple]:
    return [(c.body, c.date, c.role, c.public) for c in consultations(head_lines(text))]


def test_table_rows_on_one_line():
    text = "Gremien Termin TOP Ö / N Zuständigkeit\nBauausschuss 09.01.2025 3 Ö Entscheidung\nKurzfassung\nDer Bauausschuss …"
    assert _rows(text) == [("Bauausschuss", "2025-01-09", "Entscheidung", True)]


def test_table_cells_spread_over_lines():
    text = ("Beratungsfolge dieser Vorlage\nGremium Termin TOP ö nö Ergebnis\nHauptausschuss 14.06.2016 26\nx  vorberaten\n"
            "Ausschuss für Umwelt und\nGesundheit\n15.09.2021 2 X  vorberaten\nGemeinderat 21.06.2016 23 x\ngenehmigt\n"
            "Der Gemeinderat beschließt die Neubaumaßnahmen am Städtischen Klinikum wie in der Vorlage dargestellt.")
    assert _rows(text) == [
        ("Hauptausschuss", "2016-06-14", "Vorberatung", None),  # a bare "x" says not which column
        ("Ausschuss für Umwelt und Gesundheit", "2021-09-15", "Vorberatung", None),
        ("Gemeinderat", "2016-06-21", "Entscheidung", None),
    ]


def test_named_month_and_ticked_box():
    text = "Gremium Termin TOP ö nö\nGemeinderat 20. Oktober 2020 3\n☒\n☐\nDer Gemeinderat beschließt die Neufassung der Geschäftsordnung."
    assert _rows(text) == [("Gemeinderat", "2020-10-20", None, True)]


def test_haupt_und_finanzausschuss_keeps_its_hyphen():
    text = "Gremium Termin TOP ö nö\nHaupt- und Finanzausschuss 14.07.2026 5 x"
    assert _rows(text)[0][0] == "Haupt- und Finanzausschuss"


def test_old_form_letterhead():
    text = ("ANTRAG\nStadtrat Klaus Stapf (GRÜNE)\nvom:      30.11.2006\nGremium:\n32. Plenarsitzung des\nGemeinderates\n"
            "Termin:\nVorlage Nr.:\nTOP:\nVerantwortlich:\n23.01.2007\n910\n15\nöffentlich")
    assert _rows(text) == [("Gemeinderat", "2007-01-23", None, None)]


def test_sitting_line():
    text = "Antrag\nKAL-Gemeinderatsfraktion\nvom 24.10.2005\n18. Sitzung des Gemeinderates am 22.11.2005\nTOP 12"
    assert _rows(text) == [("Gemeinderat", "2005-11-22", None, None)]


def test_simple_letterhead_field_gives_the_session_as_consultation():
    md = extract_metadata(["Rhein-Sieg-Kreis\nGremium: Ausschuss für Inklusion und Gesundheit\nSitzung: 22.09.2022\n"
                           "Betreff: Hitzeschutz"])
    assert md.consultations == [Consultation("Ausschuss für Inklusion und Gesundheit", "2022-09-22")]


def test_prose_after_the_table_is_no_row():
    text = ("Gremium Termin TOP ö nö\nGemeinderat 24.04.2007 12 x\n"
            "2. Die Vorgaben, Entwürfe und Kosten werden dem Gemeinderat in geeigneter Weise am 24.04.2007 vorgelegt.")
    assert [r[0] for r in _rows(text)] == ["Gemeinderat"]


# --- visibility ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Gremien Termin TOP Ö / N Zuständigkeit\nPersonalausschuss 09.01.2025 3 N Entscheidung",
        "Gremium Termin TOP ö nö\nPersonalausschuss 09.01.2025 3\n☐\n☒",
        "Gremium Termin TOP\nHauptausschuss 12.04.2022 10 nö Beratung",
        "Rhein-Sieg-Kreis\nTOP 4 nichtöffentlich\nBetreff: Grundstücksgeschäft",
        "Stadt Karlsruhe\nVertraulich\nBetreff: Personalangelegenheit",
        "Stadt Karlsruhe\nnicht öffentlich\nBetreff: Personalangelegenheit",
    ],
)
def test_non_public_when_the_paper_says_so(text):
    assert extract_metadata([text]).visibility == "nichtöffentlich"


@pytest.mark.parametrize(
    "text",
    [
        "Gremium Termin TOP ö nö\nGemeinderat 09.04.2019 36\nx",  # the column heading "ö nö" marks nothing
        "Gremium Termin TOP ö nö\nGemeinderat 20. Oktober 2020 3\n☒\n☐",
        "Öffentlich  X  Nichtöffentlich\nverantwortlich: Dez. 1",  # a form's two boxes, not a mark
        "Der Ausschuss berät in nichtöffentlicher Sitzung über die Vergabe.",  # prose
        "Die Unterlagen sind vertraulich zu behandeln, sagte der Vorsitzende.",
        "",
    ],
)
def test_public_otherwise(text):
    assert extract_metadata([text]).visibility == "öffentlich"


def test_visibility_from_rows_alone():
    assert visibility([], [Consultation("Gemeinderat", public=False)]) == "nichtöffentlich"
    assert visibility([], [Consultation("Gemeinderat", public=None)]) == "öffentlich"
    # A non-public Vorberatung, then the public decision: a public paper; the other way round: not.
    assert visibility([], [Consultation("Planungsausschuss", public=False), Consultation("Gemeinderat", public=True)]) \
        == "öffentlich"
    assert visibility([], [Consultation("Hauptausschuss", public=True), Consultation("Gemeinderat", public=False)]) \
        == "nichtöffentlich"


def test_a_bare_ortschaftsrat_takes_the_place_of_its_administration():
    text = "Stadt Karlsruhe\nOV Neureut\nBeschlussvorlage\nGremium Termin TOP ö nö Ergebnis\nOrtschaftsrat 03.03.2020 5\nx"
    assert _rows(text) == [("Ortschaftsrat Neureut", "2020-03-03", None, None)]
