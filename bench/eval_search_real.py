"""Search on real council papers: R@1/5/10 and MRR on the Karlsruhe corpus, BM25 on all papers,
BM25 vs dense vs hybrid on the largest subset that can be embedded on this machine.

    nice -n 10 .venv/bin/python bench/eval_search_real.py [--subset-passages N] [--misses]

The queries (tests/eval/real-search-questions.json) were written as staff type them, each with
the OParl papers that answer it; they were written before any tuning and split once at random
into a dev half (tuning) and a held-out half. Indexes are built through the normal ingest path
(`Library.ingest` on the .txt files) and cached under /work/cache/search-real/:

- `full`: all 5,523 texts of the 1,964 papers, BM25 only (model=None; its build is timed);
- `subset-<n>`: the answering papers plus random distractor papers (seed 13) up to about n
  passages, with e5 embeddings (~0.12 s per passage on this machine: the whole corpus would
  take ~2 h, so hybrid is measured on the subset, with BM25 and dense on the same subset).

Ranking is paper-level, in the order staff see results: the documents (files) of the first
`WINDOW` passages, grouped as `SearchResult.documents` groups them; a document of any file of
an answering paper counts, and the rank is that document's position among the documents.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.library import Library  # noqa: E402
from kb.passages import TARGET_WORDS  # noqa: E402
from kb.search import Searcher  # noqa: E402

REAL = Path("/work/shared/real/karlsruhe")
CACHE = Path("/work/cache/search-real")
QUESTIONS = ROOT / "tests" / "eval" / "real-search-questions.json"
WINDOW = 40  # passages per query: enough to fill the first 10 documents
SEED = 13


@dataclass
class Figures:
    name: str
    ranks: list[int | None]
    misses: list[str] = field(default_factory=list)

    def recall(self, k: int) -> float:
        return sum(1 for r in self.ranks if r and r <= k) / len(self.ranks)

    @property
    def mrr(self) -> float:
        return sum(1 / r for r in self.ranks if r) / len(self.ranks)

    def row(self) -> str:
        return (f"{self.name:28} {len(self.ranks):3} {self.recall(1):6.3f} {self.recall(5):6.3f} "
                f"{self.recall(10):6.3f} {self.mrr:6.3f}")


def file_papers() -> dict[str, str]:
    """File id (the number of files/<n>.txt) → OParl paper id."""
    out = {}
    for path in (REAL / "papers").glob("*.json"):
        paper = json.loads(path.read_text(encoding="utf-8"))
        for f in paper.get("auxiliaryFile", []):
            out[f["id"].rsplit("/", 1)[1]] = path.stem
    return out


def paper_files() -> dict[str, list[Path]]:
    out: dict[str, list[Path]] = {}
    for fid, paper in file_papers().items():
        path = REAL / "files" / f"{fid}.txt"
        if path.exists():
            out.setdefault(paper, []).append(path)
    return out


def build(data: Path, files: list[Path], model: str | None) -> dict:
    """Ingest + index `files` into `data` once (cached; `BUILT` holds the figures of the build)."""
    done = data / "BUILT"
    if done.exists():
        return json.loads(done.read_text())
    data.mkdir(parents=True, exist_ok=True)
    cpu, wall = time.process_time(), time.perf_counter()
    result = Library(data, model=model).ingest(files, jobs=1)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    figures = {"files": len(files), "failed": [[o.path.name, str(o.error)] for o in result.report.failed],
               "indexed": str(result.index), "cpu_s": round(cpu, 1), "wall_s": round(wall, 1),
               "passages": Library(data, model=None).store.count_documents()}
    done.write_text(json.dumps(figures, indent=1))
    return figures


def evaluate(searcher: Searcher, questions: list[dict], papers_of: dict[str, str], name: str) -> Figures:
    figures = Figures(name, [])
    for q in questions:
        wanted = {a["paper"] for a in q["answers"]}
        documents = searcher.search(q["query"], top_k=WINDOW).documents
        found = [papers_of.get(Path(d.source).stem or d.document) for d in documents]
        rank = next((i + 1 for i, p in enumerate(found) if p in wanted), None)
        figures.ranks.append(rank)
        if rank is None or rank > 5:
            top = ", ".join(f"{p}" for p in found[:5])
            figures.misses.append(f"[{q['split']}/{q['kind']}] {q['query']!r} → {sorted(wanted)} rank {rank}; top: {top}")
    return figures


def report(rows: list[Figures], misses: bool) -> None:
    print(f"{'run':28} {'n':>3} {'R@1':>6} {'R@5':>6} {'R@10':>6} {'MRR':>6}")
    for f in rows:
        print(f.row())
    if misses:
        for f in rows:
            for m in f.misses:
                print(f"  {f.name}: {m}")


def halves(questions: list[dict]) -> dict[str, list[dict]]:
    return {"dev": [q for q in questions if q["split"] == "dev"],
            "heldout": [q for q in questions if q["split"] == "heldout"]}


def by_half(searcher: Searcher, questions: list[dict], papers_of: dict[str, str], name: str) -> list[Figures]:
    """dev, held-out and all (the two halves together, not searched again)."""
    rows = [evaluate(searcher, qs, papers_of, f"{name} {half}") for half, qs in halves(questions).items()]
    return rows + [Figures(f"{name} all", rows[0].ranks + rows[1].ranks, [])]


def choose_subset(questions: list[dict], files: dict[str, list[Path]], budget: int) -> list[str]:
    """Answering papers first, then random distractor papers while the passage budget lasts
    (a file's passages estimated before indexing as its words / TARGET_WORDS)."""
    answering = sorted({a["paper"] for q in questions for a in q["answers"]})
    others = sorted(set(files) - set(answering), key=int)
    random.Random(SEED).shuffle(others)
    chosen, used = [], 0
    for paper in answering + others:
        cost = sum(max(1, len(p.read_text(encoding="utf-8", errors="replace").split()) // TARGET_WORDS) for p in files[paper])
        if paper in answering or used + cost <= budget:
            chosen.append(paper)
            used += cost
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-only", action="store_true", help="build the full BM25 index and stop")
    parser.add_argument("--subset-passages", type=int, default=0, help="also build/measure the e5 subset of ~N passages")
    parser.add_argument("--subset-only", action="store_true", help="only the subset (e.g. build it while the full index builds)")
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()

    files = paper_files()
    questions = json.loads(QUESTIONS.read_text(encoding="utf-8"))["questions"]
    papers_of = file_papers()
    if not args.subset_only:
        all_files = sorted((p for fs in files.values() for p in fs), key=lambda p: int(p.stem))
        full = build(CACHE / "full", all_files, None)
        print(f"full index: {full['files']} files of {len(files)} papers, {full['passages']} passages, "
              f"failed {len(full['failed'])}, build {full['cpu_s']} s CPU / {full['wall_s']} s wall (BM25 only, nice'd)")
        if args.build_only:
            return
        bm25 = Searcher(Library(CACHE / "full", model=None).store, mode="bm25")
        rows = by_half(bm25, questions, papers_of, "full bm25")
        report(rows, args.misses)

    if args.subset_passages:
        chosen = choose_subset(questions, files, args.subset_passages)
        subset_files = sorted((p for paper in chosen for p in files[paper]), key=lambda p: int(p.stem))
        data = CACHE / f"subset-{args.subset_passages}"
        sub = build(data, subset_files, "e5")
        print(f"\nsubset: {len(chosen)} papers ({len(chosen) - len({a['paper'] for q in questions for a in q['answers']})} "
              f"distractors), {sub['files']} files, {sub['passages']} passages, build {sub['cpu_s']} s CPU / "
              f"{sub['wall_s']} s wall (with e5)")
        store = Library(data, model="e5").store
        rows = []
        for mode in ("bm25", "dense", "hybrid"):
            searcher = Searcher(store, mode=mode)  # type: ignore[arg-type]
            rows += by_half(searcher, questions, papers_of, f"subset {mode}")
        report(rows, args.misses)


if __name__ == "__main__":
    main()
