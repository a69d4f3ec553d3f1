"""A real OParl 1.1 server on loopback that serves a slice of the Karlsruhe dump.

System → Body → paper / meeting / organization lists with `links.next` paging and
`modified_since`, single objects by id, and each File's extracted text at its accessUrl and
downloadUrl. The dump's ids (https://web1.karlsruhe.de/oparl/…) are rewritten to this
server, so an importer follows them here. `fail` holds file numbers whose download
answers 500, to test failure and retry.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from ingest.oparl_sources import file_number, modified_since

DUMP_BASE = "https://web1.karlsruhe.de/oparl"
BODY = "/oparl/bodies/0001"


class DumpServer:
    def __init__(self, dump: Path, paper_files: list[Path], per_page: int = 10):
        self.dump = dump
        self.per_page = per_page
        self.fail: set[str] = set()
        self.requests: list[str] = []
        self._raw_papers = [json.loads(p.read_text(encoding="utf-8")) for p in paper_files]
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> DumpServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def system_url(self) -> str:
        return f"{self.base}/oparl/system"

    def rewrite(self, obj: Any) -> Any:
        text = json.dumps(obj, ensure_ascii=False).replace(DUMP_BASE, f"{self.base}/oparl")
        return json.loads(text)

    def papers(self) -> list[dict[str, Any]]:
        papers = [self.rewrite(p) for p in self._raw_papers]
        for p in papers:
            # We serve the dump's text, not the PDF; files the dump has no text for (blank:
            # scans never OCR'd) are left out, as we could not serve their content.
            p["auxiliaryFile"] = [f for f in p.get("auxiliaryFile", []) if self.has_text(f)]
            for f in p["auxiliaryFile"]:
                f["mimeType"] = "text/plain"
        return papers

    def has_text(self, file: dict[str, Any]) -> bool:
        path = self.dump / "files" / f"{file_number(file['id'])}.txt"
        return path.exists() and bool(path.read_text(encoding="utf-8", errors="replace").strip())

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                server.requests.append(self.path)
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                try:
                    status, body, media = server.route(url.path, query)
                except Exception as e:  # a bug in the fixture must show, not hang the test
                    status, body, media = 500, str(e).encode(), "text/plain"
                self.send_response(status)
                self.send_header("Content-Type", media)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler

    def route(self, path: str, query: dict[str, str]) -> tuple[int, bytes, str]:
        if path == "/oparl/system":
            return self._json({"id": self.system_url, "type": "https://schema.oparl.org/1.1/System",
                               "oparlVersion": "https://schema.oparl.org/1.1/", "body": f"{self.base}/oparl/bodies"})
        if path == "/oparl/bodies":
            return self._json(self._list([self._body()], path, query))
        if path == BODY:
            return self._json(self._body())
        if path == f"{BODY}/papers":
            papers = self.papers()
            if "modified_since" in query:
                papers = [p for p in papers if modified_since(p.get("modified"), query["modified_since"])]
            return self._json(self._list(papers, path, query))
        if path == f"{BODY}/organizations":
            orgs = json.loads((self.dump / "organizations.json").read_text(encoding="utf-8"))
            return self._json(self._list([self.rewrite(o) for o in orgs], path, query))
        if m := re.fullmatch(rf"{BODY}/meetings/(\d+)", path):
            meeting = self.dump / "meetings" / f"{m[1]}.json"
            if meeting.exists():
                return self._json(self.rewrite(json.loads(meeting.read_text(encoding="utf-8"))))
        if path.startswith(f"{BODY}/papers/"):
            for p in self.papers():
                if p["id"] == f"{self.base}{path}":
                    return self._json(p)
        if m := re.fullmatch(rf"{BODY}/downloadfiles/(?:a/)?0*(\d+)\.pdf", path):
            if m[1] in self.fail:
                return 500, b"Interner Fehler", "text/plain"
            text = self.dump / "files" / f"{m[1]}.txt"
            if text.exists():
                return 200, text.read_bytes(), "text/plain; charset=utf-8"
        return 404, b"nicht gefunden", "text/plain"

    def _body(self) -> dict[str, Any]:
        b = f"{self.base}{BODY}"
        return {"id": b, "type": "https://schema.oparl.org/1.1/Body", "name": "Stadt Karlsruhe",
                "system": self.system_url, "paper": f"{b}/papers", "meeting": f"{b}/meetings",
                "organization": f"{b}/organizations", "person": f"{b}/people", "legislativeTerm": []}

    def _list(self, items: list[dict[str, Any]], path: str, query: dict[str, str]) -> dict[str, Any]:
        page = int(query.get("page", "1"))
        pages = max(1, -(-len(items) // self.per_page))
        start = (page - 1) * self.per_page
        keep = {k: v for k, v in query.items() if k != "page"}

        def link(n: int) -> str:
            return f"{self.base}{path}?{urlencode({**keep, 'page': n})}"

        links = {"first": link(1), "last": link(pages), "self": link(page)}
        if page < pages:
            links["next"] = link(page + 1)
        if page > 1:
            links["prev"] = link(page - 1)
        return {"data": items[start : start + self.per_page], "links": links,
                "pagination": {"totalElements": len(items), "elementsPerPage": self.per_page,
                               "currentPage": page, "totalPages": pages}}

    @staticmethod
    def _json(obj: Any) -> tuple[int, bytes, str]:
        return 200, json.dumps(obj, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8"


def file_numbers(paper: dict[str, Any]) -> list[str]:
    return [file_number(f["id"]) for f in paper.get("auxiliaryFile", [])]
