"""Evaluation of linking: explicit-reference resolution and related papers, on the ingested corpus.

    .venv/bin/python bench/eval_links.py [--index DIR] [--json]

Runs on the real OCR'd archive: `--index DIR` (an ingested and indexed data directory, only
read), else the sample corpus is ingested and indexed into a temporary directory first.
The labels are tests/eval/corpus/papers.json: per paper its references (with the document each
resolves to, or null) and its matter ("Vorgang", null for distractors).

* Reference resolution: predicted (citing paper, cited paper) pairs against the labelled pairs;
  precision = correct / predicted, recall = correct / labelled. Also counted: how many labelled
  references (unresolved ones too: grant notices, programmes, letters) the extraction finds.
* Related papers, Recall@3: for every paper with earlier (or same-date) papers of its matter,
  the share of those found among the first three of `Linker.related`, out of at most three
  (|top-3 ∩ relevant| / min(3, |relevant|)); averaged over those papers.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.dates import DATE, parse_german_date  # noqa: E402
from kb.library import Library  # noqa: E402

PAPERS = ROOT / "tests" / "eval" / "corpus" / "papers.json"
K = 3


@dataclass
class LinkFigures:
    precision: float
    recall: float
    predicted: int
    labelled: int
    recall_at_3: float
    papers_ranked: int  # papers with earlier papers of their matter
    seconds: float  # linking and ranking, without ingest
    detected: int = 0  # labelled references (resolved or not) the extraction finds
    references: int = 0  # labelled references
    wrong: list[str] = field(default_factory=list)  # predicted pairs not labelled
    missed: list[str] = field(default_factory=list)  # labelled pairs not predicted
    ranking_misses: list[str] = field(default_factory=list)


def labelled_pairs(papers: list[dict]) -> set[tuple[str, str]]:
    return {(p["id"], r["target"]) for p in papers for r in p["references"] if r["target"]}


def relevant_earlier(paper: dict, papers: list[dict]) -> set[str]:
    """Earlier (or same-date) papers of the same matter, by the labelled dates."""
    if not paper["matter"]:
        return set()
    own = _date(paper)
    return {q["id"] for q in papers if q["id"] != paper["id"] and q["matter"] == paper["matter"] and _date(q) <= own}


def _date(paper: dict) -> str:
    return paper["date"] or paper["session_date"] or ""


def evaluate(data: Path) -> LinkFigures:
    papers = json.loads(PAPERS.read_text(encoding="utf-8"))
    started = time.perf_counter()
    linker = Library(data).linker()
    predicted = {
        (p["id"], ref.target) for p in papers if p["id"] in linker.docs
        for ref in linker.profiles[p["id"]].refs if ref.target
    }
    labelled = labelled_pairs(papers)
    correct = predicted & labelled
    shares, misses = [], []
    for paper in papers:
        relevant = relevant_earlier(paper, papers)
        if not relevant:
            continue
        top = [r.document for r in linker.related(linker.document(paper["id"]), top_k=K)]
        found = len(relevant & set(top))
        shares.append(found / min(K, len(relevant)))
        if found < min(K, len(relevant)):
            misses.append(f"{paper['id']}: top {top}, relevant {sorted(relevant)}")
    seconds = time.perf_counter() - started
    detected = sum(
        _detected(r, linker.profiles[p["id"]].refs) for p in papers if p["id"] in linker.docs for r in p["references"])
    return LinkFigures(
        precision=len(correct) / len(predicted) if predicted else 0.0,
        recall=len(correct) / len(labelled) if labelled else 0.0,
        predicted=len(predicted),
        labelled=len(labelled),
        recall_at_3=sum(shares) / len(shares) if shares else 0.0,
        papers_ranked=len(shares),
        seconds=round(seconds, 2),
        detected=detected,
        references=sum(len(p["references"]) for p in papers),
        wrong=sorted(f"{a} → {b}" for a, b in predicted - labelled),
        missed=sorted(f"{a} → {b}" for a, b in labelled - predicted),
        ranking_misses=misses,
    )


def _detected(label: dict, refs: list) -> bool:
    """A labelled reference is found when an extracted one has its date, number or programme name."""
    surface = " ".join(label["surface"].split())
    dates = [parse_german_date(m.group()) for m in DATE.finditer(surface)]
    numbers = re.findall(r"\d{4}/\d{3,5}", surface)
    name = re.search(r"„([^“]+)“", surface)
    keys = {k for k in dates + numbers if k} | ({" ".join(name.group(1).split())} if name else set())
    return any(ref.date in keys or ref.number in keys for ref in refs)


def prepare(data: Path) -> None:
    from kb.library import Library

    report = Library(data, model="e5").ingest([ROOT / "corpus"]).report
    if report.failed:
        raise SystemExit(f"ingest failed: {[(o.path.name, o.error) for o in report.failed]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, metavar="DIR", help="ingested and indexed data directory (read only)")
    parser.add_argument("--json", action="store_true", help="figures as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = args.index
        if data is None:
            data = Path(tmp)
            prepare(data)
        figures = evaluate(data)
    if args.json:
        json.dump(asdict(figures), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    print(f"reference resolution: precision {figures.precision:.3f}, recall {figures.recall:.3f} "
          f"({figures.predicted} predicted, {figures.labelled} labelled pairs)")
    print(f"references detected (resolved or not): {figures.detected}/{figures.references}")
    print(f"related papers: Recall@3 {figures.recall_at_3:.3f} over {figures.papers_ranked} papers")
    print(f"runtime (linking and ranking, without ingest): {figures.seconds:.2f} s")
    for line in figures.wrong:
        print("  wrong:  ", line)
    for line in figures.missed:
        print("  missed: ", line)
    for line in figures.ranking_misses:
        print("  ranking:", line)


if __name__ == "__main__":
    main()
