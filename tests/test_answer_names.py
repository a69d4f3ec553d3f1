"""Names without a legal form, found by the syntax around them (kb.names), and who holds a role (kb.candidates)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb.candidates import extract
from kb.names import appositions, class_names, fraktionen, given_names
from kb.questions import analyze


def answers(sentence: str, question: str) -> list[str]:
    """Candidate answers of one sentence, best type fit first."""
    typed = extract(sentence, 1, analyze(question), {})
    return [t.answer for t in sorted(typed, key=lambda t: -t.fit)]


@pytest.mark.parametrize("sentence, head, name", [
    ("Nach den durch das Büro Voegele + Gerhardt, Karlsruhe, durchgeführten Untersuchungen", "buro", "Voegele + Gerhardt"),
    ("Von besonderem Interesse wird dann die Messstation Karlsruhe-Nordwest sein.", "luftmessstation", "Karlsruhe-Nordwest"),
    ("Für das Grundstück existiert ein rechtskräftiger Bebauungsplan: 594 Hofäcker II", "bebauungsplan", "594 Hofäcker II"),
    ("die mit dem Verkehrszeichen 331.1 ausgewiesen sind", "verkehrszeichen", "331.1"),
    ("die Umwandlung der Tiefbauabteilung Städtentwässerung in einen Eigenbetrieb", "abteilung", "Städtentwässerung"),
])
def test_the_name_beside_the_asked_noun(sentence, head, name):
    assert [n.text for n in appositions(sentence, head, "Welche …?")] == [name]


def test_a_date_after_the_noun_is_no_name():
    assert appositions("Planungsausschuss 19.04.2018 3 x vorberaten", "planungsausschuss", "x") == []


def test_organisations_by_their_class_noun():
    assert [n.text for n in class_names("Auch der Verein Eltern und Freunde für Inklusion (EFI e.V.) hat", "x")] == \
        ["Eltern und Freunde für Inklusion"]
    assert [n.text for n in class_names("von der Organisation Attac Deutschland mit organisiert", "x")] == ["Attac Deutschland"]


@pytest.mark.parametrize("sentence, names", [
    ("Anfrage: SPD", "SPD"),
    ("Änderungsantrag: FW|FÜR", "FW|FÜR"),
    ("Antrag der Gemeinderatsfraktionen GRÜNE, SPD und KAL", "GRÜNE, SPD und KAL"),
    ("STELLUNGNAHME zum Antrag KAL/Die PARTEI-Gemeinderatsfraktion", "KAL/Die PARTEI"),
])
def test_fraktion_from_the_label_of_its_motion(sentence, names):
    assert [n.text for n in fraktionen(sentence, "Welche Fraktion …?")] == [names]


def test_a_motion_without_a_party_names_no_fraktion():
    assert fraktionen("Antrag der Fraktion vom 12. März", "x") == []


def test_a_name_given_by_a_naming_verb_answers_wie_heisst():
    assert [n.text for n in given_names("Das Gremium führt den Namen Kunstbeirat.", "x")] == ["Kunstbeirat"]
    assert "Kunstbeirat" in answers("Das Gremium führt den Namen Kunstbeirat.",
                                    "Wie heißt das neue Gremium, zu dem die Kommissionen zusammengelegt wurden?")


def test_a_gremium_does_not_answer_for_a_firm():
    got = answers("Der Hauptausschuss erteilt den Zuschlag auf das Angebot der gpc.systems GmbH, Karlsruhe.",
                  "Welche Firma liefert die Beamer für die Schulen?")
    assert got[0] == "gpc.systems GmbH"


def test_another_kind_of_institution_is_less_likely_than_the_asked_kind():
    got = answers("Das Liegenschaftsamt verweist auf das Urteil des Verwaltungsgerichtshofes Baden-Württemberg.",
                  "Welches Gericht hat die Tempolimits ermöglicht?")
    assert got[0] == "Verwaltungsgerichtshof Baden-Württemberg"


def test_role_label_of_a_line_names_the_role_holder():
    got = answers("Vorsitzende: Erste Bürgermeisterin Gabriele Luczak-Schwarz",
                  "Wer hatte den Vorsitz im Ausschuss, als die Gehege beraten wurden?")
    assert got and "Luczak-Schwarz" in got[0] and "Vorsitzende" in got[0]


def test_titles_and_signature_labels_are_no_names():
    got = answers("An Herrn Oberbürgermeister\nUnterzeichnet von: Max Braun", "Wer hat den Antrag unterschrieben?")
    assert got == ["Max Braun (Unterzeichner)"]
    assert answers("durch die Professorin Cornelia Kricheldorff als Prozessbegleitung unterstützt",
                   "Wer hat den Prozess begleitet?")[0].startswith("Professorin Cornelia Kricheldorff")


@given(st.lists(st.sampled_from(["und", "der", "für", "Die", "Stadt", "+", "&", ",", ".", "e.V.", "1", "Ab"]), max_size=6))
def test_names_never_end_on_a_joiner_or_stand_empty(words):
    for n in appositions("Das Büro " + " ".join(words) + " prüft.", "buro", "x") + \
            class_names("Der Verein " + " ".join(words) + " prüft.", "x"):
        assert n.text.strip()
        assert not n.text.split()[-1] in ("und", "der", "für", "+", "&")
