"""Where the time of the text path goes, per stage, on real born-digital texts.

    .venv/bin/python bench/repair_speed.py [N] [--files DIR] [--before CHECKOUT]

Reads the first N real texts (../shared/real/karlsruhe/files, shuffled with a fixed seed) and
times each stage the ingest runs on a text file: read, layout (running lines, split words),
damage estimate, repair, metadata, passages. One process, one lexicon (as a batch ingest);
embeddings are not counted. Times are CPU seconds of the process (`time.process_time`): the
text path is single-threaded, and on a shared machine a wall clock measures the neighbours.

`--before CHECKOUT` runs the same measurement on another checkout of the code (a
`git worktree` or `git archive` of the commit before a change) in a child process,
alternating with this one (before, after, before, after), and prints both: a before/after
in one run, under the same load.
"""

from __future__ import annotations

import argparse
import ast
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The code measured: this checkout, or (a child of --before) the checkout named by the parent.
CODE = Path(os.environ.get("RATSARCHIV_BENCH_CODE", str(ROOT)))
sys.path.insert(0, str(ROOT))
from bench.shared import KARLSRUHE_FILES as FILES  # noqa: E402  (this checkout's rule, whatever CODE is)

sys.path.insert(0, str(CODE))
STAGES = ("read", "layout", "damage", "repair", "metadata", "passages")


def measure(files: list[Path]) -> tuple[dict[str, float], int, float]:
    """CPU seconds per stage over `files`, their words, and the lexicon's load time."""
    from ingest.inputs import inspect_file, read_text_file
    from ingest.layout import join_split_words_across_pages, strip_running_lines
    from ingest.lexicon import Lexicon
    from ingest.metadata import extract_metadata
    from ingest.models import Document, Page
    from ingest.pipeline import split_text_pages
    from ingest.repair import estimate_damage, repair_text
    from kb.passages import split_document

    t0 = time.process_time()
    lexicon = Lexicon()
    lexicon.score("Förderung")  # loads wordfreq's list
    load = time.process_time() - t0
    stages = dict.fromkeys(STAGES, 0.0)
    words = 0

    def timed(stage: str, fn, *args):
        start = time.process_time()
        result = fn(*args)
        stages[stage] += time.process_time() - start
        return result

    for path in files:
        source = timed("read", inspect_file, path)
        pages = timed("read", lambda p: split_text_pages(read_text_file(p)), path)
        cleaned = timed("layout", lambda p: join_split_words_across_pages(strip_running_lines(p)), pages)
        damage = timed("damage", estimate_damage, "\n".join(cleaned), lexicon)
        texts = timed("repair", lambda c, d: [repair_text(t, lexicon, damage=d).text for t in c], cleaned, damage)
        metadata = timed("metadata", extract_metadata, texts)
        doc = Document(id=path.stem, source=path.name, checksum=source.checksum, media_type=source.media_type,
                       pages=[Page(number=i + 1, raw=r, text=t, origin="plain-text") for i, (r, t) in enumerate(zip(pages, texts))],
                       metadata=metadata)
        timed("passages", split_document, doc)
        words += sum(len(t.split()) for t in texts)
    return stages, words, load


def report(label: str, n: int, stages: dict[str, float], words: int, load: float) -> None:
    total = sum(stages.values())
    print(f"{label}{n} real texts, {words:,} words: {total:.1f} s CPU = {n / total:.1f} documents/s "
          f"(lexicon load {load:.1f} s once, not counted)")
    for stage, seconds in stages.items():
        alone = f"{n / seconds:8.1f}" if seconds else "     inf"
        print(f"  {stage:9} {seconds:6.1f} s  {seconds / total:5.1%}  {alone} documents/s alone")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=200)
    parser.add_argument("--files", type=Path, default=FILES)
    parser.add_argument("--before", type=Path, help="another checkout of the code, measured in the same run")
    parser.add_argument("--rounds", type=int, default=2, help="with --before: alternations of before and after")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    files = sorted(args.files.glob("*.txt"))
    random.Random(7).shuffle(files)
    files = files[: args.n]
    if not files:
        sys.exit(f"no texts in {args.files}")
    if args.child:  # one measurement, printed for the parent
        stages, words, load = measure(files)
        import ingest

        print(f"# code: {Path(ingest.__file__).parent.parent}", file=sys.stderr)
        print(repr((stages, words, load)))
        return
    if not args.before:
        report("", len(files), *measure(files))
        return
    runs: dict[str, list] = {"before": [], "after": []}
    for _ in range(args.rounds):
        for label, checkout in (("before", args.before.resolve()), ("after", ROOT)):
            env = dict(os.environ, PYTHONPATH=str(checkout), RATSARCHIV_BENCH_CODE=str(checkout))
            child = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), str(args.n), "--files", str(args.files), "--child"],
                cwd=checkout, env=env, capture_output=True, text=True, check=True)
            assert f"# code: {checkout}" in child.stderr, child.stderr  # the child measured that checkout's code
            runs[label].append(ast.literal_eval(child.stdout.strip().splitlines()[-1]))
    for label, results in runs.items():
        best = min(results, key=lambda r: sum(r[0].values()))  # least disturbed by the neighbours
        totals = ", ".join(f"{sum(r[0].values()):.1f}" for r in results)
        report(f"{label} ({args.before if label == 'before' else ROOT}; CPU s per round: {totals}; best shown)\n  ",
               len(files), *best)


if __name__ == "__main__":
    main()
