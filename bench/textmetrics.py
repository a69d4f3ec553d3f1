"""Word error rate as OCR evaluations count it.

Words are whitespace-separated tokens with surrounding punctuation (quotes, brackets,
commas, full stops) stripped, so a quote style or a line break does not count as a word
error, but every letter inside a word does ("Forderung" ≠ "Förderung"). Tokens that are
only punctuation or dashes are dropped.
"""

from __future__ import annotations

import jiwer

_STRIP = "„“”\"'‚‘’()[]{}<>,.;:!?–—-*•™®"


def words(text: str) -> list[str]:
    tokens = (t.strip(_STRIP) for t in text.split())
    return [t for t in tokens if t]


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate of `hypothesis` against `reference` (0.0 = identical)."""
    return jiwer.wer(" ".join(words(reference)), " ".join(words(hypothesis)))


def word_errors(reference: str, hypothesis: str) -> list[tuple[str, str]]:
    """The substituted, deleted and inserted words, for reading what went wrong."""
    out = jiwer.process_words(" ".join(words(reference)), " ".join(words(hypothesis)))
    ref, hyp = out.references[0], out.hypotheses[0]
    errors = []
    for chunk in out.alignments[0]:
        if chunk.type != "equal":
            errors.append((" ".join(ref[chunk.ref_start_idx : chunk.ref_end_idx]), " ".join(hyp[chunk.hyp_start_idx : chunk.hyp_end_idx])))
    return errors
