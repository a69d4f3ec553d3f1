"""Evaluation of answers with citations: accuracy per answer type, declines, latency.

    .venv/bin/python bench/eval_answers.py [--index DIR] [--json] [--misses]
    nice -n 10 .venv/bin/python bench/eval_answers.py --real [--split dev|heldout] [--misses] [--dump rows.json]
    nice -n 10 .venv/bin/python bench/eval_answers.py --real --fit --sample-index DIR   # refit the confidence (old way)
    nice -n 10 .venv/bin/python bench/eval_answers.py --build-index2 --model e5|none       # the second index, once
    nice -n 10 .venv/bin/python bench/eval_answers.py --set2 [DIR …] [--split dev2|calib] --dump rows.json
    nice -n 10 .venv/bin/python bench/eval_answers.py --set3 [--split dev3|heldout3] [--misses]
    .venv/bin/python bench/eval_answers.py --fit-rows rows.json [--features a,b] [--fit-splits calib]  # offline fit
    nice -n 10 .venv/bin/python bench/eval_answers.py --fit-ranker --index BM25_INDEX2 --model none \
        --sample-index DIR [--ranker-lists lists.json]     # refit the candidate ranker (kb/answer_ranker.json)
    .venv/bin/python bench/eval_answers.py --gold --split dev|heldout|dev2|calib|dev3|heldout3|dev4|heldout4|dev5|heldout5|dev6|heldout6 [--hand]  # index-free

The questions (tests/eval/answer-questions.json) are written the way staff ask, each with
the expected value (ISO date, "start/end", number, name or a phrase the answer must
contain) and the paper (and page) that states it; a second list holds questions the
corpus does not answer. An answer counts as correct when its normalised value matches
(`value_matches`); an unanswerable question counts when the answer is declined.
Without `--index`, the sample corpus is ingested and indexed into a temporary directory.

`--real`: the real-paper set (tests/eval/real-answer-questions.json: Karlsruhe OParl papers and the
seed paper, split once into dev and heldout). Its index (the papers asked about, the other files of
the same papers and random other papers, ≤ MAX_FILES, plus the seed) is built once through the normal
ingest API and cached in $RATSARCHIV_ANSWERS_INDEX (default: the temp dir). Reported per split and type: right (value and first
evidence in the right paper), wrong-but-answered, declined; unanswerable declined.

`--set2`: the second real set (tests/eval/real-answer-questions-2/*.json, one file per question writer, written
blind on 140 other papers; or the folders given), split "dev2" (rules are tuned on it) / "calib" (the confidence
is fitted and the threshold chosen on it only; its misses are never printed) / "pending" (never read). Its
index (`--build-index2`, BENCH_CACHE/answers-index2/{bm25,e5}): the 42 papers of the first set + the seed +
every file of the 140 papers the writers drew from (bench/answers-index2-files.txt),
e5 vectors from the passage cache. `--set3`: the third set (tests/eval/real-answer-questions-3, 35 more papers,
split by paper into "dev3" / "heldout3") on the third index (`--build-index3`, BENCH_CACHE/answers-index3: the
second index's files + every file of those papers). The fourth set (tests/eval/real-answer-questions-4, 35 more
papers, "dev4" / "heldout4", split by paper) the fifth and the sixth (tests/eval/real-answer-questions-5 and -6: two blind
writers each on 40 more papers, "dev5" / "heldout5" and "dev6" / "heldout6", split by paper) are read index-free only
(`--gold --split dev4|heldout4|dev5|heldout5|dev6|heldout6`). `--fit-rows`: fit the logistic confidence offline on dumped calib rows.

`--fit-ranker`: the candidate ranker (`kb.ranker`) fitted on the development questions only — dev and dev2 read
index-free (each question's own paper), the same with retrieval on `--index` (BM25 on index2), and the sample set
on `--sample-index` (hybrid) — a conditional logit pulled toward the hand weights, its L2 strength by 5-fold
cross-validation over questions; written to kb/answer_ranker.json. `--hand`: rank by the hand score (the file
ignored), for before/after figures. After a refit, re-fit the confidence on calib rows (`--set2 --split calib
--dump`, then `--fit-rows`): it weighs the ranker's scores.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.archive import Archive, slugify  # noqa: E402
from kb.analysis import fold  # noqa: E402
from kb.answers import Answer, Answerer  # noqa: E402
from kb.indexer import open_store  # noqa: E402
from kb.library import Library  # noqa: E402
from bench.shared import BENCH_CACHE, E5_CACHE, KARLSRUHE, SEED_PAPER  # noqa: E402

QUESTIONS = ROOT / "tests" / "eval" / "answer-questions.json"


def _timed_ask(answerer: Any, question: str, latencies: list[float]) -> Any:
    """One answer, its wall time appended to `latencies` (every evaluation loop times the same way)."""
    t0 = time.perf_counter()
    answer = answerer.ask(question)
    latencies.append(time.perf_counter() - t0)
    return answer


def value_matches(expected: Any, got: Any, kind: str) -> bool:
    """Normalised comparison: dates and periods exactly, numbers numerically, people by surname,
    names and reasons by containment of the expected phrase (spelling-folded)."""
    if isinstance(expected, list):
        return any(value_matches(e, got, kind) for e in expected)
    if got is None:
        return False
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        try:
            return abs(float(got) - float(expected)) <= 1e-6 * max(1.0, abs(float(expected)))
        except (TypeError, ValueError):
            return False
    if kind in ("date", "start", "end", "period"):
        return str(got) == str(expected)
    if kind == "person":
        return fold(str(got).split()[-1]) == fold(str(expected).split()[-1])
    return fold(" ".join(str(expected).split())) in fold(" ".join(str(got).split()))


def evaluate(answerer: Answerer, questions: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    for q in questions["answerable"][:3]:  # warm: first calls load caches
        answerer.ask(q["question"])
    latencies: list[float] = []
    per_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses: list[str] = []
    confidences: list[tuple[float, bool | None, str]] = []
    wrong = 0  # answered, but not with the expected value
    rows: list[dict[str, Any]] = []  # every answer with its features (`--dump`: calibration checked offline)
    for q in questions["answerable"]:
        answer = _timed_ask(answerer, q["question"], latencies)
        ok = value_matches(q["value"], answer.value, q["type"])
        wrong += not ok and not answer.declined
        top = answer.candidates[0] if answer.declined and answer.candidates else None
        rows.append({"split": "sample", "question": q["question"], "type": q["type"], "expected": q["value"],
                     "got": answer.value, "outcome": "declined" if answer.declined else "right" if ok else "wrong",
                     "confidence": answer.confidence, "top": _top(answer),
                     "top_right": value_matches(q["value"], top.value if top else answer.value, q["type"]),
                     "features": answer.features})
        per_type[q["type"]][0] += ok
        per_type[q["type"]][1] += 1
        confidences.append((answer.confidence, ok, q["question"]))
        if not ok:
            misses.append(f"{q['question']} → erwartet {q['value']!r}, erhalten {answer.value!r} "
                          f"({answer.confidence:.2f}, {answer.evidence[0].document if answer.evidence else '-'})")
    declined = 0
    for q in questions["unanswerable"]:
        answer = _timed_ask(answerer, q["question"], latencies)
        declined += answer.declined
        confidences.append((answer.confidence, None, q["question"]))
        rows.append({"split": "sample", "question": q["question"], "type": "unanswerable", "expected": None,
                     "got": answer.value, "outcome": "declined" if answer.declined else "wrong",
                     "confidence": answer.confidence, "top_right": False, "features": answer.features})
        if not answer.declined:
            misses.append(f"{q['question']} → sollte ablehnen, erhalten {answer.answer!r} ({answer.confidence:.2f})")
    answerable = len(questions["answerable"])
    correct = sum(c for c, _ in per_type.values())
    ms = sorted(1000 * x for x in latencies)
    return {
        "answerable": answerable,
        "correct": correct,
        "accuracy": correct / answerable,
        "wrong": wrong,
        "wrong_share": wrong / answerable,
        "per_type": {k: {"correct": c, "total": n, "accuracy": c / n} for k, (c, n) in sorted(per_type.items())},
        "unanswerable": len(questions["unanswerable"]),
        "declined": declined,
        "declined_share": declined / max(1, len(questions["unanswerable"])),
        "latency_ms": {"p50": statistics.median(ms), "p95": ms[int(0.95 * (len(ms) - 1))]},
        "misses": misses,
        "confidences": sorted(confidences),
        "rows": rows,
    }


# --- the real-paper set: Karlsruhe OParl papers and the seed --------------------------------------

REAL_QUESTIONS = ROOT / "tests" / "eval" / "real-answer-questions.json"
REAL_DIR = KARLSRUHE
REAL_INDEX = Path(os.environ.get("RATSARCHIV_ANSWERS_INDEX", Path(tempfile.gettempdir()) / "ratsarchiv-answers-index"))
MAX_FILES = 220  # e5 costs ~0.12 s per passage here: ~220 papers stay within ~15 min of embedding
DISTRACTOR_SEED = 14
MAX_DISTRACTOR_BYTES = 30_000


def real_files(questions: dict[str, Any], real: Path = REAL_DIR, limit: int = MAX_FILES) -> list[Path]:
    """The files the questions are about, the other files of their papers (the Stellungnahme beside the
    Beschlussvorlage: the hardest distractors) and random other papers' files, `limit` in all."""
    wanted = {q["file"] for q in questions["answerable"] if q["file"] != "seed"}
    papers = {q["paper"] for q in questions["answerable"] if q.get("paper")}
    siblings: set[str] = set()
    for paper in sorted(papers):
        data = json.loads((real / "papers" / f"{paper}.json").read_text(encoding="utf-8"))
        siblings |= {f["id"].rsplit("/", 1)[1] for f in data.get("auxiliaryFile", [])}
    def small(name: str) -> bool:  # long budget tables would only cost embedding time
        path = real / "files" / f"{name}.txt"
        return path.exists() and path.stat().st_size <= MAX_DISTRACTOR_BYTES

    chosen = sorted(wanted) + sorted(s for s in siblings - wanted if small(s))
    others = sorted(p.stem for p in (real / "files").glob("*.txt") if p.stem not in set(chosen) and small(p.stem))
    random.Random(DISTRACTOR_SEED).shuffle(others)
    chosen += others[: max(0, limit - len(chosen))]
    return [real / "files" / f"{name}.txt" for name in chosen[:max(limit, len(wanted))]]


def build_real_index(dest: Path, questions: dict[str, Any], model: str | None = "e5", limit: int = MAX_FILES) -> Path:
    """Ingest (through the normal ingest API) and index the real papers plus the seed, once: cached in `dest`."""
    return build_index(dest, real_files(questions, limit=limit) + [SEED_PAPER], model)


def build_index(dest: Path, paths: list[Path], model: str | None) -> Path:
    """Ingest `paths` through the normal ingest API and index them, once: cached in `dest` (`.complete`)."""
    from ingest.pipeline import ingest_paths
    from kb.indexer import sync_index

    done = dest / ".complete"
    if done.exists():
        return dest
    dest.mkdir(parents=True, exist_ok=True)
    archive = Archive(dest)
    t0 = time.perf_counter()
    report = ingest_paths(paths, archive)
    failed = [(o.path.name, o.error) for o in report.outcomes if o.status == "failed"]
    print(f"ingest: {len(paths)} Dateien in {time.perf_counter() - t0:.0f} s; fehlgeschlagen: {failed}", file=sys.stderr)
    t0 = time.perf_counter()
    index = sync_index(archive, open_store(dest), model, on_progress=None)
    print(f"index: {index} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    done.write_text(json.dumps({"files": len(paths), "model": model, "failed": failed}), encoding="utf-8")
    return dest


# --- the second real set: questions written blind on 140 other papers (issue 14) -------------------

SET2_DIR = ROOT / "tests" / "eval" / "real-answer-questions-2"
INDEX2 = BENCH_CACHE / "answers-index2"
SET2_SPLITS = ("dev2", "calib")  # "pending" (not yet split) is never read


def load_set2(directories: list[Path]) -> dict[str, list[dict[str, Any]]]:
    """The second set: every `*.json` of the given folders (one per question writer), same schema as
    real-answer-questions.json; question ids prefixed with the file's name (the writers number alike)."""
    out: dict[str, list[dict[str, Any]]] = {"answerable": [], "unanswerable": []}
    for folder in directories:
        for path in sorted(folder.glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            for key in out:
                out[key] += [{**q, "id": f"{path.stem}:{q['id']}"} for q in data.get(key, [])]
    return out


SET2_FILE_LIST = ROOT / "bench" / "answers-index2-files.txt"  # the File ids of those lists, kept in the repo


def set2_files(real: Path = REAL_DIR) -> list[Path]:
    """Every file of the 140 papers the second set's writers drew from (bench/answers-index2-files.txt)."""
    names = [line.strip() for line in SET2_FILE_LIST.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    return [real / "files" / f"{n}.txt" for n in dict.fromkeys(names) if (real / "files" / f"{n}.txt").exists()]


def build_index2(dest: Path, model: str | None) -> Path:
    """The second answer index: the 42 papers of the first set + the seed + every file of the 140 papers
    of the second set's lists. e5 vectors come from the passage cache (`RATSARCHIV_EMBEDDING_CACHE`,
    default BENCH_CACHE/e5-cache) where present. Cached in `dest` (`.complete`)."""
    if model == "e5":
        os.environ.setdefault("RATSARCHIV_EMBEDDING_CACHE", str(E5_CACHE))
    first = json.loads(REAL_QUESTIONS.read_text(encoding="utf-8"))
    return build_index(dest, list(dict.fromkeys(real_files(first, limit=0) + set2_files())) + [SEED_PAPER], model)


# --- the third real set: 101 + 14 blind questions on 35 more papers, split by paper (issue 14) ---------

SET3_DIR = ROOT / "tests" / "eval" / "real-answer-questions-3"
INDEX3 = BENCH_CACHE / "answers-index3"
SET3_SPLITS = ("dev3", "heldout3")


# --- the fourth real set: 112 + 14 blind questions on 35 more papers, split by paper; read index-free (`--gold`) --

SET4_DIR = ROOT / "tests" / "eval" / "real-answer-questions-4"
SET4_SPLITS = ("dev4", "heldout4")
# The fifth: written blind on 40 more papers by two writers (2026-12-02), split by paper; read index-free (`--gold`).
SET5_DIR = ROOT / "tests" / "eval" / "real-answer-questions-5"
SET5_SPLITS = ("dev5", "heldout5")
# The sixth: written blind on 40 more papers by two writers (2026-12-03), split by paper; read index-free (`--gold`).
SET6_DIR = ROOT / "tests" / "eval" / "real-answer-questions-6"
SET6_SPLITS = ("dev6", "heldout6")
LATER_SPLITS = (*SET2_SPLITS, *SET3_SPLITS, *SET4_SPLITS, *SET5_SPLITS, *SET6_SPLITS)


def split_set(split: str) -> dict[str, list[dict[str, Any]]]:
    """The questions of one split of the second to sixth sets (each its own folder)."""
    folder = (SET2_DIR if split in SET2_SPLITS else SET3_DIR if split in SET3_SPLITS else SET4_DIR if split in SET4_SPLITS
              else SET5_DIR if split in SET5_SPLITS else SET6_DIR)
    return select(load_set2([folder]), split)


def paper_files(papers: set[str], real: Path = REAL_DIR) -> list[Path]:
    """Every file of these papers (main file and attachments) that has a text."""
    names: list[str] = []
    for paper in sorted(papers, key=int):
        data = json.loads((real / "papers" / f"{paper}.json").read_text(encoding="utf-8"))
        files = ([data["mainFile"]] if data.get("mainFile") else []) + data.get("auxiliaryFile", [])
        names += [f["id"].rsplit("/", 1)[1] for f in files]
    return [real / "files" / f"{n}.txt" for n in dict.fromkeys(names) if (real / "files" / f"{n}.txt").exists()]


def build_index3(dest: Path, model: str | None) -> Path:
    """The third answer index: the second index's files + every file of the third set's papers (so each set
    is read beside the others' papers as distractors). Cached in `dest` (`.complete`)."""
    if model == "e5":
        os.environ.setdefault("RATSARCHIV_EMBEDDING_CACHE", str(E5_CACHE))
    first = json.loads(REAL_QUESTIONS.read_text(encoding="utf-8"))
    third = load_set2([SET3_DIR])
    papers = {q["paper"] for q in third["answerable"] if q.get("paper")}
    paths = real_files(first, limit=0) + set2_files() + paper_files(papers)
    return build_index(dest, list(dict.fromkeys(paths)) + [SEED_PAPER], model)


def select(questions: dict[str, Any], split: str | None, seed: bool | None = None) -> dict[str, list[dict[str, Any]]]:
    """One split ("dev", "heldout" or None for both); `seed`: only (True) / without (False) the seed questions."""
    def keep(q: dict[str, Any]) -> bool:
        is_seed = q.get("file") in ("seed", "seed-corpus")
        return (split is None or q.get("split") == split) and (seed is None or is_seed == seed)
    return {"answerable": [q for q in questions["answerable"] if keep(q)],
            "unanswerable": [q for q in questions["unanswerable"] if keep(q)]}


def expected_document(q: dict[str, Any]) -> str:
    return q.get("document") or slugify(Path(q["source"]).stem)


def paper_documents(q: dict[str, Any], real: Path = REAL_DIR) -> set[str]:
    """The archive ids of every file of the paper a question is about: the Stellungnahme or the
    minutes beside the Beschlussvorlage state the same facts and are the same paper."""
    ids = {expected_document(q)}
    paper = real / "papers" / f"{q.get('paper')}.json"
    if q.get("paper") and paper.exists():
        data = json.loads(paper.read_text(encoding="utf-8"))
        ids |= {slugify(f["id"].rsplit("/", 1)[1]) for f in data.get("auxiliaryFile", [])}
    return ids


def evaluate_real(answerer: Answerer, questions: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Per type: right (value matches and the first evidence is from the paper the question is about),
    wrong-but-answered, declined; unanswerable: declined. Also each answer's features for calibration."""
    per_type: dict[str, dict[str, int]] = defaultdict(lambda: {"right": 0, "wrong": 0, "declined": 0, "total": 0})
    rows: list[dict[str, Any]] = []
    latencies: list[float] = []
    for q in questions["answerable"]:
        answer = _timed_ask(answerer, q["question"], latencies)
        value_ok = value_matches(q["value"], answer.value, q["type"])
        where_ok = bool(answer.evidence) and answer.evidence[0].document in paper_documents(q)
        outcome = "declined" if answer.declined else "right" if value_ok and where_ok else "wrong"
        per_type[q["type"]][outcome] += 1
        per_type[q["type"]]["total"] += 1
        rows.append({"id": q["id"], "split": q.get("split"), "question": q["question"], "type": q["type"], "expected": q["value"],
                     "got": answer.value, "document": answer.evidence[0].document if answer.evidence else None,
                     "outcome": outcome, "confidence": answer.confidence,
                     "top_right": _top_right(answer, q), "top": _top(answer),
                     "features": getattr(answer, "features", None)})
    declined = 0
    for q in questions["unanswerable"]:
        answer = _timed_ask(answerer, q["question"], latencies)
        declined += answer.declined
        rows.append({"id": q["id"], "split": q.get("split"), "question": q["question"], "type": "unanswerable", "expected": None,
                     "got": answer.value, "document": answer.evidence[0].document if answer.evidence else None,
                     "outcome": "declined" if answer.declined else "wrong", "confidence": answer.confidence,
                     "top_right": False, "features": getattr(answer, "features", None)})
    total = {k: sum(t[k] for t in per_type.values()) for k in ("right", "wrong", "declined", "total")}
    ms = sorted(1000 * x for x in latencies) or [0.0]
    n_un = len(questions["unanswerable"])
    return {
        "per_type": dict(sorted(per_type.items())), "total": total,
        "right_share": total["right"] / max(1, total["total"]), "wrong_share": total["wrong"] / max(1, total["total"]),
        "unanswerable": n_un, "unanswerable_declined": declined, "declined_share": declined / max(1, n_un),
        "latency_ms": {"p50": statistics.median(ms), "p95": ms[int(0.95 * (len(ms) - 1))]}, "rows": rows,
    }


def _top(answer: Answer) -> list[Any] | None:
    """The best candidate (answered or declined): its value and paper, for the misses list."""
    if not answer.declined:
        return [answer.value, answer.evidence[0].document if answer.evidence else None]
    top = answer.candidates[0] if answer.candidates else None
    return [top.value, top.evidence.document] if top else None


def _top_right(answer: Answer, q: dict[str, Any]) -> bool:
    """Whether the best candidate (answered or declined) was right: the label calibration fits on."""
    top = answer.candidates[0] if answer.declined and answer.candidates else None
    if top is None:
        return value_matches(q["value"], answer.value, q["type"]) and bool(answer.evidence) and \
            answer.evidence[0].document in paper_documents(q)
    return value_matches(q["value"], top.value, q["type"]) and top.evidence.document in paper_documents(q)


def gold_passages(q: dict[str, Any], real: Path = REAL_DIR, seed: Path = SEED_PAPER) -> list[Any]:
    """The passages of the paper a question is about, split as the indexer splits a page (index-free:
    what the answer extractor reads when retrieval found the right paper)."""
    from haystack import Document as Passage

    from kb.passages import passage_spans

    path = seed if q["file"] == "seed" else real / "files" / f"{q['file']}.txt"
    text = path.read_text(encoding="utf-8")
    meta = {"document": expected_document(q), "title": q.get("paper_name") or path.stem, "source": path.name, "page": 1,
            "page_text": text, "year": _stored_year(path, text)}
    return [Passage(id=f"{meta['document']}:1:{i}", content=text[span.start : span.end],
                    meta={**meta, "start": span.start, "end": span.end})
            for i, span in enumerate(passage_spans(text))]


@lru_cache(maxsize=None)  # a file is asked about by several questions
def _stored_year(path: Path, text: str) -> int | None:
    """The year the indexer stores with every passage (`kb.passages`): the paper's date as its metadata reads it."""
    from ingest.metadata import extract_metadata

    date = extract_metadata([text], name=path.stem).date
    return int(date[:4]) if date else None


def _gold_ranked(q: dict[str, Any], analysis: Any) -> list[Any]:
    """The passages of the question's own paper, best first by the question's word overlap (retrieval's stand-in)."""
    from kb.scoring import analysed

    terms = set(analysis.key_terms)
    passages = gold_passages(q)
    passages.sort(key=lambda p: -len(terms & analysed(p.content or "")))
    return passages


def read_gold(questions: list[dict[str, Any]], extractor: Any = None) -> dict[str, Any]:
    """Reading without retrieval: each question against the passages of its own paper only, best
    passages first by the question's word overlap (a stand-in for retrieval's ranking)."""
    from kb.extractor import PASSAGES, AnswerExtractor
    from kb.questions import analyze

    extractor = extractor or AnswerExtractor(None)
    extractor.warm_up()
    per_type: dict[str, dict[str, int]] = defaultdict(lambda: {"right": 0, "wrong": 0, "declined": 0, "total": 0})
    misses = []
    rows: list[dict[str, Any]] = []
    for q in questions:
        analysis = analyze(q["question"])
        answer = extractor.run(analysis=analysis, documents=_gold_ranked(q, analysis)[:PASSAGES])["answer"]
        outcome = "declined" if answer.declined else "right" if value_matches(q["value"], answer.value, q["type"]) else "wrong"
        per_type[q["type"]][outcome] += 1
        per_type[q["type"]]["total"] += 1
        rows.append({"id": q["id"], "type": q["type"], "outcome": outcome, "confidence": answer.confidence,
                     "top_right": _top_right(answer, q), "features": answer.features})
        if outcome != "right":
            misses.append(f"[{outcome}] {q['question']} → erwartet {q['value']!r}, erhalten {answer.value!r} "
                          f"({answer.confidence:.2f})")
    total = {k: sum(t[k] for t in per_type.values()) for k in ("right", "wrong", "declined", "total")}
    return {"per_type": dict(per_type), "total": total, "right_share": total["right"] / max(1, total["total"]),
            "wrong_share": total["wrong"] / max(1, total["total"]), "misses": misses, "rows": rows}


class _Recording:
    """Stands in for the extractor's ranker: ranks as the hand score does and keeps the last candidate list."""

    def __init__(self) -> None:
        from kb.ranker import Ranker

        self.inner, self.last = Ranker(), []

    def rescore(self, candidates: list[Any]) -> list[Any]:
        self.last = self.inner.rescore(candidates)
        return self.last


def _labelled(q: dict[str, Any], candidates: list[Any], source: str) -> dict[str, Any]:
    """A question's candidates as the ranker is fitted on them: features, value key, paper, and whether each is
    right (its value matches and it stands in the question's paper)."""
    papers = paper_documents(q)
    return {"id": q["id"], "split": q.get("split"), "source": source, "candidates": [
        {"x": c.features, "key": c.key, "document": c.evidence.document,
         "right": value_matches(q["value"], c.value, q["type"]) and c.evidence.document in papers}
        for c in candidates if getattr(c, "features", None)]}


def ranker_lists_gold(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Index-free (each question's own paper, as `read_gold` reads it): every question's candidate list."""
    from kb.extractor import PASSAGES, AnswerExtractor
    from kb.questions import analyze

    extractor = AnswerExtractor(None)
    extractor.warm_up()
    extractor.ranker = recorder = _Recording()
    out = []
    for q in questions:
        analysis = analyze(q["question"])
        recorder.last = []
        extractor.run(analysis=analysis, documents=_gold_ranked(q, analysis)[:PASSAGES])
        out.append(_labelled(q, recorder.last, "gold"))
    return out


def ranker_lists_index(answerer: Answerer, questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """With retrieval (e.g. BM25 on index2): every question's candidate list, retrieval features included."""
    extractor = answerer.pipeline.get_component("extractor")
    extractor.ranker = recorder = _Recording()
    out = []
    for q in questions:
        recorder.last = []
        answerer.ask(q["question"])
        out.append(_labelled(q, recorder.last, "index"))
    return out


def ranker_lists_sample(answerer: Answerer) -> list[dict[str, Any]]:
    """The sample questions (our own development set) on the sample corpus, labelled as `evaluate` counts them:
    by value (its papers are the corpus' own, several state the same fact)."""
    extractor = answerer.pipeline.get_component("extractor")
    extractor.ranker = recorder = _Recording()
    out = []
    for i, q in enumerate(json.loads(QUESTIONS.read_text(encoding="utf-8"))["answerable"]):
        recorder.last = []
        answerer.ask(q["question"])
        out.append({"id": f"sample-{i}", "split": "sample", "source": "sample", "candidates": [
            {"x": c.features, "key": c.key, "document": c.evidence.document,
             "right": value_matches(q["value"], c.value, q["type"])}
            for c in recorder.last if getattr(c, "features", None)]})
    return out


def offline_best_right(lists: list[dict[str, Any]], weights: dict[str, float] | None) -> float:
    """The share of questions whose best candidate is right when scored with `weights` (None: the hand score),
    grouped as the extractor groups values (best score, + 8 % per further paper at ≥ 0.8 of it, ≤ 3)."""
    from kb.ranker import HAND

    w = weights or HAND
    right = 0
    for item in lists:
        groups: dict[str, list[tuple[float, str, bool]]] = {}
        for c in item["candidates"]:
            s = sum(v * c["x"].get(k, 0.0) for k, v in w.items())  # the level (offset) does not change the order
            s = math.exp(min(5.0, s))
            groups.setdefault(c["key"], []).append((s, c["document"], c["right"]))
        best, ok = -1.0, False
        for g in groups.values():
            g.sort(key=lambda t: -t[0])
            top = g[0][0]
            papers = {d for s, d, _ in g if s >= 0.8 * top}
            score = top * (1.0 + 0.08 * min(len(papers) - 1, 3))
            if score > best:
                best, ok = score, g[0][2]
        right += ok
    return right / max(1, len(lists))


RANKER_L2 = (0.3, 1.0, 3.0, 10.0, 30.0, 100.0)


def fit_ranker(lists: list[dict[str, Any]], folds: int = 5, grid: tuple[float, ...] = RANKER_L2) -> dict[str, Any]:
    """The conditional-logit ranker (`kb.ranker.fit_conditional_logit`), its L2 strength chosen by cross-validated
    best-candidate-right over questions (folds by question id; every source of one question in one fold), then
    fitted on all lists. Returns what kb/answer_ranker.json holds."""
    from kb.ranker import FEATURE_VERSION, HAND, fit_conditional_logit, scale_offset

    def data(items: list[dict[str, Any]]) -> list[tuple[list[dict[str, float]], list[bool]]]:
        return [([c["x"] for c in i["candidates"]], [c["right"] for c in i["candidates"]],
                 [c["key"] for c in i["candidates"]]) for i in items]

    ids = sorted({i["id"] for i in lists})
    fold_of = {qid: random.Random(f"ranker:{qid}").randrange(folds) for qid in ids}
    cv = {}
    for l2 in grid:
        right = 0.0
        for k in range(folds):
            train = [i for i in lists if fold_of[i["id"]] != k]
            test = [i for i in lists if fold_of[i["id"]] == k]
            fitted = fit_conditional_logit(data(train), l2=l2, outside=True)
            fitted.pop("_outside")
            right += offline_best_right(test, fitted) * len(test)
        cv[l2] = right / max(1, len(lists))
    # The one-standard-error rule: the strongest pull toward the hand score whose cross-validated figure is within
    # one standard error of the best (the figures of the grid differ by a question or two: noise).
    top = max(cv.values())
    se = math.sqrt(top * (1 - top) / max(1, len(lists)))
    l2 = max(v for v in grid if cv[v] >= top - se)
    weights = {k: round(v, 4) for k, v in fit_conditional_logit(data(lists), l2=l2, outside=True).items()}
    outside = weights.pop("_outside")
    offset = scale_offset([[c["x"] for c in i["candidates"]] for i in lists], weights)
    return {"feature_version": FEATURE_VERSION, "weights": weights, "offset": round(offset, 4), "outside": outside,
            "l2": l2,
            "cross_validated_best_right": {str(k): round(v, 4) for k, v in cv.items()},
            "hand_best_right": round(offline_best_right(lists, HAND), 4),
            "fitted_best_right": round(offline_best_right(lists, weights), 4)}


def fit_calibration(answerer: Answerer, questions: dict[str, Any], target_wrong: float = 0.05,
                    target_declined: float = 0.90, sample: Answerer | None = None,
                    sample_declined: float = 0.85) -> dict[str, Any]:
    """Fit the confidence (a logistic model over `kb.scoring.FEATURES`) on the development sets: the dev half
    of the real-paper questions and, with `sample` (an answerer over the sample corpus, our other development
    set), the sample questions too; then the lowest threshold whose dev answers are ≤ `target_wrong` wrong and
    decline ≥ `target_declined` of the unanswerable questions, and (with `sample`) ≤ `target_wrong` wrong and
    ≥ `sample_declined` declined there. Never the held-out half. Written to kb/answer_calibration.json.

    Why the sample set joins the fit: the rules were developed on the dev half, whose best candidates are
    then nearly all right; a model fitted there alone learns that a high score is always right and is
    over-confident on unseen papers. The sample questions add errors the rules were not fitted to."""
    from kb.scoring import CALIBRATION_FILE, Calibration, fit_logistic

    extractor = answerer.pipeline.get_component("extractor")
    extractor.calibration, extractor.threshold = Calibration(), 0.0  # raw scores, every question answered
    rows = evaluate_real(answerer, select(questions, "dev"))["rows"]
    extra = _sample_rows(sample) if sample is not None else []
    data = [(r["features"], bool(r["top_right"])) for r in rows + extra if r["features"]]
    weights, bias = fit_logistic(data)
    fitted = Calibration(tuple(weights), bias)
    best = 0.99
    for t in sorted({round(fitted.probability(r["features"]), 3) for r in rows + extra if r["features"]}):
        if _within(fitted, rows, t, target_wrong, target_declined) and \
                (not extra or _within(fitted, extra, t, target_wrong, sample_declined)):
            best = t
            break
    out = {"features": list(FEATURES_NAMES()), "weights": weights, "bias": bias, "threshold": best,
           "fitted_on": f"dev half of {REAL_QUESTIONS.name} and {QUESTIONS.name} ({len(data)} questions)"
           if extra else f"dev half of {REAL_QUESTIONS.name} ({len(data)} questions)",
           "targets": {"wrong_but_answered": target_wrong, "unanswerable_declined": target_declined,
                       "sample_unanswerable_declined": sample_declined}}
    CALIBRATION_FILE.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    extractor.calibration = Calibration.load()
    extractor.threshold = extractor.calibration.threshold
    if sample is not None:
        sample_extractor = sample.pipeline.get_component("extractor")
        sample_extractor.calibration, sample_extractor.threshold = extractor.calibration, extractor.threshold
    return out


def wrong_rate_upper(wrong: int, answerable: int, assurance: float) -> float:
    """The one-sided exact (Clopper–Pearson) upper bound of a wrong-but-answered rate seen as `wrong` of
    `answerable`: the highest true rate that still gives `wrong` or fewer with probability ≥ 1 − `assurance`.

    `wrong` of `answerable` is one draw: the lowest threshold whose own rate just meets a target is optimistic on
    new questions (chosen where chance favoured it); the bound says how far the true rate may lie above."""
    if answerable <= 0 or wrong >= answerable:
        return 1.0

    def at_most(p: float) -> float:
        return sum(math.comb(answerable, k) * p**k * (1 - p) ** (answerable - k) for k in range(wrong + 1))

    lo, hi = wrong / answerable, 1.0
    for _ in range(60):  # at_most falls as p grows: bisect for at_most(p) = 1 − assurance
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if at_most(mid) > 1.0 - assurance else (lo, mid)
    return hi


def wrong_rate_assured(wrong: int, answerable: int, target: float, assurance: float) -> bool:
    """Is the wrong-but-answered rate ≤ `target` with `assurance` (`wrong_rate_upper`)? 0: the plain rate."""
    if assurance <= 0.0:
        return wrong <= target * answerable
    return wrong_rate_upper(wrong, answerable, assurance) <= target


def _within(calibration: Any, rows: list[dict[str, Any]], threshold: float, target_wrong: float,
            target_declined: float, assurance: float = 0.0) -> bool:
    """Do the answers at `threshold` keep ≤ `target_wrong` wrong (of the answerable; with `assurance`, by the bound
    of `wrong_rate_assured`) and decline ≥ `target_declined` of the unanswerable questions?"""
    answerable = [r for r in rows if r["type"] != "unanswerable"]
    unanswerable = [r for r in rows if r["type"] == "unanswerable"]

    def answered(r: dict[str, Any]) -> bool:
        return bool(r["features"]) and calibration.probability(r["features"]) >= threshold

    wrong = sum(1 for r in answerable if answered(r) and not r["top_right"])
    answered_un = sum(1 for r in unanswerable if answered(r))
    return (wrong_rate_assured(wrong, len(answerable), target_wrong, assurance)
            and answered_un <= (1 - target_declined) * len(unanswerable))


def _sample_rows(sample: Answerer) -> list[dict[str, Any]]:
    """The sample questions answered with raw scores: each winner's features and whether it is the expected value."""
    from kb.scoring import Calibration

    questions = json.loads(QUESTIONS.read_text(encoding="utf-8"))
    extractor = sample.pipeline.get_component("extractor")
    extractor.calibration, extractor.threshold = Calibration(), 0.0
    rows = []
    for q in questions["answerable"]:
        answer = sample.ask(q["question"])
        rows.append({"type": q["type"], "features": answer.features,
                     "top_right": value_matches(q["value"], answer.value, q["type"])})
    for q in questions["unanswerable"]:
        rows.append({"type": "unanswerable", "features": sample.ask(q["question"]).features, "top_right": False})
    return rows


ASSURANCE = 0.0  # > 0: the threshold keeps ≤ 5 % wrong with this assurance (`wrong_rate_assured`), not just in-sample
REPORTED_ASSURANCE = 0.8  # the upper bound printed beside a measured wrong-but-answered rate


def fit_rows(rows: list[dict[str, Any]], features: tuple[str, ...], target_wrong: float = 0.05,
             target_declined: float = 0.90, l2: float = 1.0, assurance: float = ASSURANCE) -> dict[str, Any]:
    """The logistic confidence over `features`, fitted on `rows` (answers with their features and whether the best
    candidate was right, e.g. the calib split's `--dump`), and the lowest threshold on them with ≤ `target_wrong`
    wrong-but-answered (with `assurance`) and ≥ `target_declined` unanswerable declined. Offline: no index needed."""
    from kb.scoring import Calibration, fit_logistic

    data = [(r["features"], bool(r["top_right"])) for r in rows if r["features"]]
    weights, bias = fit_logistic(data, l2=l2, features=features)
    fitted = Calibration(tuple(weights), bias, features=features)
    best = 0.99
    for t in sorted({round(fitted.probability(r["features"]), 3) for r in rows if r["features"]}):
        if _within(fitted, rows, t, target_wrong, target_declined, assurance):
            best = t
            break
    return {"features": list(features), "weights": weights, "bias": bias, "threshold": best,
            "targets": {"wrong_but_answered": target_wrong, "assurance": assurance,
                        "unanswerable_declined": target_declined}}


def log_loss(rows: list[dict[str, Any]], features: tuple[str, ...], folds: int = 10, l2: float = 1.0) -> float:
    """Cross-validated log loss of the logistic confidence over `features` on `rows` (choosing a feature set)."""
    usable = [r for r in rows if r["features"]]
    total = 0.0
    for k in range(folds):
        train = [r for i, r in enumerate(usable) if i % folds != k]
        test = [r for i, r in enumerate(usable) if i % folds == k]
        if not test:
            continue
        from kb.scoring import Calibration, fit_logistic

        w, b = fit_logistic([(r["features"], bool(r["top_right"])) for r in train], l2=l2, features=features)
        cal = Calibration(tuple(w), b, features=features)
        for r in test:
            p = min(max(cal.probability(r["features"]), 1e-6), 1 - 1e-6)
            total -= math.log(p if r["top_right"] else 1 - p)
    return total / max(1, len(usable))


def FEATURES_NAMES() -> tuple[str, ...]:  # noqa: N802 - the feature names, from the scoring module
    from kb.scoring import FEATURES

    return FEATURES


def reliability(rows: list[dict[str, Any]], bins: tuple[float, ...] = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
                ) -> list[tuple[str, int, float, float]]:
    """(bin, questions, mean confidence, share whose best candidate is right) per confidence bin."""
    out = []
    for lo, hi in zip(bins, bins[1:]):
        inside = [r for r in rows if lo <= r["confidence"] < hi]
        if inside:
            out.append((f"{lo:.1f}–{min(hi, 1.0):.1f}", len(inside), statistics.mean(r["confidence"] for r in inside),
                        sum(1 for r in inside if r["top_right"]) / len(inside)))
    return out


def print_real(name: str, figures: dict[str, Any]) -> None:
    t = figures["total"]
    print(f"\n{name}: {t['total']} beantwortbare, {figures['unanswerable']} nicht beantwortbare Fragen")
    print(f"{'Typ':13} {'richtig':>8} {'falsch':>7} {'abgel.':>7} {'gesamt':>7} {'richtig%':>9}")
    for kind, f in figures["per_type"].items():
        print(f"{kind:13} {f['right']:8} {f['wrong']:7} {f['declined']:7} {f['total']:7} {f['right'] / f['total']:9.1%}")
    print(f"{'gesamt':13} {t['right']:8} {t['wrong']:7} {t['declined']:7} {t['total']:7} {figures['right_share']:9.1%}")
    upper = wrong_rate_upper(t["wrong"], t["total"], REPORTED_ASSURANCE)
    print(f"falsch beantwortet: {figures['wrong_share']:.1%} (obere {REPORTED_ASSURANCE:.0%}-Schranke {upper:.1%}); "
          f"nicht beantwortbare abgelehnt: "
          f"{figures['unanswerable_declined']}/{figures['unanswerable']} = {figures['declined_share']:.1%}")
    print(f"Latenz: p50 {figures['latency_ms']['p50']:.0f} ms, p95 {figures['latency_ms']['p95']:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="data directory with ingested and indexed sample corpus")
    parser.add_argument("--model", default="e5", choices=["e5", "minilm", "none"],
                        help="none: BM25 only (an index without embeddings)")
    parser.add_argument("--json", action="store_true", help="figures as JSON")
    parser.add_argument("--misses", action="store_true", help="list wrong answers")
    parser.add_argument("--real", action="store_true", help="the real-paper set (Karlsruhe papers and the seed)")
    parser.add_argument("--split", choices=["dev", "heldout", *LATER_SPLITS],
                        help="only this half of the real set (dev4/heldout4 … dev6/heldout6: only with --gold)")
    parser.add_argument("--files", type=int, default=MAX_FILES, help="papers in the real-set index (with distractors)")
    parser.add_argument("--dump", type=Path, help="write every answer (with its features) as JSON")
    parser.add_argument("--gold", action="store_true", help="index-free: read each question's own paper only")
    parser.add_argument("--fit", action="store_true", help="fit the confidence on the dev half first (kb/answer_calibration.json)")
    parser.add_argument("--sample-index", type=Path,
                        help="with --fit: the indexed sample corpus, whose targets the threshold must meet too; "
                             "with --fit-ranker: its questions join the fit (hybrid unless --model none)")
    parser.add_argument("--set2", nargs="*", type=Path, metavar="DIR",
                        help="the second real set (dev2/calib) from these folders (default tests/eval/real-answer-questions-2)"
                        " on the second index (BENCH_CACHE/answers-index2, built if missing)")
    parser.add_argument("--build-index2", action="store_true", help="only build the second index (--model e5|none)")
    parser.add_argument("--set3", action="store_true",
                        help="the third real set (dev3/heldout3, split by paper) on the third index "
                             "(BENCH_CACHE/answers-index3, built if missing)")
    parser.add_argument("--build-index3", action="store_true", help="only build the third index (--model e5|none)")
    parser.add_argument("--fit-rows", nargs="+", type=Path, metavar="DUMP",
                        help="offline: fit the confidence on the calib rows of these --dump files, write kb/answer_calibration.json")
    parser.add_argument("--features", help="with --fit-rows: comma-separated feature names (default: all)")
    parser.add_argument("--fit-splits", default="calib", help="with --fit-rows: the splits fitted on (comma-separated)")
    parser.add_argument("--assurance", type=float, default=ASSURANCE,
                        help="with --fit-rows: the threshold keeps ≤ 5 %% wrong with this assurance (default 0: in-sample)")
    parser.add_argument("--fit-ranker", action="store_true",
                        help="fit the candidate ranker on dev + dev2 (index-free; with --index also that index's "
                             "BM25 lists), write kb/answer_ranker.json")
    parser.add_argument("--ranker-lists", type=Path, help="with --fit-ranker: candidate lists read from / written to")
    parser.add_argument("--hand", action="store_true", help="rank candidates by the hand score (ignore kb/answer_ranker.json)")
    args = parser.parse_args()
    if args.hand:
        import kb.ranker

        kb.ranker.RANKER_FILE = ROOT / "kb" / "no-ranker.json"  # absent: Ranker.load() keeps the hand score
    if args.fit_ranker:
        main_fit_ranker(args)
        return
    if args.build_index2:
        model = None if args.model == "none" else args.model
        print(build_index2(args.index or INDEX2 / (model or "bm25"), model))
        return
    if args.build_index3:
        model = None if args.model == "none" else args.model
        print(build_index3(args.index or INDEX3 / (model or "bm25"), model))
        return
    if args.set3:
        main_set2(args, third=True)
        return
    if args.fit_rows:
        main_fit_rows(args)
        return
    if args.set2 is not None:
        main_set2(args)
        return
    if args.gold:
        questions = json.loads(REAL_QUESTIONS.read_text(encoding="utf-8"))
        for split in [args.split] if args.split else ["dev", "heldout"]:
            chosen = (split_set(split) if split in LATER_SPLITS
                      else select(questions, split))["answerable"]
            figures = read_gold(chosen)
            t = figures["total"]
            best = sum(r["top_right"] for r in figures["rows"])
            print(f"{split} (nur eigenes Papier): {t['right']}/{t['total']} richtig = {figures['right_share']:.1%}, "
                  f"falsch {t['wrong']}, abgelehnt {t['declined']}; bester Kandidat richtig {best}/{t['total']} "
                  f"= {best / max(1, t['total']):.1%}")
            if args.misses and split in HELD_OUT:
                print("   (Fehlliste ausgelassen: zurückgehaltene Fragen)")
                continue
            for kind, f in sorted(figures["per_type"].items()):
                print(f"   {kind:13} {f['right']:3}/{f['total']:3}")
            if args.misses:
                for m in figures["misses"]:
                    print("   ", m)
        return
    if args.real:
        main_real(args)
        return
    questions = json.loads(QUESTIONS.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        data = args.index
        if data is None:
            from bench.eval_search import prepare

            data = Path(tmp)
            prepare(data, args.model)
        answerer = Library(data, model=args.model).answerer()
        figures = evaluate(answerer, questions)
    if args.dump:
        args.dump.write_text(json.dumps({"sample": figures["rows"]}, ensure_ascii=False, indent=1, default=str),
                             encoding="utf-8")
    figures.pop("rows")
    if args.json:
        json.dump(figures, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    print(f"{figures['answerable']} beantwortbare Fragen, {figures['unanswerable']} nicht beantwortbare")
    print(f"{'Typ':12} {'richtig':>8} {'gesamt':>7} {'Anteil':>7}")
    for kind, f in figures["per_type"].items():
        print(f"{kind:12} {f['correct']:8} {f['total']:7} {f['accuracy']:7.1%}")
    print(f"{'gesamt':12} {figures['correct']:8} {figures['answerable']:7} {figures['accuracy']:7.1%}")
    print(f"falsch beantwortet: {figures['wrong']}/{figures['answerable']} = {figures['wrong_share']:.1%}")
    print(f"abgelehnt (nicht beantwortbar): {figures['declined']}/{figures['unanswerable']} "
          f"= {figures['declined_share']:.1%}")
    print(f"Latenz: p50 {figures['latency_ms']['p50']:.0f} ms, p95 {figures['latency_ms']['p95']:.0f} ms")
    if args.misses:
        for m in figures["misses"]:
            print("  ", m)
        for conf, ok, q in figures["confidences"]:
            print(f"   {conf:.2f} {'unbeantwortbar' if ok is None else 'richtig' if ok else 'falsch':14} {q}")


def main_real(args: argparse.Namespace) -> None:
    questions = json.loads(REAL_QUESTIONS.read_text(encoding="utf-8"))
    model = None if args.model == "none" else args.model
    data = args.index or build_real_index(REAL_INDEX / (model or "bm25"), questions, model, args.files)
    answerer = Answerer(open_store(data), Archive(data), model=model)
    for q in questions["answerable"][:3]:  # warm: first calls load caches
        answerer.ask(q["question"])
    if args.fit:
        sample = Library(args.sample_index, model=model).answerer() if args.sample_index else None
        fitted = fit_calibration(answerer, questions, sample=sample)
        print(f"Kalibrierung: Gewichte {[round(w, 3) for w in fitted['weights']]}, Bias {fitted['bias']:.3f}, "
              f"Schwelle {fitted['threshold']:.3f}")
    results = {}
    for split in [args.split] if args.split else ["dev", "heldout"]:
        for name, seed in ((f"{split} (Karlsruhe)", False), (f"{split} (Seed)", True)):
            figures = evaluate_real(answerer, select(questions, split, seed))
            results[name] = figures
            if not args.json:
                print_real(name, figures)
            if args.misses and not args.json:
                print_misses(figures, split)
    report(args, results, lambda split: [r for k, v in results.items() if k.startswith(split) for r in v["rows"]],
           [args.split] if args.split else ["dev", "heldout"])


HELD_OUT = ("heldout", "calib", "heldout3", "heldout4", "heldout5", "heldout6")  # their misses are never printed: the rules must not be written on them


def print_misses(figures: dict[str, Any], split: str) -> None:
    if split in HELD_OUT:
        print("   (Fehlliste ausgelassen: zurückgehaltene Fragen)")
        return
    for r in figures["rows"]:
        if r["outcome"] != ("declined" if r["type"] == "unanswerable" else "right"):
            print(f"   [{r['outcome']:8}] {r['confidence']:.2f} {r['question']} → erwartet {r['expected']!r}, "
                  f"erhalten {r['got']!r} ({r['document']}); bester Kandidat {r.get('top')!r}"
                  f"{' (richtig)' if r['top_right'] else ''}")


def report(args: argparse.Namespace, results: dict[str, Any], rows_of, splits: list[str]) -> None:
    """The tail of every real-set run: the reliability curve per split, then `--dump` and `--json`."""
    if not args.json:
        print("\nZuverlässigkeit (Konfidenz gegen Anteil richtiger bester Kandidaten):")
        for split in splits:
            print(f"  {split}:")
            for label, n, conf, right in reliability(rows_of(split)):
                print(f"    {label}  n={n:3}  Konfidenz {conf:.2f}  richtig {right:.2f}")
    if args.dump:
        args.dump.write_text(json.dumps({k: v["rows"] for k, v in results.items()}, ensure_ascii=False, indent=1,
                                        default=str), encoding="utf-8")
    if args.json:
        json.dump({k: {kk: vv for kk, vv in v.items() if kk != "rows"} for k, v in results.items()}, sys.stdout,
                  ensure_ascii=False, indent=2)
        sys.stdout.write("\n")


def main_set2(args: argparse.Namespace, third: bool = False) -> None:
    """The second real set (dev2 / calib; "pending" is never read) on the second index, or (`third`) the
    third set (dev3 / heldout3) on the third index."""
    questions = load_set2([SET3_DIR] if third else args.set2 or [SET2_DIR])
    model = None if args.model == "none" else args.model
    data = args.index or (build_index3(INDEX3 / (model or "bm25"), model) if third
                          else build_index2(INDEX2 / (model or "bm25"), model))
    answerer = Answerer(open_store(data), Archive(data), model=model)
    for q in questions["answerable"][:3]:
        answerer.ask(q["question"])
    results = {}
    for split in [args.split] if args.split else SET3_SPLITS if third else SET2_SPLITS:
        figures = evaluate_real(answerer, select(questions, split))
        results[split] = figures
        if not args.json:
            print_real(split, figures)
            if args.misses:
                print_misses(figures, split)
    report(args, results, lambda split: results[split]["rows"], list(results))


def main_fit_ranker(args: argparse.Namespace) -> None:
    """Collect (or read) the dev + dev2 candidate lists, fit the ranker, write kb/answer_ranker.json.
    Never calib or held-out: those judge the fitted ranker (`--gold --split calib`, counts only)."""
    from kb.ranker import RANKER_FILE

    if args.ranker_lists and args.ranker_lists.exists():
        lists = json.loads(args.ranker_lists.read_text(encoding="utf-8"))
    else:
        dev = select(json.loads(REAL_QUESTIONS.read_text(encoding="utf-8")), "dev")["answerable"]
        dev2 = select(load_set2([SET2_DIR]), "dev2")["answerable"]
        lists = ranker_lists_gold(dev + dev2)
        if args.index:
            model = None if args.model == "none" else args.model
            answerer = Answerer(open_store(args.index), Archive(args.index), model=model)
            lists += ranker_lists_index(answerer, dev + dev2)
        if args.sample_index:
            lists += ranker_lists_sample(Library(args.sample_index).answerer())  # hybrid, as the sample set is measured
        if args.ranker_lists:
            args.ranker_lists.write_text(json.dumps(lists, ensure_ascii=False), encoding="utf-8")
    assert not {i["split"] for i in lists} - {"dev", "dev2", "sample"}, "the ranker is fitted on development sets only"
    out = fit_ranker(lists)
    sources = sorted({i["source"] for i in lists})
    out["fitted_on"] = (f"dev of {REAL_QUESTIONS.name} + dev2 of {SET2_DIR.name}"
                        f"{' + the sample set' if any(i['split'] == 'sample' for i in lists) else ''}: "
                        f"{len({i['id'] for i in lists})} "
                        f"questions, {len(lists)} candidate lists ({', '.join(sources)}), "
                        f"{sum(len(i['candidates']) for i in lists)} candidates")
    RANKER_FILE.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=1))


def main_fit_rows(args: argparse.Namespace) -> None:
    """Fit the confidence offline on the rows of `--dump` files (only the splits named: calib by default)."""
    from kb.scoring import CALIBRATION_FILE, FEATURES

    splits = set(args.fit_splits.split(","))
    rows = [r for path in args.fit_rows for group in json.loads(path.read_text(encoding="utf-8")).values()
            for r in group if r.get("split") in splits]
    features = tuple(args.features.split(",")) if args.features else FEATURES
    out = fit_rows(rows, features, assurance=args.assurance)
    out["fitted_on"] = (f"splits {sorted(splits)} of {', '.join(p.name for p in args.fit_rows)} "
                        f"({sum(1 for r in rows if r['features'])} questions)")
    out["cross_validated_log_loss"] = round(log_loss(rows, features), 4)
    CALIBRATION_FILE.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
