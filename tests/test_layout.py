"""Running headers and footers: only what repeats at the same place of ≥ 3 pages goes; the paper's
number, dates and decisions are never lost."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ingest.layout import join_letter_spaced, strip_running_lines


def test_strips_repeated_headers_and_page_numbers_but_not_content():
    pages = [
        "Rhein-Sieg-Kreis\nVorlage Nr. 2020/0345\nDer Kreistag hat beschlossen.\nSeite 1 von 4",
        "Rhein-Sieg-Kreis – Vorlage Nr. 2020/0345\nDie Förderung beträgt 80 %.\nSeite 2 von 4",
        "Rhein-Sieg-Kreis – Vorlage Nr. 2020/0345\nUm Kenntnisnahme wird gebeten.\nSeite 3 von 4",
        "Rhein-Sieg-Kreis – Vorlage Nr. 2020/0345\nAnlage 1.\nSeite 4 von 4",
    ]
    assert strip_running_lines(pages) == [
        "Rhein-Sieg-Kreis\nVorlage Nr. 2020/0345\nDer Kreistag hat beschlossen.",
        # the header names the paper by the number page 1 prints: it goes, the number stays on page 1
        "Die Förderung beträgt 80 %.",
        "Um Kenntnisnahme wird gebeten.",
        "Anlage 1.",
    ]


def test_a_line_repeated_on_two_pages_is_content():
    """The decision a Vorlage states twice, the submitting Fraktion: not headers."""
    pages = [
        "SPD-Gemeinderatsfraktion\nDer Gemeinderat beschließt die Satzung.\nBegründung folgt.",
        "SPD-Gemeinderatsfraktion\nDer Gemeinderat beschließt die Satzung.\nEnde.",
    ]
    assert strip_running_lines(pages) == pages


def test_repeats_elsewhere_on_the_page_are_not_running_lines():
    pages = [f"Kopf {i}\nText {i}\nEinleitung\nMitte {i}\nmehr {i}\nnoch {i}\nSchluss {i}" for i in range(4)]
    pages[1] = "Kopf A\nB\nC\nEinleitung\nD\nE\nF"  # same line at another place
    assert strip_running_lines(pages)[1] == pages[1]


def test_single_page_keeps_everything_but_its_page_number():
    assert strip_running_lines(["Betreff: Haushalt 2021\nText.\n- 1 -"]) == ["Betreff: Haushalt 2021\nText."]


def test_a_running_line_with_a_date_survives_once():
    words = ["Haushalt", "Schule", "Verkehr"]
    pages = [f"Sitzung am 12.03.2020\nInhalt {w} ist lang genug.\nmehr {w}\nnoch mehr {w}" for w in words]
    stripped = strip_running_lines(pages)
    assert "\n".join(stripped).count("Sitzung am 12.03.2020") == 1
    assert all(f"Inhalt {w} ist lang genug." in page for w, page in zip(words, stripped))


_line = st.text(alphabet=st.sampled_from("abcdefghij KLMNOP"), min_size=3, max_size=20).map(str.strip).filter(lambda s: len(s) >= 3)


@given(st.lists(st.lists(_line, min_size=1, max_size=8), min_size=1, max_size=6))
def test_lines_on_fewer_than_three_pages_are_never_stripped(pages):
    """Whatever the text: a line that occurs on at most two pages is kept (page numbers aside)."""
    texts = ["\n".join(p) for p in pages]
    stripped = strip_running_lines(texts)
    for original, result in zip(texts, stripped):
        for line in original.splitlines():
            on_pages = sum(line in t.splitlines() for t in texts)
            if on_pages <= 2 and not line.isdigit():
                assert line in result.splitlines()


def test_a_two_page_paper_loses_its_page_header_but_not_its_number():
    pages = ["Rhein-Sieg-Kreis\nVorlage Nr. 2020/0298\nBetreff: Sachstand\nText.\nSeite 1 von 2",
             "Rhein-Sieg-Kreis – Vorlage Nr. 2020/0298\nMehr Text.\nSeite 2 von 2"]
    assert strip_running_lines(pages) == ["Rhein-Sieg-Kreis\nVorlage Nr. 2020/0298\nBetreff: Sachstand\nText.",
                                          "Mehr Text."]


def test_a_header_naming_another_number_stays():
    pages = ["Vorlage Nr. 2020/0298\nText.", "Bezug: Vorlage Nr. 2019/0111\nMehr Text."]
    assert strip_running_lines(pages) == pages


def test_letter_spaced_words_are_read_as_words():
    """Sperrsatz as text extraction leaves it ("A N T R A G", "S a t z u n g") is the word; the words of a spaced line
    stand two spaces apart and stay apart."""
    assert join_letter_spaced("A N T R A G der Stadträtin Dr. Gisela Splett") == "ANTRAG der Stadträtin Dr. Gisela Splett"
    assert join_letter_spaced("A U S Z U G   A U S   D E M   V E R Z E I C H N I S").split() == ["AUSZUG", "AUS", "DEM", "VERZEICHNIS"]
    assert join_letter_spaced("  S a t z u n g \nüber die Gebühren") == "  Satzung \nüber die Gebühren"
    assert join_letter_spaced("Ä N D E R U N G S A N T R A G") == "ÄNDERUNGSANTRAG"


@given(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüßABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ", min_size=2, max_size=12),
                min_size=1, max_size=12),
       st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüß", min_size=1, max_size=1), min_size=0, max_size=2))
def test_text_without_letter_spacing_is_unchanged_and_spaced_words_join(words, singles):
    """Words of two letters or more, and at most two single letters in a row ("a b", "§ 3 Abs. 2 S. 1"), are left as
    they are; any word set letter-spaced comes back whole."""
    text = " ".join(words + singles) + " § 3 Abs. 2 S. 1"
    assert join_letter_spaced(text) == text
    for word in words:
        if len(word) >= 3:
            assert join_letter_spaced(f"({' '.join(word)})") == f"({word})"
