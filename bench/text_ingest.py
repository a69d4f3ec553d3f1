"""The text path on real texts: does every word reach a passage, and how fast is it?

    nice -n 10 .venv/bin/python bench/text_ingest.py [--limit N] [--every K] [--no-repair] [--files DIR]
    RATSARCHIV_BENCH_CODE=<other checkout> … bench/text_ingest.py     # "before": that checkout's code

Over the extracted texts of real council papers (default: the 5,523 Karlsruhe files),
each file goes the way `kb ingest` takes a .txt file, without embeddings:
inspect → read → pages → headers/footers → damage estimate → repair → metadata → passages
(`ingest.pipeline.build_document` itself, its stages timed from outside). Beside it, in
the same run, a plain read of the same files (bytes → str) as the baseline. Printed:

- documents with no passage (must be 0) and the names of any;
- words covered: the words of each page's text (the text the passages are cut from)
  that reach a passage, in order, exactly once (must be 100 %); separately the change
  in word count from the raw text to the repaired text (the repair joins split words);
- split time per document and its linearity (µs per 1,000 characters, by size quartile);
- documents/s through the text path, and the ratio to the plain read;
- where the time goes, per stage.

`--no-repair` leaves the damage estimate and repair out (page text = raw text after
headers/footers): coverage and split on every file in minutes while the repair is slow.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The code measured: this checkout, or another one (the commit before a change) for a
# before/after with the same script: RATSARCHIV_BENCH_CODE=<checkout>.
CODE = Path(os.environ.get("RATSARCHIV_BENCH_CODE", str(ROOT)))
sys.path.insert(0, str(CODE))

import ingest.pipeline as pipeline  # noqa: E402
from ingest.inputs import inspect_file, read_text_file  # noqa: E402
from ingest.lexicon import DomainCounts, Lexicon  # noqa: E402
from ingest.pipeline import _Scanned, build_document, split_text_pages  # noqa: E402
from kb.passages import passage_spans, split_document  # noqa: E402
from bench.shared import KARLSRUHE_FILES  # noqa: E402

# CPU time of this process: the machine's 2 cores are shared, and a wall clock would
# measure the neighbours. The text path is single-threaded, so CPU time is its cost.
_clock = time.process_time
# The main checkout sits beside ../shared; a worktree under wt/ one level deeper.
FILES = KARLSRUHE_FILES
# The stages build_document calls, timed by wrapping the names it looks up in its module.
STAGES = ["strip_running_lines", "join_split_words_across_pages", "estimate_damage", "repair_text", "extract_metadata"]


class _Identity:
    """A repair that changes nothing (for --no-repair)."""

    def __init__(self, text: str):
        self.text, self.changes = text, []


def _timed(times: dict[str, float], name: str, fn):
    def wrapper(*args, **kwargs):
        t = _clock()
        try:
            return fn(*args, **kwargs)
        finally:
            times[name] += _clock() - t

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=Path, default=FILES)
    parser.add_argument("--limit", type=int, default=0, help="only the first N files (sorted by name)")
    parser.add_argument("--every", type=int, default=1, help="every k-th file (a spread sample)")
    parser.add_argument("--no-repair", action="store_true", help="skip the damage estimate and the repair")
    args = parser.parse_args()
    files = sorted(args.files.glob("*.txt"))[:: args.every]
    if args.limit:
        files = files[: args.limit]

    # Baseline: a plain read of the same files (warm cache for both: read once first).
    for f in files:
        f.read_bytes()
    t = _clock()
    for f in files:
        f.read_bytes().decode("utf-8", errors="replace")
    plain_s = _clock() - t

    times: dict[str, float] = defaultdict(float)
    for name in STAGES:
        if hasattr(pipeline, name):
            setattr(pipeline, name, _timed(times, name, getattr(pipeline, name)))
    if args.no_repair:
        pipeline.estimate_damage = lambda *a, **k: None  # type: ignore[assignment]
        pipeline.repair_text = lambda text, *a, **k: _Identity(text)  # type: ignore[assignment]
    lexicon = Lexicon(domain=DomainCounts())

    empty: list[tuple[str, str]] = []
    failed: list[tuple[str, str]] = []
    raw_words = repaired_words = page_words = covered_words = 0
    split_rows: list[tuple[int, float]] = []  # (characters, seconds)
    t_all = _clock()
    wall_all = time.perf_counter()
    for f in files:
        try:
            t = _clock()
            source = inspect_file(f)
            times["inspect"] += _clock() - t
            t = _clock()
            text = read_text_file(f)
            pages = split_text_pages(text)
            times["read + pages"] += _clock() - t
            scanned = _Scanned(source, pages, ["plain-text"] * len(pages), [None] * len(pages), None)
            doc = build_document(scanned, lexicon)
            t = _clock()
            passages = split_document(doc)
            elapsed = _clock() - t
            times["passages"] += elapsed
        except Exception as e:  # a bench reports and goes on
            failed.append((f.name, f"{type(e).__name__}: {e}"))
            continue
        split_rows.append((sum(len(p.text) for p in doc.pages), elapsed))
        raw_words += len(text.split())
        repaired_words += sum(len(p.text.split()) for p in doc.pages)
        for page in doc.pages:
            words = page.text.split()
            page_words += len(words)
            got = [w for p in sorted((p for p in passages if p.meta["page"] == page.number), key=lambda p: p.meta["start"])
                   for w in p.content.split()]
            covered_words += len(words) if got == words else len(os.path.commonprefix([got, words]))
        if not passages:
            empty.append((f.name, "kein Text" if not doc.text.strip() else "Text, aber kein Abschnitt"))
    total_s = _clock() - t_all
    wall_s = time.perf_counter() - wall_all
    done = len(files) - len(failed)

    print(f"code: {Path(pipeline.__file__).resolve().parents[1]}")
    print(f"files: {len(files)} from {args.files}" + (" (no repair)" if args.no_repair else ""))
    print(f"failed: {len(failed)}" + "".join(f"\n  {n}: {e}" for n, e in failed[:20]))
    no_text = [n for n, r in empty if r == "kein Text"]
    lost = [(n, r) for n, r in empty if r != "kein Text"]
    print(f"documents with text but no passage: {len(lost)}" + "".join(f"\n  {n}: {r}" for n, r in lost[:20]))
    print(f"documents without any text (empty extraction, named by the coverage guard): {len(no_text)}"
          + (f" ({', '.join(no_text[:10])}{' …' if len(no_text) > 10 else ''})" if no_text else ""))
    print(f"words covered: {covered_words:,} of {page_words:,} page-text words = {100 * covered_words / max(page_words, 1):.3f} %")
    print(f"raw → repaired words: {raw_words:,} → {repaired_words:,} ({100 * (repaired_words - raw_words) / max(raw_words, 1):+.3f} %)")
    _print_split(split_rows)
    print(f"text path: {done} documents in {total_s:.1f} s CPU = {done / total_s:.2f} documents/s per core "
          f"(wall clock {wall_s:.1f} s on the shared machine)")
    print(f"plain read: {len(files)} files in {plain_s:.3f} s = {len(files) / plain_s:,.0f} files/s; "
          f"text path is {total_s / max(plain_s, 1e-9):,.0f}× the plain read")
    print("where the time goes (s, share of the text path):")
    for name, s in sorted(times.items(), key=lambda kv: -kv[1]):
        print(f"  {name:32} {s:8.2f}  {100 * s / total_s:5.1f} %")


def _print_split(rows: list[tuple[int, float]]) -> None:
    """Split time per document, and µs per 1,000 characters by size quartile (flat = linear)."""
    if not rows:
        return
    rows = sorted(rows)
    per_doc = [s for _, s in rows]
    print(f"split time per document: median {1000 * statistics.median(per_doc):.2f} ms, "
          f"max {1000 * max(per_doc):.1f} ms (largest document: {rows[-1][0]:,} characters, {1000 * rows[-1][1]:.1f} ms)")
    # Median per quartile: robust to a document that met a busy core (2 cores, 8 users).
    q = max(1, len(rows) // 4)
    parts = []
    for i in range(0, len(rows), q):
        chunk = [(c, s) for c, s in rows[i : i + q] if c >= 200]  # below that, fixed costs dominate
        if chunk:
            rate = statistics.median(1e9 * s / c for c, s in chunk)
            parts.append(f"{chunk[0][0]:,}–{chunk[-1][0]:,} chars: {rate:.1f}")
    print("split µs per 1,000 characters, median by size quartile (flat = linear): " + "; ".join(parts))
    # The worst case a page can be: one 50,000-word paragraph without blank lines.
    big = ("Wort " * 12 + "Satz. ") * 4000
    t = _clock()
    passage_spans(big)
    print(f"split of one {len(big):,}-character paragraph: {1000 * (_clock() - t):.1f} ms")


if __name__ == "__main__":
    main()
