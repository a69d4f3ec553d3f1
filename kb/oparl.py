"""OParl 1.1 out: the archive as a council information system serves it to others.

    Documents ──Catalogue.build──▶ PaperCard (one per OParl paper, or per ingested document)
                                   MeetingCard (Gremium + day, from the consultations)
                                   organisations (the Gremien)
              ──system/body/paper/file/meeting/organization──▶ OParl dicts
              ──list_page──▶ a list page: data, pagination, links (first/prev/self/next/last)

A list page is cut from the catalogue's cards (filtered by their stamps, sorted by key) before any
object is built: page N of 5,000 papers maps the page's 100, not all 5,000.

Pure mapping: no I/O, no web framework. Ids are absolute URLs under `base` (e.g.
`https://rats.example/oparl/v1`); a File's accessUrl is our document view
(`<root>/documents/<id>/pdf`), its downloadUrl the original under `base`.

Imported documents are grouped back into their paper (`Document.oparl.paper`), so a paper
imported with three files is served as one Paper with three Files; an ingested document is
a paper of its own. `relatedPaper` joins the source system's related papers (where they are
in the archive too) and the papers our reference resolution finds cited in the text.
Only public papers are served.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cached_property, lru_cache
from typing import Any, TypeVar
from urllib.parse import urlencode

from ingest.archive import slugify
from ingest.models import Consultation, Document
from ingest.oparl_sources import is_day
from ingest.oparl_sources import parse_datetime as oparl_datetime
from kb.candidates import german_date
from kb.filters import NON_PUBLIC
from kb.references import Paper, PaperIndex, extract_references, resolve

SCHEMA = "https://schema.oparl.org/1.1/"
VERSION = "https://schema.oparl.org/1.1/"
BODY_KEY = "1"
DEFAULT_PER_PAGE = 100
MAX_PER_PAGE = 1000
T = TypeVar("T")


@dataclass(frozen=True)
class FileCard:
    doc_id: str
    name: str
    file_name: str
    media_type: str
    date: str | None
    created: str
    modified: str


@dataclass(frozen=True)
class PaperCard:
    key: str
    name: str
    reference: str | None
    date: str | None
    paper_type: str | None
    created: str
    modified: str
    consultations: tuple[Consultation, ...]
    session: tuple[str, str] | None  # (Gremium, day) of the deciding session
    files: tuple[FileCard, ...]
    topics: tuple[str, ...]
    oparl_id: str | None = None  # the Paper id in the system it was imported from
    related: tuple[str, ...] = ()  # keys of related papers in this catalogue

    @property
    def bodies(self) -> frozenset[str]:
        """The Gremien the paper went through: its Beratungsfolge and its deciding session."""
        return frozenset({c.body for c in self.consultations} | ({self.session[0]} if self.session else set()))


@dataclass
class MeetingCard:
    key: str
    body: str
    date: str
    items: list[tuple[str, int]] = field(default_factory=list)  # (paper key, consultation index)


@dataclass
class Catalogue:
    """The archive's public papers, meetings and Gremien, keyed as the URLs name them."""

    papers: dict[str, PaperCard]
    meetings: dict[str, MeetingCard]
    organizations: dict[str, str]  # key → name
    paper_of_file: dict[str, str]  # document id → paper key

    @classmethod
    def build(cls, documents: Iterable[Document], references: bool = True) -> Catalogue:
        docs = [d for d in documents if d.metadata.visibility != NON_PUBLIC]  # kb.filters' one rule
        groups: dict[str, list[Document]] = {}
        for doc in docs:
            groups.setdefault(doc.oparl.paper if doc.oparl else f"doc:{doc.id}", []).append(doc)
        keys = _paper_keys(groups)
        by_oparl = {g: k for g, k in keys.items() if not g.startswith("doc:")}
        cited = _cited(docs, keys, groups) if references else {}
        papers: dict[str, PaperCard] = {}
        for group, members in sorted(groups.items(), key=lambda kv: keys[kv[0]]):
            members.sort(key=lambda d: d.id)
            key = keys[group]
            related = [by_oparl[r] for d in members if d.oparl for r in d.oparl.related if r in by_oparl]
            related += sorted(cited.get(key, set()))
            papers[key] = _card(key, members, tuple(r for r in dict.fromkeys(related) if r != key))
        meetings: dict[str, MeetingCard] = {}
        organizations: dict[str, str] = {}
        for card in papers.values():
            for i, c in enumerate(card.consultations):
                organizations.setdefault(slugify(c.body), c.body)
                if c.date:
                    mkey = meeting_key(c.body, c.date)
                    meetings.setdefault(mkey, MeetingCard(mkey, c.body, c.date)).items.append((card.key, i))
        paper_of_file = {f.doc_id: card.key for card in papers.values() for f in card.files}
        return cls(papers, dict(sorted(meetings.items())), dict(sorted(organizations.items())), paper_of_file)

    def papers_of_body(self, body: str) -> list[PaperCard]:
        return [p for p in self.papers.values() if body in p.bodies]

    @cached_property
    def body_modified(self) -> dict[str, str]:
        """Gremium name → latest `modified` of its papers (`papers_of_body`), in one pass over the
        papers instead of one pass per Gremium."""
        latest: dict[str, str] = {}
        for p in self.papers.values():
            for name in p.bodies:
                latest[name] = max(latest.get(name, p.modified), p.modified)
        return latest


def meeting_key(body: str, date: str) -> str:
    return f"{slugify(body)}-{date}"


def _paper_keys(groups: dict[str, list[Document]]) -> dict[str, str]:
    """Readable, stable keys: the reference ("2023-1322") for imported papers, the id otherwise."""
    keys: dict[str, str] = {}
    taken: set[str] = set()
    for group in sorted(groups):
        docs = groups[group]
        if group.startswith("doc:"):
            key = docs[0].id
        else:
            number = next((d.metadata.vorlage_number for d in docs if d.metadata.vorlage_number), None)
            key = slugify(number) if number else "p-" + slugify(group.rstrip("/").rsplit("/", 1)[-1])
        candidate, n = key, 2
        while candidate in taken:
            candidate, n = f"{key}-{n}", n + 1
        taken.add(candidate)
        keys[group] = candidate
    return keys


def _cited(docs: list[Document], keys: dict[str, str], groups: dict[str, list[Document]]) -> dict[str, set[str]]:
    """Paper key → keys of the papers its text cites (kb.references' resolution)."""
    paper_of = {d.id: keys[g] for g, members in groups.items() for d in members}
    index = PaperIndex.from_documents(docs)
    cited: dict[str, set[str]] = {}
    for doc in docs:
        for ref in resolve(extract_references(doc), doc, index):
            if ref.target and ref.target in paper_of:
                cited.setdefault(paper_of[doc.id], set()).add(paper_of[ref.target])
    return cited


def _card(key: str, docs: list[Document], related: tuple[str, ...]) -> PaperCard:
    first = docs[0]
    md = first.metadata
    session = md.session
    consultations = tuple(md.consultations) or (
        (Consultation(body=session.body, date=session.date),) if session and session.body else ())
    date = md.date if is_day(md.date) else (session.date if session and is_day(session.date) else None)
    stamps = sorted(stamp(d.ingested_at) for d in docs)
    return PaperCard(
        key=key,
        name=Paper.of(first).title,  # kb.references' rule for a paper's title
        reference=md.vorlage_number,
        date=date,
        paper_type=md.doc_type,
        created=stamps[0],
        modified=stamps[-1],
        consultations=tuple(c for c in consultations if c.body),
        session=(session.body, session.date) if session and session.body and session.date else None,
        files=tuple(FileCard(d.id, d.source.rsplit(".", 1)[0] or d.id, d.source, d.media_type,
                             d.metadata.date if is_day(d.metadata.date) else date,
                             stamp(d.ingested_at), stamp(d.ingested_at)) for d in docs),
        topics=tuple(dict.fromkeys(t for d in docs for t in d.metadata.topics)),
        oparl_id=first.oparl.paper if first.oparl else None,
        related=related,
    )


def stamp(value: str | None) -> str:
    """An RFC 3339 date-time (with offset, to the second) for OParl's `created`/`modified` and Atom's
    `updated`/`published`; naive times are UTC, none or an unreadable one is the epoch."""
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        parsed = datetime(1970, 1, 1, tzinfo=timezone.utc)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.isoformat(timespec="seconds")


# --- objects -------------------------------------------------------------------------------------


def system(base: str, name: str = "Ratsarchiv", website: str | None = None) -> dict[str, Any]:
    obj = {"id": f"{base}/system", "type": SCHEMA + "System", "oparlVersion": VERSION,
           "body": f"{base}/bodies", "name": name}
    if website:
        obj["website"] = website
    return obj


def body(base: str, cat: Catalogue, name: str = "Ratsarchiv") -> dict[str, Any]:
    stamps = [p.modified for p in cat.papers.values()]
    obj = {"id": f"{base}/bodies/{BODY_KEY}", "type": SCHEMA + "Body", "system": f"{base}/system", "name": name,
           "organization": f"{base}/organizations", "person": f"{base}/persons", "meeting": f"{base}/meetings",
           "paper": f"{base}/papers", "legislativeTerm": []}
    if stamps:
        obj["created"], obj["modified"] = min(p.created for p in cat.papers.values()), max(stamps)
    return obj


def paper(base: str, root: str, cat: Catalogue, card: PaperCard) -> dict[str, Any]:
    url = f"{base}/papers/{card.key}"
    obj: dict[str, Any] = {"id": url, "type": SCHEMA + "Paper", "body": f"{base}/bodies/{BODY_KEY}", "name": card.name}
    for attr, value in (("reference", card.reference), ("date", card.date), ("paperType", card.paper_type)):
        if value:
            obj[attr] = value
    files = [file(base, root, cat, f) for f in card.files]
    if card.oparl_id is None and len(files) == 1:
        obj["mainFile"] = files[0]
    else:
        obj["auxiliaryFile"] = files
    if card.consultations:
        obj["consultation"] = [_consultation(base, card, i, c) for i, c in enumerate(card.consultations)]
    if card.related:
        obj["relatedPaper"] = [f"{base}/papers/{k}" for k in card.related]
    if card.topics:
        obj["keyword"] = list(card.topics)
    obj["created"], obj["modified"] = card.created, card.modified
    return obj


def _consultation(base: str, card: PaperCard, i: int, c: Consultation) -> dict[str, Any]:
    obj: dict[str, Any] = {"id": f"{base}/papers/{card.key}/consultations/{i + 1}", "type": SCHEMA + "Consultation",
                           "paper": f"{base}/papers/{card.key}", "organization": [f"{base}/organizations/{slugify(c.body)}"]}
    if c.date:
        mkey = meeting_key(c.body, c.date)
        obj["meeting"] = f"{base}/meetings/{mkey}"
        obj["agendaItem"] = f"{base}/meetings/{mkey}/items/{card.key}-{i + 1}"
    if c.role:
        obj["role"] = c.role
    if card.session:
        obj["authoritative"] = (c.body, c.date) == card.session
    return obj


def file(base: str, root: str, cat: Catalogue, f: FileCard) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "id": f"{base}/files/{f.doc_id}", "type": SCHEMA + "File", "name": f.name, "fileName": f.file_name,
        "mimeType": f.media_type, "accessUrl": f"{root}/documents/{f.doc_id}/pdf",
        "downloadUrl": f"{base}/files/{f.doc_id}/download",
    }
    if f.date:
        obj["date"] = f.date
    if f.doc_id in cat.paper_of_file:
        obj["paper"] = [f"{base}/papers/{cat.paper_of_file[f.doc_id]}"]
    obj["created"], obj["modified"] = f.created, f.modified
    return obj


def meeting(base: str, cat: Catalogue, m: MeetingCard) -> dict[str, Any]:
    url = f"{base}/meetings/{m.key}"
    items = [agenda_item(base, cat, m, order) for order in range(1, len(m.items) + 1)]
    day = german_date(m.date)
    return {"id": url, "type": SCHEMA + "Meeting", "name": f"{m.body}, Sitzung am {day}",
            "start": f"{m.date}T00:00:00+00:00", "organization": [f"{base}/organizations/{slugify(m.body)}"],
            "agendaItem": items, **meeting_stamps(cat, m)}


def meeting_stamps(cat: Catalogue, m: MeetingCard) -> dict[str, str]:
    """A meeting's created/modified: the earliest and latest `modified` of the papers it dealt with."""
    stamps = [cat.papers[p].modified for p, _ in m.items]
    return {"created": min(stamps), "modified": max(stamps)}


def agenda_item(base: str, cat: Catalogue, m: MeetingCard, order: int) -> dict[str, Any]:
    """The `order`-th (1-based) paper a meeting dealt with."""
    pkey, i = m.items[order - 1]
    card = cat.papers[pkey]
    item = {"id": f"{base}/meetings/{m.key}/items/{pkey}-{i + 1}", "type": SCHEMA + "AgendaItem",
            "meeting": f"{base}/meetings/{m.key}", "order": order, "name": card.name,
            "consultation": f"{base}/papers/{pkey}/consultations/{i + 1}"}
    if card.consultations[i].public is not None:
        item["public"] = card.consultations[i].public
    return item


def consultation(base: str, card: PaperCard, number: int) -> dict[str, Any]:
    """The `number`-th (1-based) step of a paper's Beratungsfolge."""
    return _consultation(base, card, number - 1, card.consultations[number - 1])


def organization(base: str, cat: Catalogue, key: str) -> dict[str, Any]:
    name = cat.organizations[key]
    obj: dict[str, Any] = {"id": f"{base}/organizations/{key}", "type": SCHEMA + "Organization",
                           "body": f"{base}/bodies/{BODY_KEY}", "name": name, "classification": "Gremium"}
    obj.update(organization_stamps(cat, key))
    return obj


def organization_stamps(cat: Catalogue, key: str) -> dict[str, str]:
    """A Gremium's `modified` (its latest paper's); none for a Gremium without papers."""
    latest = cat.body_modified.get(cat.organizations[key])
    return {"modified": latest} if latest else {}


def paper_stamps(card: PaperCard) -> dict[str, str]:
    return {"created": card.created, "modified": card.modified}


# --- lists ---------------------------------------------------------------------------------------


def filter_by_time(objects: Sequence[T], stamps: Callable[[T], Mapping[str, str]] | None = None,
                   **bounds: str | None) -> list[T]:
    """OParl's list filters: created_since/_until, modified_since/_until (date-times).

    `stamps` gives an item's created/modified (default: the item itself, an OParl object), so a
    list can be filtered on the catalogue's cards before any object is built. An object without
    the attribute is dropped by any bound on it. ValueError for a bound that is no date-time.
    """
    limits = [(name.rsplit("_", 1), parse_datetime(value)) for name, value in bounds.items() if value]
    get = stamps or (lambda o: o)  # type: ignore[assignment, return-value]
    kept = list(objects)
    for (attr, side), limit in limits:
        kept = [o for o in kept if attr in (s := get(o)) and (
            _stamp_time(s[attr]) >= limit if side == "since" else _stamp_time(s[attr]) <= limit)]
    return kept


@lru_cache(maxsize=1 << 16)
def _stamp_time(value: str) -> datetime:
    """`parse_datetime` of a served stamp: the archive's few thousand stamps are parsed once,
    not once per filtered request (the client's bounds are not cached)."""
    return parse_datetime(value)


def parse_datetime(value: str) -> datetime:
    """A list filter's bound: `ingest.oparl_sources.parse_datetime` (ISO 8601, a bare day its start,
    naive is UTC), after mending a '+' that an unencoded query string turned into a space."""
    text = value.strip().replace(" ", "+") if value.strip().count(" ") == 1 else value
    return oparl_datetime(text)


def object_list(objects: Sequence[Any], url: str, page: int = 1, per_page: int = DEFAULT_PER_PAGE,
                params: dict[str, str] | None = None, build: Callable[[Any], dict[str, Any]] | None = None,
                ) -> dict[str, Any]:
    """One list page as OParl 1.1 describes it; the links keep the filters.

    `objects` may be cards: `build` maps only the page's slice to OParl objects; counts and
    links come from the whole sequence.
    """
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    total_pages = max(1, -(-len(objects) // per_page))
    page = max(1, page)
    keep = {k: v for k, v in (params or {}).items() if v}

    def link(n: int) -> str:
        query = {**keep, "page": str(n)} if n > 1 else keep
        if per_page != DEFAULT_PER_PAGE:
            query = {**query, "elementsPerPage": str(per_page)}
        return f"{url}?{urlencode(query)}" if query else url

    links = {"first": link(1), "self": link(page), "last": link(total_pages)}
    if page > 1:
        links["prev"] = link(min(page - 1, total_pages))
    if page < total_pages:
        links["next"] = link(page + 1)
    start = (page - 1) * per_page
    shown = objects[start : start + per_page]
    return {"data": [build(o) for o in shown] if build else list(shown), "links": links,
            "pagination": {"totalElements": len(objects), "elementsPerPage": per_page, "currentPage": page,
                           "totalPages": total_pages}}


def list_page(items: Sequence[T], build: Callable[[T], dict[str, Any]] | None,
              stamps: Callable[[T], Mapping[str, str]] | None, url: str, page: int = 1,
              per_page: int = DEFAULT_PER_PAGE, bounds: Mapping[str, str | None] | None = None) -> dict[str, Any]:
    """A list route's answer: `items` (in their served order) filtered by `bounds` on their stamps,
    then only the requested page built (`build`/`stamps` None: the items are OParl objects).
    ValueError for a bound that is no date-time."""
    bounds = {k: v for k, v in (bounds or {}).items() if v}
    kept = filter_by_time(items, stamps, **bounds)
    return object_list(kept, url, page, per_page, bounds, build)
