"""Organisations named in papers (ingest.organisations)."""

from __future__ import annotations

import pytest

from ingest.organisations import find_organisations


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Das Ministerium für Arbeit, Gesundheit und Soziales des Landes Nordrhein-Westfalen (MAGS) hat",
         ["Ministerium für Arbeit, Gesundheit und Soziales des Landes Nordrhein-Westfalen", "MAGS"]),
        ("mit der Gesellschaft für innovative Beschäftigungsförderung (G.I.B) z.B. durch", ["Gesellschaft für innovative Beschäftigungsförderung", "G.I.B."]),
        ("Beratungsleistungen der FSA (Fachstelle für sozialraumorientierte Armutsbekämpfung)", ["FSA", "Fachstelle für sozialraumorientierte Armutsbekämpfung"]),
        ("Mittel des Landes und des Europäischen Sozialfonds (ESF)", ["Europäischer Sozialfonds", "ESF"]),
        ("mit der Bezirksregierung\nKöln und dem Landschaftsverband Rheinland (LVR)", ["Bezirksregierung Köln", "Landschaftsverband Rheinland", "LVR"]),
        ("mit der ARGE Wohlfahrt, dem Jobcenter, der Deutschen Bahn und dem VRS",
         ["ARGE Wohlfahrt", "Jobcenter", "Deutsche Bahn", "VRS"]),
        ("laut Deutschem Wetterdienst (DWD) und Landschaftsverbandes Rheinland", ["Deutscher Wetterdienst", "DWD", "Landschaftsverband Rheinland"]),
        ("vom Bundesamt für Migration und Flüchtlinge finanziert", ["Bundesamt für Migration und Flüchtlinge"]),
        ("Das Onlinezugangsgesetz (OZG) und das Sozialgesetzbuch (SGB) gelten.", []),  # laws are no organisations
        ("Der Kreis zahlt 80 % (EUR) z.B. für u.a. Sachkosten.", []),
    ],
)
def test_organisations(text, expected):
    assert find_organisations(text) == expected
