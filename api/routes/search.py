"""Search and answers: GET /search, POST /ask."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from api.deps import READ, InternalDep, LibraryDep
from api.errors import responses
from api.params import FilterBody, PageNo, QueryText, Size, search_filters
from kb.evidence import Answer
from kb.filters import Filters
from kb.records import MAX_QUERY
from kb.search import SearchPage

router = APIRouter(tags=["Suche"], dependencies=READ)


@router.get("/search", response_model=SearchPage, responses=responses(403, 422), summary="Unterlagen durchsuchen")
def search(library: LibraryDep, q: QueryText, filters: Annotated[Filters, Depends(search_filters)],
           page: PageNo = 1, size: Size = 10) -> SearchPage:
    return library.search_page(q, filters, page, size)


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(min_length=1, max_length=MAX_QUERY, examples=["Wann endet der Förderzeitraum?"])
    filters: FilterBody | None = None


@router.post("/ask", response_model=Answer, responses=responses(403, 422, 503), summary="Frage beantworten (mit Belegstelle)")
def ask(library: LibraryDep, internal: InternalDep, payload: AskRequest) -> Answer:
    return library.ask(payload.question, (payload.filters or FilterBody()).parse(internal))
