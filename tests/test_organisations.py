"""Organisations named in papers (ingest.organisations)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import organisations
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
        ("schlägt das zuständige Amt für Abfallwirtschaft vor, das Referat für Bildung und Sport zu beteiligen",
         ["Amt für Abfallwirtschaft", "Referat für Bildung und Sport"]),
        ("Das Onlinezugangsgesetz (OZG) und das Sozialgesetzbuch (SGB) gelten.", []),  # laws are no organisations
        # a capitalised adjective is part of the name, before the class noun or inside the field
        ("gemeinsam mit dem Deutschen Institut für Urbanistik in Berlin", ["Deutschen Institut für Urbanistik"]),
        ("Das Amt für Öffentliche Ordnung prüft", ["Amt für Öffentliche Ordnung"]),
        ("Zuständige Ämter für Bildung prüfen", ["Ämter für Bildung"]),  # a common adjective at a sentence's start
        ("Der Kreis zahlt 80 % (EUR) z.B. für u.a. Sachkosten.", []),
    ],
)
def test_organisations(text, expected):
    assert find_organisations(text) == expected


# Pieces that put known names next to letters, hyphens, dots and line breaks.
_PIECES = ["Jobcenter", "Jobcenters", "Deutsche", " Bahn", "Deutschen Bahn", "MAGS", "G.I.B.", "G.I.B", "DRK", "AWO",
           "Europäische Union", "a", "-", ".", " ", "\n", "x", "Landesregierung"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_known_names_are_found_where_the_plain_look_behind_finds_them(text):
    """The known names are compiled with their look-behind after the first letter (for speed):
    they match exactly where "(?<!…)name(?!…)" does, and the finder stays the same."""
    for (name, fast), pattern in zip(organisations._KNOWN, organisations.KNOWN_ORGANISATIONS.values()):
        plain = re.compile(rf"(?<![\w-]){pattern}(?![\w-])")
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], name
    for acronym, fast in organisations._KNOWN_ACRONYMS:
        plain = re.compile(r"(?<![\w.-])" + re.escape(acronym.rstrip(".")) + r"\.?(?![\w-])")
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], acronym
