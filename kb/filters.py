"""Haystack filter syntax, evaluated with one extension: list-valued metadata.

Haystack's reference semantics compare a field's whole value; a passage's `topics`
(["Soziales", "Förderung"]) would never equal "Förderung". Search engines (OpenSearch,
Elasticsearch) match a term against any element of an array field, and so do we:
`{"field": "meta.topics", "operator": "==", "value": "Förderung"}` is true when any topic
is "Förderung" (and `!=`/`not in` when none is). Everything else is haystack's own code.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from haystack import Document
from haystack.utils.filters import document_matches_filter

_ANY = {"==", "in"}
_NONE = {"!=", "not in"}


def matches(filters: dict[str, Any], doc: Document) -> bool:
    if "conditions" in filters:
        results = (matches(c, doc) for c in filters["conditions"])
        op = filters.get("operator")
        if op == "AND":
            return all(results)
        if op == "OR":
            return any(results)
        if op == "NOT":
            return not all(results)
        return document_matches_filter(filters, doc)  # let haystack raise its FilterError
    value = _meta_value(doc, filters.get("field", ""))
    if isinstance(value, list) and filters.get("operator") in _ANY | _NONE:
        each = (document_matches_filter(filters, _with(doc, filters["field"], v)) for v in value)
        return any(each) if filters["operator"] in _ANY else all(each)
    return document_matches_filter(filters, doc)


def _meta_value(doc: Document, field: str) -> Any:
    if not field.startswith("meta."):
        return None
    return (doc.meta or {}).get(field[len("meta.") :])


def _with(doc: Document, field: str, value: Any) -> Document:
    return replace(doc, meta={**doc.meta, field[len("meta.") :]: value})
