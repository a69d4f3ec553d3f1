"""OParl out: every object and list served validates against the official OParl 1.1 schemas,
for the sample corpus and for an imported slice of the Karlsruhe dump; and a round trip
(our OParl out → import_oparl over HTTP) reproduces titles, references, dates, types, Gremien.

The app is built here (FastAPI + the OParl router + a library with `.archive`) and runs on a
real uvicorn server on loopback; the walker follows every URL the server hands out.
"""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from bench.shared import OPARL_SCHEMAS
from ingest.archive import Archive
from ingest.oparl import import_oparl
from kb.references import Paper
from tests.api_server import free_port
from tests.test_oparl_import import DUMP, make_dump, slice_papers

SCHEMAS = OPARL_SCHEMAS
SCHEMA_BASE = "https://schema.oparl.org/1.1/"

pytestmark = pytest.mark.skipif(not SCHEMAS.exists(), reason="OParl schemas not present")


# --- schemas -------------------------------------------------------------------------------------


def _with_refs(node: Any) -> Any:
    """The official files name embedded objects' schemas with `"schema": "File.json"`: make it a $ref."""
    if isinstance(node, dict):
        out = {k: _with_refs(v) for k, v in node.items()}
        if isinstance(node.get("schema"), str) and node["schema"].endswith(".json"):
            out["$ref"] = node["schema"]
        return out
    if isinstance(node, list):
        return [_with_refs(v) for v in node]
    return node


def _formats() -> FormatChecker:
    checker = FormatChecker()

    @checker.checks("url", raises=ValueError)
    def url(value: object) -> bool:
        return not isinstance(value, str) or httpx.URL(value).scheme in ("http", "https") and bool(httpx.URL(value).host)

    @checker.checks("date", raises=ValueError)
    def day(value: object) -> bool:
        return not isinstance(value, str) or bool(date.fromisoformat(value)) and len(value) == 10

    @checker.checks("date-time", raises=ValueError)
    def stamp(value: object) -> bool:
        return not isinstance(value, str) or datetime.fromisoformat(value).tzinfo is not None

    return checker


@pytest.fixture(scope="module")
def validators() -> dict[str, Draft202012Validator]:
    return build_validators()


def build_validators() -> dict[str, Draft202012Validator]:
    """One validator per OParl type, $refs resolved locally from the official files."""
    schemas = {p.stem: _with_refs(json.loads(p.read_text(encoding="utf-8")))
               for p in SCHEMAS.glob("*.json") if not p.stem.startswith("example")}
    registry = Registry().with_resources(
        (SCHEMA_BASE + f"{name}.json", Resource.from_contents({**s, "$id": SCHEMA_BASE + f"{name}.json"},
                                                                default_specification=_draft()))
        for name, s in schemas.items())
    checker = _formats()
    return {name: Draft202012Validator({**s, "$id": SCHEMA_BASE + f"{name}.json"}, registry=registry,
                                       format_checker=checker) for name, s in schemas.items()}


def _draft():
    from referencing.jsonschema import DRAFT202012

    return DRAFT202012


def test_the_validator_rejects_what_the_schemas_forbid(validators):
    """The checks bite: a paper whose file has no accessUrl, or a date that is not a day, fails."""
    good = json.loads((SCHEMAS / "example-Paper-01.json").read_text(encoding="utf-8"))
    assert not list(validators["Paper"].iter_errors(good))
    no_access = {**good, "mainFile": {k: v for k, v in good["mainFile"].items() if k != "accessUrl"}}
    assert list(validators["Paper"].iter_errors(no_access))
    assert list(validators["Paper"].iter_errors({**good, "date": "19.03.2013"}))
    assert list(validators["Paper"].iter_errors({**good, "id": "kein-url"}))


# --- a served archive ----------------------------------------------------------------------------


@dataclass
class Served:
    url: str
    archive: Archive

    @property
    def system(self) -> str:
        return f"{self.url}/oparl/v1/system"


def serve(archive: Archive):
    import uvicorn

    from api import errors
    from api.routes.oparl import router
    from kb.config import Settings

    app = FastAPI()
    errors.install(app)  # kb's errors → 4xx, as in the service
    app.state.settings = Settings.load()  # reads are open, as the service's default
    app.include_router(router)
    from kb.library import Library

    app.state.library = Library(archive.root, model=None)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    return Served(f"http://127.0.0.1:{port}", archive), server, thread


@pytest.fixture(scope="module")
def sample(tmp_path_factory, corpus_data):
    root = tmp_path_factory.mktemp("sample")
    shutil.copytree(corpus_data / "documents", root / "documents")
    served, server, thread = serve(Archive(root))
    yield served
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    if not DUMP.exists():
        pytest.skip("Karlsruhe dump not present")
    dump = make_dump(tmp_path_factory.mktemp("dump"), slice_papers()[:12])
    archive = Archive(tmp_path_factory.mktemp("imported"))
    report = import_oparl(dump, archive)
    assert report.failed == []
    served, server, thread = serve(archive)
    yield served
    server.should_exit = True
    thread.join(10)


# --- the walk ------------------------------------------------------------------------------------


def walk(start: str, validators: dict[str, Draft202012Validator], per_page: int = 5) -> tuple[Counter, list[str]]:
    """Fetch every URL under the OParl base the server hands out; validate what comes back."""
    base = start.rsplit("/", 1)[0]
    seen: set[str] = set()
    queue = [start]
    kinds: Counter = Counter()
    errors: list[str] = []
    with httpx.Client(timeout=60) as client:
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            is_list = re.search(r"/(bodies|papers|meetings|organizations|persons)(\?.*)?$", url) is not None
            if url.endswith("/download"):
                response = client.get(url)
                errors += [f"{url}: HTTP {response.status_code}"] if response.status_code != 200 else []
                kinds["download"] += 1
                continue
            response = client.get(url, params={"elementsPerPage": per_page} if is_list and "?" not in url else None)
            if response.status_code != 200:
                errors.append(f"{url}: HTTP {response.status_code}")
                continue
            data = response.json()
            if is_list:
                kinds["list page"] += 1
                errors += _list_errors(url, data)
                objects = data.get("data", [])
            else:
                objects = [data]
            for obj in objects:
                errors += _object_errors(obj, validators, kinds)
            queue += [u for u in _urls(data) if u.startswith(base + "/") and u not in seen]
    return kinds, errors


def _list_errors(url: str, data: Any) -> list[str]:
    errors = []
    if not isinstance(data.get("data"), list):
        errors.append(f"{url}: data is not an array")
    pagination, links = data.get("pagination"), data.get("links")
    if not isinstance(pagination, dict) or not all(isinstance(v, int) for v in pagination.values()):
        errors.append(f"{url}: pagination {pagination!r}")
    elif pagination.get("currentPage", 0) < pagination.get("totalPages", 0) and "next" not in (links or {}):
        errors.append(f"{url}: a page before the last without links.next")
    if not isinstance(links, dict) or not all(httpx.URL(v).scheme == "http" for v in links.values()):
        errors.append(f"{url}: links {links!r}")
    return errors


def _object_errors(obj: dict[str, Any], validators: dict[str, Draft202012Validator], kinds: Counter) -> list[str]:
    kind = str(obj.get("type", "")).removeprefix(SCHEMA_BASE)
    if kind not in validators:
        return [f"{obj.get('id')}: unknown type {obj.get('type')!r}"]
    kinds[kind] += 1
    return [f"{obj.get('id')}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validators[kind].iter_errors(obj)]


def _urls(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [u for k, v in node.items() if k != "accessUrl" for u in _urls(v)]
    if isinstance(node, list):
        return [u for v in node for u in _urls(v)]
    return [node] if isinstance(node, str) and node.startswith("http") else []


def test_served_graph_of_the_sample_corpus_validates(sample, validators):
    kinds, errors = walk(sample.system, validators)
    assert errors == []
    public = [d for d in sample.archive if d.metadata.visibility == "öffentlich"]
    assert kinds["Paper"] >= len(public)  # each once in a list page and once on its own
    assert kinds["File"] >= len(public) and kinds["download"] == len(public)
    assert kinds["Meeting"] > 0 and kinds["Organization"] > 0 and kinds["System"] == 1
    assert kinds["list page"] >= 4 + len(public) // 5  # the papers list is paged 5 at a time


def test_papers_list_pages_and_filters_by_modified(sample):
    with httpx.Client(timeout=30) as client:
        first = client.get(f"{sample.url}/oparl/v1/papers", params={"elementsPerPage": 3}).json()
        assert len(first["data"]) == 3 and first["pagination"]["currentPage"] == 1
        second = client.get(first["links"]["next"]).json()
        assert second["links"]["prev"] and {p["id"] for p in second["data"]}.isdisjoint({p["id"] for p in first["data"]})
        late = client.get(f"{sample.url}/oparl/v1/papers", params={"modified_since": "2999-01-01T00:00:00+01:00"}).json()
        assert late["data"] == [] and late["pagination"]["totalElements"] == 0
        early = client.get(f"{sample.url}/oparl/v1/papers", params={"modified_since": "2000-01-01T00:00:00Z"}).json()
        assert early["pagination"]["totalElements"] == first["pagination"]["totalElements"]
        bad = client.get(f"{sample.url}/oparl/v1/papers", params={"modified_since": "gestern"})
        assert bad.status_code == 422 and "ISO 8601" in bad.text
        assert client.get(f"{sample.url}/oparl/v1/papers/gibt-es-nicht").status_code == 404


def test_sample_papers_carry_their_metadata_and_links(sample):
    with httpx.Client(timeout=30) as client:
        papers = client.get(f"{sample.url}/oparl/v1/papers", params={"elementsPerPage": 1000}).json()["data"]
        names = {o["id"]: o["name"] for o in client.get(f"{sample.url}/oparl/v1/organizations").json()["data"]}
    by_file = {p["mainFile"]["id"].rsplit("/", 1)[-1]: p for p in papers if "mainFile" in p}
    for doc in sample.archive:
        served = by_file[doc.id]
        assert served["name"] == Paper.of(doc).title
        assert served.get("reference") == doc.metadata.vorlage_number
        assert served.get("paperType") == doc.metadata.doc_type
        assert served["mainFile"]["accessUrl"] == f"{sample.url}/documents/{doc.id}/pdf"
        if doc.metadata.session:
            gremien = [names[o] for c in served["consultation"] for o in c["organization"]]
            assert doc.metadata.session.body in gremien
    assert any(p.get("relatedPaper") for p in papers), "references between the sample papers become relatedPaper"


def test_served_graph_of_an_imported_slice_validates(imported, validators):
    kinds, errors = walk(imported.system, validators, per_page=4)
    assert errors == []
    papers = {d.oparl.paper for d in imported.archive}
    assert kinds["Paper"] >= len(papers) and kinds["Consultation"] > 0 and kinds["AgendaItem"] > 0


def test_round_trip_reproduces_titles_references_dates_types_gremien(imported, tmp_path):
    second = Archive(tmp_path / "second")
    report = import_oparl(imported.system, second)
    assert report.failed == [] and report.papers == len({d.oparl.paper for d in imported.archive})
    originals = {d.id: d for d in imported.archive}
    copies = {d.id: d for d in second}
    assert copies.keys() == originals.keys()
    for doc_id, copy in copies.items():
        original = originals[doc_id]
        a, b = original.metadata, copy.metadata
        assert (b.title, b.vorlage_number, b.date, b.doc_type) == (a.title, a.vorlage_number, a.date, a.doc_type)
        assert sorted((c.body, c.date, c.role, c.public) for c in b.consultations) == sorted(
            (c.body, c.date, c.role, c.public) for c in a.consultations)
        assert copy.text == original.text
