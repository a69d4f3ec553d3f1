"""Fill the on-disk e5 passage cache (`kb.embedding_cache`) for the whole real Karlsruhe index,
most useful passages first, until a deadline; meant to run in the background, niced:

    nice -n 15 .venv/bin/python bench/fill_embedding_cache.py --until 00:15 >> fill.log

The passages are those of the full BM25 index of `bench/eval_search_real.py` (74,482), read
from it, never written to it. Order:
  (a) passages of the papers named in the search questions (their answers);
  (b) the top `--bm25-top` BM25 passages of every question (the competition dense must beat),
      rank by rank across the questions;
  (c) every other passage, in a fixed random order (seed 13), so that a partly filled cache
      is an unbiased sample of the rest of the corpus.
Vectors already in another e5 index (the 181-paper subset) are copied in first (`--seed-index`),
keyed by their own embedding text: where the text is the same, they are the same vectors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.embedders import _load_e5, embedding_text  # noqa: E402
from kb.embedding_cache import EmbeddingCache, text_key  # noqa: E402
from kb.store import WhooshDocumentStore  # noqa: E402
from bench.shared import BENCH_CACHE, E5_CACHE  # noqa: E402

CACHE_DIR = E5_CACHE
FULL = BENCH_CACHE / "search-real/full/index"
SEED_INDEXES = [BENCH_CACHE / "search-real/subset-5000/index", BENCH_CACHE / "answers-index/e5/index"]
QUESTIONS = ROOT / "tests" / "eval" / "real-search-questions.json"
CHUNK = 256  # passages sorted by length inside a chunk (padding), chunks keep the priority order
BATCH = 32


def deadline(hhmm: str) -> float:
    now = dt.datetime.now(dt.timezone.utc)
    h, m = map(int, hhmm.split(":"))
    end = now.replace(hour=h, minute=m, second=0, microsecond=0)
    if end < now:
        end += dt.timedelta(days=1)
    return end.timestamp()


def seed(cache: EmbeddingCache, indexes: list[Path]) -> None:
    for path in indexes:
        if not path.exists():
            continue
        docs = [d for d in WhooshDocumentStore(path).filter_documents() if d.embedding is not None]
        before = len(cache)
        cache.put_many((embedding_text(d), d.embedding) for d in docs)
        print(f"seeded from {path}: {len(docs)} vectors, {len(cache) - before} new", flush=True)


def ordered_texts(store: WhooshDocumentStore, bm25_top: int) -> list[tuple[str, str]]:
    """(tier, embedding text) of every passage, in fill order, each text once."""
    from bench.eval_search_real import file_papers  # the File id → paper map of the evaluation

    questions = json.loads(QUESTIONS.read_text(encoding="utf-8"))["questions"]
    answering = {a["paper"] for q in questions for a in q["answers"]}
    papers_of = file_papers()
    passages = store.passages()
    text_of = {p.id: embedding_text(p) for p in passages}
    tier_a = [p.id for p in passages if papers_of.get(Path(p.meta.get("source", "")).stem) in answering]
    tier_b = _ids_of_top(store, questions, bm25_top)
    rest = sorted(text_of)
    random.Random(13).shuffle(rest)
    seen: set[str] = set()
    out = []
    for tier, ids in (("a", tier_a), ("b", tier_b), ("c", rest)):
        for i in ids:
            text = text_of.get(i)
            if text is not None and text not in seen:
                seen.add(text)
                out.append((tier, text))
    return out


def _ids_of_top(store: WhooshDocumentStore, questions: list[dict], k: int) -> list[str]:
    """Rank by rank across the questions (every question's 1st, then every 2nd, …): a fill
    stopped half-way has embedded each question's strongest BM25 passages, not some questions' all."""
    lists = [[h.id for h in store.bm25_retrieval(q["query"], top_k=k)[0]] for q in questions]
    return [ids[r] for r in range(k) for ids in lists if r < len(ids)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--until", default="00:15", help="UTC time HH:MM to stop at")
    parser.add_argument("--bm25-top", type=int, default=100)
    parser.add_argument("--cache", type=Path, default=CACHE_DIR)
    args = parser.parse_args()
    stop = deadline(args.until)

    cache = EmbeddingCache(args.cache, "e5")
    seed(cache, SEED_INDEXES)
    store = WhooshDocumentStore(FULL)
    order = ordered_texts(store, args.bm25_top)
    cached = cache.contains(t for _, t in order)
    todo = [(tier, t) for tier, t in order if text_key(t) not in cached]
    tiers = {x: sum(1 for tier, _ in order if tier == x) for x in "abc"}
    left = {x: sum(1 for tier, _ in todo if tier == x) for x in "abc"}
    print(f"{len(order)} distinct passage texts (tiers {tiers}); cached {len(order) - len(todo)}; "
          f"to embed {len(todo)} (tiers {left})", flush=True)

    model = _load_e5()
    done, start = 0, time.time()
    for c in range(0, len(todo), CHUNK):
        chunk = sorted(todo[c : c + CHUNK], key=lambda x: len(x[1]))
        for b in range(0, len(chunk), BATCH):
            if time.time() >= stop:
                print(f"deadline: stopped after {done} new vectors ({len(cache)} in the cache)", flush=True)
                return
            texts = [t for _, t in chunk[b : b + BATCH]]
            cache.put_many(zip(texts, model.passage(texts)))
            done += len(texts)
        rate = done / (time.time() - start)
        print(f"{time.strftime('%H:%M:%S')} +{done} ({rate:.1f}/s), tier {chunk[-1][0]}, cache {len(cache)}", flush=True)
    print(f"all passages cached: {len(cache)}", flush=True)


if __name__ == "__main__":
    main()
