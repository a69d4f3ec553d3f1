"""People and their roles (ingest.people)."""

from __future__ import annotations

import pytest

from ingest.metadata import extract_metadata
from ingest.people import find_people


# --- people ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Zum 01.04.2019 wurde als Projektkoordinator Herr Lehmann-Diebold eingestellt.", "Herr Lehmann-Diebold", "Projektkoordinator"),
        ("wurde als Projektkoordinator Herr Lehmann-\nDiebold eingestellt.", "Herr Lehmann-Diebold", "Projektkoordinator"),
        ("Seit 15.05.2019 ist die Stelle der Projektmitarbeitenden mit Frau Rafalski besetzt.", "Frau Rafalski", "Projektmitarbeitende"),
        ("Projektleiterin ist Frau Sabine Krämer, die das Sachgebiet leitet.", "Frau Sabine Krämer", "Projektleiterin"),
        ("Herr Wendt, Sachgebietsleiter Jugendhilfeplanung, berichtete.", "Herr Wendt", "Sachgebietsleiter Jugendhilfeplanung"),
        ("Die Koordination übernimmt Herrn Tobias Wendt, Sachgebietsleiter\nJugendhilfeplanung.", "Herr Tobias Wendt", "Sachgebietsleiter Jugendhilfeplanung"),
        ("Die Arbeiten leitet Frau Dr. Anke Berger, Leiterin des Gesundheitsamtes.", "Frau Dr. Anke Berger", "Leiterin des Gesundheitsamtes"),
        ("Zuständig ist Frau Aylin Demir, Leiterin des Kommunalen Integrationszentrums.", "Frau Aylin Demir", "Leiterin des Kommunalen Integrationszentrums"),
        ("Der neue Sozialdezernent, Herr Dr. Martin Kessler, wird die Gruppe leiten.", "Herr Dr. Martin Kessler", "Sozialdezernent"),
        ("Sozialdezernent Herr Dr. Martin Kessler berichtete.", "Herr Dr. Martin Kessler", "Sozialdezernent"),
        ("Der Kämmerer, Herr Klaus Ritter, erläuterte den Entwurf.", "Herr Klaus Ritter", "Kämmerer"),
        ("Herr Stefan Brück (Inklusionsbeauftragter) ergänzte.", "Herr Stefan Brück", "Inklusionsbeauftragter"),
        ("geleitet von Herrn Markus Thelen, Chief Digital Officer, seit 2021.", "Herr Markus Thelen", "Chief Digital Officer"),
        ("Frau Lena Vogt wurde zur Hitzeschutzbeauftragten bestellt.", "Frau Lena Vogt", "Hitzeschutzbeauftragte"),
        ("Mit freundlichen Grüßen\n\nFrau Miriam Scholten\nFraktionsvorsitzende", "Frau Miriam Scholten", "Fraktionsvorsitzende"),
        ("Schriftführung: Frau Petra Naumann\nBeginn: 15:00 Uhr", "Frau Petra Naumann", "Schriftführerin"),
        ("Für die Richtigkeit:\nJonas Becker, Schriftführer", "Herr Jonas Becker", "Schriftführer"),
        ("Landrat Sebastian Schuster eröffnete die Sitzung.", "Herr Sebastian Schuster", "Landrat"),
        ("Frau Abgeordnete Meier fragte nach.", "Frau Meier", "Abgeordnete"),
        ("Auf Nachfrage von Herrn Kreistagsmitglied Bauer (CDU) wurde berichtet.", "Herr Bauer", "Kreistagsmitglied"),
        ("Die Stelle der Koordinatorin ist seit 01.05.2020 mit Frau Sarah Klein besetzt.", "Frau Sarah Klein", "Koordinatorin"),
        ("In Vertretung\n\nSvenja Udelhoven\nKreisdirektorin", "Frau Svenja Udelhoven", "Kreisdirektorin"),
        ("Mit freundlichen Grüßen\nFrau Miriam Scholten\nFraktionsvorsitzende", "Frau Miriam Scholten", "Fraktionsvorsitzende"),
        ("Es berichtete Herr von der Heide.", "Herr von der Heide", None),
        ("Frau Prof. Dr. Ulrike Schmitz stellte die Studie vor.", "Frau Prof. Dr. Ulrike Schmitz", None),
        ("Der Ausschuss dankte Herrn Wendt.", "Herr Wendt", None),
    ],
)
def test_person_and_role(text, name, role):
    people = {p.name: p.role for p in find_people(text, page=1)}
    assert people == {name: role}


def test_position_beats_function_and_former_position():
    text = ("Das Projekt ist bei der Leiterin der Abteilung „Planungsaufgaben, Heimaufsicht, Betreuungsbehörde“, "
            "Frau Lübbert, als Gesamtprojekt-Verantwortlicher angebunden. Ansprechpartner ist Herr Jan Ohlig, "
            "Mobilitätsmanager. Leiterin der Stabsstelle wird Frau Claudia Hoffmann, bisher Sachgebietsleiterin Pflegeplanung.")
    people = {p.name: p.role for p in find_people(text, page=1)}
    assert people == {
        "Frau Lübbert": "Leiterin der Abteilung „Planungsaufgaben, Heimaufsicht, Betreuungsbehörde“",
        "Herr Jan Ohlig": "Mobilitätsmanager",
        "Frau Claudia Hoffmann": "Leiterin der Stabsstelle",
    }


def test_function_when_no_position_is_given():
    text = "Die Stelle ist mit Frau Lübbert, als Gesamtprojekt-Verantwortlicher, besetzt."
    assert [(p.name, p.role) for p in find_people(text, page=1)] == [("Frau Lübbert", "Gesamtprojekt-Verantwortliche")]


def test_one_person_per_name_with_the_fullest_name_and_the_role_sentence():
    text = "Frau Dr. Berger eröffnete. Später sprach Frau Dr. Anke Berger, Leiterin des Gesundheitsamtes, über Hitze."
    [person] = find_people(text, page=2)
    assert (person.name, person.role, person.page) == ("Frau Dr. Anke Berger", "Leiterin des Gesundheitsamtes", 2)
    assert person.sentence.startswith("Später sprach")


def test_people_are_found_across_pages():
    md = extract_metadata(["Die Koordination übernimmt Herr Tobias Wendt.", "Herr Wendt, Sachgebietsleiter Jugendhilfeplanung, berichtet."])
    assert [(p.name, p.role, p.page) for p in md.people] == [("Herr Tobias Wendt", "Sachgebietsleiter Jugendhilfeplanung", 2)]


def test_different_first_names_are_different_people():
    people = find_people("Frau Anke Berger und Frau Maria Berger waren anwesend. Herr Schmidt auch.", page=1)
    assert [p.name for p in people] == ["Frau Anke Berger", "Frau Maria Berger", "Herr Schmidt"]


@pytest.mark.parametrize(
    "text",
    ["Sehr geehrte Frau Vorsitzende, sehr geehrter Herr Landrat,", "Sehr geehrte Damen und Herren,",
     "die Frau des Antragstellers", "Frauen und Männer", "Herr Bericht"],
)
def test_no_people(text):
    assert find_people(text, page=1) == []
