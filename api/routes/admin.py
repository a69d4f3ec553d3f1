"""Operations: GET /health, GET /jobs/{id}, POST /reindex."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi import Path as PathParam
from pydantic import Field

from api.deps import READ, WRITE, InternalDep, JobsDep, LibraryDep, SettingsDep
from api.errors import fail, responses
from api.jobs import Job

router = APIRouter(tags=["Betrieb"])


@dataclass
class Health:
    status: Literal["ok"]
    documents: int
    passages: int
    jobs_pending: int
    model: str
    answers: Annotated[bool, Field(description="ob die Antwortfunktion bereitsteht")]
    links: Annotated[bool, Field(description="ob Verweise und Zeitleisten bereitstehen")]
    writes: Annotated[bool, Field(description="ob Schreibzugriffe (mit API-Schlüssel) möglich sind")]
    without_passages: Annotated[int, Field(description="Dokumente, deren Text keinen Abschnitt im Suchindex ergab")] = 0


@router.get("/health", response_model=Health, summary="Zustand des Dienstes")
def health(library: LibraryDep, jobs: JobsDep, settings: SettingsDep) -> Health:
    return Health("ok", len(library.summaries()), library.store.count_documents(), jobs.pending(), settings.model,
                  library.ready("answers"), library.ready("links"), bool(settings.api_key),
                  len(library.without_passages()))


@router.get("/jobs/{job_id}", response_model=Job, dependencies=READ, responses=responses(403, 404, 422),
            summary="Stand eines Hintergrundauftrags")
def job(jobs: JobsDep, internal: InternalDep,
        job_id: Annotated[str, PathParam(pattern=r"^[0-9a-f]{32}$", description="Auftrags-ID")]) -> Job:
    found = jobs.get(job_id)
    # A "related" job's result may list non-public papers: only for viewers who may see them.
    if found is None or (found.kind == "related" and not internal):
        raise fail(404, f"Auftrag „{job_id}“ nicht gefunden")
    return found


@router.post("/reindex", status_code=202, response_model=Job, dependencies=WRITE, responses=responses(403, 422),
             summary="Suchindex aktualisieren oder neu aufbauen (im Hintergrund)")
def reindex(jobs: JobsDep, rebuild: Annotated[bool, Query(description="vollständig neu aufbauen")] = False) -> Job:
    return jobs.submit_reindex(rebuild)
