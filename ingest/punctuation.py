"""Quotes, dashes and the few fixed patterns OCR garbles in German administrative text."""

from __future__ import annotations

import re

from ingest.names import not_after

# Opening quote: ",," or a lone "," glued to the next word after a space ("„Planung").
# Each branch starts with its character and looks behind from there: a pattern that starts with
# a look-behind is tried at every offset, one that starts with a character is found by a fast scan.
_OPEN = re.compile(r",,(?=\S)|,(?<=[\s(],)(?=[A-ZÄÖÜ])|[\"”“](?<=[\s(][\"”“])(?=\S)")
# Closing quote: what English-model OCR makes of "“" after a word ("sichern™", "Betreuungsbehörde®").
_CLOSE = re.compile(r"[™®\"”](?<=[\w.!?][™®\"”])(?=[\s.,;:)!?]|$)")
# A dash between words: " - ", "—-", "--".
_DASH = re.compile(r"—-(?<=\s—-)(?=\s)|—(?<=\s—)(?=\s)|--(?<=\s--)(?=\s)|-(?<=\s-)(?=\s)|—-(?<=\s—-)(?=\w)")

# Known abbreviations and designations whose OCR misreadings are fixed as a whole.
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Books of the Sozialgesetzbuch use roman numerals, which OCR reads as I, l, 1 or T.
    (re.compile(not_after(r"\w", r"SGB\s+(?:IT|Il|lI|11|ll|I1|1I)\b")), "SGB II"),
    (re.compile(not_after(r"\w", r"SGB\s+(?:IIT|IIl|Ill|111)\b")), "SGB III"),
    (re.compile(not_after(r"\w", r"G\.I1\.B\b\.?")), "G.I.B."),
)


def normalise_punctuation(text: str) -> str:
    """German typographic quotes „…“ and en dashes where OCR left look-alikes."""
    text = _OPEN.sub("„", text)
    text = _CLOSE.sub("“", text)
    text = _DASH.sub("–", text)
    return re.sub(r"–(?=\w)", "– ", text)


def fix_patterns(text: str) -> str:
    for pattern, replacement in PATTERNS:
        text = pattern.sub(replacement, text)
    return text
