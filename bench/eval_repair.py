"""Evaluation of the text repair: word error rate on the seed, changes on clean text.

    .venv/bin/python bench/eval_repair.py [--errors]

1. The seed paper (real OCR damage) against its hand-corrected reference
   (tests/eval/seed-reference.txt): WER before and after `kb repair`. The repair runs
   as in an archive that holds the other sample papers: the words seen intact there
   (`DomainCounts` of the corpus' clean texts, the seed excluded) inform it. The figure
   without that knowledge is printed too.
2. The clean source texts of the corpus (tests/eval/corpus/*.txt): the share of words
   the repair changes (should be ~0: correct text must stay as it is).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.textmetrics import wer, word_errors, words  # noqa: E402
from ingest.layout import strip_running_lines  # noqa: E402
from ingest.lexicon import DomainCounts, Lexicon  # noqa: E402
from ingest.pipeline import split_text_pages  # noqa: E402
from ingest.repair import estimate_damage, repair_text  # noqa: E402

SEED = ROOT / "corpus" / "vorlage-sozialplanung-2019.txt"
REFERENCE = ROOT / "tests" / "eval" / "seed-reference.txt"
SOURCES = ROOT / "tests" / "eval" / "corpus"


@dataclass
class RepairFigures:
    seed_raw_wer: float
    seed_wer: float
    seed_wer_without_archive: float
    clean_words: int
    clean_changed: int
    seed_errors: list[tuple[str, str]]

    @property
    def clean_change_rate(self) -> float:
        return self.clean_changed / max(self.clean_words, 1)


def archive_counts() -> DomainCounts:
    """What an archive of the other sample papers teaches: their words, spelled right."""
    counts = DomainCounts()
    for path in sorted(SOURCES.glob("*.txt")):
        if path.stem != SEED.stem:
            counts.add_text(path.read_text(encoding="utf-8"))
    return counts


def repair_document(text: str, lexicon: Lexicon) -> str:
    """What `kb repair` does to a plain text file."""
    pages = strip_running_lines(split_text_pages(text))
    damage = estimate_damage("\n".join(pages), lexicon)
    return "\n\n".join(repair_text(p, lexicon, damage=damage).text for p in pages)


def evaluate() -> RepairFigures:
    seed = SEED.read_text(encoding="utf-8")
    reference = REFERENCE.read_text(encoding="utf-8")
    informed = Lexicon(domain=archive_counts())
    repaired = repair_document(seed, informed)
    clean_words = clean_changed = 0
    for path in sorted(SOURCES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        before, after = words(text), words(repair_document(text, informed))
        clean_words += len(before)
        clean_changed += sum(a != b for a, b in zip(before, after)) + abs(len(before) - len(after))
    return RepairFigures(
        seed_raw_wer=wer(reference, seed),
        seed_wer=wer(reference, repaired),
        seed_wer_without_archive=wer(reference, repair_document(seed, Lexicon())),
        clean_words=clean_words,
        clean_changed=clean_changed,
        seed_errors=word_errors(reference, repaired),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list the remaining word errors on the seed")
    args = parser.parse_args()
    f = evaluate()
    print(f"seed: WER raw OCR {f.seed_raw_wer:.2%}  →  repaired {f.seed_wer:.2%} "
          f"(without the archive's vocabulary: {f.seed_wer_without_archive:.2%})")
    print(f"clean corpus texts: {f.clean_changed} of {f.clean_words} words changed ({f.clean_change_rate:.3%})")
    if args.errors:
        for ref, hyp in f.seed_errors:
            print(f"  {ref!r:40} → {hyp!r}")


if __name__ == "__main__":
    main()
