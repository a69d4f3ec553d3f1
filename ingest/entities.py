"""Named things in committee papers: one import for the three finders, which live by concern in
`ingest.bodies` (Gremien), `ingest.people` (people and their roles) and `ingest.organisations`.
Their lists of known names are data files under ingest/data/.
"""

from __future__ import annotations

from ingest.bodies import BODY, canonical_body, find_bodies
from ingest.organisations import KNOWN_ACRONYMS, KNOWN_ORGANISATIONS, find_organisations
from ingest.people import ROLE_PHRASE, ROLE_WORD, find_people

__all__ = [
    "BODY", "KNOWN_ACRONYMS", "KNOWN_ORGANISATIONS", "ROLE_PHRASE", "ROLE_WORD",
    "canonical_body", "find_bodies", "find_organisations", "find_people",
]
