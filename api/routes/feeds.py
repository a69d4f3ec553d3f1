"""Atom feeds of new papers: /feeds/bodies/{Gremium}, /feeds/topics/{Thema}, /feeds/search?q=….

Subscribable in any feed reader; a saved search is its URL (query and filters as parameters).
Thin: filters come from the request, papers from the cached OParl catalogue, XML from kb.feeds.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from api.deps import READ, get_library
from api.errors import responses
from api.params import feed_filters
from api.routes.oparl import catalogue
from kb import feeds
from kb.filters import LIST_FILTER_NAMES, Filters, query_text
from kb.oparl import Catalogue
from kb.records import MAX_QUERY

router = APIRouter(prefix="/feeds", tags=["Abonnements"], dependencies=READ, responses=responses(403, 404, 422))
Library = Annotated[Any, Depends(get_library)]
Limit = Annotated[int, Query(ge=1, le=200, description="höchstens so viele Einträge")]
# A saved search without an index reads papers newest first, at most this many.
SCAN_LIMIT = 1000
ATOM_RESPONSE = {200: {"content": {"application/atom+xml": {}}, "description": "Atom-Feed"}}


@router.get("/bodies/{body:path}", response_class=Response, responses=ATOM_RESPONSE,
            summary="Neue Vorlagen eines Gremiums (Atom)")
def body_feed(request: Request, library: Library, body: str, limit: Limit = feeds.DEFAULT_LIMIT) -> Response:
    cat = catalogue(library)
    cards = feeds.select(cat, Filters.parse(body=body))
    if not cards and body not in cat.organizations.values():
        raise HTTPException(404, f"Gremium „{body[:80]}“ ist im Archiv nicht bekannt")
    return _atom(request, f"Neue Vorlagen: {body}", cards, limit)


@router.get("/topics/{topic:path}", response_class=Response, responses=ATOM_RESPONSE,
            summary="Neue Vorlagen zu einem Thema (Atom)")
def topic_feed(request: Request, library: Library, topic: str, limit: Limit = feeds.DEFAULT_LIMIT) -> Response:
    cards = feeds.select(catalogue(library), Filters.parse(topic=topic))
    # As for a Gremium: a misspelt topic is told, not answered with a feed that stays empty forever.
    if not cards and topic not in {t.name for t in library.topics()}:
        raise HTTPException(404, f"Thema „{topic[:80]}“ ist im Archiv nicht bekannt")
    return _atom(request, f"Neue Vorlagen zum Thema {topic}", cards, limit)


@router.get("/search", response_class=Response, responses=ATOM_RESPONSE,
            summary="Neue Vorlagen zu einer gespeicherten Suche (Atom)")
def search_feed(
    request: Request,
    library: Library,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY, description="Suchbegriffe (alle müssen vorkommen)")],
    filters: Annotated[Filters, Depends(feed_filters)],  # the filter vocabulary of GET /documents (kb.filters)
    limit: Limit = feeds.DEFAULT_LIMIT,
) -> Response:
    query = query_text(q)  # the one emptiness rule (a 422 like GET /search)
    cat = catalogue(library)
    cards = feeds.select(cat, filters)
    words = feeds.query_words(query)
    if not words:
        raise HTTPException(422, "Parameter „q“: keine Suchbegriffe")
    found = _matching(library, cat, cards, words, limit)
    given = ", ".join(f"{n.label} {request.query_params[n.http]}" for n in LIST_FILTER_NAMES
                      if getattr(filters, n.field) and n.http in request.query_params)
    return _atom(request, f"Neue Vorlagen zu „{query}“" + (f" ({given})" if given else ""), found, limit)


def _matching(library: Any, cat: Catalogue, cards: list, words: list[tuple[str, frozenset[str]]], limit: int) -> list:
    """Papers (newest first) with a document that contains every query word."""
    found = []
    for card in cards[:SCAN_LIMIT]:
        for f in card.files:
            doc = library.archive.get(f.doc_id)
            if doc is not None and feeds.matches(doc, words):
                found.append(card)
                break
        if len(found) >= limit:
            break
    return found


def _atom(request: Request, title: str, cards: list, limit: int) -> Response:
    root = str(request.base_url).rstrip("/")
    feed = feeds.Feed(self_url=str(request.url), title=title, root=root)
    return Response(feeds.atom(feed, cards, limit), media_type=feeds.MEDIA_TYPE)
