"""Property-based API test: schemathesis generates requests from the app's OpenAPI schema
and sends them to the real server; no answer may be a 5xx or disagree with the schema.

Bounded: RATSARCHIV_SCHEMATHESIS_EXAMPLES examples per operation (default 100, what CI runs;
more by hand, e.g. 1000).
Writes are tried without the API key, so they must be refused (403), never carried out.
The schema is taken from the app object at import time (schemathesis' lazy fixture
loader does not work with pytest 9.2), and checked to be the one the server serves.
"""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from api.config import Settings
from tests.api_server import api_server  # noqa: F401  (fixture)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
OPENAPI = create_app(Settings.load(env={}, data=Path("unused"), api_key="x")).openapi()  # no startup: schema only
schema = schemathesis.openapi.from_dict(OPENAPI)
EXAMPLES = int(os.environ.get("RATSARCHIV_SCHEMATHESIS_EXAMPLES", "100"))


def test_the_server_serves_this_schema(api_server):  # noqa: F811
    assert httpx.get(f"{api_server.url}/openapi.json").json() == OPENAPI


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples every run: a failure here is reproducible
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error_and_schema_conformance(case, api_server):  # noqa: F811
    case.call_and_validate(base_url=api_server.url, checks=CHECKS, timeout=60)
