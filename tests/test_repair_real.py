"""The repair on real papers: floors on the gold pages of tests/eval/real-ocr (seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import eval_repair_real
from ingest.inputs import SourceFile
from ingest.lexicon import DomainCounts, Lexicon
from ingest.pipeline import _learn, _Scanned
from ingest.repair import estimate_damage, repair_text


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon()


def _figures(lexicon, *folders):
    return [f for folder in folders for f in eval_repair_real.evaluate_pairs(eval_repair_real.GOLD / folder, lexicon)]


def test_glued_real_pages_lose_most_errors(lexicon):
    figures = _figures(lexicon, "pages", "pages-heldout")
    assert len(figures) >= 6
    raw = sum(f.raw_errors for f in figures)
    assert sum(f.errors for f in figures) <= 0.17 * raw  # 16.7 % of the raw errors left (dev 14.1 %, held-out 18.3 % WER)
    assert sum(f.broken for f in figures) <= 0.01 * sum(f.ref_words for f in figures)


@pytest.mark.parametrize(
    ("folders", "floor"),
    [
        (("eng",), 0.0075),  # dev, 13 pages: 1.82 % → 1.27 % (2026-11-30) → 0.96 % → 0.71 % (2026-12-01, later)
        (("eng-dev-2",), 0.0155),  # dev 2, 12 pages rendered on 2026-12-01: 2.27 % → 1.50 %
        # held-out, 10 pages: 1.77 % → 1.36 % → 1.16 % → 0.84 % (21 of 2,492 words); the goal was 1 %
        (("eng-heldout", "eng-heldout-2"), 0.0085),
    ],
)
def test_english_model_ocr_of_real_papers(lexicon, folders, floor):
    figures = _figures(lexicon, *folders)
    assert len(figures) >= 10
    words = sum(f.ref_words for f in figures)
    assert sum(f.raw_errors for f in figures) / words > 0.05  # really damaged
    assert sum(f.errors for f in figures) / words <= floor
    assert sum(f.broken for f in figures) <= 0.002 * words


@pytest.mark.parametrize(
    ("ocr", "expected"),
    [
        # an umlaut read as "é" beside a letter of its shape, "ii" for "ü"
        ("Die Gewéahr für die Naturnédhe und die Biodiversitaét", "Die Gewähr für die Naturnähe und die Biodiversität"),
        ("Die Betriebsmittelzuschiisse werden gezahlt", "Die Betriebsmittelzuschüsse werden gezahlt"),
        # a capital umlaut an English model lost in a well-known abbreviation
        ("Der Ausbau des OPNV und die GRUNE Fraktion", "Der Ausbau des ÖPNV und die GRÜNE Fraktion"),
        # capitalised inside a sentence: a noun, so "Flächen", not the adjective "flachen"
        ("Die Stadt kauft die Flachen am Rand.", "Die Stadt kauft die Flächen am Rand."),
        ("Zuschüsse in Hohe von 500 Euro", "Zuschüsse in Höhe von 500 Euro"),
        # ... but nouns the word list lacks stay ("Falle", "Zahlen")
        ("Im Falle einer Verzögerung werden die Zahlen geprüft.", "Im Falle einer Verzögerung werden die Zahlen geprüft."),
        # an adjective at the start of a sentence stays
        ("Hohe Kosten. Flache Dächer sind günstiger.", "Hohe Kosten. Flache Dächer sind günstiger."),
        # the sentence decides: an inflected adjective stands before its noun or after an
        # article or preposition, a comparative elsewhere; a capitalised "Alter" is a noun
        ("Ein Projekt mit hoher Priorität wird hoher bewertet.", "Ein Projekt mit hoher Priorität wird höher bewertet."),
        ("Ein Bau mit langer Dauer dauert langer als geplant.", "Ein Bau mit langer Dauer dauert länger als geplant."),
        ("Das Alter der Gebäude ist hoch.", "Das Alter der Gebäude ist hoch."),
        # a plural by umlaut where the place says plural, the singular elsewhere
        ("Die strukturellen Mangel werden behoben.", "Die strukturellen Mängel werden behoben."),
        ("Viele alte Hauser stehen leer.", "Viele alte Häuser stehen leer."),
        ("Der Mangel wird behoben, um den Mangel beheben zu können.", "Der Mangel wird behoben, um den Mangel beheben zu können."),
        # no plural ending without the umlaut such nouns take; the dative singular "-e" stays
        ("Eine Reihe von Antragen wurde gestellt. Die alten Hauser stehen.",
         "Eine Reihe von Anträgen wurde gestellt. Die alten Häuser stehen."),
        ("Im Grunde ist das so. Fallen die Kosten, sinkt der Preis. Eine Wohnung mit Garten.",
         "Im Grunde ist das so. Fallen die Kosten, sinkt der Preis. Eine Wohnung mit Garten."),
        # a strong verb's third person, not the second plural papers never use; "halt" stays
        ("Allgemein lasst sich sagen, dass die Zahl fallt.", "Allgemein lässt sich sagen, dass die Zahl fällt."),
        ("Das ist halt so. Ihr lasst das.", "Das ist halt so. Ihr lasst das."),
        # compounds are built of nouns, not of inflected adjectives
        ("Die Bruttojagdflache beträgt 500 ha.", "Die Bruttojagdfläche beträgt 500 ha."),
        ("Die Flachenerschlie&ung kostet Geld.", "Die Flächenerschließung kostet Geld."),
        # "k" and "ti" for "ß" and "ü"
        ("Die tiberplanmakige Ausgabe wird genehmigt.", "Die überplanmäßige Ausgabe wird genehmigt."),
        # "$" and a trailing "&" after "f" for "ß"
        ("Das war eine grof$e Mehrheit, maf$gebend ist der Sitz.", "Das war eine große Mehrheit, maßgebend ist der Sitz."),
        ("Die Fraktion wagt einen Vorstof& im Rat.", "Die Fraktion wagt einen Vorstoß im Rat."),
        # a fragment of a word split at a line end: the spelling that ends listed words;
        # one that already ends listed words stays as written
        ("Die Einschränkung ist da. schrankungen und Auflagen", "Die Einschränkung ist da. schränkungen und Auflagen"),
        ("Die Einschränkung ist da. tungen und Auflagen", "Die Einschränkung ist da. tungen und Auflagen"),
        # an unknown word that an umlaut and ß edit make a compound of known parts
        ("Eine Ticketpreisermafigung für die Inhaber.", "Eine Ticketpreisermäßigung für die Inhaber."),
        # compounds that differ only in the head: the heads decide; a compound's head is a noun
        ("Die Haltestelle in der Karlstrafe wird verlegt.", "Die Haltestelle in der Karlstraße wird verlegt."),
        ("Die Bahnsteiglange reicht nicht.", "Die Bahnsteiglänge reicht nicht."),
        ("Die Ertrage werden mit Mehrertragen verrechnet.", "Die Erträge werden mit Mehrerträgen verrechnet."),
    ],
)
def test_english_model_patterns(lexicon, ocr, expected):
    assert repair_text(ocr, lexicon, damage=0.1).text == expected


def test_the_archive_spelling_decides_a_lost_umlaut():
    # An archive that writes "Flächen" hundreds of times and "Flachen" never: a compound it
    # has not seen is decided by its head.
    counts = DomainCounts({"flächen": 500, "fläche": 300, "ausweich": 3, **{f"wort{i}": 200 for i in range(600)}})
    informed = Lexicon(domain=counts)
    assert repair_text("Die Ausweichflachen reichen.", informed, damage=0.1).text == "Die Ausweichflächen reichen."
    # At a sentence start the capital says nothing: only the archive decides there.
    assert repair_text("Flachen reichen nicht.", informed, damage=0.1).text == "Flächen reichen nicht."
    assert repair_text("Flachen reichen nicht.", Lexicon(), damage=0.1).text == "Flachen reichen nicht."


def test_the_archive_word_pairs_decide_between_two_german_words(tmp_path):
    # "Fallen" and "Fällen" are both German: an archive that writes "in diesen Fällen" (and
    # "die Fallen") decides by the neighbours; the pairs persist with the word counts.
    counts = DomainCounts({f"wort{i}": 200 for i in range(600)})
    for _ in range(10):
        counts.add_text("In diesen Fällen gilt die Regel. Die Fallen im Wald sind leer.")
    assert counts["diesen fällen"] == 10 and counts["die fallen"] == 10
    assert "wort1 wort2" not in counts  # only pairs around umlaut-ambiguous words are kept
    counts.save(tmp_path / "lexicon.tsv")
    informed = Lexicon(domain=DomainCounts.load(tmp_path / "lexicon.tsv"))
    assert repair_text("In diesen Fallen gilt das.", informed, damage=0.1).text == "In diesen Fällen gilt das."
    assert repair_text("Die Fallen im Wald.", informed, damage=0.1).text == "Die Fallen im Wald."
    # Without the archive HanTa's morphology guesses "Fällen" (a plural of "Fall") in both: the
    # archive's pairs overrule it where they know better.
    assert repair_text("Die Fallen im Wald.", Lexicon(), damage=0.1).text == "Die Fällen im Wald."
    # an umlaut the OCR engine saw stays, whatever the pairs say; a clean text is not asked
    assert repair_text("Die Fällen im Wald.", informed, damage=0.1).text == "Die Fällen im Wald."
    assert repair_text("In diesen Fallen gilt das.", informed, damage=0.0).text == "In diesen Fallen gilt das."


@pytest.mark.parametrize(
    "clean",
    [
        "Stadtrat Dr. Stefan Noé sprach für die Fraktion.",
        "Stadträtin Böringer (FDP) und Frau Honné stimmten zu.",
        "Die Kosten betragen 1.200 Euro abzügl. Skonto.",
        "Die Stadt Karlsruhe fördert das Projekt; die Fläche ist gefördert.",
    ],
)
def test_names_and_abbreviations_of_clean_text_survive(lexicon, clean):
    assert repair_text(clean, lexicon).text == clean


@pytest.mark.parametrize(
    ("ocr", "expected"),
    [
        ("Die Stadt Kar1sruhe beschlieBt", "Die Stadt Karlsruhe beschließt"),
        ("Der Gemeinderat beschliel3t die Satzung", "Der Gemeinderat beschließt die Satzung"),
        ("Die PrUfung der Unterlagen", "Die Prüfung der Unterlagen"),
        ("Beschluss: 1.)DerGemeinderatbeschließtdieSatzung. 2.)DieVerwaltungwirdbeauftragt, dieKostenzuprüfen und dem Gemeinderat zu berichten.",
         "Beschluss: 1.) Der Gemeinderat beschließt die Satzung. 2.) Die Verwaltung wird beauftragt, die Kosten zu prüfen und dem Gemeinderat zu berichten."),
    ],
)
def test_real_ocr_patterns(lexicon, ocr, expected):
    assert repair_text(ocr, lexicon, damage=0.0).text == expected


def test_glued_runs_split_after_compounds_and_around_digits(lexicon):
    # A compound noun no list holds, in the genitive too, is a part of its own; a digit inside
    # a run (maybe an OCR "ö") is left where it is, the letters before it are split.
    page = ("Beschluss der Sitzung vom Montag: DerGemeinderatstimmtderZuordnungdesEigenbetriebszumDezernat6zu. "
            "DieÄnderungderBetriebssatzungdesEigenbetriebswirdbeschlossen.")
    assert repair_text(page, lexicon, damage=0.0).text == (
        "Beschluss der Sitzung vom Montag: Der Gemeinderat stimmt der Zuordnung des Eigenbetriebs zum Dezernat6zu. "
        "Die Änderung der Betriebssatzung des Eigenbetriebs wird beschlossen.")


def test_glued_runs_keep_words_beginning_with_in_and_end_in_abbreviations(lexicon):
    # "Infrastruktur" is a word, not the "In" of a gender form; a run may end in "bzw." or
    # "Nr."; a listed word with an inner capital ("GmbH") is a part of its own.
    page = ("DieStadtplantdenAusbauderBahnsowiederInfrastruktur. DieVorlageNr. 12 betrifftPersonenzuordentlichenbzw. "
            "stellvertretendenMitgliedern. DieKVVH-GmbHinderGesellschafterversammlungstimmtzu.")
    assert repair_text(page, lexicon, damage=0.0).text == (
        "Die Stadt plant den Ausbau der Bahn sowie der Infrastruktur. Die Vorlage Nr. 12 betrifft Personen zu ordentlichen bzw. "
        "stellvertretenden Mitgliedern. Die KVVH-GmbH in der Gesellschafterversammlung stimmt zu.")


def test_glued_runs_split_before_verb_forms_and_around_acronyms(lexicon):
    # A verb form or participle used as a noun is no compound's head ("Betriebszweck|
    # fördernden"); an acronym between small words is a part ("KASIG"); a date and a number.
    page = ("Vorlage:2017/0092 Beratung am 07.03.201715 Uhr. DerEigenbetriebkannalleseinenBetriebszweck"
            "förderndenoderihnwirtschaftlichberührendenGeschäftebetreiben. "
            "DerAufsichtsratstimmtderKASIGzudeninderVorlagegenanntenBedingungenzu.")
    assert repair_text(page, lexicon, damage=0.0).text == (
        "Vorlage: 2017/0092 Beratung am 07.03.2017 15 Uhr. Der Eigenbetrieb kann alles einen Betriebszweck "
        "fördernden oder ihn wirtschaftlich berührenden Geschäfte betreiben. "
        "Der Aufsichtsrat stimmt der KASIG zu den in der Vorlage genannten Bedingungen zu.")
    # a place name no list holds, glued to a weekday by the extraction
    assert repair_text("Sprechstunden der Ortsverwaltungen: BeiertheimMontag und RintheimMittwoch.", lexicon).text == (
        "Sprechstunden der Ortsverwaltungen: Beiertheim Montag und Rintheim Mittwoch.")
    # ... but a compound's head (a noun) stays with it
    page = "Beschluss der Sitzung vom Montag: DieStadtbeschließtdenLandschaftsrahmenplan. Er gilt."
    assert repair_text(page, lexicon, damage=0.0).text == (
        "Beschluss der Sitzung vom Montag: Die Stadt beschließt den Landschaftsrahmenplan. Er gilt.")


@pytest.mark.parametrize("damage", [0.0, 0.1])
def test_no_wrong_umlaut_added(lexicon, damage):
    text = "Die Stiadt Kar1sruhe beschlieBt, die PrUfung im Rathaus am Marktplatz 76124 Kar1sruhe."
    assert "Städt" not in repair_text(text, lexicon, damage=damage).text
    assert repair_text(text, lexicon).text.count("Karlsruhe") == 2


@pytest.mark.skipif(not eval_repair_real.FILES.is_dir(), reason="the real Karlsruhe texts are not on this machine")
def test_born_digital_real_texts_keep_their_letters(lexicon):
    clean = eval_repair_real.evaluate_clean(20, lexicon)
    assert clean.documents == 20 and clean.words > 10_000
    assert clean.rate <= 0.0001, clean.false  # ≤ 0.01 % of words


def test_reliable_plain_text_feeds_the_lexicon():
    page = min((eval_repair_real.GOLD / "eng").glob("*.ref.txt")).read_text(encoding="utf-8")
    ocr = page.replace("ü", "ii").replace("ö", "6").replace("ß", "B").replace("ä", "a")
    source = SourceFile(path=Path("x.txt"), media_type="text/plain", checksum="x", size=len(page))
    learned, not_learned = DomainCounts(), DomainCounts()
    _learn(learned, _Scanned(source, [page], ["plain-text"], [None], None))
    _learn(not_learned, _Scanned(source, [ocr], ["plain-text"], [None], None))
    assert learned and not not_learned


def test_short_english_ocr_page_reads_as_damaged(lexicon):
    # The second page of a paper with an English-model OCR layer: two damaged words, one a
    # compound ("Landesförderung") no list holds. Its layer must be redone (ingest/ocr.py).
    page = ("Rhein-Sieg-Kreis - Vorlage Nr. 2021/0244\nDie Landesférderung endet am 31.07.2022. Die Verwaltung "
            "wird dem\nJugendhilfeausschuss Anfang 2022 einen Vorschlag zur Fortfuhrung vorlegen.\n"
            "Um Kenntnisnahme wird gebeten.\nIm Auftrag\nSeite 2 von 2\n")
    assert estimate_damage(page, lexicon) > 0.03
    assert estimate_damage("Stadtrat Dr. Stefan Noé sprach für die Fraktion.", lexicon) == 0.0
