"""What selecting a feed's papers costs: kb.feeds.select (kb.filters' rule) vs the hand-written filter it replaced.

    python bench/feed_select.py --data DIR [--rounds 5]

DIR is an archive (a folder with documents/; only document.json is read). The OParl catalogue is
built once (the service caches it). Every combination of up to 15 Gremien, 8 topics, 6 types and 4
date ranges is selected both ways, and the two results are compared (they must be equal). Then the
median CPU time of one select per filter is printed for both.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time
from pathlib import Path

from ingest.archive import Archive
from kb.feeds import select
from kb.filters import Filters
from kb.oparl import Catalogue, PaperCard


def before(cat: Catalogue, body=None, topic=None, doc_type=None, date_from=None, date_to=None) -> list[PaperCard]:
    """kb.feeds.select before the review (its own Gremium, topic, type and date rules)."""
    found = []
    for card in cat.papers.values():
        if body and not (any(c.body == body for c in card.consultations) or (card.session and card.session[0] == body)):
            continue
        if topic and topic not in card.topics:
            continue
        if doc_type and card.paper_type != doc_type:
            continue
        if (date_from or date_to) and not (card.date and (date_from or "0") <= card.date <= (date_to or "9")):
            continue
        found.append(card)
    return sorted(found, key=lambda c: (c.created, c.key), reverse=True)


def cpu_ms(run, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    cat = Catalogue.build(Archive(args.data))
    bodies = sorted({b for c in cat.papers.values() for b in c.bodies})[:15] + [None]
    topics = sorted({t for c in cat.papers.values() for t in c.topics})[:8] + [None]
    types = sorted({c.paper_type for c in cat.papers.values() if c.paper_type})[:6] + [None]
    periods = [(None, None), ("2019-01-01", None), (None, "2020-12-31"), ("2020-01-01", "2021-06-30")]
    combos = list(itertools.product(bodies, topics, types, periods))
    for body, topic, doc_type, (low, high) in combos:
        old = [c.key for c in before(cat, body, topic, doc_type, low, high)]
        new = [c.key for c in select(cat, Filters(body=body, topic=topic, doc_type=doc_type, date_from=low, date_to=high))]
        assert old == new, (body, topic, doc_type, low, high)
    print(f"{len(cat.papers)} papers: {len(combos)} filter combinations, equal results")
    for kwargs in ({}, {"topic": topics[0]}, {"doc_type": types[0]}, {"body": bodies[0], "date_from": "2019-01-01"}):
        old = cpu_ms(lambda: before(cat, **kwargs), args.rounds)
        new = cpu_ms(lambda: select(cat, Filters(**kwargs)), args.rounds)
        print(f"{kwargs or 'no filter'}: before {old:.1f} ms, now {new:.1f} ms CPU per select (median of {args.rounds})")


if __name__ == "__main__":
    main()
