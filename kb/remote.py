"""`kb ask` against a running `kb serve`: the answer without loading haystack, torch and the
embedding model in the CLI process (a cold `kb ask` spends ~6 s importing them and ~4 s warming up).

Only the standard library and `kb.filters` (without haystack) are imported here, so a CLI that checks
for a configured server first answers in the time of one HTTP request:

>>> ask_remote("http://127.0.0.1:8000", "Wann endet der Förderzeitraum?")   # doctest: +SKIP
{'question': 'Wann endet der Förderzeitraum?', 'answer': '31.12.2020', …}
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from kb.errors import BadRequest
from kb.filters import query_text


class RemoteUnavailable(RuntimeError):
    """The configured server did not answer (not running, wrong address): fall back to the local index."""


def ask_remote(base_url: str, question: str, filters: dict[str, Any] | None = None, token: str | None = None,
               timeout: float = 30.0) -> dict[str, Any]:
    """POST /ask on a running server; the answer as `Answer.to_json()` gives it. `filters`: the body of
    POST /ask (the HTTP names of `kb.filters.FILTER_NAMES`); `token`: the API key, sent as
    X-API-Key (needed where the server requires it for reads).

    The question is checked and normalised by the rule the server applies (`kb.filters.query_text`);
    a request the server refuses as malformed (422) is `BadRequest` with its German message.
    """
    payload: dict[str, Any] = {"question": query_text(question, "Die Frage")}
    if filters:
        payload["filters"] = filters
    request = urllib.request.Request(
        base_url.rstrip("/") + "/ask", data=json.dumps(payload).encode("utf-8"), method="POST",
        headers={"Content-Type": "application/json", **({"X-API-Key": token} if token else {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as e:
        if e.code != 422:  # anything else (a wrong key, a server error): the local index answers
            raise RemoteUnavailable(f"Server {base_url} antwortet nicht: {e}") from e
        raise BadRequest(_detail(e)) from e
    except (urllib.error.URLError, OSError, ValueError) as e:
        raise RemoteUnavailable(f"Server {base_url} antwortet nicht: {e}") from e


def _detail(error: urllib.error.HTTPError) -> str:
    """The server's German reason ({"detail": …}), or its status line."""
    try:
        detail = json.loads(error.read().decode("utf-8")).get("detail")
    except (OSError, ValueError, AttributeError):
        detail = None
    return detail if isinstance(detail, str) and detail else f"Der Server lehnt die Anfrage ab ({error.code})"
