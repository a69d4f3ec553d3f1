"""Gremien named in papers (ingest.bodies)."""

from __future__ import annotations

import pytest

from ingest.bodies import find_bodies


# --- Gremien, organisations ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "bodies"),
    [
        ("Der Kreistag hat – der Empfehlung des Ausschusses für Soziales, Gleichstellung und Integration vom 16.11.2016 folgend – beschlossen.",
         ["Kreistag", "Ausschuss für Soziales, Gleichstellung und Integration"]),
        ("des Ausschusses für Soziales,\nGleichstellung und Integration vom 16.11.2016", ["Ausschuss für Soziales, Gleichstellung und Integration"]),
        ("Der Jugendhilfeausschuss empfahl dem Kreistag, in der Sitzung des Kreistages und des Finanzausschusses am 1.2.2020.",
         ["Jugendhilfeausschuss", "Kreistag", "Finanzausschuss"]),
        ("des Kreisausschusses und des Rechnungsprüfungsausschusses", ["Kreisausschuss", "Rechnungsprüfungsausschuss"]),
        ("im Ausschuss für Inklusion und Gesundheit, Vertreter der Kommunen und Träger", ["Ausschuss für Inklusion und Gesundheit"]),
        ("dem Ausschuss für Umwelt, Klimaschutz und Planung Herr X", ["Ausschuss für Umwelt, Klimaschutz und Planung"]),
        ("Beratungsfolge: Ausschuss für Mobilität und Verkehr, Kreistag", ["Ausschuss für Mobilität und Verkehr", "Kreistag"]),
        ("dem Ausschuss für regionale Entwicklung und dem Seniorenbeirat", ["Ausschuss für regionale Entwicklung", "Seniorenbeirat"]),
        ("in den Ausschusssitzungen, im Kreistagsbüro und vom Ausschuss selbst", []),
    ],
)
def test_bodies(text, bodies):
    assert find_bodies(text) == bodies
