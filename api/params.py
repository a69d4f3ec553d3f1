"""Request parameters shared by the routers: ids, paging, and the filter vocabulary as query parameters.

The filters are the table `kb.filters.FILTER_NAMES` (one name per filter for HTTP, `Filters.parse` and
the CLI); they are parsed by `Filters.parse` (a bad date is `kb.errors.BadRequest`: 422).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Query
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field, create_model

from api.deps import is_internal
from kb.filters import FILTER_NAMES, LIST_FILTER_NAMES, FilterName, Filters
from kb.records import MAX_QUERY

DOC_ID = r"^[a-z0-9][a-z0-9-]{0,199}$"
DocId = Annotated[str, PathParam(pattern=DOC_ID, max_length=200, description="Dokument-ID", examples=["vorlage-sozialplanung-2019"])]
PageNo = Annotated[int, Query(ge=1, le=10_000, description="Seite der Ergebnisliste (ab 1)")]
Size = Annotated[int, Query(ge=1, le=100, description="Einträge je Seite")]
QueryText = Annotated[str, Query(min_length=1, max_length=MAX_QUERY, description="Suchbegriffe oder Frage",
                                 examples=["Förderzeitraum Sozialplanung"])]
# The viewer's right to non-public papers (from its key, api.deps.is_internal): part of the filters.
Internal = Annotated[bool, Depends(is_internal)]


def _query(name: FilterName) -> Any:
    return Annotated[str | None, Query(alias=name.http, max_length=name.max_length, description=name.help,
                                       examples=[name.example] if name.example else None)]


def _dependency(names: tuple[FilterName, ...], rights: bool) -> Callable[..., Filters]:
    """A FastAPI dependency taking `names` as query parameters (and the viewer's right if `rights`).

    Its signature is built from the table, so a filter added to `kb.filters.FILTER_NAMES` is a
    parameter of every route at once.
    """
    def filters(**values: Any) -> Filters:
        return Filters.from_names(values, internal=values.pop("internal", False))

    params = [inspect.Parameter(n.field, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=_query(n))
              for n in names]
    if rights:
        params.append(inspect.Parameter("internal", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=Internal))
    filters.__signature__ = inspect.Signature(params, return_annotation=Filters)  # type: ignore[attr-defined]
    return filters


# GET /search: every filter; the lists (GET /documents): the paper's own filters (no mentioned dates).
search_filters = _dependency(FILTER_NAMES, rights=True)
list_filters = _dependency(LIST_FILTER_NAMES, rights=True)
# The feeds are public documents (a feed reader sends no key): the viewer's right does not enter.
feed_filters = _dependency(LIST_FILTER_NAMES, rights=False)


class _FilterFields(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="forbid")

    def parse(self, internal: bool = False) -> Filters:
        return Filters.from_names({n.field: getattr(self, n.field) for n in FILTER_NAMES}, internal=internal)


# Filters as JSON (POST /ask): the same names as the query parameters of GET /search.
FilterBody = create_model(
    "FilterBody", __base__=_FilterFields, __doc__="Filters as JSON: the same names as the query parameters of GET /search.",
    **{n.field: (str | None, Field(None, alias=n.http, max_length=n.max_length,
                                   examples=[n.example] if n.example else None)) for n in FILTER_NAMES},
)
