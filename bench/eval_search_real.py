"""Search on real council papers: R@1/5/10 and MRR on the Karlsruhe corpus, BM25 on all papers,
BM25 vs dense vs hybrid on the largest subset that can be embedded on this machine.

    nice -n 10 .venv/bin/python bench/eval_search_real.py [--subset-passages N] [--misses]

The queries (tests/eval/real-search-questions.json) were written as staff type them, each with
the OParl papers that answer it; they were written before any tuning and split once at random
into a dev half (tuning) and a held-out half. Indexes are built through the normal ingest path
(`Library.ingest` on the .txt files) and cached under ../cache/search-real/ (RATSARCHIV_BENCH_CACHE):

- `full`: all 5,523 texts of the 1,964 papers, BM25 only (model=None; its build is timed);
- `subset-<n>`: the answering papers plus random distractor papers (seed 13) up to about n
  passages, with e5 embeddings (~0.12 s per passage on this machine: the whole corpus would
  take ~2 h, so hybrid is measured on the subset, with BM25 and dense on the same subset).
- `full-hybrid` (`--hybrid`): a copy of the full index's passages in which every passage whose
  embedding text is in the e5 cache (`bench/fill_embedding_cache.py` fills it in the
  background) gets its vector: all 1,964 papers indexed, passages without a vector yet are
  BM25-only (the dense retriever skips them). The output states how many of the passages
  have real vectors. Measured through the product's `Searcher` (mode hybrid / dense).

`--tune`: fusion settings chosen on the dev half only (fusion weights, candidates per
retriever), from each query's BM25 and dense lists computed once (the same retrieval and the
same haystack `DocumentJoiner` as the pipeline); held-out reported with the dev choice.

Ranking is paper-level, in the order staff see results: the documents (files) of the first
`WINDOW` passages, grouped as `SearchResult.documents` groups them; a document of any file of
an answering paper counts, and the rank is that document's position among the documents.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from haystack import Document  # noqa: E402
from haystack.components.joiners import DocumentJoiner  # noqa: E402
from haystack.document_stores.types import DuplicatePolicy  # noqa: E402
from whoosh import index  # noqa: E402

from kb import pipelines  # noqa: E402
from kb.embedders import _load_e5, embedding_text  # noqa: E402
from kb.embedding_cache import EmbeddingCache  # noqa: E402
from kb.library import Library  # noqa: E402
from kb.passages import TARGET_WORDS  # noqa: E402
from kb.search import Searcher, is_reference  # noqa: E402
from kb.store import INDEX_NAME, WhooshDocumentStore  # noqa: E402
from bench.shared import BENCH_CACHE, E5_CACHE, KARLSRUHE  # noqa: E402

REAL = KARLSRUHE
CACHE = BENCH_CACHE / "search-real"
QUESTIONS = ROOT / "tests" / "eval" / "real-search-questions.json"
VECTORS = E5_CACHE
WINDOW = 40  # passages per query: enough to fill the first 10 documents
SEED = 13
DEPTH = 100  # passages per retriever kept for tuning (the largest candidate count tried)


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


def rank_of(documents: list[str], wanted: set[str]) -> int | None:
    return next((i + 1 for i, p in enumerate(documents) if p in wanted), None)


def hybrid_copy(cache: EmbeddingCache, update: bool = True) -> tuple[WhooshDocumentStore, int, int]:
    """The full index with the cached vectors written in (a copy: the BM25 index is read-only
    input). Each run adds the vectors cached since the last; returns (store, passages with a
    vector, passages)."""
    target = CACHE / "full-hybrid"
    if not (target / "index").exists():
        target.mkdir(parents=True, exist_ok=True)
        subprocess.run(["cp", "-a", "--reflink=auto", str(CACHE / "full" / "index"), str(target / "index")], check=True)
    store = WhooshDocumentStore(target / "index")
    done_file = target / "WITH_VECTORS"
    done = set(done_file.read_text().split()) if done_file.exists() else set()
    passages = store.passages()
    texts = [embedding_text(p) for p in passages]
    vectors = cache.get_many(texts)
    new = [replace(passages[i], embedding=v.tolist()) for i, v in vectors.items() if passages[i].id not in done and update]
    cpu, wall = time.process_time(), time.perf_counter()
    for start in range(0, len(new), 2000):
        store.write_documents(new[start : start + 2000], policy=DuplicatePolicy.OVERWRITE)
        done.update(d.id for d in new[start : start + 2000])
        done_file.write_text("\n".join(sorted(done)))
    if new:
        # An updated passage leaves its old version behind as a deleted document until a merge,
        # and Whoosh's term statistics still count it: merge, so that BM25 on the copy ranks as
        # BM25 on the original index (and as an index built with the vectors from the start).
        index.open_dir(target / "index", indexname=INDEX_NAME).optimize()
    print(f"full-hybrid: wrote {len(new)} new vectors in {time.process_time() - cpu:.0f} s CPU / "
          f"{time.perf_counter() - wall:.0f} s wall", flush=True)
    return store, len(done), len(passages)


@dataclass
class Lists:
    """One query's ranked passages from each retriever (DEPTH deep), as the pipeline gets them."""

    question: dict
    bm25: list[Document]
    dense: list[Document]


def candidate_lists(store: WhooshDocumentStore, questions: list[dict]) -> list[Lists]:
    model = _load_e5()
    out = []
    for q in questions:
        bm25, _ = store.bm25_retrieval(q["query"], None, DEPTH)
        dense = store.embedding_retrieval(model.query(q["query"]).tolist(), None, DEPTH)
        out.append(Lists(q, bm25, dense))
    return out


@dataclass(frozen=True)
class Fusion:
    bm25_weight: float  # share of BM25 in the reciprocal rank fusion (0.5: equal)
    bm25_k: int  # passages BM25 hands to the fusion
    dense_k: int  # passages dense hands to the fusion

    def fuse(self, lists: Lists) -> list[Document]:
        if is_reference(lists.question["query"]) and self.bm25_weight > 0:
            return lists.bm25[:WINDOW]  # as the Searcher ranks a paper's number in hybrid mode
        joiner = DocumentJoiner(join_mode="reciprocal_rank_fusion", weights=[self.bm25_weight, 1 - self.bm25_weight],
                                top_k=max(pipelines.CANDIDATES, WINDOW))
        return joiner.run(documents=[lists.bm25[: self.bm25_k], lists.dense[: self.dense_k]])["documents"][:WINDOW]


def fused_figures(fusion: Fusion, lists: list[Lists], papers_of: dict[str, str], name: str) -> Figures:
    figures = Figures(name, [])
    for item in lists:
        documents = list(dict.fromkeys(Path(d.meta.get("source", "")).stem or d.meta["document"] for d in fusion.fuse(item)))
        found = [papers_of.get(d) for d in documents]
        wanted = {a["paper"] for a in item.question["answers"]}
        rank = rank_of(found, wanted)
        figures.ranks.append(rank)
        if rank is None or rank > 5:
            figures.misses.append(f"[{item.question['split']}/{item.question['kind']}] {item.question['query']!r} rank {rank}")
    return figures


def tune(lists: list[Lists], papers_of: dict[str, str]) -> Fusion:
    """The fusion with the best dev R@5, then MRR, then the smallest change from equal weights."""
    dev = [x for x in lists if x.question["split"] == "dev"]
    grid = [Fusion(w, kb, kd) for w in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8) for kb in (20, 40, 60, 100) for kd in (10, 20, 40, 60, 100)]
    scored = []
    for f in grid:
        fig = fused_figures(f, dev, papers_of, "dev")
        scored.append(((fig.recall(5), fig.mrr, -abs(f.bm25_weight - 0.5), -abs(f.bm25_k - 40), -abs(f.dense_k - 40)), f, fig))
    scored.sort(key=lambda x: x[0], reverse=True)
    print("\nbest dev settings (R@5, MRR; ties: nearest to equal weights and 40 candidates each):")
    for key, f, fig in scored[:8]:
        print(f"  {f}: R@5 {fig.recall(5):.3f} MRR {fig.mrr:.3f}")
    return scored[0][1]


def projected_lists(store: WhooshDocumentStore, cache: EmbeddingCache, lists: list[Lists], questions: list[dict],
                    files: dict[str, list[Path]], papers_of: dict[str, str]) -> tuple[list[Lists], float]:
    """Each query's dense list as it would be with every passage embedded, estimated in strata.

    Known exactly (weight 1): every passage of the answering papers, and the query's own top
    DEPTH BM25 passages that have a vector (the fill embeds those first: the close competitors
    a small sample would miss). Estimated: every other passage, from the subset's distractor
    papers, a uniform random sample (seed 13) of the non-answering papers with share f; each
    sampled passage stands for 1/f passages of as many documents (virtual copies that answer
    nothing), so the answers meet as many dense competitors as in the whole corpus, in
    expectation. The BM25 list is the real one over all passages. Returns the lists and f.
    """
    answering = {a["paper"] for q in questions for a in q["answers"]}
    sample = set(choose_subset(questions, files, 5000)) - answering
    share = len(sample) / (len(files) - len(answering))
    paper = lambda p: papers_of.get(Path(p.meta.get("source", "")).stem)  # noqa: E731
    near = {d.id for item in lists for d in item.bm25}
    keep = [p for p in store.passages() if paper(p) in answering or paper(p) in sample or p.id in near]
    vectors = cache.get_many([embedding_text(p) for p in keep])
    keep = [keep[i] for i in sorted(vectors)]
    matrix = np.stack([vectors[i] for i in sorted(vectors)])
    answers = np.array([paper(p) in answering for p in keep])
    sampled = np.array([paper(p) in sample for p in keep])
    ids = np.array([p.id for p in keep])
    model = _load_e5()
    out = []
    for item in lists:
        own = np.isin(ids, [d.id for d in item.bm25])
        rows = np.flatnonzero(answers | sampled | own)
        scores = matrix[rows] @ model.query(item.question["query"])
        dense: list[Document] = []
        carry = 0.0
        for j in np.argsort(-scores, kind="stable"):
            n = rows[j]
            dense.append(replace(keep[n], score=float(scores[j])))
            if sampled[n] and not own[n] and not answers[n]:
                carry += 1 / share - 1
                while carry >= 1 and len(dense) < DEPTH:
                    carry -= 1
                    virtual = f"virtual-{len(dense)}"
                    dense.append(Document(id=virtual, content="", meta={"document": virtual, "source": virtual},
                                          score=float(scores[j])))
            if len(dense) >= DEPTH:
                break
        out.append(Lists(item.question, item.bm25, dense[:DEPTH]))
    return out, share


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-only", action="store_true", help="build the full BM25 index and stop")
    parser.add_argument("--subset-passages", type=int, default=0, help="also build/measure the e5 subset of ~N passages")
    parser.add_argument("--subset-only", action="store_true", help="only the subset (e.g. build it while the full index builds)")
    parser.add_argument("--hybrid", action="store_true", help="hybrid/dense over all papers with the cached vectors")
    parser.add_argument("--tune", action="store_true", help="with --hybrid: choose fusion settings on dev")
    parser.add_argument("--project", action="store_true", help="with --tune: hybrid projected to every passage embedded")
    parser.add_argument("--frozen", action="store_true", help="with --hybrid: measure the copy as it is (no new vectors)")
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

    if args.hybrid:
        cache = EmbeddingCache(VECTORS, "e5")
        store, with_vectors, total = hybrid_copy(cache, update=not args.frozen)
        print(f"\nfull-hybrid: all {len(files)} papers, {total} passages, {with_vectors} with an e5 vector "
              f"({with_vectors / total:.1%}), the rest BM25-only; cache {cache.path} holds {len(cache)} texts")
        rows = []
        for mode in ("bm25", "dense", "hybrid"):
            rows += by_half(Searcher(store, mode=mode), questions, papers_of, f"full {mode}")  # type: ignore[arg-type]
        report(rows, args.misses)
        if args.tune:
            lists = candidate_lists(store, questions)
            worlds = [("vectors as cached", lists)]
            if args.project:
                projected, share = projected_lists(store, cache, lists, questions, files, papers_of)
                print(f"\nprojected: every passage embedded, estimated from the random distractor papers "
                      f"(f = {share:.3f} of the non-answering papers)")
                worlds.append(("projected", projected))
            # Tuned on the dev half of the most faithful lists: the projection where there is one.
            best = tune(worlds[-1][1], papers_of)
            equal = Fusion(0.5, pipelines.CANDIDATES, pipelines.CANDIDATES)
            for world, items in worlds:
                rows = []
                for name, fusion in (("dense only", Fusion(0.0, 0, DEPTH)), ("fusion shipped", equal), ("fusion tuned", best)):
                    rows += [fused_figures(fusion, [x for x in items if x.question["split"] == h], papers_of, f"{name} {h}")
                             for h in ("dev", "heldout")]
                print(f"\n{world}; tuned = {best}")
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
