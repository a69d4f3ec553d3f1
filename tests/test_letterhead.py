"""Letterhead fields as councils print them: number, type, title, date."""

from __future__ import annotations

import pytest

from ingest.letterhead import document_date, head_lines, paper_type, reference, title
from ingest.metadata import extract_metadata


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Vorlage Nr.: 2023/1322", "2023/1322"),
        ("Vorlage Nr.:      2022/0285", "2022/0285"),
        ("AfD-Gemeinderatsfraktion Vorlage Nr.: 2020/1209", "2020/1209"),
        ("Vorlage Nr.:\nVerantwortlich:\n2019/0144\nDez. 1", "2019/0144"),  # a form: values below the labels
        ("Gremium:\nTermin:\nVorlage Nr.:\nTOP:\n15. Plenarsitzung Gemeinderat\n29.09.2015\n2015/0585\n15", "2015/0585"),
        ("DOPPELHAUSHALT 2024/2025\nANTRAG\nDHH/2023/6801", "DHH/2023/6801"),
        ("ANTRAG DHH/2023/5034", "DHH/2023/5034"),
        ("Drucksache 20-26 / V 04180", "20-26 / V 04180"),
        ("Vorlagen-Nr.: VO/2018/456", "VO/2018/456"),
        ("Vorlage Nr.:   2021/0947/1", "2021/0947/1"),
        ("Haushalt 2024/2025\nVorlage Nr.: 198", None),  # a double budget year is no number
        ("Der Ausschuss beriet die Vorlage Nr. 2016/0412.", None),  # another paper, cited
    ],
)
def test_reference(text, number):
    assert reference(head_lines(text)) == number


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Beschlussvorlage\nGedruckt auf 100 Prozent Recyclingpapier", "Beschlussvorlage"),
        ("Stadt Karlsruhe\nDer Oberbürgermeister\nINFORMATIONSVORLAGE", "Informationsvorlage"),
        ("STADT KARLSRUHE\nDer Oberbürgermeister\nÄNDERUNGSANTRAG", "Änderungs-/Ergänzungsantrag"),
        ("Änderungs-/Ergänzungsantrag\nCDU-Gemeinderatsfraktion", "Änderungs-/Ergänzungsantrag"),
        ("INTERFRAKTIONELLER\nANTRAG", "Antrag"),
        ("Ergänzungsanfrage\nDIE LINKE.-Gemeinderatsfraktion", "Anfrage"),
        ("Rhein-Sieg-Kreis\nMitteilungsvorlage", "Mitteilung"),
        ("DOPPELHAUSHALT 2024/2025\nANTRAG DHH/2023/3203", "Haushalt"),
        ("Rhein-Sieg-Kreis\nVorlage Nr. 2020/0001", None),
    ],
)
def test_printed_type(text, kind):
    lines = head_lines(text)
    assert paper_type(lines, reference(lines)) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # no type word: a Fraktion's paper is its motion, an amendment when it amends, a question when it asks
        ("Gedruckt auf 100 Prozent Recyclingpapier\nKVV-App\nFDP-Ortschaftsratsfraktion   Vorlage Nr.: 2020/0184\n"
         "Gremium Termin TOP ö nö\nDie Verwaltung wird beauftragt, die App zu verbessern.", "Antrag"),
        ("Neufassung der Geschäftsordnung\nAfD-Gemeinderatsfraktion Vorlage Nr.: 2020/1209\nGremium Termin TOP ö nö\n"
         "Der Gemeinderat beschließt die Geschäftsordnung wie folgt abzuändern/zu ergänzen:", "Änderungs-/Ergänzungsantrag"),
        ("Wiesen in Durlach\nB ́90/DIE GRÜNEN-OR-Fraktion\nVorlage Nr.: 2021/0110\nGremium Termin TOP ö nö\n"
         "1. Wie viele Wiesen gibt es?\n2. Wer pflegt sie?", "Anfrage"),
        # no type word and no authors: the wording decides
        ("Vorlage Nr.: 2020/1276\nRahmenvertrag Schulmöbel\nBeratungsfolge dieser Vorlage\n"
         "Beschlussantrag\nDer Hauptausschuss genehmigt die Vergabe.", "Beschlussvorlage"),
        ("Vorlage Nr.: 2021/0001\nSachstand Radwege\nGremium Termin TOP ö nö\nDer Ausschuss nimmt den Bericht zur Kenntnis.",
         "Informationsvorlage"),
    ],
)
def test_type_without_type_word(text, kind):
    assert extract_metadata([text]).doc_type == kind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Beschlussvorlage\nGedruckt auf 100 Prozent Recyclingpapier\nVorlage Nr.: 2024/1337\nVerantwortlich: Dez. 6\n"
         "Dienststelle:  TBA\nAbwasserbeseitigung, Netzsanierung Kernstadt\nVergabe der Kanalbauarbeiten\n"
         "Gremien Termin TOP Ö / N Zuständigkeit\nBauausschuss 09.01.2025 3 Ö Entscheidung",
         "Abwasserbeseitigung, Netzsanierung Kernstadt Vergabe der Kanalbauarbeiten"),
        ("Stadt Karlsruhe\nDer Oberbürgermeister\nANFRAGE\nStadträtin Sabine Zürn (Die Linke)\nvom:    09.11.2016\n"
         "Vorlage Nr.: 2016/0729\nMehrbelastung in der Ausländerbehörde\nGremium Termin TOP ö nö\nGemeinderat 13.12.2016 28 x",
         "Mehrbelastung in der Ausländerbehörde"),
        ("STADT KARLSRUHE\nÄNDERUNGSANTRAG\nCDU-Gemeinderatsfraktion\nvom 29.09.2015\nGremium:\nTermin:\nVorlage Nr.:\nTOP:\n"
         "15. Plenarsitzung Gemeinderat\n29.09.2015\n2015/0585\n15\nöffentlich\n"
         "Neufassung der Richtlinie über den Beförderungsdienst für schwerbehinderte\nMenschen\n"
         "Der von der Verwaltung vorgelegte Entwurf soll mit folgenden Änderungen verabschiedet werden:",
         "Neufassung der Richtlinie über den Beförderungsdienst für schwerbehinderte Menschen"),
        ("Auslaufen der Kimmelmannschule: Änderung der Schulbezirke der Lidellschule und der Vo-\ngesenschule\n"
         "Beratungsfolge dieser Vorlage", "Auslaufen der Kimmelmannschule: Änderung der Schulbezirke der Lidellschule und der Vogesenschule"),
        ("SPD Gemeinderatsfraktion, Hebelstraße 21, 76133 Karlsruhe\nHerrn Oberbürgermeister\n16.10.2023\n"
         "DOPPELHAUSHALT 2024/2025\nANTRAG DHH/2023/3203\nThema: Schaffung von 2 VZÄ Stellen bei der Ausländerbehörde\n"
         "\uf075 Zuordnung im Haushaltsplan", "Schaffung von 2 VZÄ Stellen bei der Ausländerbehörde"),
        ("Gegenstand: Neubau der Feuerwache Nord\nSachverhalt:", "Neubau der Feuerwache Nord"),
        ("Vorbemerkungen:\nDer Kreistag hat die Verwaltung beauftragt, eine Sozialplanung zu erarbeiten.", None),
    ],
)
def test_title(text, expected):
    lines = head_lines(text)
    printed = paper_type(lines, reference(lines))
    assert title(lines, has_letterhead=reference(lines) is not None or printed is not None) == expected


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Datum: 31.08.2022", "2022-08-31"),
        ("Siegburg, den 12.05.2018", "2018-05-12"),
        ("FDP-Gemeinderatsfraktion\nEingang: 15.12.2022\nVorlage Nr.: 2022/2446", "2022-12-15"),
        ("ANFRAGE\nvom:    09.11.2016\nVorlage Nr.: 2016/0729", "2016-11-09"),
        ("ANTRAG\nvom 19. Januar 2012\nGremium:", "2012-01-19"),
        ("Der Vorsitzende verwies auf die Empfehlung\nvom 21.03.2019 (Vorlage Nr. 2019/0088).", None),  # prose
    ],
)
def test_document_date(text, iso):
    assert document_date(head_lines(text)) == iso
