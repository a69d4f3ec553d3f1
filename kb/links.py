"""What a paper builds on, and the history of a matter (a "Vorgang"): one object over one state of the archive.

    related(doc)   earlier papers, ranked: cited, same matter, similar       (kb.related)
    timeline(doc)  the papers of the matter and the events they mention      (kb.timeline)
    the matter     papers held together by strong links                      (kb.matters)

>>> linker = Linker(Archive(Path("data")), open_store(Path("data")))     # doctest: +SKIP
>>> [r.to_json() for r in linker.related(linker.document("vorlage-sozialplanung-2019"))]  # doctest: +SKIP
"""

from __future__ import annotations

from haystack.document_stores.types import DocumentStore

from ingest.archive import Archive
from ingest.models import Document
from kb.embedders import DEFAULT_MODEL
from kb.filters import NON_PUBLIC
from kb.matters import Matters, Profile
from kb.related import CITED, SAME_MATTER, SIMILAR, Related, RelatedList, find_related
from kb.search import Searcher
from kb.timeline import Event, Timeline, build_timeline

__all__ = ["CITED", "SAME_MATTER", "SIMILAR", "Event", "Linker", "Profile", "Related", "RelatedList", "Timeline"]


class Linker:
    """Links over one state of the archive; build a new one after ingesting (`kb.library.Library` does)."""

    def __init__(self, archive: Archive, store: DocumentStore, model: str = DEFAULT_MODEL, searcher: Searcher | None = None,
                 internal: bool = False):
        """`internal`: links over all papers; else only over public ones (a non-public paper is
        never linked, cited or part of a matter for viewers who may not see it)."""
        self.archive = archive
        self.internal = internal
        self.store = store
        self.model = model
        self._searcher = searcher  # shared with the caller's searches (one warmed pipeline), else built on first use
        self.matters = Matters({d.id: d for d in archive if internal or d.metadata.visibility != NON_PUBLIC})
        self.docs = self.matters.docs
        self.index = self.matters.index
        self.profiles = self.matters.profiles
        self.graph = self.matters.graph

    def document(self, doc_id: str) -> Document:
        """An archived document; KeyError if there is none with this id."""
        return self.docs[doc_id]

    @property
    def searcher(self) -> Searcher:
        if self._searcher is None:
            self._searcher = Searcher(self.store, model=self.model)
        return self._searcher

    def related(self, doc: Document, top_k: int = 10) -> list[Related]:
        """Earlier (or same-date) papers related to `doc`, archived or new: cited, same matter, similar."""
        return find_related(self.matters, self.searcher, doc, top_k, self.internal)

    def timeline(self, document_id: str | None = None, query: str | None = None) -> Timeline:
        """The matter of `document_id` (KeyError if unknown), or of the best search hit for `query`."""
        return build_timeline(self.matters, self.searcher, document_id, query, self.internal)
