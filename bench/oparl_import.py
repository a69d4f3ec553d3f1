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
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.archive import Archive  # noqa: E402
from ingest.oparl import DumpSource, import_oparl, paper_files  # noqa: E402
from ingest.pipeline import ingest_paths  # noqa: E402

# The dump sits next to the checkout (../shared/real/karlsruhe); RATSARCHIV_REAL names it elsewhere (a worktree).
DUMP = Path(os.environ.get("RATSARCHIV_REAL", Path(__file__).resolve().parents[2] / "shared/real/karlsruhe"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump", nargs="?", type=Path, default=DUMP)
    parser.add_argument("--data", type=Path, help="archive folder (default: a temporary one)")
    parser.add_argument("--index", action="store_true", help="build a BM25 index afterwards and search it")
    parser.add_argument("--validate", action="store_true",
                        help="serve the archive as OParl on loopback and validate the whole graph (schemas)")
    parser.add_argument("--file-timeout", type=float, default=60.0, help="seconds allowed for reading one file")
    parser.add_argument("--baseline", type=int, default=200, help="text files for the ingest_paths baseline")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="bench-oparl-"))
    data = args.data or scratch / "data"
    try:
        archive = Archive(data)
        done = 0

        def progress(name: str) -> None:
            nonlocal done
            done += 1
            if done % 100 == 0:
                print(f"  … {done} Vorlagen, {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)

        before = len(archive.ids())
        start = time.perf_counter()
        report = import_oparl(args.dump, archive, on_progress=progress, file_timeout=args.file_timeout)
        first = time.perf_counter() - start
        print(f"dump: {args.dump} (archive had {before} documents before)")
        print(f"papers {report.papers}, files {report.files}, imported {report.imported} papers "
              f"({report.documents} documents), unchanged {report.unchanged}")
        print(f"first import:  {first:8.1f} s  {report.papers / first:6.2f} papers/s  "
              f"{report.documents / first:6.2f} documents/s")
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
        again = import_oparl(args.dump, archive, file_timeout=args.file_timeout)
        second = time.perf_counter() - start
        print(f"re-import:     {second:8.1f} s  {again.papers / second:6.2f} papers/s  "
              f"(imported {again.imported}, unchanged {again.unchanged}, failed {len(again.failed)})", flush=True)

        _oparl_out(archive)
        _baseline(args.dump, scratch, args.baseline, report.documents / first)
        if args.validate:
            _validate(archive)
        if args.index:
            _index(archive, data)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _baseline(dump: Path, scratch: Path, n: int, import_rate: float) -> None:
    """ingest_paths over N text files of the same dump: the plain folder path, same text pipeline."""
    source = DumpSource(dump)
    texts = []
    for paper in source.papers(None):
        texts += [p for f in paper_files(paper) if source.has_content(f) and (p := source.local_text(f))]
        if len(texts) >= n:
            break
    folder = scratch / "baseline-files"
    folder.mkdir()
    for p in texts[:n]:
        shutil.copy(p, folder / p.name)
    start = time.perf_counter()
    result = ingest_paths([folder], Archive(scratch / "baseline-data"))
    took = time.perf_counter() - start
    print(f"baseline ingest_paths on {n} of the dump's text files: {took:.1f} s, "
          f"{result.count('ingested') / took:.2f} documents/s (import: {import_rate:.2f} documents/s), "
          f"failed {len(result.failed)}")
    for o in result.failed[:5]:
        print(f"  baseline failed: {o.path.name}: {o.error}")


def _oparl_out(archive: Archive) -> None:
    """What serving the import as OParl costs: the catalogue (built once per archive change) and a list page."""
    from kb import oparl

    start = time.perf_counter()
    cat = oparl.Catalogue.build(archive)
    built = time.perf_counter() - start
    start = time.perf_counter()
    objects = [oparl.paper("http://x/oparl/v1", "http://x", cat, card) for card in cat.papers.values()]
    page = oparl.object_list(objects, "http://x/oparl/v1/papers", 1, 100)
    mapped = time.perf_counter() - start
    related = sum(bool(c.related) for c in cat.papers.values())
    print(f"OParl out: catalogue of {len(cat.papers)} papers, {len(cat.meetings)} meetings, "
          f"{len(cat.organizations)} Gremien built in {built:.1f} s; all papers mapped + one list page "
          f"({len(page['data'])}) in {mapped * 1000:.0f} ms; papers with relatedPaper: {related}")


def _validate(archive: Archive) -> None:
    """Walk every object and list page the OParl router serves for this archive; count schema errors."""
    from tests.test_oparl_out import build_validators, serve, walk

    served, server, thread = serve(archive)
    try:
        start = time.perf_counter()
        kinds, errors = walk(served.system, build_validators(), per_page=100)
        took = time.perf_counter() - start
    finally:
        server.should_exit = True
        thread.join(10)
    print(f"OParl out graph walk: {sum(kinds.values())} objects/pages in {took:.0f} s "
          f"({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}); schema errors: {len(errors)}")
    for e in errors[:10]:
        print(f"  {e}")


def _index(archive: Archive, data: Path) -> None:
    from kb.indexer import open_store, sync_index
    from kb.search import Searcher

    start = time.perf_counter()
    store = open_store(data)
    indexed = sync_index(archive, store, model=None)
    took = time.perf_counter() - start
    print(f"BM25 index (no embeddings): {indexed.indexed} documents, {indexed.passages} passages, {took:.1f} s")
    searcher = Searcher(store, mode="bm25")
    for query in ("Radweg Südstadt", "Kita Betreuungsplätze"):
        start = time.perf_counter()
        result = searcher.search(query, top_k=5)
        print(f"search {query!r}: {len(result.documents)} documents in {(time.perf_counter() - start) * 1000:.0f} ms; "
              f"first: {result.documents[0].title[:70] if result.documents else '-'}")


if __name__ == "__main__":
    main()
