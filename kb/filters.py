"""The filter vocabulary: what staff narrow a search or a list by, and how it is evaluated.

`Filters.parse(...)` is the one place request and command-line values become filters
(dates in any form staff type, bounds widened to whole years and months); `to_haystack()`
is what the stores evaluate; `accepts(card)` applies the same filter to a paper card
(`kb.card.PaperCard`), so the document list filters exactly as the search does.

Haystack filter syntax, evaluated with one extension: list-valued metadata.

Haystack's reference semantics compare a field's whole value; a passage's `topics`
(["Soziales", "Förderung"]) would never equal "Förderung". Search engines (OpenSearch,
Elasticsearch) match a term against any element of an array field, and so do we:
`{"field": "meta.topics", "operator": "==", "value": "Förderung"}` is true when any topic
is "Förderung" (and `!=`/`not in` when none is). Everything else is haystack's own code.
"""

from __future__ import annotations

import calendar
import unicodedata
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from ingest.dates import parse_german_date
from kb.errors import BadRequest

if TYPE_CHECKING:  # haystack (and torch with it, ~5 s) is imported where filters are evaluated, so the
    # CLI can check a query and its filters before a `kb ask --server` sends them (kb.remote)
    from haystack import Document

    from kb.card import PaperCard

DATE_FORMS = "TT.MM.JJJJ, JJJJ-MM-TT, JJJJ-MM oder JJJJ"
NON_PUBLIC = "nichtöffentlich"  # ingest.models.Visibility


@dataclass(frozen=True)
class FilterName:
    """One filter under its three names: the `Filters.parse` argument, the HTTP name (query parameter of
    GET /search and the feeds, key of POST /ask's "filters") and the command-line option."""

    field: str
    http: str
    cli: str
    help: str  # German, for the API documentation and `kb … --help`
    label: str  # German, before the value in a title: "Gremium Kreistag", "ab 2019"
    max_length: int
    example: str | None = None
    search_only: bool = False  # only where passages are searched (GET /search, POST /ask, kb search/ask)


# The filter vocabulary, written once: api.params, POST /ask's body, the feeds and kb.cli are built from it.
FILTER_NAMES: tuple[FilterName, ...] = (
    FilterName("body", "body", "--body", "Gremium", "Gremium", 200, "Kreistag"),
    FilterName("topic", "topic", "--topic", "Thema", "Thema", 100, "Förderung"),
    FilterName("doc_type", "type", "--type", "Art der Unterlage", "Art", 100, "Mitteilung"),
    FilterName("date_from", "from", "--from", "Dokumentdatum ab", "ab", 40, "01.01.2019"),
    FilterName("date_to", "to", "--to", "Dokumentdatum bis (ein Jahr/Monat: bis zu dessen Ende)", "bis", 40,
               "2020-12-31"),
    FilterName("mentions_from", "mentions_from", "--mentions-from", "erwähnt ein Datum ab", "erwähnt ab", 40,
               search_only=True),
    FilterName("mentions_to", "mentions_to", "--mentions-to", "erwähnt ein Datum bis", "erwähnt bis", 40,
               search_only=True),
)
LIST_FILTER_NAMES = tuple(n for n in FILTER_NAMES if not n.search_only)  # lists and feeds: papers, not passages
# The names staff see for each bound in messages (the API's; the CLI's options say the same).
_NAMES = {n.field: n.http for n in FILTER_NAMES}


@dataclass
class Filters:
    """What staff narrow a search by. Dates are ISO (YYYY-MM-DD); bounds are inclusive."""

    body: str | None = None  # the Gremium the paper is for (or whose minutes)
    topic: str | None = None
    doc_type: str | None = None
    date_from: str | None = None  # the paper's own date (or its session's, if undated)
    date_to: str | None = None
    mentions_from: str | None = None  # the paper mentions a date in this range
    mentions_to: str | None = None
    # May the viewer see non-public papers (`nichtöffentlich`)? Set by the caller's rights (the API
    # from the key, the CLI as local admin), never by a request parameter. False hides them from
    # every query, so hits, facets, evidence and lists are computed on what the viewer may see.
    internal: bool = False

    @classmethod
    def parse(
        cls, body: str | None = None, topic: str | None = None, doc_type: str | None = None,
        date_from: str | None = None, date_to: str | None = None,
        mentions_from: str | None = None, mentions_to: str | None = None, internal: bool = False,
    ) -> Filters:
        """Filters from what staff typed; `BadRequest` (German message) for a date that is none or an empty period.

        >>> Filters.parse(date_from="2019", date_to="06.2019").date_to   # doctest: +SKIP
        '2019-06-30'
        """
        bounds = {
            "date_from": bound(date_from, "date_from", first=True),
            "date_to": bound(date_to, "date_to", first=False),
            "mentions_from": bound(mentions_from, "mentions_from", first=True),
            "mentions_to": bound(mentions_to, "mentions_to", first=False),
        }
        for low, high in (("date_from", "date_to"), ("mentions_from", "mentions_to")):
            if bounds[low] and bounds[high] and bounds[low] > bounds[high]:
                raise BadRequest(f"Zeitraum ist leer: „{_NAMES[low]}“ liegt nach „{_NAMES[high]}“")
        return cls(body=_text(body), topic=_text(topic), doc_type=_text(doc_type), **bounds, internal=internal)

    def to_haystack(self) -> dict[str, Any] | None:
        conditions: list[dict[str, Any]] = []
        if not self.internal:  # passages indexed before visibility existed have none: public
            conditions.append({"field": "meta.visibility", "operator": "!=", "value": NON_PUBLIC})
        if self.body:
            conditions.append({"field": "meta.session_body", "operator": "==", "value": self.body})
        if self.topic:
            conditions.append({"field": "meta.topics", "operator": "==", "value": self.topic})
        if self.doc_type:
            conditions.append({"field": "meta.doc_type", "operator": "==", "value": self.doc_type})
        if self.date_from:
            conditions.append({"field": "meta.sort_date", "operator": ">=", "value": self.date_from})
        if self.date_to:
            conditions.append({"field": "meta.sort_date", "operator": "<=", "value": self.date_to})
        if not conditions:
            return None
        return {"operator": "AND", "conditions": conditions}

    @classmethod
    def from_names(cls, values: dict[str, Any], internal: bool = False) -> Filters:
        """`parse` from values under their `FilterName.field` names (missing or None: no filter)."""
        return cls.parse(**{n.field: values.get(n.field) for n in FILTER_NAMES}, internal=internal)

    def accepts_mentions(self, doc: Document | _Fields) -> bool:
        if not (self.mentions_from or self.mentions_to):
            return True
        low, high = self.mentions_from or "0000", self.mentions_to or "9999"
        return any(low <= d <= high for d in doc.meta.get("mentioned_dates", []))

    def accepts(self, card: PaperCard) -> bool:
        """The filter applied to a paper card: the same conditions the stores evaluate on passages."""
        return self.accepts_fields(asdict(card))

    def accepts_fields(self, meta: dict[str, Any]) -> bool:
        """The filter applied to a paper's fields as passages carry them (`session_body`, `topics`,
        `doc_type`, `sort_date`, `visibility`, `mentioned_dates`); a missing field fails `==` and the date bounds.

        The conditions of `to_haystack` (what the stores evaluate), evaluated here directly: haystack's
        evaluation costs ~5 µs per condition and card, 30–50 ms CPU for one feed or list over 5,415 papers.
        `tests/test_filters.py` asserts both agree on any fields and filters.
        """
        day = meta.get("sort_date")
        return ((self.internal or meta.get("visibility") != NON_PUBLIC)
                and (not self.body or _has(meta.get("session_body"), self.body))
                and (not self.topic or _has(meta.get("topics"), self.topic))
                and (not self.doc_type or _has(meta.get("doc_type"), self.doc_type))
                and (not self.date_from or (isinstance(day, str) and day >= self.date_from))
                and (not self.date_to or (isinstance(day, str) and day <= self.date_to))
                and self.accepts_mentions(_Fields(meta)))


def _has(value: Any, wanted: str) -> bool:
    """`==` with list-valued metadata (see the module docstring): the value, or any element of it."""
    return value == wanted or (isinstance(value, list) and wanted in value)


def bound(value: str | None, name: str, first: bool) -> str | None:
    """An ISO day; a year or month stands for its first (lower bound) or last day (upper bound)."""
    if value is None or not value.strip():
        return None
    try:
        iso = parse_german_date(value)
    except (ValueError, OverflowError):
        iso = None
    if iso is None:
        raise BadRequest(f"Parameter „{_NAMES.get(name, name)}“: {value[:40]!r} ist kein Datum ({DATE_FORMS})")
    if len(iso) == 4:
        return f"{iso}-01-01" if first else f"{iso}-12-31"
    if len(iso) == 7:
        last = calendar.monthrange(int(iso[:4]), int(iso[5:7]))[1]  # a real date: filters compare ISO dates
        return f"{iso}-01" if first else f"{iso}-{last:02d}"
    return iso


def _text(value: str | None) -> str | None:
    return normalize(value) or None if value else None


# Characters that are typed or pasted but never seen: controls (NUL, ESC, …; Cc), format characters
# (zero-width space and joiners, BOM, soft hyphen, direction marks; Cf) and lone surrogates (Cs).
_INVISIBLE = frozenset({"Cc", "Cf", "Cs"})


def normalize(text: str) -> str:
    """What staff type, in the form the archive stores: invisible characters dropped, whitespace of any
    kind one space, NFC ("Fo\u0308rderung" is "Förderung", "För\u00adderung" too).

    The one normalisation of queries, questions and filter values (`query_text` and `Filters.parse`).
    """
    kept = "".join(" " if ch.isspace() else ch for ch in text
                   if ch.isspace() or unicodedata.category(ch) not in _INVISIBLE)
    return unicodedata.normalize("NFC", " ".join(kept.split()))


def query_text(text: str | None, what: str = "Die Suche") -> str:
    """A query or question as searched (`normalize`); `BadRequest` (German) if nothing visible is left.

    The one emptiness rule of every entry point: search, ask, the timeline by text, a feed's saved search
    and `kb ask --server` (checked before it is sent).
    """
    cleaned = normalize(text or "")
    if not cleaned:
        raise BadRequest(f"{what} ist leer: sie enthält keine lesbaren Zeichen")
    return cleaned

_ANY = {"==", "in"}
_NONE = {"!=", "not in"}


def matches(filters: dict[str, Any], doc: Document | _Fields) -> bool:
    from haystack.utils.filters import document_matches_filter

    if "conditions" in filters:
        results = (matches(c, doc) for c in filters["conditions"])
        op = filters.get("operator")
        if op == "AND":
            return all(results)
        if op == "OR":
            return any(results)
        if op == "NOT":
            return not all(results)
        return document_matches_filter(filters, doc)  # let haystack raise its FilterError
    value = _meta_value(doc, filters.get("field", ""))
    if isinstance(value, list) and filters.get("operator") in _ANY | _NONE:
        each = (document_matches_filter(filters, _with(doc, filters["field"], v)) for v in value)
        return any(each) if filters["operator"] in _ANY else all(each)
    return document_matches_filter(filters, doc)


def matches_meta(filters: dict[str, Any], meta: dict[str, Any]) -> bool:
    """`matches` on a record known only by its metadata, without building a haystack Document (~20 µs each):
    the stores' column tables evaluate a condition once per distinct value (5,523 for a paper's id)."""
    return matches(filters, _Fields(meta))


def _meta_value(doc: Document | _Fields, field: str) -> Any:
    if not field.startswith("meta."):
        return None
    return (doc.meta or {}).get(field[len("meta.") :])


def _with(doc: Document | _Fields, field: str, value: Any) -> _Fields:
    return _Fields({**doc.meta, field[len("meta.") :]: value})


@dataclass(frozen=True)
class _Fields:
    """What haystack's filter evaluation reads of a document: its `meta` ("meta.x" fields). Building a
    haystack Document costs ~20 µs (field tracking), ten times the comparison, once per element of a list
    field: a topic feed over 5,415 papers took 95 ms CPU with Documents."""

    meta: dict[str, Any]
