"""A real uvicorn server on a free loopback port, over a private copy of the ingested corpus.

One server per test session, shared by the API, property and browser tests (starting one
loads the search and answer models). Its data is a copy of the `corpus_data` session
fixture (real OCR, real index), so uploads and deletes never touch the shared fixture.
For quick local runs, `RATSARCHIV_TEST_DATA=/path/to/ingested/data` copies that folder
instead of ingesting the corpus again (the copy is still private).
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

API_KEY = "test-schluessel"
INTERNAL_KEY = "test-intern"  # a reader key that may see non-public papers (RATSARCHIV_INTERNAL_KEYS)
MAX_UPLOAD_MB = 1.0


@dataclass
class Server:
    url: str
    data: Path
    api_key: str
    max_upload_bytes: int
    app: object = None  # the FastAPI app (its library: app.state.library), for what only the admin CLI does

    def client(self, **kwargs) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60, **kwargs)


_running: dict[str, Server] = {}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data: Path, **overrides) -> tuple[Server, object, threading.Thread]:
    import uvicorn

    from api.app import create_app
    from api.config import Settings

    port = free_port()
    overrides.setdefault("internal_keys", INTERNAL_KEY)
    settings = Settings.load(env={}, data=data, port=port, api_key=API_KEY, max_upload_mb=MAX_UPLOAD_MB, **overrides)
    app = create_app(settings)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="uvicorn-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 180
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.1)
    return Server(f"http://127.0.0.1:{port}", data, API_KEY, settings.max_upload_bytes, app), server, thread


def _stop(server, thread: threading.Thread) -> None:
    server.should_exit = True
    thread.join(15)


@pytest.fixture(scope="session")
def api_server(request, tmp_path_factory) -> Server:
    if "server" in _running:  # the fixture is imported by several test modules; one server serves them all
        return _running["server"]
    source = os.environ.get("RATSARCHIV_TEST_DATA")
    source_dir = Path(source) if source else request.getfixturevalue("corpus_data")
    data = tmp_path_factory.mktemp("api-data") / "data"
    shutil.copytree(source_dir, data, ignore=shutil.ignore_patterns("READY", "uploads"))
    running, server, thread = start_server(data)
    _running["server"] = running
    atexit.register(_stop, server, thread)
    request.addfinalizer(lambda: _stop(server, thread))
    return running
