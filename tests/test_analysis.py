"""The one-step German analyzer gives exactly the tokens of the filter chain indexes made before it hold.

Both analyse the same text: an index built with either, and a query analysed with either,
must meet on the same terms (rankings may not change with the speed-up).
"""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.analysis import german_analyzer, german_chain_analyzer

REAL = sorted((Path(__file__).parent / "data" / "real").glob("*.txt"))
OPTIONS = [{}, {"positions": True, "chars": True}, {"removestops": False}, {"mode": "query"}]


def _tokens(analyzer, text, options):
    return [(t.text, getattr(t, "pos", None), getattr(t, "startchar", None), t.stopped) for t in analyzer(text, **options)]


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_same_tokens_as_the_chain_on_real_papers(path):
    text = path.read_text(encoding="utf-8")
    for options in OPTIONS:
        assert _tokens(german_analyzer(), text, options) == _tokens(german_chain_analyzer(), text, options)


WORDS = st.sampled_from(["Landesförderung", "die", "Förderzeitraum", "Foerderung", "Straße", "a", "Kreistag", "AND",
                         "01.03.2019", "G.I.B", "Bebauungsplanverfahren", "ÄNDERUNGSANTRAG", "der", "und", "Haushalts-",
                         "Kindertagesstätten", "x2", "Öffentlichkeitsbeteiligung", "(", "Sitzung"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(WORDS, st.text(min_size=1, max_size=14)), max_size=12))
def test_same_tokens_as_the_chain_on_any_words(words):
    text = " ".join(words)
    for options in OPTIONS:
        assert _tokens(german_analyzer(), text, options) == _tokens(german_chain_analyzer(), text, options)


def test_compounds_yield_their_parts():
    assert [t.text for t in german_analyzer()("Die Landesförderung für Städte")] == ["landesforder", "land", "forder", "stadt"]
