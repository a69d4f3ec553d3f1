"""Metadata floors on a committed slice of real Karlsruhe papers (tests/eval/real-metadata).

60 papers drawn at random from the held-out half of bench/eval_metadata.py (texts cut to their
opening 8,000 characters), scored exactly as the bench scores the whole corpus. The full-corpus
figures are the bench's (`bench/eval_metadata.py`, bench/RESULTS.md); this is the fast guard.
"""

from __future__ import annotations

import pytest

from bench.eval_metadata import FIELDS, load, score
from tests.conftest import ROOT

SLICE = ROOT / "tests" / "eval" / "real-metadata"
FLOORS = {"reference": 0.98, "type": 0.95, "title": 0.90, "beratungsfolge": 0.90, "date": 0.95}


@pytest.fixture(scope="module")
def scores():
    truths, without = load(SLICE)
    assert len(truths) == 60 and without == 0
    total, _, _ = score(truths)
    return total


@pytest.mark.parametrize("field", FIELDS)
def test_real_papers_meet_the_floor(scores, field):
    s = scores[field]
    assert s.scored >= 5, f"{field}: too few printed values in the slice"
    assert s.right / s.scored >= FLOORS[field], f"{field}: {s} < {FLOORS[field]:.0%}; misses: {s.misses}"
