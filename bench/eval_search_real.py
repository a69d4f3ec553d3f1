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

`--hybrid` is incremental (only vectors new in the cache are written, then one merge) and
reads the cache read-only, so it can run beside the fill job:

    RATSARCHIV_BENCH_CACHE=/work/cache nice -n 10 .venv/bin/python -u bench/eval_search_real.py --hybrid --project --misses

`--project`: hybrid as it would be with every passage embedded, estimated from the part of the
fill's random tier embedded so far (see `projected_lists`), with its spread over random halves.
`--tune`: fusion settings chosen on the dev half only (fusion weights, candidates per
retriever), from each query's BM25 and dense lists computed once (the same retrieval and the
same haystack `DocumentJoiner` as the pipeline); held-out reported with the dev choice, beside
the variants tried and not shipped (documents fused, a dense-leaning weight, a document's
passages summed). `--tune`/`--project` also print BM25 by kind of query.

Ranking is paper-level, in the order staff see results: the documents (files) of the first
`WINDOW` passages, grouped as `SearchResult.documents` groups them; a document of any file of
an answering paper counts, and the rank is that document's position among the documents.
"""

from __future__ import annotations

import argparse
import functools
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
    vectors: float | None = None  # share of the index's passages with a real vector (dense/hybrid)

    def recall(self, k: int) -> float:
        return sum(1 for r in self.ranks if r and r <= k) / len(self.ranks)

    @property
    def mrr(self) -> float:
        return sum(1 / r for r in self.ranks if r) / len(self.ranks)

    def row(self) -> str:
        return (f"{self.name:28} {len(self.ranks):3} {self.recall(1):6.3f} {self.recall(5):6.3f} "
                f"{self.recall(10):6.3f} {self.mrr:6.3f}" + (f" {self.vectors:8.1%}" if self.vectors is not None else ""))


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
    print(f"{'run':28} {'n':>3} {'R@1':>6} {'R@5':>6} {'R@10':>6} {'MRR':>6}"
          + (f" {'vectors':>8}" if any(f.vectors is not None for f in rows) else ""))
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


@dataclass
class Copy:
    """The hybrid copy of the full index and what the cache held for it at this run."""

    store: WhooshDocumentStore
    passages: list[Document]  # every passage (without embedding), in index order
    vectors: dict[int, np.ndarray]  # position in `passages` → cached vector
    written: int  # passages whose vector is in the copy (after this run)

    @property
    def share(self) -> float:
        return self.written / len(self.passages)


def hybrid_copy(cache: EmbeddingCache, update: bool = True) -> Copy:
    """The full index with the cached vectors written in (a copy: the BM25 index is read-only
    input). Incremental: each run writes only the vectors cached since the last (the ids
    written are kept in WITH_VECTORS), then merges the copy once."""
    target = CACHE / "full-hybrid"
    if not (target / "index").exists():
        target.mkdir(parents=True, exist_ok=True)
        subprocess.run(["cp", "-a", "--reflink=auto", str(CACHE / "full" / "index"), str(target / "index")], check=True)
    store = WhooshDocumentStore(target / "index")
    done_file = target / "WITH_VECTORS"
    done = set(done_file.read_text().split()) if done_file.exists() else set()
    wall = time.perf_counter()
    passages = store.passages()
    texts = [embedding_text(p) for p in passages]
    vectors = cache.get_many(texts)
    print(f"full-hybrid: {len(passages)} passages, {len(vectors)} with a cached vector, {len(done)} of them "
          f"already written (looked up in {time.perf_counter() - wall:.0f} s)", flush=True)
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
        store = WhooshDocumentStore(target / "index")
    print(f"full-hybrid: wrote {len(new)} new vectors in {time.process_time() - cpu:.0f} s CPU / "
          f"{time.perf_counter() - wall:.0f} s wall", flush=True)
    return Copy(store, passages, vectors, len(done))


@dataclass
class Lists:
    """One query's ranked passages from each retriever (DEPTH deep), as the pipeline gets them."""

    question: dict
    bm25: list[Document]
    dense: list[Document]


@functools.cache
def query_vector(query: str) -> np.ndarray:
    return _load_e5().query(query)


def candidate_lists(store: WhooshDocumentStore, questions: list[dict]) -> list[Lists]:
    out = []
    for q in questions:
        bm25, _ = store.bm25_retrieval(q["query"], None, DEPTH)
        dense = store.embedding_retrieval(query_vector(q["query"]).tolist(), None, DEPTH)
        out.append(Lists(q, bm25, dense))
    return out


@dataclass(frozen=True)
class Fusion:
    bm25_weight: float  # share of BM25 in the reciprocal rank fusion (0.5: equal)
    bm25_k: int  # passages BM25 hands to the fusion
    dense_k: int  # passages dense hands to the fusion
    # Fuse documents, not passages (tried, not shipped): each retriever's list read as a ranking
    # of documents (a document at the rank of its first passage), those rankings fused, so a
    # paper whose words one retriever finds in one passage and whose meaning the other finds in
    # another counts for both. Returns each document's best passage, in fused document order.
    documents: bool = False
    # How a document's fused passages make its rank: "best" (its best passage, as the Searcher
    # groups hits), "sum" (all its passages in the window), "best2" (its best two). Tried, not shipped.
    per_document: str = "best"

    def fuse(self, lists: Lists) -> list[Document]:
        if is_reference(lists.question["query"]) and self.bm25_weight > 0:
            return lists.bm25[:WINDOW]  # as the Searcher ranks a paper's number in hybrid mode
        if self.documents:
            return self._fuse_documents(lists)
        joiner = DocumentJoiner(join_mode="reciprocal_rank_fusion", weights=[self.bm25_weight, 1 - self.bm25_weight],
                                top_k=max(pipelines.CANDIDATES, WINDOW))
        fused = joiner.run(documents=[lists.bm25[: self.bm25_k], lists.dense[: self.dense_k]])["documents"][:WINDOW]
        if self.per_document == "best":
            return fused
        scores: dict[str, list[float]] = {}
        first: dict[str, Document] = {}
        for d in fused:
            scores.setdefault(_document_key(d), []).append(d.score or 0.0)
            first.setdefault(_document_key(d), d)
        take = None if self.per_document == "sum" else 2
        return [first[k] for k in sorted(scores, key=lambda k: -sum(sorted(scores[k], reverse=True)[:take]))]

    def _fuse_documents(self, lists: Lists) -> list[Document]:
        score: dict[str, float] = {}
        first: dict[str, Document] = {}
        for ranked, weight in ((lists.bm25[: self.bm25_k], self.bm25_weight), (lists.dense[: self.dense_k], 1 - self.bm25_weight)):
            order = list(dict.fromkeys(_document_key(d) for d in ranked))
            for rank, key in enumerate(order):
                score[key] = score.get(key, 0.0) + weight / (61 + rank)  # haystack's RRF constant
            for d in ranked:
                first.setdefault(_document_key(d), d)
        return [first[k] for k in sorted(score, key=lambda k: -score[k])][:WINDOW]


def _document_key(d: Document) -> str:
    return Path(d.meta.get("source", "")).stem or d.meta["document"]


def query_classes(lists: list[Lists], papers_of: dict[str, str]) -> None:
    """BM25's R@1 / R@5 / n per kind of query, per half: where keyword search fails."""
    classes: dict[str, dict[str, list[int | None]]] = {}
    for item in lists:
        q = item.question
        words = q["query"].split()
        names = [q["kind"], "short (<= 3 words)" if len(words) <= 3 else "long (>= 4 words)",
                 "with a compound (a word >= 13 letters)" if any(len(w.strip("?")) >= 13 for w in words) else "no long word",
                 "with a number" if any(c.isdigit() for c in q["query"]) else "no number"]
        found = [papers_of.get(k) for k in dict.fromkeys(_document_key(d) for d in item.bm25[:WINDOW])]
        rank = rank_of(found, {a["paper"] for a in q["answers"]})
        for name in names:
            classes.setdefault(name, {"dev": [], "heldout": []})[q["split"]].append(rank)
    cell = lambda r: f"{sum(1 for x in r if x and x <= 1)} / {sum(1 for x in r if x and x <= 5)} / {len(r)}"
    print(f"\nBM25 by kind of query (R@1 / R@5 / n):\n{'class':42} {'dev':>14} {'held-out':>14}")
    for name, halves_ in sorted(classes.items()):
        print(f"{name:42} {cell(halves_['dev']):>14} {cell(halves_['heldout']):>14}")


def shipped_fusion() -> Fusion:
    """The fusion of `kb.pipelines.search_pipeline`, as a `Fusion`."""
    weights = pipelines.FUSION_WEIGHTS or [0.5, 0.5]
    return Fusion(weights[0] / sum(weights), pipelines.CANDIDATES, pipelines.CANDIDATES)


def fused_figures(fusion: Fusion, lists: list[Lists], papers_of: dict[str, str], name: str) -> Figures:
    figures = Figures(name, [])
    for item in lists:
        documents = list(dict.fromkeys(_document_key(d) for d in fusion.fuse(item)))
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


def projected_lists(copy: Copy, lists: list[Lists], questions: list[dict], papers_of: dict[str, str],
                    keep: float = 1.0, seed: int = 0) -> tuple[list[Lists], float, int]:
    """Each query's dense list as it would be with every passage embedded, estimated in strata
    that follow the fill order of `bench/fill_embedding_cache.py`.

    Exact: the passages of the answering papers (fill tier a) and every query's top DEPTH BM25
    passages (tier b), all embedded first. Estimated: the rest (tier c), which the fill embeds
    in a fixed random order, so that the part embedded so far is a uniform random sample of
    share f; each sampled passage stands for 1/f passages of as many documents (itself and
    virtual copies that answer nothing), so the answers meet as many dense competitors as in
    the whole corpus, in expectation. The BM25 list is the real one over all passages.

    `keep` < 1 projects from a random part (seed `seed`) of the sample only: the spread over
    such parts bounds the sampling error of the estimate. Returns the lists, f and the tier
    a/b passages still without a vector (0 once the fill has passed tier b).
    """
    answering = {a["paper"] for q in questions for a in q["answers"]}
    near = {d.id for item in lists for d in item.bm25}
    paper = lambda p: papers_of.get(Path(p.meta.get("source", "")).stem)  # noqa: E731
    exact = {i for i, p in enumerate(copy.passages) if paper(p) in answering or p.id in near}
    rest = [i for i in range(len(copy.passages)) if i not in exact]
    sample = [i for i in rest if i in copy.vectors]
    if keep < 1:
        sample = sorted(random.Random(seed).sample(sample, round(len(sample) * keep)))
    share = len(sample) / len(rest)
    rows = sorted(i for i in exact if i in copy.vectors) + sample
    matrix = np.stack([copy.vectors[i] for i in rows])
    sampled = np.array([i not in exact for i in rows])
    out = []
    for item in lists:
        scores = matrix @ query_vector(item.question["query"])
        dense: list[Document] = []
        carry = 0.0
        for j in np.argsort(-scores, kind="stable"):
            dense.append(replace(copy.passages[rows[j]], score=float(scores[j])))
            if sampled[j]:
                carry += 1 / share - 1
                while carry >= 1 and len(dense) < DEPTH:
                    carry -= 1
                    virtual = f"virtual-{len(dense)}"
                    dense.append(Document(id=virtual, content="", meta={"document": virtual, "source": virtual},
                                          score=float(scores[j])))
            if len(dense) >= DEPTH:
                break
        out.append(Lists(item.question, item.bm25, dense[:DEPTH]))
    return out, share, len(exact) - sum(1 for i in exact if i in copy.vectors)


def spread(copy: Copy, lists: list[Lists], questions: list[dict], papers_of: dict[str, str], parts: int = 4) -> None:
    """The projection's sampling error: the shipped fusion projected from random halves of the
    sample (each half has half the information, so the spread over-states the full sample's)."""
    equal = shipped_fusion()
    print(f"projection from {parts} random halves of the sample (shipped fusion; R@5 dev / held-out):")
    for seed in range(parts):
        items, share, _ = projected_lists(copy, lists, questions, papers_of, keep=0.5, seed=seed)
        r5 = [fused_figures(equal, [x for x in items if x.question["split"] == h], papers_of, h).recall(5)
              for h in ("dev", "heldout")]
        print(f"  half {seed} (f = {share:.3f}): {r5[0]:.3f} / {r5[1]:.3f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-only", action="store_true", help="build the full BM25 index and stop")
    parser.add_argument("--subset-passages", type=int, default=0, help="also build/measure the e5 subset of ~N passages")
    parser.add_argument("--subset-only", action="store_true", help="only the subset (e.g. build it while the full index builds)")
    parser.add_argument("--hybrid", action="store_true", help="hybrid/dense over all papers with the cached vectors")
    parser.add_argument("--tune", action="store_true", help="with --hybrid: choose fusion settings on dev")
    parser.add_argument("--project", action="store_true", help="with --hybrid: hybrid projected to every passage embedded")
    parser.add_argument("--frozen", action="store_true", help="with --hybrid: measure the copy as it is (no new vectors)")
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()

    files = paper_files()
    questions = json.loads(QUESTIONS.read_text(encoding="utf-8"))["questions"]
    papers_of = file_papers()
    if not args.subset_only:
        # (With --hybrid, BM25 is measured on the hybrid copy: the same passages and statistics.)
        all_files = sorted((p for fs in files.values() for p in fs), key=lambda p: int(p.stem))
        if args.hybrid and not (CACHE / "full" / "BUILT").exists():
            # Building it here would take ~25 min of CPU: a wrong cache folder, not a task for --hybrid.
            sys.exit(f"no full BM25 index in {CACHE / 'full'}: set RATSARCHIV_BENCH_CACHE or build it with --build-only")
        full = build(CACHE / "full", all_files, None)
        print(f"full index: {full['files']} files of {len(files)} papers, {full['passages']} passages, "
              f"failed {len(full['failed'])}, build {full['cpu_s']} s CPU / {full['wall_s']} s wall (BM25 only, nice'd)")
        if args.build_only:
            return
    if not args.subset_only and not args.hybrid:
        bm25 = Searcher(Library(CACHE / "full", model=None).store, mode="bm25")
        rows = by_half(bm25, questions, papers_of, "full bm25")
        report(rows, args.misses)

    if args.hybrid:
        # Read-only: the fill job may be writing the cache at the same time.
        cache = EmbeddingCache(VECTORS, "e5", readonly=True)
        copy = hybrid_copy(cache, update=not args.frozen)
        store, with_vectors, total = copy.store, copy.written, len(copy.passages)
        print(f"\nfull-hybrid: all {len(files)} papers, {total} passages, {with_vectors} with an e5 vector "
              f"({with_vectors / total:.1%}), the rest BM25-only; cache {cache.path} holds {len(cache)} texts")
        rows = []
        for mode in ("bm25", "dense", "hybrid"):
            rows += [replace(f, vectors=None if mode == "bm25" else with_vectors / total)
                     for f in by_half(Searcher(store, mode=mode), questions, papers_of, f"full {mode}")]  # type: ignore[arg-type]
        report(rows, args.misses)
        if args.tune or args.project:
            lists = candidate_lists(store, questions)
            query_classes(lists, papers_of)
            worlds = [("vectors as cached", lists)]
            if args.project:
                projected, share, missing = projected_lists(copy, lists, questions, papers_of)
                print(f"\nprojected: every passage embedded; exact for the answering papers and each query's BM25 "
                      f"top {DEPTH} ({missing} of them still without a vector), the rest estimated from the "
                      f"random part embedded so far (f = {share:.3f})")
                worlds.append(("projected", projected))
                spread(copy, lists, questions, papers_of)
            shipped = shipped_fusion()
            fusions = [("dense only", Fusion(0.0, 0, DEPTH)), ("fusion shipped", shipped),
                       ("document fusion", replace(shipped, documents=True)), ("dense-leaning 0.4", replace(shipped, bm25_weight=0.4)),
                       ("passages summed", replace(shipped, per_document="sum")),
                       ("best two summed", replace(shipped, per_document="best2"))]
            if args.tune:
                # Tuned on the dev half of the most faithful lists: the projection where there is one.
                fusions.append(("fusion tuned", tune(worlds[-1][1], papers_of)))
            for world, items in worlds:
                rows = []
                for name, fusion in fusions:
                    rows += [fused_figures(fusion, [x for x in items if x.question["split"] == h], papers_of, f"{name} {h}")
                             for h in ("dev", "heldout")]
                print(f"\n{world}; " + "; ".join(f"{n} = {f}" for n, f in fusions[1:]))
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
