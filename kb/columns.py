"""What queries need of one Whoosh segment, as files beside the index: vectors and metadata columns.

Whoosh segments never change once written (deletions are kept apart, merges write new
segments), so these files are built once per segment, from its stored records, and are
valid as long as the segment lives. Opening an index then maps them (no Python loop per
passage), and memory holds only the pages a query touches:

* `vectors.npy`: the passage vectors, L2-normalised, float16: the matrix every dense query
  scans (half of float32 in the page cache); `exact.npy`: the same in float32, of which a
  query reads only the rows of its best candidates, to re-score them exactly.
* `meta.npy`: one int32 row per metadata field, a code per passage into that field's
  table of distinct values (`meta.json`; code 0: the field is missing). A filter condition
  is evaluated once per distinct value with haystack's own semantics (`kb.filters`), then
  spread to all passages by the codes: per-passage cost is numpy's, not Python's.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

VERSION = 2


@dataclass
class SegmentColumns:
    size: int  # docnums in the segment (deleted ones included)
    vectors: np.ndarray  # float16 (size, dim) or (0, 0)
    exact: np.ndarray  # float32, same shape
    has_vector: np.ndarray  # bool per docnum
    fields: list[str]
    codes: np.ndarray  # int32 (len(fields), size)
    values: list[list[Any]]  # per field: its distinct values, index 0 unused (missing)

    def column(self, field: str) -> tuple[np.ndarray, list[Any]] | None:
        if field not in self.fields:
            return None
        i = self.fields.index(field)
        return self.codes[i], self.values[i]

    def metas(self, docnums: list[int]) -> list[dict[str, Any]]:
        """Passages' metadata from the columns (no read of their records), one slice for all."""
        block = np.asarray(self.codes[:, docnums]).T.tolist() if len(docnums) else []
        return [
            {field: values[code] for field, values, code in zip(self.fields, self.values, row) if code}
            for row in block
        ]


def build(records: list[tuple[dict[str, Any] | None, bytes | None]]) -> SegmentColumns:
    """Columns of one segment from (meta, float32 vector bytes) per docnum (None: no record)."""
    size = len(records)
    dims = {len(v) // 4 for _, v in records if v}
    dim = dims.pop() if len(dims) == 1 else 0
    exact = np.zeros((size, dim), np.float32) if dim else np.zeros((0, 0), np.float32)
    has_vector = np.zeros(size, bool)
    tables: dict[str, dict[str, int]] = {}
    codes: dict[str, np.ndarray] = {}
    for n, (meta, vector) in enumerate(records):
        if dim and vector and len(vector) == dim * 4:
            row = np.frombuffer(vector, np.float32)
            exact[n] = row / max(float(np.linalg.norm(row)), 1e-12)
            has_vector[n] = True
        for key, value in (meta or {}).items():
            table = tables.setdefault(key, {})
            if key not in codes:
                codes[key] = np.zeros(size, np.int32)
            encoded = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
            codes[key][n] = table.setdefault(encoded, len(table) + 1)
    fields = sorted(tables)
    matrix = np.stack([codes[f] for f in fields]) if fields else np.zeros((0, size), np.int32)
    values = [[None] + [json.loads(v) for v in tables[f]] for f in fields]
    return SegmentColumns(size, exact.astype(np.float16), exact, has_vector, fields, matrix, values)


def save(columns: SegmentColumns, folder: Path) -> None:
    """Written to a temporary folder and renamed: a reader sees all files or none."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".tmp-"))
    tmp.chmod(0o755)  # readable like the index files beside it (mkdtemp makes it private)
    np.save(tmp / "vectors.npy", columns.vectors)
    np.save(tmp / "exact.npy", columns.exact)
    np.save(tmp / "has_vector.npy", columns.has_vector)
    np.save(tmp / "meta.npy", columns.codes)
    (tmp / "meta.json").write_text(
        json.dumps({"version": VERSION, "size": columns.size, "fields": columns.fields, "values": columns.values},
                   ensure_ascii=False, default=str),
        encoding="utf-8",
    )
    try:
        os.rename(tmp, folder)
    except OSError:  # another process built it first
        shutil.rmtree(tmp, ignore_errors=True)


def load(folder: Path) -> SegmentColumns | None:
    try:
        head = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if head.get("version") != VERSION:
            return None
        return SegmentColumns(
            head["size"],
            _mapped(folder / "vectors.npy"),
            _mapped(folder / "exact.npy"),
            np.load(folder / "has_vector.npy"),
            head["fields"],
            _mapped(folder / "meta.npy"),
            head["values"],
        )
    except (OSError, ValueError):
        return None


def _mapped(path: Path) -> np.ndarray:
    array = np.load(path, mmap_mode="r")
    return np.asarray(array) if array.size == 0 else array


def dot16(vectors: np.ndarray, q: np.ndarray) -> np.ndarray:
    """float16 matrix · float32 query: torch has a float16 kernel for this, numpy converts
    the whole matrix first (several times slower)."""
    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the mapped matrix is read-only; torch only reads it
        matrix = torch.from_numpy(np.asarray(vectors))
    return (matrix @ torch.from_numpy(q.astype(np.float16))).float().numpy()
