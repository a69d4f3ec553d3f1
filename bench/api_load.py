"""Benchmark: the HTTP API under concurrent load on loopback.

    .venv/bin/python bench/api_load.py [--data DIR] [--clients 1 4 8] [--seconds 15]

Starts `kb serve` on a free port in its own process (so client and server do not share
a GIL), waits until it is up, then for each endpoint and each client count runs that many
client threads (one keep-alive connection each) for a fixed time, sending the staff
questions of `tests/eval/search-questions.json` (`/search` with the question as query,
`/ask` with the question). Prints requests/s, p50/p95/max latency and errors per run.
Every request is warm: each query runs once before timing. Read-only: the data folder
is served as it is (default: $RATSARCHIV_DATA or ./data, ingested with `make run`).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [q["question"] for q in json.loads((ROOT / "tests/eval/search-questions.json").read_text(encoding="utf-8"))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HAYSTACK_TELEMETRY_ENABLED": "False"}
    env.pop("RATSARCHIV_API_KEY", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "kb.cli", "serve", "--index", str(data), "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"kb serve ended: {server.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    server.kill()
    raise SystemExit("kb serve did not come up within 180 s")


def request(client: httpx.Client, endpoint: str, question: str) -> httpx.Response:
    if endpoint == "/search":
        return client.get("/search", params={"q": question})
    return client.post("/ask", json={"question": question})


def run(url: str, endpoint: str, clients: int, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(offset: int) -> None:
        nonlocal errors
        i = offset
        with httpx.Client(base_url=url, timeout=60) as client:
            while time.monotonic() < stop:
                question = QUESTIONS[i % len(QUESTIONS)]
                i += clients
                started = time.perf_counter()
                try:
                    ok = request(client, endpoint, question).status_code == 200
                except httpx.HTTPError:
                    ok = False
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    errors += not ok

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - began
    ordered = sorted(latencies)
    pick = lambda share: ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000  # noqa: E731
    return {
        "requests": len(ordered),
        "rps": len(ordered) / wall,
        "p50": statistics.median(ordered) * 1000,
        "p95": pick(0.95),
        "max": ordered[-1] * 1000,
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("RATSARCHIV_DATA", ROOT / "data")))
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 8])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--endpoints", nargs="+", default=["/search", "/ask"])
    args = parser.parse_args()
    if not (args.data / "index").exists():
        raise SystemExit(f"{args.data} has no index: ingest first (make run, or kb ingest corpus/ --index DIR)")

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = start_server(args.data, port)
    try:
        with httpx.Client(base_url=url, timeout=60) as client:
            docs = client.get("/health").json()["documents"]
            for endpoint in args.endpoints:  # warm: every query once
                for question in QUESTIONS:
                    request(client, endpoint, question)
        print(f"API load on loopback: {docs} documents, {len(QUESTIONS)} staff questions, "
              f"{os.cpu_count()} CPU cores, {args.seconds:g} s per run\n")
        print("| endpoint | clients | requests | req/s | p50 ms | p95 ms | max ms | errors |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for endpoint in args.endpoints:
            for clients in args.clients:
                r = run(url, endpoint, clients, args.seconds)
                print(f"| `{endpoint}` | {clients} | {r['requests']} | {r['rps']:.1f} | {r['p50']:.0f} | "
                      f"{r['p95']:.0f} | {r['max']:.0f} | {r['errors']} |", flush=True)
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
