"""What the index holds per archive document, without reading the index: the manifest.

    <index>/manifest-passages_v2.jsonl      one JSON line per change; the last line of an id wins
        {"manifest": 1, "complete": true}                                   header
        {"id": "vorlage", "checksum": "…", "stamp": "…", "passages": ["vorlage:1:0", …], "empty": null}
        {"id": "vorlage", "pending": true}     written (and synced) before the store commit
        {"id": "vorlage", "removed": true}

A sync compares the archive with this record instead of reading every passage of the
store: adding one paper to an index of 10,000 appends two lines. A journal, not one JSON
document, so a change costs one short append; it is compacted (rewritten atomically)
when old lines reach a quarter of the live ones (every sync reads the whole journal, and
indexing a document writes two lines: an index built in one run would otherwise be read
at twice its size until the next compaction).

Why it stays right after a crash at any point:
- "pending" goes to disk before a document's passages are committed, its record after.
  A crash between them leaves "pending" last: that document's state is unknown, so the
  next sync re-indexes it (or deletes its passages if it left the archive).
- Removal is idempotent: passages deleted, then "removed" written; a crash between them
  deletes again next time.
- A rebuild first writes a header with `complete: false`; only the final compaction makes
  it complete. Opening an incomplete manifest, a missing one (an index from before
  manifests) or one whose passage total disagrees with the store's count (lines lost to
  a concurrent compaction, an index deleted by hand) rebuilds the record by one scan of
  the store: slow once, never wrong.
Stores without a directory (OpenSearch, the in-memory store of the tests) have no file:
their manifest is that scan, every time.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from haystack.document_stores.types import DocumentStore

from kb.backends import all_passages, manifest_path

VERSION = 1
UNKNOWN = ""  # the checksum of a document whose indexed state a crash left unknown


@dataclass
class Entry:
    checksum: str
    passages: list[str] = field(default_factory=list)
    stamp: str = ""  # of the archive record when indexed: unchanged stamp → unchanged document
    empty: str | None = None  # why the document gave no passage ("kein Text" …)


class Manifest:
    def __init__(self, path: Path | None, entries: dict[str, Entry], lines: int = 0):
        self.path = path
        self.entries = entries
        self._lines = lines

    @classmethod
    def open(cls, store: DocumentStore) -> Manifest:
        """The manifest of `store`, checked against its passage count; rebuilt by a scan if it is not to be trusted."""
        path = manifest_path(store)
        if path is None:
            return cls(None, _scan(store))
        loaded = _read(path)
        if loaded is not None:
            entries, lines, doubtful = loaded
            if doubtful or sum(len(e.passages) for e in entries.values()) == store.count_documents():
                return cls(path, entries, lines)
        manifest = cls(path, _scan(store))
        manifest.compact()
        return manifest

    def checksums(self) -> dict[str, str]:
        return {doc_id: e.checksum for doc_id, e in self.entries.items() if e.checksum != UNKNOWN}

    def empty(self) -> list[tuple[str, str]]:
        return sorted((doc_id, e.empty) for doc_id, e in self.entries.items() if e.empty)

    def begin(self, doc_id: str) -> None:
        """Before the store commit of `doc_id`: mark its state unknown until `record`."""
        self.entries[doc_id] = Entry(UNKNOWN, self.entries.get(doc_id, Entry(UNKNOWN)).passages)
        self._append({"id": doc_id, "pending": True}, sync=True)

    def record(self, doc_id: str, entry: Entry) -> None:
        self.entries[doc_id] = entry
        self._append({"id": doc_id, **asdict(entry)})

    def remove(self, doc_id: str) -> None:
        self.entries.pop(doc_id, None)
        self._append({"id": doc_id, "removed": True})

    def reset(self) -> None:
        """Start a rebuild: an empty, incomplete manifest (trusted again only after `compact`)."""
        self.entries = {}
        self._rewrite(complete=False)

    def compact(self, force: bool = True) -> None:
        """Rewrite with one line per document, atomically; with force=False only if worth it."""
        if force or self._lines > len(self.entries) * 5 // 4 + 100:
            self._rewrite(complete=True)

    def _append(self, record: dict, sync: bool = False) -> None:
        if self.path is None:
            return
        # One write() of one line on an O_APPEND file: lines of two processes never interleave.
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
        self._lines += 1

    def _rewrite(self, complete: bool) -> None:
        if self.path is None:
            return
        lines = [json.dumps({"manifest": VERSION, "complete": complete})]
        lines += [json.dumps({"id": doc_id, **asdict(e)}, ensure_ascii=False) for doc_id, e in sorted(self.entries.items())]
        tmp = self.path.with_name(f".tmp-{self.path.name}")
        with tmp.open("w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)
        self._lines = len(lines)


def _read(path: Path) -> tuple[dict[str, Entry], int, bool] | None:
    """Replay the journal: (entries, lines, any state unknown); None if missing or incomplete."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    lines = text.splitlines()
    try:
        header = json.loads(lines[0]) if lines else {}
    except json.JSONDecodeError:
        return None
    if header.get("manifest") != VERSION or not header.get("complete"):
        return None
    entries: dict[str, Entry] = {}
    for record in _records(lines[1:]):
        doc_id = record.pop("id", None)
        if not isinstance(doc_id, str):
            continue
        if record.get("removed"):
            entries.pop(doc_id, None)
        elif record.get("pending"):
            entries[doc_id] = Entry(UNKNOWN)
        else:
            try:
                entries[doc_id] = Entry(**record)
            except TypeError:  # not a record we wrote: that document's state is unknown
                entries[doc_id] = Entry(UNKNOWN)
    doubtful = any(e.checksum == UNKNOWN for e in entries.values())
    return entries, len(lines), doubtful


def _records(lines: list[str]) -> list:
    """The journal's lines parsed: all in one `json.loads` (half the time of one call a line),
    line by line only when one is torn (a crash mid-append), which is then skipped as if not written."""
    try:
        return json.loads("[" + ",".join(lines) + "]")
    except json.JSONDecodeError:
        pass
    records = []
    for line in lines:
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return records


def _scan(store: DocumentStore) -> dict[str, Entry]:
    """The manifest read off the store itself: every passage once."""
    entries: dict[str, Entry] = {}
    for passage in all_passages(store):
        doc_id = (passage.meta or {}).get("document")
        if not doc_id:
            continue
        entry = entries.setdefault(doc_id, Entry(passage.meta.get("checksum") or UNKNOWN))
        entry.passages.append(passage.id)
    return entries
