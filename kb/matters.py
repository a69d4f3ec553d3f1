"""What holds a matter (a "Vorgang") together: the strong links between papers of the archive.

A matter is held together by strong links, followed transitively: a resolved reference (in
either direction), a shared grant notice ("Bescheid vom 27.02.2019"), a shared named programme
("„Schulsozialarbeit in NRW“"), a shared grant period (01.03.2019–31.12.2020), a Vorlage number
both cite. A shared person is a weak link: it counts for the paper itself, never transitively
(the same Sachgebietsleiterin works on several matters).

>>> matters = Matters({d.id: d for d in Archive(Path("data"))})          # doctest: +SKIP
>>> matters.members("vorlage-sozialplanung-2019")                          # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from datetime import date as Date

from ingest.models import Document
from kb.candidates import german_date
from kb.references import Paper, PaperIndex, Reference, extract_references, resolve

MIN_PERIOD_DAYS = 90  # a date range this long is a grant or project period, not an appointment
MAX_SHARING = 50  # papers one shared thing may link
_CLERKS = re.compile(r"Schriftführ|Protokoll", re.IGNORECASE)  # minute-takers sign every Niederschrift


@dataclass
class Profile:
    """What links a paper to others."""

    paper: Paper
    refs: list[Reference]  # resolved
    strong: dict[str, str] = field(default_factory=dict)  # shared thing → evidence, e.g. "notice:2019-02-27"
    people: dict[str, str] = field(default_factory=dict)  # person key → name


class Matters:
    """The papers of one state of the archive, their profiles and the graph of strong links."""

    def __init__(self, docs: dict[str, Document]):
        self.docs = docs
        self.index = PaperIndex.from_documents(self.docs.values())
        self.profiles = {doc_id: self.profile(doc) for doc_id, doc in self.docs.items()}
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
            for other, evidence in self.neighbours(self.profiles[doc_id]).items():
                self.graph[doc_id].setdefault(other, evidence)
                self.graph[other].setdefault(doc_id, evidence)

    def members(self, doc_id: str) -> set[str]:
        """The papers of the matter of an archived paper (itself included)."""
        return {doc_id} | set(self.reach(self.graph[doc_id]))

    def links_of(self, doc: Document) -> tuple[Profile, dict[str, str]]:
        """The profile of `doc` and its strong links, for an archived or a new document."""
        stored = self.docs.get(doc.id)
        if stored is not None and stored.checksum == doc.checksum:
            return self.profiles[doc.id], self.graph[doc.id]
        profile = self.profile(doc)
        return profile, self.neighbours(profile)

    def neighbours(self, profile: Profile) -> dict[str, str]:
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

    def reach(self, neighbours: dict[str, str]) -> dict[str, tuple[int, str]]:
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

    def shared_people(self, profile: Profile) -> list[tuple[str, str]]:
        out = []
        for other_id, other in self.profiles.items():
            shared = [profile.people[k] for k in profile.people if k in other.people]
            if shared and other_id != profile.paper.id:
                out.append((other_id, ", ".join(shared)))
        return out

    def profile(self, doc: Document) -> Profile:
        refs = resolve(extract_references(doc), doc, self.index)
        profile = Profile(Paper.of(doc), refs)
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


def _days(start: str, end: str) -> int:
    return (Date.fromisoformat(end) - Date.fromisoformat(start)).days
