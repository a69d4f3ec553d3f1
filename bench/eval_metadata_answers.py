"""Evaluation of answers from a paper's OParl metadata (`kb.metadata_answers`) on real imported papers.

    nice -n 10 .venv/bin/python bench/eval_metadata_answers.py [--index DIR] [--split dev|heldout] [--misses]
    nice -n 10 .venv/bin/python bench/eval_metadata_answers.py --real-set on|off -- --real --model none --index DIR
    nice -n 10 .venv/bin/python bench/eval_metadata_answers.py --seed-check DIR      # the two seed questions

`--real-set on|off`: bench/eval_answers.py (the arguments after `--`) with the metadata candidates on or
off, nothing else changed: what the metadata adds on the real-paper set. `--seed-check DIR`: both seed
questions on an index (BM25 only), unscoped and scoped to the seed's Gremium and year.

Questions: tests/eval/metadata-answer-questions.json (meeting days of the Beratungsfolge, Gremien,
reference numbers, paper dates; written from the paper objects before the module was built) and
questions no paper of the slice answers. Index: two slices of the Karlsruhe dump (every 65th paper
from the 1st and from the 31st, 60 papers with all their files) imported through `kb`'s OParl import
(`Library.import_oparl` on a dump folder, as tests/test_oparl_import.py does), BM25 only; cached in
--index (default: $TMPDIR/ratsarchiv-metadata-answers). Each question runs twice: the text answerer
alone (metadata off) and with metadata candidates merged, so the gain is measured in one run.
Right = the expected value and the first evidence in the paper asked about (any of its files).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.eval_answers import value_matches
from kb.library import Library
from bench.shared import KARLSRUHE

QUESTIONS = ROOT / "tests" / "eval" / "metadata-answer-questions.json"
DUMP = KARLSRUHE
DEFAULT_INDEX = Path(tempfile.gettempdir()) / "ratsarchiv-metadata-answers"
SLICES = ((0, 65, 30), (30, 65, 30))  # (first, step, count) over the papers sorted by id


def slice_papers(dump: Path = DUMP) -> list[Path]:
    papers = sorted(dump.glob("papers/*.json"), key=lambda p: int(p.stem))
    chosen: list[Path] = []
    for first, step, count in SLICES:
        chosen += papers[first::step][:count]
    return list(dict.fromkeys(chosen))


def make_dump(folder: Path, papers: list[Path], dump: Path = DUMP) -> Path:
    """A dump folder with only `papers` (meetings, files, organisations linked from the real dump)."""
    (folder / "papers").mkdir(parents=True, exist_ok=True)
    for p in papers:
        shutil.copy(p, folder / "papers" / p.name)
    shutil.copy(dump / "organizations.json", folder / "organizations.json")
    for name in ("meetings", "files"):
        if not (folder / name).exists():
            (folder / name).symlink_to(dump / name)
    return folder


def build(dest: Path) -> Path:
    """Import the slices through the OParl import and index them (BM25), once."""
    done = dest / ".complete"
    if done.exists():
        return dest
    with tempfile.TemporaryDirectory() as tmp:
        dump = make_dump(Path(tmp) / "dump", slice_papers())
        t0 = time.perf_counter()
        report, index = Library(dest, model=None).import_oparl(dump)
        failed = [(o.name, o.error) for o in report.outcomes if o.status == "failed"]
        print(f"import: {len(report.outcomes)} Vorlagen in {time.perf_counter() - t0:.0f} s, Index {index}; "
              f"fehlgeschlagen: {failed}", file=sys.stderr)
    done.write_text(json.dumps({"papers": len(report.outcomes)}), encoding="utf-8")
    return dest


def paper_of(library: Library, doc_id: str) -> str | None:
    doc = library.archive.get(doc_id)
    return doc.oparl.paper.rsplit("/", 1)[-1] if doc is not None and doc.oparl is not None else None


def evaluate(library: Library, questions: dict[str, list[dict[str, Any]]], metadata: bool) -> dict[str, Any]:
    answerer = library.answerer()
    answerer.metadata = metadata
    per_type: dict[str, dict[str, int]] = defaultdict(lambda: {"right": 0, "wrong": 0, "declined": 0, "total": 0})
    rows, ms = [], []
    for q in questions["answerable"]:
        t0 = time.perf_counter()
        a = library.ask(q["question"])
        ms.append(1000 * (time.perf_counter() - t0))
        where = paper_of(library, a.evidence[0].document) if a.evidence else None
        ok = value_matches(q["value"], a.value, q["type"]) and where == q["paper"]
        outcome = "declined" if a.declined else "right" if ok else "wrong"
        per_type[q["type"]][outcome] += 1
        per_type[q["type"]]["total"] += 1
        rows.append((outcome, a.confidence, q["question"], q["value"], a.value, where,
                     a.evidence[0].text[:80] if a.evidence else ""))
    declined = 0
    for q in questions["unanswerable"]:
        t0 = time.perf_counter()
        a = library.ask(q["question"])
        ms.append(1000 * (time.perf_counter() - t0))
        declined += a.declined
        rows.append(("declined" if a.declined else "wrong", a.confidence, q["question"], None, a.value, None,
                     a.evidence[0].text[:80] if a.evidence else ""))
    total = {k: sum(t[k] for t in per_type.values()) for k in ("right", "wrong", "declined", "total")}
    ms.sort()
    return {"per_type": dict(sorted(per_type.items())), "total": total, "unanswerable": len(questions["unanswerable"]),
            "unanswerable_declined": declined, "rows": rows,
            "p50": statistics.median(ms), "p95": ms[int(0.95 * (len(ms) - 1))]}


def select(questions: dict[str, Any], split: str | None) -> dict[str, list[dict[str, Any]]]:
    return {k: [q for q in questions[k] if split is None or q["split"] == split] for k in ("answerable", "unanswerable")}


def real_set(metadata: bool, argv: list[str]) -> None:
    """bench/eval_answers.py with `Answerer.metadata` set for every answerer it builds."""
    from bench import eval_answers
    from kb import answers

    init = answers.Answerer.__init__

    def with_switch(self: Any, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        self.metadata = metadata

    answers.Answerer.__init__ = with_switch  # type: ignore[method-assign]
    sys.argv = ["bench/eval_answers.py", *argv]
    eval_answers.main()


SEED_QUESTIONS = ("Wann endet der Förderzeitraum?", "Wer koordiniert das Projekt?")


def seed_check(data: Path) -> None:
    from kb.filters import Filters

    library = Library(data, model=None)
    for label, filters in (("ohne Filter", None), ("Gremium", Filters.parse(body="Ausschuss für Inklusion und Gesundheit")),
                           ("Jahr 2019", Filters.parse(date_from="2019", date_to="2019"))):
        for q in SEED_QUESTIONS:
            a = library.ask(q, filters)
            print(f"{label:12} {q} → {a.answer!r} ({a.value!r}, {a.confidence:.2f}) "
                  f"{[(e.document, e.page) for e in a.evidence][:2]} "
                  f"Kandidaten: {[(c.answer, round(c.confidence, 2), c.document) for c in a.candidates[:2]]}")


def main() -> None:
    if "--real-set" in sys.argv:
        at = sys.argv.index("--real-set")
        rest = sys.argv[at + 2 :]
        real_set(sys.argv[at + 1] == "on", rest[1:] if rest[:1] == ["--"] else rest)
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    parser.add_argument("--split", choices=["dev", "heldout"])
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--seed-check", type=Path, metavar="DIR", help="the two seed questions on the index in DIR")
    args = parser.parse_args()
    if args.seed_check:
        seed_check(args.seed_check)
        return
    library = Library(build(args.index), model=None)
    if args.build_only:
        return
    questions = json.loads(QUESTIONS.read_text(encoding="utf-8"))
    library.ask(questions["answerable"][0]["question"])  # warm
    for split in [args.split] if args.split else ["dev", "heldout"]:
        for metadata in (False, True):
            f = evaluate(library, select(questions, split), metadata)
            t = f["total"]
            print(f"\n{split}, {'Text + Metadaten' if metadata else 'nur Text'}: richtig {t['right']}/{t['total']}, "
                  f"falsch {t['wrong']}, abgelehnt {t['declined']}; nicht beantwortbare abgelehnt "
                  f"{f['unanswerable_declined']}/{f['unanswerable']}; p50 {f['p50']:.0f} ms, p95 {f['p95']:.0f} ms")
            for kind, c in f["per_type"].items():
                print(f"   {kind:10} richtig {c['right']:2} falsch {c['wrong']:2} abgelehnt {c['declined']:2} von {c['total']:2}")
            if args.misses:
                for outcome, conf, question, expected, got, where, text in f["rows"]:
                    if outcome != ("declined" if expected is None else "right"):
                        print(f"   [{outcome:8}] {conf:.2f} {question} → erwartet {expected!r}, erhalten {got!r} "
                              f"(Vorlage {where}: {text})")


if __name__ == "__main__":
    main()
