"""Text input is text: Unicode spaces count, control characters go, every word stays."""

from __future__ import annotations

import random
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.errors import UnsupportedType
from ingest.inputs import inspect_file, read_text_file

REAL = Path(__file__).parent / "data" / "real"
CONTROLS = "".join(map(chr, [*range(0x01, 0x09), *range(0x0E, 0x20), 0x7F, *range(0x80, 0x85), *range(0x86, 0xA0)]))
SPACES = " \u00a0\u2002\u2003\u2009\u202f\u3000\u2007"  # no-break, en, em, thin, narrow no-break …
# What separates words for a reader: whitespace of any kind, and the control characters
# extractions put between words.
SEPARATORS = re.compile(r"[\s" + re.escape(CONTROLS) + r"\x0b\x85]+")

letters = st.characters(categories=["L", "N", "P", "S"], exclude_characters="\ufffd")
pieces = st.one_of(
    st.text(letters, min_size=1, max_size=12),
    st.sampled_from(SPACES),
    st.sampled_from(["\n", "\r\n", "\t", "\f", "\x0b"]),
)


def _write(data: bytes) -> Path:
    path = Path(tempfile.mkdtemp()) / "eingang.txt"
    path.write_bytes(data)
    return path


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(pieces, st.text(st.sampled_from(CONTROLS), max_size=2)), min_size=1, max_size=80))
def test_text_with_unicode_spaces_and_stray_controls_is_text_and_keeps_every_word(parts):
    # Stray control characters, at most a quarter of the text (real extractions: up to 15 %).
    text = "".join(piece + junk for piece, junk in parts)
    controls = sum(ch in CONTROLS for ch in text)
    text += " Vorlage" * (1 + controls // 2)
    path = _write(text.encode("utf-8"))

    assert inspect_file(path).media_type == "text/plain"
    read = read_text_file(path)
    assert not set(read) & set(CONTROLS + "\r\x0b")  # no control character left
    # Every word kept, in order, none glued to its neighbour or split.
    assert read.split() == [w for w in SEPARATORS.split(text) if w]
    # Nothing else changed: the visible characters are exactly the original's.
    assert re.sub(SEPARATORS, "", read) == re.sub(SEPARATORS, "", text)


@settings(max_examples=100, deadline=None)
@given(st.text(st.sampled_from("abcxyzäöüßÄÖÜ€„“–§ .,;:\n\u00a0"), min_size=1, max_size=300))
def test_windows_1252_text_reads_as_written(text):
    text = "Förderung " + text  # at least one byte that is not UTF-8
    path = _write(text.encode("cp1252"))
    assert inspect_file(path).media_type == "text/plain"
    assert read_text_file(path) == text


def test_no_break_spaces_are_text(tmp_path: Path):
    path = tmp_path / "paragraf.txt"
    path.write_text("\u00a0Nach\u00a0§\u00a025 GemO werden 10\u00a0000\u00a0Euro bewilligt.\u00a0\n" * 3, encoding="utf-8")
    assert inspect_file(path).media_type == "text/plain"
    assert read_text_file(path).split()[:4] == ["Nach", "§", "25", "GemO"]


def test_real_extraction_with_control_characters_as_word_spaces(tmp_path: Path):
    # As in a real Karlsruhe extraction: EOT between words, VT as line break.
    path = tmp_path / "nahverkehr.txt"
    path.write_bytes("den.\x0b\n\x0b\nDie\x04Thematik\x04des\x04demographischen Wandels\x07\n".encode())
    assert read_text_file(path).split() == ["den.", "Die", "Thematik", "des", "demographischen", "Wandels"]


@pytest.mark.parametrize("name", sorted(p.name for p in REAL.glob("*.txt")))
def test_real_texts_are_text(name: str):
    assert inspect_file(REAL / name).media_type == "text/plain"


@pytest.mark.parametrize(
    "head",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00",
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
        random.Random(7).randbytes(4000),
        bytes(range(1, 32)) * 40,  # controls only: valid UTF-8, but no text
    ],
)
def test_binary_is_not_text(head: bytes):
    with pytest.raises(UnsupportedType):
        inspect_file(_write(head + random.Random(1).randbytes(2000)))
