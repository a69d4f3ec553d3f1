"""Haystack filters evaluated over the store's metadata columns (`kb.columns`).

A condition on a metadata field is decided once per distinct value of that field in a
segment, with the project's own semantics (`kb.filters.matches`: haystack's, plus any
element of a list-valued field), and spread to every passage by the codes. AND/OR/NOT
combine the masks. A condition on anything but metadata (id, content) reads the records.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from haystack import Document
from haystack.utils.filters import document_matches_filter

from kb.columns import SegmentColumns
from kb.filters import matches, matches_meta


def filter_mask(
    condition: dict[str, Any],
    size: int,
    segments: list[tuple[int, SegmentColumns]],
    live_records: Callable[[], tuple[np.ndarray, list[Document]]],
) -> np.ndarray:
    """A bool per docnum: does the passage pass `condition`? (`segments`: first docnum, columns.)"""
    if "conditions" in condition:
        parts = [filter_mask(c, size, segments, live_records) for c in condition["conditions"]]
        op = condition.get("operator")
        every = np.logical_and.reduce(parts) if parts else np.ones(size, bool)
        if op == "AND":
            return every
        if op == "OR":
            return np.logical_or.reduce(parts) if parts else np.zeros(size, bool)
        if op == "NOT":
            return ~every
        document_matches_filter(condition, Document())  # let haystack raise its FilterError
    name = str(condition.get("field", ""))
    mask = np.zeros(size, bool)
    if not name.startswith("meta."):
        # id, content, …: read every record (small stores and tests; staff filter on metadata).
        docnums, docs = live_records()
        for n, doc in zip(docnums, docs):
            mask[n] = matches(condition, doc)
        return mask
    key = name[len("meta.") :]
    for offset, columns in segments:
        # "meta.a.b" is a nested value: decided on the whole value of "a".
        top = key if columns.column(key) is not None else key.split(".")[0]
        column = columns.column(top)
        span = slice(offset, offset + columns.size)
        if column is None:
            mask[span] = matches_meta(condition, {})
            continue
        codes, values = column
        table = np.array([matches_meta(condition, {} if i == 0 else {top: v}) for i, v in enumerate(values)], bool)
        mask[span] = table[np.asarray(codes)]
    return mask
