"""Properties: random text never breaks a normaliser or an extractor."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.date import DateExtractor, parse_date
from extractors.money import MoneyExtractor, parse_money
from extractors.values import normalize_texts

# Text near the forms we read, so that the parsers go deep, plus any text at all.
KOREANISH = st.text(
    alphabet=st.sampled_from(
        list(
            "0123456789,.~ 억만조천백십일이삼사오수여원달러위안엔유로약최대이상년월지난해올()$"
        )
    ),
    max_size=20,
)
TEXTS = KOREANISH | st.text(max_size=20)
DAYS = st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))


@settings(max_examples=2000)
@given(st.sampled_from(["number", "money", "date"]), st.lists(TEXTS, max_size=3), DAYS)
def test_normalize_never_raises(kind, texts, published):
    out = normalize_texts(kind, texts, published)
    assert [o["text"] for o in out] == texts
    assert all(("error" in o) == (o["value"] is None and "error" in o) for o in out)


@settings(max_examples=2000)
@given(TEXTS)
def test_parse_money_reads_or_raises_value_error(text):
    try:
        m = parse_money(text)
    except ValueError:
        return
    assert m.value is None or m.value >= 0


@settings(max_examples=2000)
@given(TEXTS, DAYS)
def test_parse_date_reads_or_raises_value_error(text, published):
    try:
        d = parse_date(text, published)
    except ValueError:
        return
    assert (d.value is None) == (d.precision is None)


@pytest.fixture(scope="module")
def extractors():
    return MoneyExtractor(), DateExtractor()


@settings(max_examples=2000)
@given(TEXTS)
def test_mentions_slice_back(extractors, text):
    for x in extractors:
        for m in x.find(text):
            assert text[m.start : m.end] == m.text
