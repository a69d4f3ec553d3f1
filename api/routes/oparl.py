"""OParl 1.1 out: /oparl/v1/… serves the archive as a council information system does.

Thin: each route reads the cached `kb.oparl.Catalogue` of the library's archive and returns
one mapping of it; a list route pages the catalogue's cards first and maps only that page.
The catalogue is rebuilt when the archive changes (a stored or deleted document renames a
folder in the documents directory, which changes its mtime).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse

from api.deps import READ, get_library
from api.errors import responses
from kb import oparl

router = APIRouter(prefix="/oparl/v1", tags=["OParl"], dependencies=READ, responses=responses(403, 404, 422))
NAME = "Ratsarchiv"
T = TypeVar("T")

Library = Annotated[Any, Depends(get_library)]
PageNo = Annotated[int, Query(ge=1, le=1_000_000, description="Listenseite ab 1")]
PerPage = Annotated[int, Query(alias="elementsPerPage", ge=1, le=oparl.MAX_PER_PAGE, description="Objekte je Listenseite")]
Stamp = Annotated[str | None, Query(max_length=40, description="Datum/Uhrzeit nach ISO 8601")]


def catalogue(library: Any) -> oparl.Catalogue:
    """The archive as OParl objects, built once per archive state (`Library.oparl_catalogue`)."""
    return library.oparl_catalogue()


def urls(request: Request) -> tuple[str, str]:
    """(base of the OParl ids, root of the service) from the request's own address."""
    root = str(request.base_url).rstrip("/")
    return f"{root}{router.prefix}", root


@dataclass(frozen=True)
class ListQuery:
    """What every OParl list takes: the page and OParl's four time filters."""

    page: int
    per_page: int
    bounds: dict[str, str | None]


def list_query(page: PageNo = 1, per_page: PerPage = oparl.DEFAULT_PER_PAGE, created_since: Stamp = None,
               created_until: Stamp = None, modified_since: Stamp = None, modified_until: Stamp = None) -> ListQuery:
    return ListQuery(page, per_page, {"created_since": created_since, "created_until": created_until,
                                      "modified_since": modified_since, "modified_until": modified_until})


Listed = Annotated[ListQuery, Depends(list_query)]


def listing(request: Request, items: Sequence[T], query: ListQuery, *,
            build: Callable[[T], dict[str, Any]] | None = None,
            stamps: Callable[[T], Mapping[str, str]] | None = None) -> dict[str, Any]:
    """One list page of `items` (cards, or OParl objects where `build`/`stamps` are left out)."""
    url = str(request.url).split("?", 1)[0]
    try:
        return oparl.list_page(items, build, stamps, url, query.page, query.per_page, query.bounds)
    except ValueError:
        raise HTTPException(422, "Zeitfilter: kein Datum/Uhrzeit nach ISO 8601 (z. B. 2024-01-31T00:00:00+01:00)")


@router.get("/system", summary="OParl-System")
def get_system(request: Request) -> dict[str, Any]:
    base, root = urls(request)
    return oparl.system(base, NAME, website=root + "/")


@router.get("/bodies", summary="Körperschaften (OParl-Liste)")
def list_bodies(request: Request, library: Library, query: Listed) -> dict[str, Any]:
    base, _ = urls(request)
    objects = [oparl.body(base, catalogue(library), NAME)]
    return listing(request, objects, query)


@router.get("/bodies/{body_id}", summary="Körperschaft")
def get_body(request: Request, library: Library, body_id: str) -> dict[str, Any]:
    if body_id != oparl.BODY_KEY:
        raise HTTPException(404, "Körperschaft nicht gefunden")
    base, _ = urls(request)
    return oparl.body(base, catalogue(library), NAME)


@router.get("/papers", summary="Drucksachen (OParl-Liste)")
def list_papers(request: Request, library: Library, query: Listed) -> dict[str, Any]:
    base, root = urls(request)
    cat = catalogue(library)
    return listing(request, list(cat.papers.values()), query,
                   build=lambda card: oparl.paper(base, root, cat, card), stamps=oparl.paper_stamps)


@router.get("/papers/{key}", summary="Drucksache")
def get_paper(request: Request, library: Library, key: str) -> dict[str, Any]:
    base, root = urls(request)
    cat = catalogue(library)
    if key not in cat.papers:
        raise HTTPException(404, "Drucksache nicht gefunden")
    return oparl.paper(base, root, cat, cat.papers[key])


@router.get("/files/{doc_id}", summary="Datei")
def get_file(request: Request, library: Library, doc_id: str) -> dict[str, Any]:
    base, root = urls(request)
    cat = catalogue(library)
    card = cat.papers.get(cat.paper_of_file.get(doc_id, ""))
    if card is None:
        raise HTTPException(404, "Datei nicht gefunden")
    return oparl.file(base, root, cat, next(f for f in card.files if f.doc_id == doc_id))


@router.get("/files/{doc_id}/download", summary="Datei herunterladen", response_class=FileResponse)
def download_file(library: Library, doc_id: str) -> FileResponse:
    if doc_id not in catalogue(library).paper_of_file:  # public papers only, as the catalogue
        raise HTTPException(404, "Datei nicht gefunden")
    found = library.original(doc_id)  # the rule of GET /documents/{id}/pdf: path, media type, name
    return FileResponse(found.path, media_type=found.media_type, filename=found.filename)


@router.get("/papers/{key}/consultations/{number}", summary="Beratung einer Drucksache")
def get_consultation(request: Request, library: Library, key: str, number: int) -> dict[str, Any]:
    base, _ = urls(request)
    card = catalogue(library).papers.get(key)
    if card is None or not 1 <= number <= len(card.consultations):
        raise HTTPException(404, "Beratung nicht gefunden")
    return oparl.consultation(base, card, number)


@router.get("/meetings/{key}/items/{item}", summary="Tagesordnungspunkt")
def get_agenda_item(request: Request, library: Library, key: str, item: str) -> dict[str, Any]:
    base, _ = urls(request)
    cat = catalogue(library)
    m = cat.meetings.get(key)
    for order, (pkey, i) in enumerate(m.items if m else [], start=1):
        if f"{pkey}-{i + 1}" == item:
            return oparl.agenda_item(base, cat, m, order)
    raise HTTPException(404, "Tagesordnungspunkt nicht gefunden")


@router.get("/meetings", summary="Sitzungen (OParl-Liste)")
def list_meetings(request: Request, library: Library, query: Listed) -> dict[str, Any]:
    base, _ = urls(request)
    cat = catalogue(library)
    return listing(request, list(cat.meetings.values()), query,
                   build=lambda m: oparl.meeting(base, cat, m), stamps=lambda m: oparl.meeting_stamps(cat, m))


@router.get("/meetings/{key}", summary="Sitzung")
def get_meeting(request: Request, library: Library, key: str) -> dict[str, Any]:
    base, _ = urls(request)
    cat = catalogue(library)
    if key not in cat.meetings:
        raise HTTPException(404, "Sitzung nicht gefunden")
    return oparl.meeting(base, cat, cat.meetings[key])


@router.get("/organizations", summary="Gremien (OParl-Liste)")
def list_organizations(request: Request, library: Library, query: Listed) -> dict[str, Any]:
    base, _ = urls(request)
    cat = catalogue(library)
    return listing(request, list(cat.organizations), query,
                   build=lambda key: oparl.organization(base, cat, key), stamps=lambda key: oparl.organization_stamps(cat, key))


@router.get("/organizations/{key}", summary="Gremium")
def get_organization(request: Request, library: Library, key: str) -> dict[str, Any]:
    base, _ = urls(request)
    cat = catalogue(library)
    if key not in cat.organizations:
        raise HTTPException(404, "Gremium nicht gefunden")
    return oparl.organization(base, cat, key)


@router.get("/persons", summary="Personen (OParl-Liste; das Archiv führt keine)")
def list_persons(request: Request, query: Listed) -> dict[str, Any]:
    return listing(request, [], query)
