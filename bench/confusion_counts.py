"""Which OCR confusions explain the word errors of real OCR output, and how often.

    .venv/bin/python bench/confusion_counts.py

Aligns raw OCR with its reference (the seed and its hand-corrected text, the English-model OCR
dev set in tests/eval/real-ocr/eng/), and for every substituted word finds the shortest chain of
patterns of `ingest.confusions.CONFUSIONS` that turns the OCR word into the reference word.
Prints how often each pattern was needed and the substitutions no chain explains (candidates
for new patterns). The kinds and their costs in `ingest.repair` are set from these counts:
lost umlauts far the commonest, then glyph confusions of ü and ß, junk glyphs, letter shapes.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import jiwer

from bench.textmetrics import words
from ingest.confusions import CONFUSIONS

SEED = (ROOT / "corpus" / "vorlage-sozialplanung-2019.txt", ROOT / "tests" / "eval" / "seed-reference.txt")
ENG = ROOT / "tests" / "eval" / "real-ocr" / "eng"


def pairs() -> list[tuple[str, str]]:
    files = [SEED] + [(p, p.with_name(p.name.replace(".raw.", ".ref."))) for p in sorted(ENG.glob("*.raw.txt"))]
    out = []
    for raw_path, ref_path in files:
        ref, hyp = words(ref_path.read_text(encoding="utf-8")), words(raw_path.read_text(encoding="utf-8"))
        result = jiwer.process_words(" ".join(ref), " ".join(hyp))
        for chunk in result.alignments[0]:
            if chunk.type == "substitute":
                r = result.references[0][chunk.ref_start_idx : chunk.ref_end_idx]
                h = result.hypotheses[0][chunk.hyp_start_idx : chunk.hyp_end_idx]
                out += list(zip(h, r))
    return out


def explain(seen: str, meant: str, budget: int = 3) -> list[tuple[str, str]] | None:
    """The shortest chain of patterns that turns `seen` into `meant`, or None."""
    best: list[list[tuple[str, str]]] = []

    def walk(i: int, j: int, used: list[tuple[str, str]]) -> None:
        if best and len(used) >= len(best[0]):
            return
        if i == len(seen):
            if j == len(meant):
                best[:] = [list(used)]
            return
        if j < len(meant) and seen[i] == meant[j]:
            walk(i + 1, j + 1, used)
        if len(used) < budget:
            for s, m, _ in CONFUSIONS:
                if seen.startswith(s, i) and meant.startswith(m, j):
                    walk(i + len(s), j + len(m), [*used, (s, m)])

    walk(0, 0, [])
    return best[0] if best else None


def main() -> None:
    counts: Counter[tuple[str, str]] = Counter()
    unexplained: Counter[tuple[str, str]] = Counter()
    subs = pairs()
    for seen, meant in subs:
        chain = explain(seen, meant)
        if chain:
            counts.update(chain)
        else:
            unexplained[(seen, meant)] += 1
    print(f"{len(subs)} substituted words, {len(subs) - sum(unexplained.values())} explained by the confusion model")
    kinds = {(s, m): k for s, m, k in CONFUSIONS}
    for (s, m), n in counts.most_common():
        print(f"  {n:4}  {s!r:>6} → {m!r:6} ({kinds[(s, m)]})")
    print("not explained:")
    for (seen, meant), n in unexplained.most_common(30):
        print(f"  {n:4}  {seen!r} → {meant!r}")


if __name__ == "__main__":
    main()
