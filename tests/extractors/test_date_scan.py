"""The date finder tries its run pattern only where `_start_scan` says a run may
start: it must find exactly what the plain pattern finds trying every place."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from extractors.date import DateExtractor

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

# fmt: off
TRICKY = [
    "지난해 9월 27일(현지시간)", "올 상반기와 올해 하반기", "말했다.5일 투자", "3.5% 올랐다",
    "2024.3.5 공시", "2024-03-05", "'24년 계획", "‘19년부터", "10년간 성장", "매월 5일 전",
    "1,000억원", "12월말 기준", "3~4월 중", "3 월 초", "지난달 말", "오는 20일까지",
    "이번주 수요일", "내주 월요일에", "재작년 겨울", "2023~2024년", "연초 대비", "말 그대로",
    "초고속", "초에", "２０２４년 ３월", "٢٠٢٤년", "1Q 실적", "4분기", "x지난해", "가지난해",
    "전년 대비", "3일 전", "3개월 후", "1999년도", "", "0", "년", "일일일",
]
# fmt: on
ALPHABET = (
    "0123456789 .-/~'‘년월일주분기개달전후지난해올이번말초연내다음오는날상하반Q가나\n"
)


def _spans(ex: DateExtractor, text: str, every_place: bool) -> list:
    if every_place:  # the pattern as written: no lookahead, groups kept
        return [m.span() for m in regex.finditer(ex.PATTERNS[0].regex, text)]
    return [m.span() for m in ex.runs(text)]


@pytest.fixture(scope="module")
def ex() -> DateExtractor:
    return DateExtractor()


def test_fast_path_is_used(ex):
    assert ex._starts is not None


@pytest.mark.parametrize("text", TRICKY)
def test_same_runs_as_full_scan(ex, text):
    assert _spans(ex, text, False) == _spans(ex, text, True)


def test_same_runs_on_corpus(ex):
    texts = [p.read_text("utf-8-sig") for p in sorted(CORPUS.glob("*.txt"))]
    assert texts
    for text in texts:
        assert _spans(ex, text, False) == _spans(ex, text, True)


@given(st.text(alphabet=ALPHABET, max_size=40))
def test_same_runs_on_any_text(text):
    ex = _shared()
    assert _spans(ex, text, False) == _spans(ex, text, True)


def test_starts_are_few(ex):
    text = "이사회는 이를 의결했고 지수는 3.5% 뛰었다. 지난해 매출은 늘었다."
    starts = [m.start() for m in ex._starts.finditer(text)]
    assert starts == [text.index("지난해")]


_EX: list[DateExtractor] = []


def _shared() -> DateExtractor:
    if not _EX:
        _EX.append(DateExtractor())
    return _EX[0]


def _plain_translated(text: str):
    """`_translated`'s definition: every rule rewrites the text in turn."""
    from extractors.date import _TOKEN, rules

    for rx, token in rules():
        text = rx.sub(lambda m, t=token: f" {m.expand(t)} ", text)
    tokens = text.split()
    if not tokens or any(not _TOKEN.fullmatch(t) for t in tokens):
        return None
    return tuple(tokens)


@pytest.mark.parametrize("text", TRICKY)
def test_rules_skipped_by_their_characters_rewrite_nothing(text):
    from extractors.date import _translated

    _translated.cache_clear()
    try:
        fast = _translated(text)
    except ValueError:
        fast = None
    assert fast == _plain_translated(text)


@given(st.text(alphabet=ALPHABET + "요화수목금토일현시간각(", max_size=30))
def test_rules_skipped_on_any_text(text):
    test_rules_skipped_by_their_characters_rewrite_nothing(text)


def test_most_rules_need_a_character():
    from extractors.date import _gated_rules

    assert sum(needed is not None for *_, needed in _gated_rules()) > 40
