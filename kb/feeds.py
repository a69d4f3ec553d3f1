"""Atom 1.0 feeds of new papers: per Gremium, per topic, per saved search.

    Catalogue (kb.oparl) ──select──▶ the newest matching papers ──atom──▶ RFC 4287 XML

A feed entry is a paper (as OParl serves it: an imported paper with its files, or an
ingested document), newest first by when it entered the archive. Its id is the paper's
OParl URL, which never changes; it links to the paper's first document. A saved search is
its query and filters in the URL; its papers are those whose every query word occurs in
the title or text, analysed like the index (stems, compound parts), so a subscription
shows all new papers with those words rather than a ranking's top k.

>>> xml = atom(Feed("…/feeds/bodies/Kreistag", "Neue Vorlagen: Kreistag", root), select(cat, Filters(body="Kreistag")))  # doctest: +SKIP
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from ingest.models import Document
from kb.analysis import german_analyzer
from kb.candidates import german_date
from kb.filters import Filters
from kb.oparl import Catalogue, PaperCard, stamp

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml; charset=utf-8"
DEFAULT_LIMIT = 50
_XML_INVALID = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
ET.register_namespace("", ATOM)


@dataclass(frozen=True)
class Feed:
    self_url: str  # the feed's own URL (also its id)
    title: str
    root: str  # the service's root URL, for entry links
    subtitle: str | None = None


def select(cat: Catalogue, filters: Filters | None = None, keys: Iterable[str] | None = None) -> list[PaperCard]:
    """Papers matching `filters` (`kb.filters`; a Gremium is any the paper went through, `PaperCard.bodies`),
    newest in the archive first."""
    filters = filters or Filters()
    # The rest of the filters is evaluated as on a paper's passages (`Filters.accepts_fields`), on the
    # card's fields under the names passages carry them.
    rest = replace(filters, body=None)
    wanted = set(keys) if keys is not None else None
    found = [card for card in cat.papers.values()
             if (wanted is None or card.key in wanted) and (not filters.body or filters.body in card.bodies)
             and rest.accepts_fields({"topics": list(card.topics), "doc_type": card.paper_type, "sort_date": card.date})]
    return sorted(found, key=lambda c: (c.created, c.key), reverse=True)


@lru_cache(maxsize=4096)
def _forms(word: str) -> frozenset[str]:
    """The word's own stem (the analyser's first token; the parts of a compound follow it).

    A query word must occur whole, but may be a part of a compound in the text:
    "Förderung" finds "Landesförderung", "Sozialplanung" does not find "sozial" alone.
    """
    tokens = [t.text for t in german_analyzer()(word)]
    return frozenset(tokens[:1])


def query_words(query: str) -> list[tuple[str, frozenset[str]]]:
    """Each word of a saved search, lowercased, with the analysed forms it may appear in."""
    return [(w.lower(), f) for w, f in ((w, _forms(w)) for w in query.split()) if f]


def matches(doc: Document, words: list[tuple[str, frozenset[str]]]) -> bool:
    """Whether every query word occurs (in some analysed form) in the document's title or text."""
    if not words:
        return False
    text = f"{doc.metadata.title or ''}\n{doc.text}"
    lowered = text.lower()
    # Cheap first: a word's first letters must be in the text at all (compounds included)
    # before the text is analysed, which is the slow part.
    if not all(word[:4] in lowered for word, _ in words):
        return False
    forms = {t.text for t in german_analyzer()(text)}
    return all(f & forms for _, f in words)


def atom(feed: Feed, cards: list[PaperCard], limit: int = DEFAULT_LIMIT, oparl_base: str | None = None) -> bytes:
    """The feed as Atom 1.0 XML (UTF-8)."""
    oparl_base = oparl_base or f"{feed.root}/oparl/v1"
    shown = cards[:limit]
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "de"})
    _text(root, "id", feed.self_url)
    _text(root, "title", feed.title)
    if feed.subtitle:
        _text(root, "subtitle", feed.subtitle)
    _text(root, "updated", stamp(max((c.modified for c in shown), default=None)))
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml", "href": feed.self_url})
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": f"{feed.root}/"})
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", "Ratsarchiv")
    _text(root, "generator", "Ratsarchiv")
    for card in shown:
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        _text(entry, "id", f"{oparl_base}/papers/{card.key}")
        _text(entry, "title", card.name)
        _text(entry, "updated", stamp(card.modified))
        _text(entry, "published", stamp(card.created))
        first = card.files[0] if card.files else None
        if first is not None:
            ET.SubElement(entry, f"{{{ATOM}}}link", {
                "rel": "alternate", "type": first.media_type, "href": f"{feed.root}/documents/{first.doc_id}/pdf"})
        ET.SubElement(entry, f"{{{ATOM}}}link", {
            "rel": "related", "type": "application/json", "href": f"{oparl_base}/papers/{card.key}"})
        _text(entry, "summary", summary(card))
        for term in dict.fromkeys([*(c.body for c in card.consultations), *card.topics]):
            ET.SubElement(entry, f"{{{ATOM}}}category", {"term": term})
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def summary(card: PaperCard) -> str:
    """"Beschlussvorlage · 2023/1322 · 12.03.2023 · Beratung: Gemeinderat 21.11.2023"."""
    parts = [p for p in (card.paper_type, card.reference, _german(card.date)) if p]
    steps = ", ".join(f"{c.body} {_german(c.date)}".strip() for c in card.consultations)
    if steps:
        parts.append(f"Beratung: {steps}")
    return " · ".join(parts) or card.name


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = _XML_INVALID.sub("", value)  # control characters (OCR, queries) are not XML
    return element


def _german(iso: str | None) -> str:
    return german_date(iso) if iso else ""
