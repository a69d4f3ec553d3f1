"""Benchmark: where a first-time BM25 query's time goes, ours against Whoosh's own, beside tantivy.

    nice -n 10 .venv/bin/python bench/bm25_split.py --index DATA/index [--texts DIR] [--queries 30]

On an existing index (e.g. one `bench/scale.py --workdir` kept, or a `kb index` of real
papers): queries seen for the first time (2–3 consecutive words of texts every 40th of
DIR, as in `bench/scale.py`), each run once through `Searcher(mode="bm25")` as `kb search`
runs it, with the time split by stage: query analysis, postings read from Whoosh,
scoring, top k, the 10 hit records, the window's metadata (facets), highlighting. Then
the same queries on the same index through a bare Whoosh searcher (BM25F, the same
analysed terms and field boosts, top 10) and through Whoosh's own query parser, and the
format's floor: only finding each term and unpacking its posting blocks (zlib + pickle),
which any reader of a Whoosh index pays. tantivy (German stemmer, content + title)
indexes the index's passages and answers the same queries in the same run.

Times are CPU milliseconds of this process (`time.process_time`): the machine is shared,
and wall time there measures the other users. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bench.scale import HOLD_OUT, TEXTS, WORD, novel_queries  # noqa: E402

STAGES = {  # (object, attribute) → stage name; nested calls are reported inside their caller
    ("store", "query_terms"): "query analysis",
    ("bm25", "_postings"): "postings read from Whoosh (first time)",
    ("bm25", "scores"): "scoring (incl. postings)",
    ("store", "bm25_top_k"): "top k",
    ("store", "_records"): "hit records (10)",
    ("store", "_light"): "window metadata (facets)",
    ("search", "_hit"): "hits + highlighting",
    ("search", "facet_counts"): "facet counts",
}


def pct(times: list[float]) -> dict[str, float]:
    return {"p50": round(statistics.median(times) * 1000, 2), "p95": round(float(np.percentile(times, 95)) * 1000, 2)}


def ours(index: Path, queries: list[str]) -> tuple[dict, dict[str, float]]:
    import kb.bm25
    import kb.search
    import kb.store
    from kb.search import Searcher
    from kb.store import WhooshDocumentStore

    store = WhooshDocumentStore(index)
    searcher = Searcher(store, mode="bm25")
    searcher.search("Gemeinderat Tagesordnung Beschlussvorlage")  # warm-up, not measured
    spent: dict[str, float] = {}
    owners = {"store": kb.store, "bm25": kb.bm25.BM25FScorer, "search": kb.search}
    for (owner, name), label in STAGES.items():
        target = kb.store.WhooshDocumentStore if owner == "store" and name != "bm25_top_k" else owners[owner]
        original = getattr(target, name)

        def timed(*args, _original=original, _label=label, **kwargs):
            start = time.process_time()
            try:
                return _original(*args, **kwargs)
            finally:
                spent[_label] = spent.get(_label, 0.0) + time.process_time() - start

        setattr(target, name, timed)
    times = []
    for q in queries:
        start = time.process_time()
        searcher.search(q)
        times.append(time.process_time() - start)
    split = {label: round(spent.get(label, 0.0) / len(queries) * 1000, 2) for label in STAGES.values()}
    split["whole search"] = round(sum(times) / len(queries) * 1000, 2)
    return {"search": pct(times), "store": store}, split


def whoosh_floor(index: Path, store, queries: list[str]) -> dict:
    from whoosh import index as whoosh_index
    from whoosh import scoring
    from whoosh.matching import ListMatcher
    from whoosh.qparser import MultifieldParser, OrGroup
    from whoosh.query import Or, Term

    from kb.store import FIELD_BOOSTS, INDEX_NAME

    snapshot = store._current()  # noqa: SLF001
    clauses = {q: store.query_terms(q, snapshot)[0] for q in queries}  # analysed outside the timing
    ix = whoosh_index.open_dir(str(index), indexname=INDEX_NAME)
    out = {}
    runs = {
        "whoosh_searcher": lambda s, q: s.search(Or([Term(f, t, boost=b) for f, t, b in clauses[q]]), limit=10),
        "whoosh_parser": lambda s, q: s.search(
            MultifieldParser(list(FIELD_BOOSTS), ix.schema, fieldboosts=FIELD_BOOSTS, group=OrGroup).parse(q), limit=10),
    }
    for name, run in runs.items():
        with ix.searcher(weighting=scoring.BM25F(B=0.75, K1=1.2)) as searcher:
            times = []
            for q in queries:
                start = time.process_time()
                run(searcher, q)
                times.append(time.process_time() - start)
        out[name] = pct(times)
    reader, times = ix.reader(), []
    for q in queries:
        start = time.process_time()
        for field, term, _ in clauses[q]:
            for leaf, _ in reader.leaf_readers():
                if (field, term) not in leaf:
                    continue
                matcher = leaf._terms.matcher(field, leaf._text_to_bytes(field, term), leaf.schema[field].format, scorer=None)  # noqa: SLF001
                while not isinstance(matcher, ListMatcher) and not matcher._atend:  # noqa: SLF001
                    matcher._read_data()  # noqa: SLF001
                    matcher._next_block()  # noqa: SLF001
        times.append(time.process_time() - start)
    out["format_floor"] = pct(times)
    return out


def tantivy_same(store, queries: list[str]) -> dict:
    import tantivy

    passages = store.passages()
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("content", stored=False, tokenizer_name="de_stem")
    builder.add_text_field("title", stored=False, tokenizer_name="de_stem")
    index = tantivy.Index(builder.build())
    index.register_tokenizer("de_stem", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
                             .filter(tantivy.Filter.remove_long(40)).filter(tantivy.Filter.lowercase())
                             .filter(tantivy.Filter.stemmer("german")).build())
    writer = index.writer(heap_size=200_000_000, num_threads=1)
    for p in passages:
        writer.add_document(tantivy.Document(content=p.content or "", title=str(p.meta.get("title") or "")))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    searcher, times = index.searcher(), []
    for q in queries:
        start = time.process_time()
        searcher.search(index.parse_query(" ".join(WORD.findall(q)) or "x", ["content", "title"], field_boosts={"title": 1.5}), 10)
        times.append(time.process_time() - start)
    return {"passages": len(passages), "search": pct(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True, help="a Whoosh store's folder (DATA/index)")
    parser.add_argument("--texts", type=Path, default=TEXTS)
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    queries = novel_queries(sorted(args.texts.glob("*.txt"))[::HOLD_OUT], args.queries, args.seed)
    result, split = ours(args.index, queries)
    store = result.pop("store")
    floor = whoosh_floor(args.index, store, queries)
    tv = tantivy_same(store, queries)
    figures = {"index": str(args.index), "passages": tv["passages"], "queries": len(queries), "ours": result["search"],
               "ours_split_mean_ms": split, **floor, "tantivy": tv["search"]}
    print(f"{tv['passages']} passages, {len(queries)} first-time queries, CPU ms p50 / p95:")
    for name, value in (("ours: Searcher(mode='bm25').search", result["search"]),
                        ("Whoosh searcher, same terms, top 10", floor["whoosh_searcher"]),
                        ("Whoosh parser + searcher, top 10", floor["whoosh_parser"]),
                        ("Whoosh format floor (term + unpack blocks)", floor["format_floor"]),
                        ("tantivy, same passages and queries", tv["search"])):
        print(f"  {name:45} {value['p50']:8.2f} {value['p95']:8.2f}")
    print("ours, mean CPU ms per query by stage (stages nest: postings are read inside query analysis when passages were deleted, else inside scoring):")
    for label, ms in split.items():
        print(f"  {label:45} {ms:8.2f}")
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
