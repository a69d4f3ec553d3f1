"""What a paper builds on, and the history of a matter (a "Vorgang").

    related(doc)   earlier papers, ranked: cited explicitly ("zitiert", the citing sentence),
                   same matter ("gleicher Vorgang", what is shared), similar content
                   ("ähnlicher Inhalt", the hybrid search score)
    timeline(doc)  the papers of the matter and the events they mention, in date order

A matter is held together by strong links, followed transitively: a resolved reference (in
either direction), a shared grant notice ("Bescheid vom 27.02.2019"), a shared named programme
("„Schulsozialarbeit in NRW“"), a shared grant period (01.03.2019–31.12.2020), a Vorlage number
both cite. A shared person is a weak link: it counts for the paper itself, never transitively
(the same Sachgebietsleiterin works on several matters).

>>> linker = Linker(Archive(Path("data")), open_store(Path("data")))     # doctest: +SKIP
>>> [r.to_json() for r in linker.related(linker.document("vorlage-sozialplanung-2019"))]  # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from datetime import date as Date
from typing import Annotated, Any

from haystack.document_stores.types import DocumentStore
from pydantic import Field

from ingest.archive import Archive
from ingest.dates import sentence_at
from ingest.entities import BODY, find_organisations, find_people
from ingest.models import Document
from kb.candidates import german_date
from kb.embedders import DEFAULT_MODEL
from kb.records import to_json
from kb.references import (
    GENERIC_AUSSCHUSS,
    Paper,
    PaperIndex,
    Reference,
    extract_references,
    joined_text,
    not_later,
    resolve,
)
from kb.search import Filters, Searcher

CITED, SAME_MATTER, SIMILAR = "zitiert", "gleicher Vorgang", "ähnlicher Inhalt"
MIN_PERIOD_DAYS = 90  # a date range this long is a grant or project period, not an appointment
SEARCH_PASSAGES = 60  # passages the similarity search looks at
MAX_SHARING = 50  # papers one shared thing may link
_CLERKS = re.compile(r"Schriftführ|Protokoll", re.IGNORECASE)  # minute-takers sign every Niederschrift
_LETTERHEAD = re.compile(r"^(?:Datum|Sitzung\w*|Termin|Sitzungstermin)\s*:|^Niederschrift über|^Vorlage Nr")
_FRAKTION = re.compile(r"\bFraktion\s+(?:der\s+)?[A-ZÄÖÜ0-9][\w/.-]*(?:\s+[A-ZÄÖÜ0-9][\w/.-]*)*")
_DECISION_WORDS = re.compile(
    r"\b(?:beschlie\w+|beschlossen|Beschluss|beauftragt|empfiehlt|bewilligt|eingestellt|gestartet|berichtet|besetzt)\b")


@dataclass
class Related:
    document: str
    title: str
    date: str | None
    reason: str  # CITED, SAME_MATTER or SIMILAR
    evidence: str  # the citing sentence, what is shared, or the best matching passage
    score: float

    def to_json(self) -> dict[str, Any]:
        return to_json(self)


@dataclass
class RelatedList:
    """Related papers of a document (GET /documents/{id}/related) or of a file (POST /related)."""

    document: Annotated[str | None, Field(description="das Dokument, zu dem verwandte Unterlagen gesucht wurden (bei Upload: Titel)")]
    related: list[Related]


@dataclass
class Event:
    date: str  # ISO (day or month precision)
    end: str | None  # ISO, for a period
    body: str | None  # Gremium or actor
    text: str  # the sentence that carries the decision or fact
    document: str
    page: int

    def to_json(self) -> dict[str, Any]:
        return to_json(self)


@dataclass
class Timeline:
    events: list[Event]
    documents: list[Paper]  # in JSON: {"document", "title", "date", …}

    def to_json(self) -> dict[str, Any]:
        return to_json(self)


@dataclass
class _Profile:
    """What links a paper to others."""

    paper: Paper
    refs: list[Reference]  # resolved
    strong: dict[str, str] = field(default_factory=dict)  # shared thing → evidence, e.g. "notice:2019-02-27"
    people: dict[str, str] = field(default_factory=dict)  # person key → name


class Linker:
    """Links over one state of the archive; build a new one after ingesting."""

    def __init__(self, archive: Archive, store: DocumentStore, model: str = DEFAULT_MODEL, searcher: Searcher | None = None):
        self.archive = archive
        self.store = store
        self.model = model
        self._searcher = searcher  # shared with the caller's searches (one warmed pipeline), else built on first use
        self.docs: dict[str, Document] = {d.id: d for d in archive}
        self.index = PaperIndex.from_documents(self.docs.values())
        self.profiles = {doc_id: self._profile(doc) for doc_id, doc in self.docs.items()}
        # Strong links between archived papers: id → {neighbour id: evidence}. Built from the
        # references and an inverted index of shared things, so it grows with links, not pairs.
        self.graph: dict[str, dict[str, str]] = {doc_id: {} for doc_id in self.docs}
        self._holders: dict[str, list[str]] = {}
        self._cited_by: dict[str, list[tuple[str, Reference]]] = {}
        for doc_id, profile in self.profiles.items():
            for ref in profile.refs:
                if ref.target:
                    self._cited_by.setdefault(ref.target, []).append((doc_id, ref))
        for doc_id, profile in self.profiles.items():
            for key in profile.strong:
                self._holders.setdefault(key, []).append(doc_id)
        for doc_id in self.profiles:
            for other, evidence in self._neighbours(self.profiles[doc_id]).items():
                self.graph[doc_id].setdefault(other, evidence)
                self.graph[other].setdefault(doc_id, evidence)

    def document(self, doc_id: str) -> Document:
        """An archived document; KeyError if there is none with this id."""
        return self.docs[doc_id]

    # --- related papers ---------------------------------------------------------------------

    def related(self, doc: Document, top_k: int = 10) -> list[Related]:
        """Earlier (or same-date) papers related to `doc`, archived or new: cited, same matter, similar."""
        profile, neighbours = self._links_of(doc)
        citing = profile.paper
        earlier = {p.id for p in self.index.papers.values() if p.id != citing.id and not_later(p, citing)}
        similar = self._similar(doc, citing)
        out: list[Related] = []
        seen: set[str] = set()

        def add(doc_id: str, reason: str, evidence: str) -> None:
            if doc_id in seen or doc_id not in earlier:
                return
            seen.add(doc_id)
            paper = self.index.papers[doc_id]
            out.append(Related(doc_id, paper.title, paper.date, reason, evidence, similar.get(doc_id, (0.0, ""))[0]))

        for ref in profile.refs:
            if ref.target:
                add(ref.target, CITED, ref.text)
        # The matter: papers reached over strong links, nearest first, then the most similar.
        distance = self._reach(neighbours)
        chain = sorted((d, -similar.get(i, (0.0, ""))[0], i) for i, (d, _) in distance.items())
        for _, _, doc_id in chain:
            add(doc_id, SAME_MATTER, distance[doc_id][1])
        for doc_id, name in self._shared_people(profile):
            add(doc_id, SAME_MATTER, f"gemeinsam beteiligt: {name}")
        for doc_id, (score, passage) in sorted(similar.items(), key=lambda kv: -kv[1][0]):
            add(doc_id, SIMILAR, passage)
        return out[:top_k]

    def _links_of(self, doc: Document) -> tuple[_Profile, dict[str, str]]:
        """The profile of `doc` and its strong links, for an archived or a new document."""
        stored = self.docs.get(doc.id)
        if stored is not None and stored.checksum == doc.checksum:
            return self.profiles[doc.id], self.graph[doc.id]
        profile = self._profile(doc)
        return profile, self._neighbours(profile)

    def _neighbours(self, profile: _Profile) -> dict[str, str]:
        """Archived papers strongly linked to `profile`: those it cites, those citing it, those sharing a thing."""
        own = profile.paper.id
        links: dict[str, str] = {}
        for ref in profile.refs:
            if ref.target and ref.target != own:
                links.setdefault(ref.target, f"zitiert: {ref.text}")
        for other_id, ref in self._cited_by.get(own, []):
            if other_id != own:
                links.setdefault(other_id, f"zitiert von {other_id}: {ref.text}")
        for key, evidence in profile.strong.items():
            holders = self._holders.get(key, [])
            if len(holders) <= MAX_SHARING:  # a thing half the archive shares links nothing
                for other_id in holders:
                    if other_id != own:
                        links.setdefault(other_id, f"gemeinsam: {evidence}")
        return links

    def _reach(self, neighbours: dict[str, str]) -> dict[str, tuple[int, str]]:
        """Papers reachable over strong links: id → (hops, evidence of how)."""
        found: dict[str, tuple[int, str]] = {n: (1, ev) for n, ev in neighbours.items()}
        queue = deque(neighbours)
        while queue:
            current = queue.popleft()
            hops, _ = found[current]
            via = self.index.papers[current]
            for nxt in self.graph.get(current, {}):
                if nxt not in found:
                    found[nxt] = (hops + 1, f"im selben Vorgang über {via.id} („{via.title}“)")
                    queue.append(nxt)
        return found

    def _shared_people(self, profile: _Profile) -> list[tuple[str, str]]:
        out = []
        for other_id, other in self.profiles.items():
            shared = [profile.people[k] for k in profile.people if k in other.people]
            if shared and other_id != profile.paper.id:
                out.append((other_id, ", ".join(shared)))
        return out

    def _similar(self, doc: Document, citing: Paper) -> dict[str, tuple[float, str]]:
        """Documents by the hybrid search score of their best passage, with doc's title and opening as query."""
        query = _query_text(doc)
        if not query or self.store.count_documents() == 0:
            return {}
        limit = citing.date or citing.session_date
        result = self.searcher.search(query, Filters(date_to=limit), top_k=SEARCH_PASSAGES)
        best: dict[str, tuple[float, str]] = {}
        for hit in result.hits:
            if hit.document != citing.id and hit.document not in best:
                best[hit.document] = (hit.score, " ".join(hit.text.split())[:240])
        return best

    @property
    def searcher(self) -> Searcher:
        if self._searcher is None:
            self._searcher = Searcher(self.store, model=self.model)
        return self._searcher

    # --- timeline --------------------------------------------------------------------------

    def timeline(self, document_id: str | None = None, query: str | None = None) -> Timeline:
        """The papers of a matter and the events they mention, in date order.

        The matter is that of `document_id` (KeyError if unknown), or of the best search hit for `query`.
        """
        if document_id is None:
            if not query:
                raise ValueError("document_id or query is needed")
            hits = self.searcher.search(query, top_k=10).hits
            if not hits:
                return Timeline([], [])
            document_id = hits[0].document
        self.document(document_id)
        members = {document_id} | set(self._reach(self.graph[document_id]))
        papers = sorted((self.index.papers[i] for i in members), key=lambda p: (p.date or "", p.id))
        titles = " ".join(p.title for p in papers) + " " + (query or "")
        events: dict[tuple[str, str | None], list[tuple[int, Event]]] = {}
        for paper in papers:
            for rank, event in self._events(self.docs[paper.id], titles):
                events.setdefault((event.date, event.end), []).append((rank, event))
        merged = [_merge(found) for _, found in sorted(events.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))]
        return Timeline(merged, papers)

    def _events(self, doc: Document, titles: str) -> list[tuple[int, Event]]:
        """(rank, event): the paper's own session (rank 0), then dated facts it mentions (1: with a
        decision word, 2: other). The lowest rank gives the text of a merged event."""
        md = doc.metadata
        text, starts = joined_text(doc)
        refs = self.profiles[doc.id].refs
        out: list[tuple[int, Event]] = []
        session_date = md.session.date if md.session else None
        if session_date:
            sentence, page = _decision_sentence(doc, text, starts, titles)
            out.append((0, Event(session_date, None, md.session.body, sentence, doc.id, page)))
        for mention in md.dates:
            if mention.precision == "year" and not mention.end:
                continue
            if _LETTERHEAD.search(mention.sentence) or (not mention.end and mention.iso in (md.date, session_date)):
                continue
            body = self._actor(mention.sentence, refs, mention.iso)
            rank = 1 if _DECISION_WORDS.search(mention.sentence) else 2
            out.append((rank, Event(mention.iso, mention.end, body, mention.sentence, doc.id, mention.page)))
        return out

    def _actor(self, sentence: str, refs: list[Reference], iso: str) -> str | None:
        """The Gremium or actor of a sentence: a resolved reference's body, the subject Gremium,
        another Gremium, an organisation, a person, the Landrat."""
        for ref in refs:
            if ref.text == sentence and ref.date == iso and ref.body:
                if ref.body == GENERIC_AUSSCHUSS and ref.target:
                    return self.index.papers[ref.target].session_body or ref.body
                return ref.body
        # The subject ("Der Kreistag beschließt"), else a Gremium not in the dative or genitive ("dem Kreistag").
        m = re.search(rf"(?<![\w-])[Dd]er\s+(?P<x>{BODY.pattern})", sentence) or next(
            (b for b in BODY.finditer(sentence) if not re.search(r"\b(?:dem|den|des)\s+$", sentence[: b.start()])), None)
        if m:
            from ingest.entities import canonical_body

            return canonical_body(m.group("body"))
        organisations = find_organisations(sentence)
        if organisations:
            return organisations[0]
        people = find_people(sentence, 1)
        if people:
            return people[0].name
        m = _FRAKTION.search(sentence)
        if m:
            return " ".join(m.group().split())
        if re.search(r"\bLandrat(?:es|s)?\b", sentence):
            return "Landrat"
        if re.search(r"\b[Dd]ie\s+Verwaltung\b", sentence):
            return "Verwaltung"
        return None

    # --- profiles --------------------------------------------------------------------------

    def _profile(self, doc: Document) -> _Profile:
        refs = resolve(extract_references(doc), doc, self.index)
        profile = _Profile(Paper.of(doc), refs)
        for ref in refs:
            if ref.kind == "notice" and ref.date:
                profile.strong[f"notice:{ref.date}"] = f"Bescheid vom {german_date(ref.date)}"
            elif ref.kind == "programme" and ref.number:
                profile.strong[f"programme:{ref.number.lower()}"] = f"Programm „{ref.number}“"
            elif ref.kind == "vorlage" and ref.number:
                profile.strong[f"number:{ref.number}"] = f"Vorlage Nr. {ref.number}"
        if profile.paper.number:
            profile.strong[f"number:{profile.paper.number}"] = f"Vorlage Nr. {profile.paper.number}"
        for mention in doc.metadata.dates:
            if mention.end and mention.precision == "day" and len(mention.end) == 10 and _days(mention.iso, mention.end) >= MIN_PERIOD_DAYS:
                profile.strong[f"period:{mention.iso}:{mention.end}"] = (
                    f"Zeitraum {german_date(mention.iso)}–{german_date(mention.end)}")
        for person in doc.metadata.people:
            if not (person.role and _CLERKS.search(person.role)):
                words = person.name.split()
                profile.people[f"{words[0]} {words[-1]}"] = person.name
        return profile


def _merge(found: list[tuple[int, Event]]) -> Event:
    """One event from its mentions: the best-ranked text, the first body any mention gives."""
    found.sort(key=lambda f: f[0])
    best = found[0][1]
    body = best.body or next((e.body for _, e in found if e.body), None)
    return Event(best.date, best.end, body, best.text, best.document, best.page)


def _decision_sentence(doc: Document, text: str, starts: list[int], titles: str) -> tuple[str, int]:
    """The sentence that carries a paper's decision: the Beschluss of the matching TOP of minutes,
    the Beschlussvorschlag of a Vorlage, else the Betreff."""
    from ingest.dates import page_at

    words = set(re.findall(r"\w{5,}", titles.lower()))
    candidates = [m for m in re.finditer(r"(?m)^[ \t]*(?:Beschluss|Beschlussvorschlag)\s*:\s*\n?\s*(?=\S)", text)]
    if candidates:
        def overlap(m: re.Match[str]) -> int:
            # The agenda item (TOP) the Beschluss belongs to: from its heading to the Beschluss.
            end = text.find("TOP", m.end())
            top = text[max(0, text.rfind("TOP", 0, m.start())) : end if end >= 0 else len(text)]
            return len(words & set(re.findall(r"\w{5,}", top.lower())))

        m = max(candidates, key=overlap)
        return sentence_at(text, m.end()), page_at(m.end(), 1, starts)
    md = doc.metadata
    if md.title:
        kind = md.doc_type or "Vorlage"
        number = f" (Vorlage Nr. {md.vorlage_number})" if md.vorlage_number else ""
        return f"{kind}: {md.title}{number}", 1
    session_date = md.session.date if md.session else None
    for mention in md.dates:
        if mention.iso == session_date:
            return mention.sentence, mention.page
    return doc.source, 1


def _query_text(doc: Document, words: int = 80) -> str:
    """A paper as a search query: its Betreff and the opening of its text after the letterhead."""
    text = doc.text
    m = re.search(r"(?m)^[ \t]*(?:Betreff|Betr\.)\s*:.*$", text)
    body = text[m.end() :] if m else text
    return " ".join(((doc.metadata.title or "") + " " + " ".join(body.split()[:words])).split())


def _days(start: str, end: str) -> int:
    return (Date.fromisoformat(end) - Date.fromisoformat(start)).days


