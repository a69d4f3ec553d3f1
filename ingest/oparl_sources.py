"""Where OParl papers come from: a live OParl 1.1 endpoint, or a dump folder of one.

Both give the same things to `ingest.oparl`: the Paper objects (optionally only those
modified since a time), single papers, meetings and organizations by id, and a File's
content as a local path. `HttpSource` follows an external list's `links.next` pages and
asks with `modified_since`; `DumpSource` reads `papers/*.json`, `meetings/*.json`,
`organizations.json` and the extracted texts in `files/<file number>.txt`.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

import httpx

from ingest.archive import slugify
from ingest.inputs import read_text_file

log = logging.getLogger(__name__)
USER_AGENT = "Ratsarchiv OParl-Import"


class DownloadFailed(Exception):
    """A file (or an object) of the OParl system could not be fetched."""


class SourceUnavailable(Exception):
    """The source itself cannot be read: no OParl system at that URL, no dump in that folder."""


class Source(Protocol):
    def papers(self, since: str | None) -> Iterator[dict[str, Any]]: ...
    def paper(self, paper_id: str) -> dict[str, Any] | None: ...
    def meeting(self, meeting_id: str) -> dict[str, Any] | None: ...
    def organization(self, organization_id: str) -> dict[str, Any] | None: ...
    def local_text(self, file: dict[str, Any]) -> Path | None: ...
    def has_content(self, file: dict[str, Any]) -> bool: ...
    def fetch(self, file: dict[str, Any], folder: Path) -> Path: ...
    def close(self) -> None: ...


def file_number(file_id: str) -> str:
    """The last path segment of an OParl id: ".../files/586846" → "586846"."""
    return file_id.rstrip("/").rsplit("/", 1)[-1]


class DumpSource:
    """A folder laid out like the Karlsruhe dump; texts come from `files/<number>.txt`."""

    def __init__(self, root: Path):
        self.root = Path(root)
        if not (self.root / "papers").is_dir():
            raise FileNotFoundError(f"{self.root}: kein OParl-Abzug (Ordner papers/ fehlt)")
        self._meetings: dict[str, dict[str, Any]] | None = None
        self._organizations: dict[str, dict[str, Any]] | None = None
        self._papers: dict[str, Path] | None = None

    def papers(self, since: str | None) -> Iterator[dict[str, Any]]:
        for path in sorted(self.root.glob("papers/*.json"), key=_natural):
            paper = _load(path)
            if since is None or modified_since(paper.get("modified"), since):
                yield paper

    def paper(self, paper_id: str) -> dict[str, Any] | None:
        if self._papers is None:
            self._papers = {_load(p)["id"]: p for p in self.root.glob("papers/*.json")}
        path = self._papers.get(paper_id)
        return _load(path) if path else None

    def meeting(self, meeting_id: str) -> dict[str, Any] | None:
        if self._meetings is None:
            self._meetings = {m["id"]: m for m in map(_load, self.root.glob("meetings/*.json"))}
        return self._meetings.get(meeting_id)

    def organization(self, organization_id: str) -> dict[str, Any] | None:
        if self._organizations is None:
            path = self.root / "organizations.json"
            self._organizations = {o["id"]: o for o in _load(path)} if path.exists() else {}
        return self._organizations.get(organization_id)

    def local_text(self, file: dict[str, Any]) -> Path | None:
        path = self.root / "files" / f"{file_number(file['id'])}.txt"
        return path if path.exists() else None

    def has_content(self, file: dict[str, Any]) -> bool:
        # The dump is read offline: a file it has no text for (none, or only blank lines: a
        # scan never OCR'd) is reported as missing, not downloaded.
        path = self.local_text(file)
        return path is not None and bool(read_text_file(path).strip())

    def fetch(self, file: dict[str, Any], folder: Path) -> Path:
        path = self.local_text(file)
        if path is None:
            raise DownloadFailed(f"kein Text im Abzug für {file['id']}")
        return path

    def close(self) -> None:
        pass


class HttpSource:
    """A live OParl endpoint: a System (all its bodies) or one Body."""

    def __init__(self, url: str, client: httpx.Client | None = None):
        self.client = client or httpx.Client(
            timeout=httpx.Timeout(30.0, connect=10.0), follow_redirects=True, headers={"User-Agent": USER_AGENT})
        self._own_client = client is None
        root = self.get(url)
        kind = str(root.get("type", "")).rsplit("/", 1)[-1]
        if kind == "System":
            bodies = root.get("body")
            if isinstance(bodies, str):
                self.bodies = list(self.pages(bodies))
            else:  # an older server: the bodies' URLs inline
                self.bodies = [self.get(b) for b in bodies or [] if isinstance(b, str)]
        elif kind == "Body":
            self.bodies = [root]
        else:
            raise DownloadFailed(f"{url}: weder OParl-System noch Body (type {root.get('type')!r})")
        self._meetings: dict[str, dict[str, Any] | None] = {}
        self._organizations: dict[str, dict[str, Any] | None] | None = None

    def get(self, url: str, params: dict[str, str] | None = None) -> dict[str, Any]:
        try:
            response = self.client.get(url, params=params)
            response.raise_for_status()
            return response.json()
        except httpx.HTTPStatusError as e:
            raise DownloadFailed(f"{url}: HTTP {e.response.status_code}") from e
        except (httpx.HTTPError, ValueError) as e:
            raise DownloadFailed(f"{url}: {type(e).__name__}: {e}") from e

    def pages(self, url: str, params: dict[str, str] | None = None) -> Iterator[dict[str, Any]]:
        """The objects of an external list, page by page (`links.next`; the server keeps the filters)."""
        seen: set[str] = set()
        next_url: str | None = url
        while next_url and next_url not in seen:
            seen.add(next_url)
            page = self.get(next_url, params)
            params = None
            yield from page.get("data", [])
            next_url = (page.get("links") or {}).get("next")

    def papers(self, since: str | None) -> Iterator[dict[str, Any]]:
        params = {"modified_since": _datetime(since)} if since else None
        for body in self.bodies:
            if isinstance(body.get("paper"), str):
                yield from self.pages(body["paper"], params)

    def paper(self, paper_id: str) -> dict[str, Any] | None:
        return self.get(paper_id)

    def meeting(self, meeting_id: str) -> dict[str, Any] | None:
        if meeting_id not in self._meetings:
            try:
                self._meetings[meeting_id] = self.get(meeting_id)
            except DownloadFailed as e:
                # A consultation without its meeting day is still worth importing.
                log.warning("Sitzung nicht abrufbar: %s", e)
                self._meetings[meeting_id] = None
        return self._meetings[meeting_id]

    def organization(self, organization_id: str) -> dict[str, Any] | None:
        if self._organizations is None:
            self._organizations = {}
            for body in self.bodies:
                if isinstance(body.get("organization"), str):
                    self._organizations.update({o["id"]: o for o in self.pages(body["organization"])})
        if organization_id not in self._organizations:
            try:
                self._organizations[organization_id] = self.get(organization_id)
            except DownloadFailed as e:
                log.warning("Gremium nicht abrufbar: %s", e)
                self._organizations[organization_id] = None
        return self._organizations[organization_id]

    def local_text(self, file: dict[str, Any]) -> Path | None:
        return None

    def has_content(self, file: dict[str, Any]) -> bool:
        return bool(file.get("downloadUrl") or file.get("accessUrl"))

    def fetch(self, file: dict[str, Any], folder: Path) -> Path:
        """Download the file (downloadUrl, else accessUrl) into `folder`."""
        urls = [u for u in (file.get("downloadUrl"), file.get("accessUrl")) if u]
        if not urls:
            raise DownloadFailed(f"{file['id']}: weder downloadUrl noch accessUrl")
        target = folder / (slugify(file_number(file["id"])) + _suffix(file))
        errors = []
        for url in dict.fromkeys(urls):
            try:
                with self.client.stream("GET", url) as response:
                    response.raise_for_status()
                    if response.headers.get("content-type", "").startswith("text/plain"):
                        target = target.with_suffix(".txt")  # the server says it is text: read it as such
                    with target.open("wb") as out:
                        for chunk in response.iter_bytes():
                            out.write(chunk)
                return target
            except httpx.HTTPStatusError as e:
                errors.append(f"{url}: HTTP {e.response.status_code}")
            except httpx.HTTPError as e:
                errors.append(f"{url}: {type(e).__name__}: {e}")
        raise DownloadFailed("Download fehlgeschlagen: " + "; ".join(errors))

    def close(self) -> None:
        if self._own_client:
            self.client.close()


def open_source(source: str | Path) -> Source:
    """An OParl endpoint (http/https URL) or a dump folder; `SourceUnavailable` if it is neither."""
    text = str(source)
    try:
        if re.match(r"https?://", text):
            return HttpSource(text)
        return DumpSource(Path(source))
    except (DownloadFailed, FileNotFoundError, KeyError) as e:
        raise SourceUnavailable(f"OParl-Quelle nicht lesbar: {e}") from e


# --- helpers -------------------------------------------------------------------------------------



def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _natural(path: Path) -> tuple[int, str]:
    return (int(path.stem), "") if path.stem.isdigit() else (1 << 62, path.stem)


def is_day(value: Any) -> bool:
    return isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None


def _datetime(value: str) -> str:
    """A `modified_since` value: a bare date is that day's start (UTC)."""
    return f"{value}T00:00:00+00:00" if is_day(value) else value


def parse_datetime(value: str) -> datetime:
    """An OParl date-time (ISO 8601): a bare day is its start, a time without offset is UTC.
    ValueError if it is none. The one rule for `modified` in, `--since` and the list filters out."""
    parsed = datetime.fromisoformat(_datetime(value.strip()))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def modified_since(modified: str | None, since: str) -> bool:
    return modified is None or parse_datetime(modified) >= parse_datetime(since)


def _suffix(file: dict[str, Any]) -> str:
    name = str(file.get("fileName") or "")
    if "." in name:
        return "." + slugify(name.rsplit(".", 1)[-1])
    return ".pdf" if "pdf" in str(file.get("mimeType", "")) else ".bin"
