"""Korean numerals: a table of forms, and a round-trip over random integers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.numerals import parse_korean_number, parse_korean_range

# fmt: off
CASES = [
    ("27억5000만", 2750000000), ("1,000억", 100000000000), ("3억 2천만", 320000000),
    ("1억6천400만", 164000000), ("삼십이억", 3200000000), ("이천칠백사십오만", 27450000),
    ("３０００", 3000), ("1.5", Decimal("1.5")), ("3,000", 3000), ("1조4000억", 1400000000000),
    ("1조4천억", 1400000000000), ("천억", 100000000000), ("만", 10000), ("일천", 1000),
    ("156만2천", 1562000), ("9.5억", 950000000), ("0", 0), ("영", 0),
    ("100여억", 10000000000), ("10억여", 1000000000), ("1천여억", 100000000000),
    ("一億", 100000000), ("三兆", 3000000000000), ("열다섯", 15), ("스무", 20), ("한", 1),
    ("1.5 billion", 1500000000), ("10 million", 10000000), ("2경", 2 * 10**16),
]
BAD = ["", "회사", "억원", "3 000", "1,00", "6천4000", "억조", "12천", "여", "3억5조", "1..5"]
# fmt: on


@pytest.mark.parametrize("text,value", CASES)
def test_number(text, value):
    assert parse_korean_number(text) == Decimal(value)


@pytest.mark.parametrize("text", BAD)
def test_not_a_number(text):
    with pytest.raises(ValueError):
        parse_korean_number(text)


def test_vague_ranges():
    assert parse_korean_range("수백만") == (Decimal(2000000), Decimal(9000000))
    assert parse_korean_range("몇십억") == (Decimal(2 * 10**9), Decimal(9 * 10**9))


SINO = "영일이삼사오육칠팔구"


def sino_group(n: int, one: bool) -> str:
    """1..9999 in Sino-Korean: 2745 -> 이천칠백사십오 (일 before a unit optional)."""
    out = ""
    for unit, word in ((1000, "천"), (100, "백"), (10, "십")):
        d, n = divmod(n, unit)
        if d:
            out += ("" if d == 1 and not one else SINO[d]) + word
    return out + (SINO[n] if n else "")


@st.composite
def korean_numbers(draw):
    n = draw(st.integers(min_value=0, max_value=10**16))
    if n == 0:
        return n, draw(st.sampled_from(["0", "영"]))
    groups, rest = [], n
    for word in ("", "만", "억", "조", "경"):
        rest, g = divmod(rest, 10000)
        if g:
            style = draw(st.sampled_from(["digits", "comma", "sino", "sino1", "mixed"]))
            groups.append(_group(g, style) + word)
    sep = draw(st.sampled_from(["", " "]))
    return n, sep.join(reversed(groups))


def _group(g: int, style: str) -> str:
    if style == "digits":
        return str(g)
    if style == "comma":
        return f"{g:,}"
    if style == "mixed" and g >= 1000:  # 6천400
        thousands, rest = divmod(g, 1000)
        return f"{thousands}천{rest or ''}"
    return sino_group(g, one=style == "sino1") if style != "mixed" else str(g)


@settings(max_examples=2000)
@given(korean_numbers())
def test_round_trip(case):
    n, text = case
    assert parse_korean_number(text) == n, text


@settings(max_examples=2000)
@given(
    st.text(
        alphabet=st.sampled_from("0123456789,. 십백천만억조경일이삼사오수여회사원"),
        max_size=12,
    )
    | st.text(max_size=12)
)
def test_random_text_reads_or_raises_value_error(text):
    try:
        value = parse_korean_number(text)
    except ValueError:
        return
    assert isinstance(value, Decimal)
