"""Evaluation of retrieval: Recall@1/5/10 and MRR for BM25, dense and hybrid, side by side.

    .venv/bin/python bench/eval_search.py [--data DIR] [--model e5|minilm] [--misses]

The questions (tests/eval/search-questions.json) are written the way staff ask, each with
the document and page that answers it (and, where another paper states the same fact,
those pages under "also"). A hit counts when a retrieved passage is from such a page. The sample corpus is ingested and indexed into a fresh data
directory (or `--data` is reused).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.indexer import open_store  # noqa: E402
from kb.library import Library  # noqa: E402
from kb.search import Searcher  # noqa: E402

QUESTIONS = ROOT / "tests" / "eval" / "search-questions.json"
MODES = ("bm25", "dense", "hybrid")


@dataclass
class Figures:
    mode: str
    recall: dict[int, float]
    mrr: float
    misses: list[str]


def prepare(data: Path, model: str) -> None:
    report = Library(data, model=model).ingest([ROOT / "corpus"]).report
    if report.failed:
        raise SystemExit(f"ingest failed: {[(o.path.name, o.error) for o in report.failed]}")


def evaluate(data: Path, model: str, modes: tuple[str, ...] = MODES) -> dict[str, Figures]:
    questions = json.loads(QUESTIONS.read_text(encoding="utf-8"))
    store = open_store(data)
    out = {}
    for mode in modes:
        searcher = Searcher(store, mode=mode, model=model)  # type: ignore[arg-type]
        ranks = []
        misses = []
        for q in questions:
            hits = searcher.search(q["question"], top_k=10).hits
            relevant = {(q["document"], q["page"])} | {(a["document"], a["page"]) for a in q.get("also", [])}
            rank = next((i + 1 for i, h in enumerate(hits) if (h.document, h.page) in relevant), None)
            ranks.append(rank)
            if rank is None or rank > 5:
                misses.append(f"{q['question']} → {q['document']} S. {q['page']} (rank {rank})")
        n = len(ranks)
        out[mode] = Figures(
            mode,
            {k: sum(1 for r in ranks if r and r <= k) / n for k in (1, 5, 10)},
            sum(1 / r for r in ranks if r) / n,
            misses,
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path)
    parser.add_argument("--model", default="e5", choices=["e5", "minilm"])
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data or Path(tmp)
        prepare(data, args.model)
        figures = evaluate(data, args.model)
    n = len(json.loads(QUESTIONS.read_text(encoding="utf-8")))
    print(f"{n} questions, model {args.model}")
    print(f"{'mode':8} {'R@1':>6} {'R@5':>6} {'R@10':>6} {'MRR':>6}")
    for f in figures.values():
        print(f"{f.mode:8} {f.recall[1]:6.3f} {f.recall[5]:6.3f} {f.recall[10]:6.3f} {f.mrr:6.3f}")
        if args.misses:
            for m in f.misses:
                print("   ", m)


if __name__ == "__main__":
    main()
