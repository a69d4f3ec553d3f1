"""English-model OCR of real papers: render born-digital Karlsruhe texts as scans, OCR them.

    .venv/bin/python bench/render_scans.py [--count 5] [--skip 0] [--out eng] [--dpi 300]

(The development set is `--count 5` into eng/, the held-out set `--skip 5 --count 4 --out
eng-heldout`: papers the repair was never tuned on.)

Picks prose pages of real born-digital texts (../shared/real/karlsruhe/files: text with
umlauts and ß, few numbers, no lost word spaces), takes ~250 words of each, renders them
as a 300-dpi page image with PIL (as tests/conftest.py `render_scan` does) and reads it
with `tesseract img out -l eng`: the errors an English model makes on German (ß as B/R/&,
ö as 6/é, lost umlauts). Writes tests/eval/real-ocr/eng/<file>.raw.txt (the OCR) and
<file>.ref.txt (the born-digital text, the reference). The images are not kept.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import FONT
from bench.shared import KARLSRUHE_FILES

FILES = KARLSRUHE_FILES
OUT = ROOT / "tests" / "eval" / "real-ocr" / "eng"
WORDS = 250
_PROSE_LINE = re.compile(r"^[A-ZÄÖÜa-zäöüß„(][^\d]*[a-zäöüß.,:;)“]$")


def prose(text: str) -> list[str]:
    """The paper's prose: lines of words (no tables, lists of numbers, headers)."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return [line for line in lines if len(line.split()) >= 6 and _PROSE_LINE.match(line)]


def pick(count: int, skip: int = 0) -> list[tuple[str, str]]:
    """`count` papers by a hash of their file name, each with ~WORDS words of prose."""
    chosen = []
    for path in sorted(FILES.glob("*.txt"), key=lambda p: hashlib.sha1(p.name.encode()).hexdigest()):
        lines = prose(path.read_text(encoding="utf-8", errors="replace"))
        words = " ".join(lines).split()
        text = " ".join(words[:WORDS])
        if len(words) < WORDS or not re.search(r"[äöü]", text) or "ß" not in text:
            continue
        if sum(len(w) > 25 for w in words) > 2:  # lost word spaces: not a clean reference
            continue
        chosen.append((path.stem, text))
        if len(chosen) == skip + count:
            break
    return chosen[skip:]


def render(text: str, path: Path, dpi: int) -> None:
    scale = dpi / 72
    font = ImageFont.truetype(FONT, int(11 * scale))
    lines = textwrap.wrap(text, 80)
    image = Image.new("L", (int(595 * scale), int((110 + len(lines) * 16) * scale)), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((int(60 * scale), int((60 + i * 16) * scale)), line, font=font, fill=0)
    image.save(path, dpi=(dpi, dpi))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5)
    parser.add_argument("--skip", type=int, default=0, help="papers to pass over (those of another set)")
    parser.add_argument("--out", default="eng", help="folder under tests/eval/real-ocr/")
    parser.add_argument("--dpi", type=int, default=300)
    args = parser.parse_args()
    out = OUT.parent / args.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for stem, text in pick(args.count, args.skip):
            image = Path(tmp) / f"{stem}.png"
            render(text, image, args.dpi)
            subprocess.run(["tesseract", str(image), str(Path(tmp) / stem), "-l", "eng"], check=True, capture_output=True)
            raw = (Path(tmp) / f"{stem}.txt").read_text(encoding="utf-8")
            (out / f"{stem}.ref.txt").write_text("\n".join(textwrap.wrap(text, 80)) + "\n", encoding="utf-8")
            (out / f"{stem}.raw.txt").write_text(raw, encoding="utf-8")
            print(f"{stem}: {len(text.split())} words")


if __name__ == "__main__":
    main()
