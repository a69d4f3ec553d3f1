"""Atom feeds of new papers over the sample corpus, served by a real uvicorn server.

Each feed is parsed with feedparser (`bozo` must be 0) and checked for the elements
RFC 4287 requires (feed: id, title, updated, author; entry: id, title, updated, a link).
"""

from __future__ import annotations

import shutil
import threading
import time
import xml.etree.ElementTree as ET
from datetime import datetime

import feedparser
import httpx
import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.references import Paper
from tests.api_server import free_port

A = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def server(tmp_path_factory, corpus_data):
    import uvicorn

    from kb.library import Library

    from api.routes.feeds import router as feeds_router
    from api.routes.oparl import router as oparl_router

    root = tmp_path_factory.mktemp("feeds")
    shutil.copytree(corpus_data / "documents", root / "documents")
    from api import errors
    from kb.config import Settings

    app = FastAPI()
    errors.install(app)  # kb's errors → 4xx, as in the service
    app.state.settings = Settings.load()  # reads are open, as the service's default
    app.include_router(feeds_router)
    app.include_router(oparl_router)
    app.state.library = Library(root, model=None)
    port = free_port()
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    while not uv.started:
        assert thread.is_alive()
        time.sleep(0.05)
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
        client.archive = app.state.library.archive  # type: ignore[attr-defined]
        yield client
    uv.should_exit = True
    thread.join(10)


def valid_feed(response: httpx.Response) -> feedparser.FeedParserDict:
    """Parse and check a feed; return what feedparser made of it."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    root = ET.fromstring(response.content)
    assert root.tag == f"{A}feed"
    for tag in ("id", "title", "updated"):
        assert root.find(f"{A}{tag}") is not None and root.find(f"{A}{tag}").text, tag
    assert root.find(f"{A}author/{A}name") is not None
    assert root.find(f"{A}link[@rel='self']") is not None
    ids = []
    for entry in root.findall(f"{A}entry"):
        for tag in ("id", "title", "updated"):
            assert entry.find(f"{A}{tag}") is not None and entry.find(f"{A}{tag}").text, tag
        datetime.fromisoformat(entry.find(f"{A}updated").text)
        assert entry.find(f"{A}link[@rel='alternate']") is not None
        ids.append(entry.find(f"{A}id").text)
    assert len(ids) == len(set(ids)), "entry ids are unique"
    return parsed


def doc_of(entry) -> str:
    """The document an entry links to (its alternate link: /documents/<id>/pdf)."""
    link = next(li.href for li in entry.links if li.rel == "alternate")
    return link.split("/documents/")[1].split("/")[0]


def test_feed_of_a_gremium_lists_its_papers_newest_first(server):
    parsed = valid_feed(server.get("/feeds/bodies/Kreistag"))
    kreistag = {d.id: d for d in server.archive if d.metadata.session and d.metadata.session.body == "Kreistag"}
    assert {doc_of(e) for e in parsed.entries} == kreistag.keys() and kreistag
    assert all(e.title == Paper.of(kreistag[doc_of(e)]).title for e in parsed.entries)
    stamps = [e.published for e in parsed.entries]
    assert stamps == sorted(stamps, reverse=True)
    assert all("Kreistag" in e.summary for e in parsed.entries)


def test_gremium_with_comma_and_unknown_gremium(server):
    name = "Ausschuss für Soziales, Gleichstellung und Integration"
    parsed = valid_feed(server.get(f"/feeds/bodies/{name}"))
    assert len(parsed.entries) == 3
    unknown = server.get("/feeds/bodies/Kein Gremium")
    assert unknown.status_code == 404 and "nicht bekannt" in unknown.json()["detail"]


def test_feed_of_a_topic(server):
    parsed = valid_feed(server.get("/feeds/topics/Förderung"))
    wanted = {d.id for d in server.archive if "Förderung" in d.metadata.topics}
    assert {doc_of(e) for e in parsed.entries} == wanted


def test_saved_search_needs_every_word_and_keeps_its_filters(server):
    parsed = valid_feed(server.get("/feeds/search", params={"q": "Sozialplanung"}))
    found = {doc_of(e) for e in parsed.entries}
    assert any("sozialplanung" in d for d in found)
    assert all("sozialplanung" in server.archive.get(d).text.lower() for d in found)
    narrowed = valid_feed(server.get("/feeds/search", params={"q": "Sozialplanung", "from": "2020", "to": "2022"}))
    assert {doc_of(e) for e in narrowed.entries} < found
    assert "from=2020" in narrowed.feed.id
    none = valid_feed(server.get("/feeds/search", params={"q": "Sozialplanung Raumfahrtbehörde"}))
    assert none.entries == []
    assert server.get("/feeds/search", params={"q": "x", "from": "gestern"}).status_code == 422


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(min_size=1, max_size=40))
def test_any_saved_search_gives_valid_atom_or_a_clear_error(server, q):
    response = server.get("/feeds/search", params={"q": q})
    if response.status_code == 422:
        assert response.json()["detail"]
    else:
        valid_feed(response)
