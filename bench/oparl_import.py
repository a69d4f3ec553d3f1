"""Import a whole OParl dump (default: the Karlsruhe dump) and print what it took.

    nice -n 10 python bench/oparl_import.py [DUMP] [--data DIR] [--index] [--baseline N]

Prints papers/s and documents/s of the first import, the re-import (nothing changed: the
incremental path), failures by name, files without text, and for each metadata field how
many documents took it from OParl and how often the text's own extraction had already
found the same value. Baseline in the same run: `ingest_paths` (the plain folder ingest,
no OParl) on N of the dump's text files. `--index` then builds a BM25 index (model=None,
no embeddings) over the archive and runs a search, to show the import is searchable.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.shared import KARLSRUHE
from ingest.archive import Archive
from ingest.oparl import DumpSource, file_number, import_oparl, paper_files
from ingest.pipeline import ingest_paths

DUMP = KARLSRUHE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump", nargs="?", type=Path, default=DUMP)
    parser.add_argument("--data", type=Path, help="archive folder (default: a temporary one)")
    parser.add_argument("--index", action="store_true", help="build a BM25 index afterwards and search it")
    parser.add_argument("--validate", action="store_true",
                        help="serve the archive as OParl on loopback and validate the whole graph (schemas)")
    parser.add_argument("--file-timeout", type=float, default=60.0, help="seconds allowed for reading one file")
    parser.add_argument("--baseline", type=int, default=200,
                        help="text files for the ingest_paths baseline (0: all of the dump's, the import's own files)")
    parser.add_argument("--slice", type=int, default=0, metavar="N",
                        help="import only N papers, every k-th of the dump (as the tests' slice)")
    parser.add_argument("--queries", type=int, default=8, help="searches and questions run over the index (--index)")
    parser.add_argument("--jobs", type=int, default=None, help="reader processes of the import (default: up to 2)")
    args = parser.parse_args()
    # The official schemas sit next to the dump (../shared/oparl-1.1-schema) unless named.
    os.environ.setdefault("RATSARCHIV_OPARL_SCHEMAS", str(args.dump.resolve().parents[1] / "oparl-1.1-schema"))

    scratch = Path(tempfile.mkdtemp(prefix="bench-oparl-"))
    data = args.data or scratch / "data"
    try:
        if args.slice:
            from tests.test_oparl_import import make_dump

            papers = sorted(args.dump.glob("papers/*.json"), key=lambda p: int(p.stem))
            args.dump = make_dump(scratch / "slice", papers[:: max(1, len(papers) // args.slice)][: args.slice])
        archive = Archive(data)
        done = 0

        def progress(name: str) -> None:
            nonlocal done
            done += 1
            if done % 100 == 0:
                print(f"  … {done} Vorlagen, {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)

        before = len(archive.ids())
        start, cpu = time.perf_counter(), _cpu()
        report = import_oparl(args.dump, archive, on_progress=progress, file_timeout=args.file_timeout, jobs=args.jobs)
        first, cpu = time.perf_counter() - start, _cpu() - cpu
        print(f"dump: {args.dump} (archive had {before} documents before); {os.getloadavg()[0]:.1f} load average")
        print(f"papers {report.papers}, files {report.files}, imported {report.imported} papers "
              f"({report.documents} documents), unchanged {report.unchanged}")
        print(f"first import:  {first:8.1f} s  {report.papers / first:6.2f} papers/s  "
              f"{report.documents / first:6.2f} documents/s; CPU {cpu:.1f} s (this process and its readers): "
              f"{report.documents / max(cpu, 1e-9):.2f} documents per CPU s")
        print(f"failed papers: {len(report.failed)}")
        for o in report.failed:
            print(f"  {o.name}: {o.error}")
        empty = [o for o in report.outcomes if o.status == "empty"]
        print(f"files without text in the dump (not imported): {len(report.missing)}; "
              f"papers without any file with text: {len(empty)}")
        print("field            from OParl   extraction agreed")
        for key in ("title", "vorlage_number", "date", "doc_type", "consultations", "related"):
            n = report.from_oparl[key]
            agreed = f"{report.agreed[key]:6d} ({report.agreed[key] / n:6.1%})" if n and key != "related" else "     -"
            print(f"  {key:15s} {n:8d}     {agreed}", flush=True)
        start = time.perf_counter()
        again = import_oparl(args.dump, archive, file_timeout=args.file_timeout, jobs=args.jobs)
        second = time.perf_counter() - start
        print(f"re-import:     {second:8.1f} s  {again.papers / second:6.2f} papers/s  "
              f"(imported {again.imported}, unchanged {again.unchanged}, failed {len(again.failed)})", flush=True)

        _oparl_out(archive)
        _baseline(args.dump, scratch, args.baseline, report.documents / max(cpu, 1e-9))
        if args.validate:
            _validate(archive)
        if args.index:
            _index(archive, data, args.queries)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the import's readers): the
    machine is shared, so wall time says more about the others' load than about the import."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _baseline(dump: Path, scratch: Path, n: int, import_rate: float) -> None:
    """ingest_paths over N text files of the same dump: the plain folder path, same text pipeline."""
    source = DumpSource(dump)
    texts = []
    for paper in source.papers(None):
        texts += [p for f in paper_files(paper) if source.has_content(f) and (p := source.local_text(f))]
        if n and len(texts) >= n:
            break
    folder = scratch / "baseline-files"
    folder.mkdir()
    texts = texts[:n] if n else texts
    for p in texts:
        shutil.copy(p, folder / p.name)
    start, cpu = time.perf_counter(), _cpu()
    result = ingest_paths([folder], Archive(scratch / "baseline-data"))
    took, cpu = time.perf_counter() - start, _cpu() - cpu
    print(f"baseline ingest_paths on {len(texts)} of the dump's text files: {took:.1f} s, "
          f"{result.count('ingested') / took:.2f} documents/s, {result.count('ingested') / cpu:.2f} documents per CPU s "
          f"(import: {import_rate:.2f} documents per CPU s), failed {len(result.failed)}")
    for o in result.failed[:5]:
        print(f"  baseline failed: {o.path.name}: {o.error}")


def _oparl_out(archive: Archive) -> None:
    """What serving the import as OParl costs: the catalogue (built once per archive change) and a list page."""
    from kb import oparl

    start = time.perf_counter()
    cat = oparl.Catalogue.build(archive)
    built = time.perf_counter() - start
    start = time.perf_counter()
    page = oparl.list_page(list(cat.papers.values()), lambda c: oparl.paper("http://x/oparl/v1", "http://x", cat, c),
                           oparl.paper_stamps, "http://x/oparl/v1/papers", 1, 100)
    mapped = time.perf_counter() - start
    related = sum(bool(c.related) for c in cat.papers.values())
    print(f"OParl out: catalogue of {len(cat.papers)} papers, {len(cat.meetings)} meetings, "
          f"{len(cat.organizations)} Gremien built in {built:.1f} s; one list page ({len(page['data'])} papers, "
          f"as the route builds it) in {mapped * 1000:.1f} ms (bench/oparl_pages.py compares); "
          f"papers with relatedPaper: {related}")


def _validate(archive: Archive) -> None:
    """Walk every object and list page the OParl router serves for this archive; count schema errors."""
    from tests.test_oparl_out import SCHEMAS, build_validators, serve, walk

    validators = build_validators()
    if not validators:  # without them every object would count as an error: say so instead
        print(f"OParl out graph walk skipped: no OParl schemas in {SCHEMAS} (set RATSARCHIV_OPARL_SCHEMAS)")
        return
    served, server, thread = serve(archive)
    try:
        start = time.perf_counter()
        kinds, errors = walk(served.system, validators, per_page=100)
        took = time.perf_counter() - start
    finally:
        server.should_exit = True
        thread.join(10)
    print(f"OParl out graph walk: {sum(kinds.values())} objects/pages in {took:.0f} s "
          f"({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}); schema errors: {len(errors)}")
    for e in errors[:10]:
        print(f"  {e}")


def _index(archive: Archive, data: Path, queries: int) -> None:
    """BM25 index (no embeddings) over the imported archive, then `kb search` and `kb ask` over it.

    The queries are staff's own (tests/eval/real-search-questions.json and
    real-answer-questions.json, written from the papers before any tuning): the first
    `queries` of each file, in their order, whose answering paper the archive holds (all of
    them for the whole dump; dev and held-out alike: this shows the import is searchable,
    bench/eval_search_real.py and eval_answers.py score search and answers). A search counts
    as found when a document of an answering paper is among the first 5 papers; an answer
    when it holds the expected value.
    """
    from kb.library import Library

    library = Library(data, model=None)  # what `kb search` / `kb ask --mode bm25` run
    start = time.perf_counter()
    indexed = library.sync_index()
    took = time.perf_counter() - start
    print(f"BM25 index (no embeddings): {indexed.indexed} documents, {indexed.passages} passages, {took:.1f} s")
    paper_of = {d.id: file_number(d.oparl.paper) for d in archive if d.oparl}
    evals = Path(__file__).resolve().parents[1] / "tests/eval"
    held = set(paper_of.values())
    search = [q for q in json.loads((evals / "real-search-questions.json").read_text(encoding="utf-8"))["questions"]
              if held & {a["paper"] for a in q["answers"]}][:queries]
    found = 0
    for q in search:
        start = time.perf_counter()
        result = library.search(q["query"], top_k=40)
        ms = (time.perf_counter() - start) * 1000
        wanted = {a["paper"] for a in q["answers"]}
        papers = list(dict.fromkeys(paper_of.get(d.document) for d in result.documents))[:5]
        hit = bool(wanted & set(papers))
        found += hit
        print(f"kb search {q['query']!r} ({q['kind']}, {q['split']}): {ms:.0f} ms, "
              f"{'found' if hit else 'NOT found'} in the first 5 papers")
        for d in result.documents[:3]:
            print(f"    {d.document}: {d.title[:80]}")
    print(f"searches: {found} of {len(search)} found an answering paper in the first 5")
    by_paper: dict[str, dict] = {}  # the first question of each paper: many papers, not one paper's many
    for q in json.loads((evals / "real-answer-questions.json").read_text(encoding="utf-8"))["answerable"]:
        if q.get("paper") in held:
            by_paper.setdefault(q["paper"], q)
    asked = list(by_paper.values())[:queries]
    right = 0
    for q in asked:
        start = time.perf_counter()
        answer = library.ask(q["question"])
        ms = (time.perf_counter() - start) * 1000
        ok = answer.answer is not None and _matches(answer.value, answer.answer, q["value"])
        right += ok
        where = answer.evidence[0].document if answer.evidence else "-"
        print(f"kb ask {q['question']!r} ({q['split']}): {ms:.0f} ms → {answer.answer!r} "
              f"(expected {q['value']!r}, {'right' if ok else 'declined' if answer.answer is None else 'WRONG'}; "
              f"evidence {where}, paper {paper_of.get(where, '-')}, expected paper {q['paper']})")
    print(f"answers: {right} of {len(asked)} right")


def _matches(value: object, text: str, expected: object) -> bool:
    """An expected value (or one of a list of accepted ones) in the answer: the same normalised
    value, or contained in the answer's text (spaces, dots and commas folded)."""
    def fold(x: object) -> str:
        return "".join(str(x).lower().split()).replace(".", "").replace(",", "")

    accepted = expected if isinstance(expected, list) else [expected]
    return any(value == e or fold(e) in fold(text) or fold(e) in fold(value) for e in accepted)


if __name__ == "__main__":
    main()
