"""Request parameters shared by the routers: ids, paging, and the filter vocabulary as query parameters.

The filters are parsed by `kb.filters.Filters.parse` (a bad date is `kb.errors.BadRequest`: 422).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query
from fastapi import Path as PathParam

from api.deps import is_internal
from kb.filters import Filters
from kb.records import MAX_QUERY

DOC_ID = r"^[a-z0-9][a-z0-9-]{0,199}$"
DocId = Annotated[str, PathParam(pattern=DOC_ID, max_length=200, description="Dokument-ID", examples=["vorlage-sozialplanung-2019"])]
PageNo = Annotated[int, Query(ge=1, le=10_000, description="Seite der Ergebnisliste (ab 1)")]
Size = Annotated[int, Query(ge=1, le=100, description="Einträge je Seite")]
QueryText = Annotated[str, Query(min_length=1, max_length=MAX_QUERY, description="Suchbegriffe oder Frage",
                                 examples=["Förderzeitraum Sozialplanung"])]
Body = Annotated[str | None, Query(max_length=200, description="Gremium", examples=["Kreistag"])]
Topic = Annotated[str | None, Query(max_length=100, description="Thema", examples=["Förderung"])]
DocType = Annotated[str | None, Query(max_length=100, description="Art der Unterlage", examples=["Mitteilung"])]
DateFrom = Annotated[str | None, Query(alias="from", max_length=40, description="Dokumentdatum ab", examples=["01.01.2019"])]
DateTo = Annotated[str | None, Query(alias="to", max_length=40, description="Dokumentdatum bis", examples=["2020-12-31"])]
MentionsFrom = Annotated[str | None, Query(max_length=40, description="erwähnt ein Datum ab")]
MentionsTo = Annotated[str | None, Query(max_length=40, description="erwähnt ein Datum bis")]
# The viewer's right to non-public papers (from its key, api.deps.is_internal): part of the filters.
Internal = Annotated[bool, Depends(is_internal)]


def search_filters(body: Body = None, topic: Topic = None, type: DocType = None, date_from: DateFrom = None,
                   date_to: DateTo = None, mentions_from: MentionsFrom = None, mentions_to: MentionsTo = None,
                   internal: Internal = False) -> Filters:
    return Filters.parse(body=body, topic=topic, doc_type=type, date_from=date_from, date_to=date_to,
                         mentions_from=mentions_from, mentions_to=mentions_to, internal=internal)


def list_filters(body: Body = None, topic: Topic = None, type: DocType = None, date_from: DateFrom = None,
                 date_to: DateTo = None, internal: Internal = False) -> Filters:
    return Filters.parse(body=body, topic=topic, doc_type=type, date_from=date_from, date_to=date_to, internal=internal)
