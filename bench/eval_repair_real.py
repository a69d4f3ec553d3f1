"""Text repair on real papers: hand-corrected damaged pages, English-model OCR, clean text.

    .venv/bin/python bench/eval_repair_real.py [--clean 300] [--errors] [--archive]

1. Real damaged pages (tests/eval/real-ocr/pages*/<file>.raw.txt, hand-corrected in
   <file>.ref.txt): excerpts of Karlsruhe texts that lost their word spaces in extraction.
   WER raw → repaired, and the words the repair broke (right in the raw, wrong after).
2. English-model OCR of real papers (tests/eval/real-ocr/eng*/, made by bench/render_scans.py):
   WER raw → repaired against the born-digital text.
   Each in a development set (read while tuning) and held-out sets (scored, never read:
   `--errors` lists the errors of development sets only). `--archive` repeats 1 and 2 as in an
   archive of the other Karlsruhe papers (its lexicon counts, `archive_counts`, with the word
   pairs around umlaut-ambiguous words: counted from texts other than the gold papers, which
   are left out with every file sharing an 8-word passage with them, so no pair holds the answer).
3. False corrections on born-digital real texts (../shared/real/karlsruhe/files, the first
   N by a hash of the file name that read as clean text: damage estimate below the English-OCR
   level and no lost word spaces): share of words the repair changed. Every change there is
   wrong, since the text is as its authors wrote it.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import jiwer

from bench.eval_repair import repair_document
from bench.textmetrics import word_errors, words
from ingest.layout import dehyphenate
from ingest.lexicon import DomainCounts, Lexicon
from ingest.pipeline import split_text_pages
from ingest.repair import (
    RELIABLE_SPELLING,
    WORD,
    estimate_damage,
    repair_text,
    spelling_quality,
)
from ingest.segment import glued_page
from bench.shared import KARLSRUHE_FILES

GOLD = ROOT / "tests" / "eval" / "real-ocr"


FILES = KARLSRUHE_FILES
# Development sets (read while tuning the repair) and held-out sets (never looked at while tuning).
SETS = (
    ("pages", "real damaged pages, lost word spaces (dev)"),
    ("pages-heldout", "real damaged pages, lost word spaces (held-out)"),
    ("eng", "English-model OCR of real papers (dev)"),
    ("eng-dev-2", "English-model OCR of real papers (dev 2)"),
    ("eng-heldout", "English-model OCR of real papers (held-out)"),
    ("eng-heldout-2", "English-model OCR of real papers (held-out 2)"),
)


@dataclass
class PairFigures:
    name: str
    ref_words: int
    raw_errors: int
    errors: int
    broken: int  # words right in the raw text and wrong after the repair

    @property
    def raw_wer(self) -> float:
        return self.raw_errors / max(self.ref_words, 1)

    @property
    def wer(self) -> float:
        return self.errors / max(self.ref_words, 1)


def _errors(ref: list[str], hyp: list[str]) -> tuple[int, set[int]]:
    """Edit count, and the reference positions aligned to an equal word."""
    out = jiwer.process_words(" ".join(ref), " ".join(hyp))
    right = set()
    for chunk in out.alignments[0]:
        if chunk.type == "equal":
            right.update(range(chunk.ref_start_idx, chunk.ref_end_idx))
    return out.substitutions + out.deletions + out.insertions, right


def pair_figures(name: str, reference: str, raw: str, repaired: str) -> PairFigures:
    ref = words(reference)
    raw_errors, raw_right = _errors(ref, words(raw))
    errors, right = _errors(ref, words(repaired))
    return PairFigures(name, len(ref), raw_errors, errors, len(raw_right - right))


def evaluate_pairs(folder: Path, lexicon: Lexicon) -> list[PairFigures]:
    figures = []
    for raw_path in sorted(folder.glob("*.raw.txt")):
        ref_path = raw_path.with_name(raw_path.name.replace(".raw.", ".ref."))
        raw, ref = raw_path.read_text(encoding="utf-8"), ref_path.read_text(encoding="utf-8")
        figures.append(pair_figures(raw_path.name.split(".")[0], ref, raw, repair_document(raw, lexicon)))
    return figures


def archive_counts(exclude_gold: bool = True) -> DomainCounts:
    """What an archive of the other Karlsruhe papers teaches the lexicon: the words of every
    text reliably spelled (as `ingest.pipeline` learns from plain text), without the files the
    gold pages come from nor any file that shares a passage with them (a paper's text is often
    attached twice)."""
    gold = [" ".join(p.read_text(encoding="utf-8").split()) for p in GOLD.glob("*/*.ref.txt")]
    stems = {p.name.split(".")[0] for p in GOLD.glob("*/*.ref.txt")}
    windows = {" ".join(g.split()[i : i + 8]) for g in gold for i in range(0, max(len(g.split()) - 8, 1), 40)}
    base, counts = Lexicon(), DomainCounts()
    for path in sorted(FILES.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        flat = " ".join(text.split())
        if exclude_gold and (path.stem in stems or any(w in flat for w in windows)):
            continue
        if (spelling_quality(text, base) or 0.0) >= RELIABLE_SPELLING:
            counts.add_text(dehyphenate(text))
    return counts


@dataclass
class CleanFigures:
    documents: int
    words: int
    changes: list[tuple[str, str, str]]  # (file, before, after)

    @property
    def false(self) -> list[tuple[str, str, str]]:
        """Changes of letters: the letters of a born-digital text are as their authors typed them."""
        return [c for c in self.changes if c[1] != c[2].replace(" ", "")]

    @property
    def rate(self) -> float:
        return len(self.false) / max(self.words, 1)

    @property
    def spaces(self) -> list[tuple[str, str, str]]:
        """Spaces put back where the extraction lost them (right in most cases, see the list)."""
        return [c for c in self.changes if c[1] == c[2].replace(" ", "")]


def clean_texts(count: int, lexicon: Lexicon) -> list[tuple[str, list[str]]]:
    """`count` born-digital texts that read as clean: their pages."""
    chosen = []
    for path in sorted(FILES.glob("*.txt"), key=lambda p: hashlib.sha1(p.name.encode()).hexdigest()):
        pages = split_text_pages(path.read_text(encoding="utf-8", errors="replace"))
        text = "\n".join(pages)
        if len(text.split()) < 50 or any(glued_page(WORD.findall(p)) for p in pages):
            continue
        if estimate_damage(text, lexicon) >= 0.02:
            continue
        chosen.append((path.stem, pages))
        if len(chosen) == count:
            break
    return chosen


def evaluate_clean(count: int, lexicon: Lexicon) -> CleanFigures:
    n_words, changes = 0, []
    texts = clean_texts(count, lexicon)
    for stem, pages in texts:
        for page in pages:
            n_words += len(WORD.findall(page))
            changes += [(stem, c.before, c.after) for c in repair_text(page, lexicon, damage=0.0).changes]
    return CleanFigures(len(texts), n_words, changes)


def _print_pairs(title: str, figures: list[PairFigures], show: bool, folder: Path, lexicon: Lexicon) -> None:
    ref = sum(f.ref_words for f in figures)
    raw, err, broken = (sum(f.raw_errors for f in figures), sum(f.errors for f in figures), sum(f.broken for f in figures))
    print(f"{title}: {len(figures)} pages, {ref} words: WER raw {raw / ref:.2%} → repaired {err / ref:.2%} "
          f"({raw - err} of {raw} errors removed, {broken} words broken)")
    for f in figures:
        print(f"  {f.name:8} {f.ref_words:4} words  {f.raw_wer:6.2%} → {f.wer:6.2%}  broken {f.broken}")
        if show and "heldout" not in folder.name:  # a held-out set is scored, never read
            raw_text = (folder / f"{f.name}.raw.txt").read_text(encoding="utf-8")
            reference = (folder / f"{f.name}.ref.txt").read_text(encoding="utf-8")
            for r, h in word_errors(reference, repair_document(raw_text, lexicon)):
                print(f"      {r!r:40} → {h!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clean", type=int, default=300, help="born-digital texts for the false-correction rate")
    parser.add_argument("--errors", action="store_true", help="list the remaining word errors")
    parser.add_argument("--archive", action="store_true",
                        help="also repair as in an archive of the other Karlsruhe papers (its lexicon counts)")
    args = parser.parse_args()
    lexicon = Lexicon()
    for folder, title in SETS:
        _print_pairs(title, evaluate_pairs(GOLD / folder, lexicon), args.errors, GOLD / folder, lexicon)
    if args.archive:
        counts = archive_counts()
        informed = Lexicon(domain=counts)
        pairs = {w: n for w, n in counts.items() if " " in w}
        print(f"with the archive's lexicon ({len(counts) - len(pairs):,} words, "
              f"{sum(counts.values()) - sum(pairs.values()):,} occurrences of the other papers' reliably "
              f"spelled texts; {len(pairs):,} word pairs around umlaut-ambiguous words):")
        for folder, title in SETS:
            _print_pairs(title, evaluate_pairs(GOLD / folder, informed), args.errors, GOLD / folder, informed)
    if not args.clean:
        return
    clean = evaluate_clean(args.clean, lexicon)
    print(f"born-digital texts: {clean.documents} documents, {clean.words} words: {len(clean.false)} false "
          f"corrections ({clean.rate:.4%}), {len(clean.spaces)} words split where word spaces were lost")
    for stem, before, after in clean.false:
        print(f"  false: {stem}: {before!r} → {after!r}")
    if args.errors:
        for stem, before, after in clean.spaces:
            print(f"  split: {stem}: {before!r} → {after!r}")


if __name__ == "__main__":
    main()
