"""Word repair, punctuation and hyphenation on real OCR damage (the seed's patterns)."""

from __future__ import annotations

import pytest

from ingest.layout import dehyphenate
from ingest.lexicon import Lexicon
from ingest.punctuation import fix_patterns, normalise_punctuation
from ingest.repair import estimate_damage, repair_text


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon()


# A paragraph as an English-model OCR leaves German: umlauts lost everywhere.
DAMAGED = (
    "Die Verwaltung hat im Juli 2018 einen Antrag auf Férderung an das MAGS gerichtet. "
    "Nach Gesprachen mit der Bezirksregierung Kéln wurde der Antrag flr den Zeitraum "
    "nochmals vorgelegt. AuBerdem wird {ber die Hoéhe der Mittel fir Sachausgaben berichtet; "
    "der Topf war Uberzeichnet. Die Kontinuitat der o6rtlichen Planung ist gesichert, "
    "die Stadte und Gemeinden unterstlitzen das Projekt."
)


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("Férderung", "Förderung"),
        ("Gesprachen", "Gesprächen"),
        ("Kéln", "Köln"),
        ("flr", "für"),
        ("AuBerdem", "Außerdem"),
        ("{ber", "über"),
        ("Hoéhe", "Höhe"),
        ("fir", "für"),
        ("Uberzeichnet", "überzeichnet"),
        ("Kontinuitat", "Kontinuität"),
        ("o6rtlichen", "örtlichen"),
        ("Stadte", "Städte"),
        ("unterstlitzen", "unterstützen"),
    ],
)
def test_repairs_umlaut_damage_in_context(lexicon, damaged, repaired):
    result = repair_text(DAMAGED, lexicon)
    words = result.text.split()
    assert repaired in " ".join(words), f"{damaged} not repaired: {result.text}"
    assert damaged not in words


def test_keeps_correct_words_that_look_like_damage(lexicon):
    # Real words with an umlaut twin: a clean text must stay exactly as it is.
    clean = (
        "Der Kreistag konnte die Forderung der Fraktion nicht erfüllen; die Verbände fordern "
        "mehr Mittel. Die Verwaltung wurde beauftragt, über die Förderung zu berichten. "
        "Die Städte zahlen ihren Anteil, schon im Jahr 2019."
    )
    result = repair_text(clean, lexicon)
    assert result.text == clean
    assert result.changes == []


def test_damage_estimate_separates_english_ocr_from_clean_text(lexicon):
    assert estimate_damage(DAMAGED, lexicon) > 0.05
    assert estimate_damage("Die Förderung für den Zeitraum wurde von der Bezirksregierung Köln bewilligt.", lexicon) < 0.02


def test_spurious_umlauts_of_german_ocr(lexicon):
    text = "Die Soziaälplanung und die Gesundheitsplanung söllen gestärkt werden."
    assert repair_text(text, lexicon, damage=0.0).text == "Die Sozialplanung und die Gesundheitsplanung sollen gestärkt werden."


def test_changes_are_reported_with_offsets(lexicon):
    result = repair_text("Mittel flr Sachausgaben", lexicon)
    assert [(c.before, c.after) for c in result.changes] == [("flr", "für")]
    assert result.changes[0].offset == len("Mittel ")


@pytest.mark.parametrize(
    ("ocr", "expected"),
    [
        (",,Zusammen im Quartier - Kinder stärken - Zukunft sichern™ gestartet",
         "„Zusammen im Quartier – Kinder stärken – Zukunft sichern“ gestartet"),
        ("der Abteilung ,Planungsaufgaben, Heimaufsicht, Betreuungsbehörde®, Frau",
         "der Abteilung „Planungsaufgaben, Heimaufsicht, Betreuungsbehörde“, Frau"),
        ('das Arbeitsfeld ,Armutsbekämpfung und Sozialplanung" zugeordnet',
         "das Arbeitsfeld „Armutsbekämpfung und Sozialplanung“ zugeordnet"),
    ],
)
def test_quotes_and_dashes(ocr, expected):
    assert normalise_punctuation(ocr) == expected


def test_fixed_patterns():
    assert fix_patterns("im Kontext SGB IT unterstützt") == "im Kontext SGB II unterstützt"
    assert fix_patterns("Beschäftigungsförderung (G.I1.B) z.B. durch") == "Beschäftigungsförderung (G.I.B.) z.B. durch"


@pytest.mark.parametrize(
    ("ocr", "expected"),
    [
        ("Inanspruchnahme von Landes-\nFördermittel für", "Inanspruchnahme von Landes-Fördermittel\nfür"),
        ("die Landes-\nförderung wurde", "die Landesförderung\nwurde"),
        ("der Sozial-\nund Gesundheitsplanung", "der Sozial- und Gesundheitsplanung"),
        ("Sozialdezernentinnen und -\ndezernenten der", "Sozialdezernentinnen und -dezernenten der"),
        ("im Doppel-\nHaushalt 2019/2020", "im Doppel-Haushalt\n2019/2020"),
        ("die Zahl 2019-\n2020", "die Zahl 2019-2020"),
    ],
)
def test_dehyphenation_keeps_real_hyphens(ocr, expected):
    assert dehyphenate(ocr) == expected
