"""Entities inside page chrome are left out: the bisected test of a sorted mask
must say what testing every span says."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.normalize import _overlap_test


def _every_span(mask, start, end):
    return any(s < end and start < e for s, e in mask)


@st.composite
def _masks(draw):
    """Sorted spans, apart or touching, some empty; or any spans at all."""
    if draw(st.booleans()):
        cuts = sorted(draw(st.lists(st.integers(0, 60), max_size=12)))
        return list(zip(cuts[::2], cuts[1::2], strict=False))
    pairs = st.tuples(st.integers(0, 60), st.integers(0, 60))
    return draw(st.lists(pairs, max_size=6))


@given(_masks(), st.integers(0, 60), st.integers(1, 20))
def test_same_as_every_span(mask, start, length):
    end = start + length
    assert _overlap_test(mask)(start, end) == _every_span(mask, start, end)


def test_lists_as_spans():
    assert _overlap_test([[2, 5], [8, 9]])(4, 6) and not _overlap_test([[2, 5]])(5, 7)
