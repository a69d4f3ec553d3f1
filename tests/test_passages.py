"""Passages keep every word of every page exactly once, in order, whatever the whitespace."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kb.passages import MAX_WORDS, passage_spans

REAL = Path(__file__).parent / "data" / "real"

_SPACES = [" ", "  ", "\t", "\u00a0", "\u2009", "\u202f", "\u3000"]
_BREAKS = ["\n", "\r\n", "\n \n", "\n\u00a0\n", "\n\n\n", "\f", " \n", "\n\t\n", "\r"]
_WORDS = st.text(alphabet=st.characters(categories=("L", "N", "P", "S")), min_size=1, max_size=12)


def _words(text: str) -> list[str]:
    return text.split()


def _covered(text: str) -> list[str]:
    return [w for span in passage_spans(text) for w in text[span.start : span.end].split()]


@st.composite
def pages(draw) -> str:
    parts: list[str] = []
    for word in draw(st.lists(_WORDS, max_size=400)):
        parts.append(word)
        parts.append(draw(st.sampled_from(_SPACES + _BREAKS)))
    return draw(st.sampled_from(["", " ", "\n", " \n \n"])) + "".join(parts)


@settings(max_examples=300, deadline=None)
@given(pages())
def test_every_word_exactly_once_in_order(text):
    assert _covered(text) == _words(text)


@settings(max_examples=100, deadline=None)
@given(pages())
def test_passages_are_bounded_and_ordered(text):
    spans = passage_spans(text)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    assert all(len(text[s.start : s.end].split()) == s.words <= MAX_WORDS for s in spans)
    assert all(text[s.start : s.end] == text[s.start : s.end].strip() for s in spans)


def test_trailing_spaces_no_blank_lines():
    # How real extracted text looks: every line ends in a space, "blank" lines hold one.
    text = "BESCHLUSSVORLAGE \n \nThema: Stolperstellen in der Fußgängerzone \nDie Kosten betragen 45.000 Euro. \n"
    spans = passage_spans(text)
    assert spans and "Stolperstellen" in " ".join(text[s.start : s.end] for s in spans)
    assert _covered(text) == _words(text)


def test_one_huge_paragraph_without_sentence_ends():
    # A flattened table: 50,000 words, no blank line, no full stop (split time is in bench/).
    big = " ".join(f"wort{i}" for i in range(50_000))
    spans = passage_spans(big)
    assert _covered(big) == _words(big)
    assert max(s.words for s in spans) <= MAX_WORDS


def test_real_karlsruhe_texts_keep_every_word():
    files = sorted(REAL.glob("*.txt"))
    assert files, "real sample texts missing"
    for path in files:
        text = path.read_text(encoding="utf-8")
        for page in text.split("\f"):
            assert _covered(page) == _words(page), path.name
