"""What one OParl list page costs: every object mapped then paged (before) vs the page cut first.

    python bench/oparl_pages.py --data DIR [--rounds 5] [--per-page 100]
    [RATSARCHIV_BENCH_CODE=<other checkout>] python bench/oparl_pages.py --http --data DIR

DIR is an archive (a folder with documents/; only document.json is read). The catalogue is built
once (the service caches it per archive state), then each list route is asked for its first,
middle and last page, with and without a `modified_since` filter, both ways; the two answers are
compared for equality and the median time per page printed (wall and CPU of this process).

`--http`: the same pages as GET requests to the OParl router on a loopback uvicorn server
(`tests.test_oparl_out.serve`, in this process), of this checkout's code or of the checkout
named by RATSARCHIV_BENCH_CODE (e.g. `git archive 94f3255 | tar -x -C /tmp/old`: "before").
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# The code measured: this checkout, or another one (RATSARCHIV_BENCH_CODE=<checkout>, with --http).
CODE = Path(os.environ.get("RATSARCHIV_BENCH_CODE", str(ROOT)))
sys.path.insert(0, str(CODE))

from ingest.archive import Archive
from kb import oparl

BASE, SITE = "http://x/oparl/v1", "http://x"


def _before(items: list[Any], build: Callable[[Any], dict[str, Any]], url: str, page: int, per_page: int,
            bounds: dict[str, str]) -> dict[str, Any]:
    """The list routes up to 94f3255: map every item, filter the objects, then page."""
    return oparl.object_list(oparl.filter_by_time([build(i) for i in items], **bounds), url, page, per_page, bounds)


def _organization_before(cat: oparl.Catalogue, key: str) -> dict[str, Any]:
    """A Gremium as mapped up to 94f3255: its `modified` from a scan of every paper (`papers_of_body`)."""
    obj = {k: v for k, v in oparl.organization(BASE, cat, key).items() if k != "modified"}
    stamps = [p.modified for p in cat.papers_of_body(cat.organizations[key])]
    if stamps:
        obj["modified"] = max(stamps)
    return obj


def _after(items: list[Any], build: Callable[[Any], dict[str, Any]], stamps: Callable[[Any], dict[str, str]],
           url: str, page: int, per_page: int, bounds: dict[str, str]) -> dict[str, Any]:
    return oparl.list_page(items, build, stamps, url, page, per_page, bounds)


def _timed(rounds: int, call: Callable[..., dict[str, Any]], *args: Any) -> tuple[float, float, dict[str, Any]]:
    walls, cpus = [], []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        answer = call(*args)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000, answer


def _http(args: argparse.Namespace) -> None:
    """Time GET list pages on a served archive (the code of CODE), catalogue built by the first request."""
    import httpx

    from tests.test_oparl_out import serve

    served, server, thread = serve(Archive(args.data))
    base = f"{served.url}/oparl/v1"
    try:
        with httpx.Client(timeout=600) as client:
            start = time.perf_counter()
            total = client.get(f"{base}/papers").json()["pagination"]["totalElements"]
            print(f"code {CODE}: first request (catalogue of {total} papers built) {time.perf_counter() - start:.1f} s")
            last = max(1, -(-total // args.per_page))
            print(f"{'GET':<48}  {'wall ms':>8}  {'CPU ms':>7}")
            for route, params in [("papers", {}), ("papers", {"page": (last + 1) // 2}), ("papers", {"page": last}),
                                  ("papers", {"modified_since": "2000-01-01T00:00:00+00:00"}),
                                  ("meetings", {}), ("organizations", {})]:
                query = {**params, "elementsPerPage": args.per_page}
                wall, cpu, answer = _timed(args.rounds, lambda r=route, q=query: client.get(f"{base}/{r}", params=q).json())
                shown = "&".join(f"{k}={v}" for k, v in params.items())
                print(f"{route + ('?' + shown if shown else ''):<48}  {wall:>8.1f}  {cpu:>7.1f}  "
                      f"({len(answer['data'])} of {answer['pagination']['totalElements']})")
    finally:
        server.should_exit = True
        thread.join(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--per-page", type=int, default=100)
    parser.add_argument("--http", action="store_true", help="time GET requests to a served archive instead")
    args = parser.parse_args()
    if args.http:
        return _http(args)

    start = time.perf_counter()
    cat = oparl.Catalogue.build(Archive(args.data))
    print(f"catalogue: {len(cat.papers)} papers, {len(cat.meetings)} meetings, {len(cat.organizations)} Gremien, "
          f"built once in {time.perf_counter() - start:.1f} s")
    stamps = sorted(c.modified for c in cat.papers.values())
    middle = stamps[len(stamps) // 2]  # a filter that keeps about half the papers
    kinds = {  # items, build before, build after, stamps
        "papers": (list(cat.papers.values()), lambda c: oparl.paper(BASE, SITE, cat, c), None, oparl.paper_stamps),
        "meetings": (list(cat.meetings.values()), lambda m: oparl.meeting(BASE, cat, m), None,
                     lambda m: oparl.meeting_stamps(cat, m)),
        "organizations": (list(cat.organizations), lambda k: _organization_before(cat, k),
                          lambda k: oparl.organization(BASE, cat, k), lambda k: oparl.organization_stamps(cat, k)),
    }
    print(f"{'list':<14}{'filter':<16}{'page':>6}{'of':>5}  {'before ms (CPU)':>18}  {'after ms (CPU)':>16}  same")
    for name, (items, before, after, stamp) in kinds.items():
        after = after or before
        for bounds in ({}, {"modified_since": middle}):
            total = len(oparl.filter_by_time(items, stamp, **bounds))
            last = max(1, -(-total // args.per_page))
            for page in sorted({1, (last + 1) // 2, last}):
                url = f"{BASE}/{name}"
                b_wall, b_cpu, old = _timed(args.rounds, _before, items, before, url, page, args.per_page, bounds)
                a_wall, a_cpu, new = _timed(args.rounds, _after, items, after, stamp, url, page, args.per_page, bounds)
                label = "modified_since" if bounds else "none"
                print(f"{name:<14}{label:<16}{page:>6}{last:>5}  {b_wall:>9.2f} ({b_cpu:>6.2f})  "
                      f"{a_wall:>7.2f} ({a_cpu:>6.2f})  {'yes' if old == new else 'NO'}")


if __name__ == "__main__":
    main()
