"""The filter vocabulary (`kb.filters.Filters`): dates as staff type them, bounds, and one rule for passages and cards."""

from __future__ import annotations

import calendar
import dataclasses
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb.card import paper_card
from kb.errors import BadRequest
from kb.filters import Filters, matches
from kb.passages import split_document


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        ("2019", "2019", ("2019-01-01", "2019-12-31")),
        ("2019-06", "2019-06", ("2019-06-01", "2019-06-30")),
        ("2020-02", "2020-02", ("2020-02-01", "2020-02-29")),
        ("01.03.2019", "31.12.2020", ("2019-03-01", "2020-12-31")),
        ("2019-03-01", None, ("2019-03-01", None)),
        ("  ", "", (None, None)),
    ],
)
def test_date_forms_and_bounds(low, high, expected):
    f = Filters.parse(date_from=low, date_to=high)
    assert (f.date_from, f.date_to) == expected


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31)))
def test_a_month_spans_its_real_days(day):
    f = Filters.parse(date_from=f"{day:%Y-%m}", date_to=f"{day:%Y-%m}", mentions_from=f"{day:%Y}", mentions_to=f"{day:%Y}")
    last = calendar.monthrange(day.year, day.month)[1]
    assert f.date_from <= day.isoformat() <= f.date_to == f"{day:%Y-%m}-{last:02d}"
    assert (f.mentions_from, f.mentions_to) == (f"{day.year}-01-01", f"{day.year}-12-31")
    assert Filters.parse(date_from=f"{day:%d.%m.%Y}").date_from == day.isoformat()


@pytest.mark.parametrize("kwargs", [{"date_from": "gestern"}, {"date_to": "31.02.2019"}, {"mentions_to": "2019-13-01"},
                                    {"date_from": "2020", "date_to": "2019"}, {"mentions_from": "1.1."}])
def test_bad_dates_are_refused_in_german(kwargs):
    with pytest.raises(BadRequest, match="Datum|Zeitraum") as caught:
        Filters.parse(**kwargs)
    assert caught.value.http_status == 422 and caught.value.exit_code == 2


def test_text_filters_are_trimmed():
    assert Filters.parse(body=" Kreistag ", topic="", doc_type=None) == Filters(body="Kreistag")


def test_a_card_passes_exactly_when_its_passages_do(corpus_data):
    """The document list (cards) and the search (passages) filter by one rule."""
    from ingest.archive import Archive

    docs = list(Archive(corpus_data))
    filters = [Filters.parse(body="Kreistag"), Filters.parse(topic="Förderung"), Filters.parse(doc_type="Niederschrift"),
               Filters.parse(date_from="2019", date_to="2019"), Filters.parse(date_to="2018-06"),
               Filters.parse(body="Ausschuss für Inklusion und Gesundheit", date_from="2019-06")]
    for f in filters:
        for doc in docs:
            passages = split_document(doc)
            by_passage = any(matches(f.to_haystack(), p) for p in passages)
            assert f.accepts(paper_card(doc)) == by_passage, (f, doc.id)
        assert any(f.accepts(paper_card(d)) for d in docs), f


# --- one rule for queries and questions (review: "/search?q=%00" returned 40 arbitrary hits) -----------

# What staff can type or paste without seeing it: controls, zero-width and other format characters,
# lone surrogates, and whitespace of every Unicode kind.
INVISIBLE = st.text(st.characters(categories=["Cc", "Cf", "Cs", "Zs", "Zl", "Zp"]), min_size=1, max_size=30)


@given(INVISIBLE)
def test_a_query_of_invisible_characters_is_refused_in_german(text):
    from kb.filters import query_text

    with pytest.raises(BadRequest, match="ist leer"):
        query_text(text)
    assert Filters.parse(body=text, topic=text, doc_type=text) == Filters()  # and is no filter value either


@given(st.text(max_size=40), INVISIBLE)
def test_invisible_characters_never_change_what_is_searched(text, noise):
    from kb.filters import normalize

    word = "För\u00adderung"  # a soft hyphen from a PDF copy: the word the archive stores
    assert normalize(f"{noise}{word} {text}{noise}") == normalize(f"Förderung {text}")
    once = normalize(text)
    assert normalize(once) == once and once == once.strip() and "  " not in once


def test_the_filter_table_names_each_filter_once():
    from kb.filters import FILTER_NAMES, LIST_FILTER_NAMES

    fields = {f.name for f in dataclasses.fields(Filters)} - {"internal"}
    assert {n.field for n in FILTER_NAMES} == fields
    for attr in ("field", "http", "cli"):
        assert len({getattr(n, attr) for n in FILTER_NAMES}) == len(FILTER_NAMES)
    assert {n.field for n in LIST_FILTER_NAMES} == fields - {"mentions_from", "mentions_to"}


_WORDS = st.sampled_from(["Kreistag", "Förderung", "Mitteilung"])
_DAYS = st.dates(date(2015, 1, 1), date(2025, 12, 31)).map(date.isoformat)


@given(
    meta=st.fixed_dictionaries({}, optional={
        "visibility": st.sampled_from(["öffentlich", "nichtöffentlich", None]),
        "session_body": st.none() | _WORDS, "topics": st.lists(_WORDS, max_size=3), "doc_type": st.none() | _WORDS,
        "sort_date": st.none() | _DAYS, "mentioned_dates": st.lists(_DAYS, max_size=3)}),
    filters=st.builds(Filters, body=st.none() | _WORDS, topic=st.none() | _WORDS, doc_type=st.none() | _WORDS,
                      date_from=st.none() | _DAYS, date_to=st.none() | _DAYS, mentions_from=st.none() | _DAYS,
                      mentions_to=st.none() | _DAYS, internal=st.booleans()),
)
def test_cards_are_filtered_by_the_conditions_the_stores_evaluate(meta, filters):
    """`Filters.accepts_fields` (lists, feeds) evaluates `to_haystack()` (the stores) directly: both agree."""
    from haystack import Document

    doc = Document(meta=meta)
    conditions = filters.to_haystack()
    expected = (conditions is None or matches(conditions, doc)) and filters.accepts_mentions(doc)
    assert filters.accepts_fields(meta) == expected
