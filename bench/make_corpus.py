"""Regenerate the sample corpus `corpus/` from the clean source texts in tests/eval/corpus/.

    .venv/bin/python bench/make_corpus.py [--source DIR] [--out DIR]

Papers arrive in a Kreisverwaltung in several shapes; `papers.json` says which each gets:
  scan            image-only PDF: rendered A4 page, skewed, grey, noisy, 200 or 300 dpi
  scan-bad-layer  the same scan with a poor text layer from an English-model OCR (OCRmyPDF -l eng)
  text-pdf        a born-digital PDF with a real text layer
  text            plain OCR text, copied as it is (the real seed paper)
Pages get a running header (from page 2) and a "Seite N von M" footer, as printed papers do.
Besides the PDFs it writes, for the evaluations, the page count of every paper and on which
page each source paragraph landed (tests/eval/corpus/layout.json).
Deterministic: the random choices of a paper are seeded by its id.
Needs the fonts of Debian's fonts-liberation and fonts-dejavu-core.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyphen
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parents[1]
FONTS = {
    "Liberation Serif": ("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
                         "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf"),
    "Liberation Sans": ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
                        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
    "DejaVu Sans": ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
}
A4_MM = (210, 297)
MARGIN_MM = (25, 20, 25, 25)  # left, right, top, bottom
HYPHENATOR = pyphen.Pyphen(lang="de_DE")


@dataclass(frozen=True)
class Style:
    """How one paper looks; chosen from a generator seeded by the paper's id."""

    font: str
    points: float
    dpi: int
    skew: float  # degrees
    noise: float  # standard deviation of grey noise
    paper: int  # grey level of the paper

    @classmethod
    def for_paper(cls, paper_id: str) -> Style:
        rng = random.Random(int(hashlib.sha256(paper_id.encode()).hexdigest()[:8], 16))
        return cls(
            font=rng.choice(sorted(FONTS)),
            points=rng.choice([11.0, 11.5, 12.0]),
            dpi=rng.choice([300, 300, 200]),
            skew=rng.uniform(0.2, 1.2) * rng.choice([-1, 1]),
            noise=rng.uniform(4, 10),
            paper=rng.randint(232, 248),
        )


@dataclass
class Line:
    text: str
    bold: bool
    paragraph: int  # index of the source paragraph (non-blank source line)
    gap_before: bool


def layout_lines(source: str, width_px: float, font: ImageFont.FreeTypeFont, bold: ImageFont.FreeTypeFont) -> list[Line]:
    """Wrap each source line (a paragraph) to the text width, hyphenating long words at line ends."""
    lines: list[Line] = []
    paragraph = -1
    gap = False
    for raw in source.splitlines():
        if not raw.strip():
            gap = True
            continue
        paragraph += 1
        is_heading = len(raw) < 60 and raw.rstrip().endswith(":") or (len(raw.split()) <= 3 and not raw.rstrip().endswith("."))
        f = bold if is_heading and paragraph > 9 else font
        for i, text in enumerate(_wrap(raw.strip(), width_px, f)):
            lines.append(Line(text, f is bold, paragraph, gap and i == 0))
        gap = False
    return lines


def _wrap(text: str, width: float, font: ImageFont.FreeTypeFont) -> list[str]:
    out, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if font.getlength(candidate) <= width:
            current = candidate
            continue
        # Hyphenate the word if a part fits and the word is long enough to be worth it.
        split = _hyphenate(current, word, width, font) if len(word) >= 10 and "-" not in word else None
        if split:
            out.append(split[0])
            current = split[1]
        else:
            out.append(current)
            current = word
    if current:
        out.append(current)
    return out


def _hyphenate(current: str, word: str, width: float, font: ImageFont.FreeTypeFont) -> tuple[str, str] | None:
    for head, tail in HYPHENATOR.iterate(word):
        if len(head) >= 4 and len(tail) >= 4 and font.getlength(f"{current} {head}-".strip()) <= width:
            return f"{current} {head}-".strip(), tail
    return None


def paginate(lines: list[Line], lines_per_page: int) -> list[list[Line]]:
    pages: list[list[Line]] = [[]]
    used = 0
    for line in lines:
        cost = 1 + (0.6 if line.gap_before else 0)
        if used + cost > lines_per_page and pages[-1]:
            pages.append([])
            used = 0
            line.gap_before = False
        pages[-1].append(line)
        used += cost
    return pages


def render_scan(source: str, header: str, style: Style) -> tuple[list[Image.Image], list[list[int]]]:
    scale = style.dpi / 25.4
    size = (round(A4_MM[0] * scale), round(A4_MM[1] * scale))
    px = style.points * style.dpi / 72
    regular, bold = (ImageFont.truetype(path, round(px)) for path in FONTS[style.font])
    small = ImageFont.truetype(FONTS[style.font][0], round(px * 0.8))
    left, right, top, bottom = (m * scale for m in MARGIN_MM)
    line_height = px * 1.45
    lines = layout_lines(source, size[0] - left - right, regular, bold)
    pages = paginate(lines, int((size[1] - top - bottom) / line_height))
    images = []
    for number, page in enumerate(pages, start=1):
        image = Image.new("L", size, 255)
        draw = ImageDraw.Draw(image)
        if number > 1:
            draw.text((left, top - 2.2 * line_height), header, font=small, fill=60)
        y = top
        for line in page:
            y += line_height * (0.6 if line.gap_before else 0)
            draw.text((left, y), line.text, font=bold if line.bold else regular, fill=0)
            y += line_height
        footer = f"Seite {number} von {len(pages)}"
        draw.text(((size[0] - small.getlength(footer)) / 2, size[1] - bottom + line_height), footer, font=small, fill=60)
        images.append(degrade(image, style, number))
    return images, [sorted({line.paragraph for line in page}) for page in pages]


def degrade(image: Image.Image, style: Style, page: int) -> Image.Image:
    """What a flatbed scanner does to a page: skew, blur, grey paper, specks, noise."""
    rng = random.Random(f"{style}{page}")
    image = image.rotate(style.skew, resample=Image.BICUBIC, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(radius=0.5 * style.dpi / 300))
    image = image.point(lambda v: v * style.paper // 255)  # white becomes paper grey, ink stays dark
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(20, 60)):
        x, y = rng.randrange(image.size[0]), rng.randrange(image.size[1])
        r = rng.choice([1, 1, 2])
        draw.ellipse((x, y, x + r, y + r), fill=rng.randint(40, 120))
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0, style.noise, (image.size[1], image.size[0]))
    return Image.fromarray(np.clip(np.asarray(image, dtype=np.float32) + noise, 0, 255).astype(np.uint8))


def save_scan(images: list[Image.Image], path: Path, dpi: int) -> None:
    images[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=images[1:], quality=40)


def add_bad_layer(scan: Path, out: Path) -> None:
    """A poor text layer, as an English-model OCR leaves on German scans."""
    import ocrmypdf

    ocrmypdf.ocr(scan, out, language=["eng"], output_type="pdf", optimize=0, progress_bar=False, jobs=2)


def render_text_pdf(source: str, header: str, path: Path, style: Style) -> list[list[int]]:
    """A born-digital PDF: the same layout as text, with a real text layer."""
    from fpdf import FPDF

    regular_path, bold_path = FONTS[style.font]
    measure = ImageFont.truetype(regular_path, 100)
    measure_bold = ImageFont.truetype(bold_path, 100)
    width_pt = (A4_MM[0] - MARGIN_MM[0] - MARGIN_MM[1]) / 25.4 * 72
    scale = 100 / style.points  # lay out with a 100 px font, i.e. in units of the point size
    lines = layout_lines(source, width_pt * scale, measure, measure_bold)
    line_mm = style.points * 1.45 * 25.4 / 72
    pages = paginate(lines, int((A4_MM[1] - MARGIN_MM[2] - MARGIN_MM[3]) / line_mm))
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.add_font("Body", fname=regular_path)
    pdf.add_font("Body", style="B", fname=bold_path)
    for number, page in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_font("Body", size=style.points * 0.8)
        if number > 1:
            pdf.text(MARGIN_MM[0], MARGIN_MM[2] - 2.2 * line_mm + line_mm * 0.8, header)
        pdf.text(A4_MM[0] / 2 - 12, A4_MM[1] - MARGIN_MM[3] + 2 * line_mm, f"Seite {number} von {len(pages)}")
        y = MARGIN_MM[2]
        for line in page:
            y += line_mm * (0.6 if line.gap_before else 0)
            pdf.set_font("Body", style="B" if line.bold else "", size=style.points)
            pdf.text(MARGIN_MM[0], y + line_mm * 0.8, line.text)
            y += line_mm
    pdf.output(str(path))
    return [sorted({line.paragraph for line in page}) for page in pages]


def build(source_dir: Path, out_dir: Path) -> int:
    papers = json.loads((source_dir / "papers.json").read_text(encoding="utf-8"))
    out_dir.mkdir(parents=True, exist_ok=True)
    layout: dict[str, list[list[int]]] = {}
    failures = 0
    for paper in papers:
        paper_id, rendering = paper["id"], paper["rendering"]
        try:
            if rendering == "text":
                seed = source_dir / paper["file"]
                seed = seed if seed.exists() else ROOT.parent / "shared" / "seed" / paper["file"]
                shutil.copyfile(seed, out_dir / paper["file"])
                print(f"{paper_id:45} {rendering:15} copied")
                continue
            source = (source_dir / paper["file"]).read_text(encoding="utf-8")
            style = Style.for_paper(paper_id)
            header = f"Rhein-Sieg-Kreis – Vorlage Nr. {paper['vorlage_number']}" if paper.get("vorlage_number") else f"Rhein-Sieg-Kreis – {paper.get('title') or paper_id}"
            target = out_dir / f"{paper_id}.pdf"
            if rendering == "text-pdf":
                layout[paper_id] = render_text_pdf(source, header, target, style)
            else:
                images, layout[paper_id] = render_scan(source, header, style)
                if rendering == "scan":
                    save_scan(images, target, style.dpi)
                else:
                    with tempfile.TemporaryDirectory() as tmp:
                        scan = Path(tmp) / "scan.pdf"
                        save_scan(images, scan, style.dpi)
                        add_bad_layer(scan, target)
            print(f"{paper_id:45} {rendering:15} {len(layout[paper_id])} pages {target.stat().st_size / 1e3:7.0f} KB "
                  f"({style.font}, {style.points} pt, {style.dpi} dpi, skew {style.skew:+.1f}°)")
        except Exception as e:  # noqa: BLE001 - report and go on with the next paper
            failures += 1
            print(f"{paper_id:45} FAILED: {e}", file=sys.stderr)
    (source_dir / "layout.json").write_text(json.dumps(layout, indent=1), encoding="utf-8")
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=ROOT / "tests" / "eval" / "corpus")
    parser.add_argument("--out", type=Path, default=ROOT / "corpus")
    args = parser.parse_args()
    sys.exit(1 if build(args.source, args.out) else 0)


if __name__ == "__main__":
    main()
