"""A chrome rule with an `anchor` is tried only within its reach before each place
the anchor matches: it must find exactly what a scan of every place finds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.clean import CHROME

ROOT = Path(__file__).resolve().parents[2]
ANCHORED = [(r, rx) for r, rx in CHROME._compiled if r.anchor]
ALPHABET = "김철수이영희박 기자특파원객선임인턴논설위에디터통신 =\n2024.-@a.kr·,"
# pieces that build long bylines too (a 4-syllable name, a 5-syllable word, a title)
PIECES = ["김", "철수", "이영희", "남궁민수", "워싱턴특파", " ", "기자", "선임기자",
          "특파원", "위원", "=", "\n", "2024.", "a@b.kr", "·", ","]  # fmt: skip
BYLINES = [
    "[서울=뉴시스] 김철수 기자 = 삼성이",
    "홍길동 선임기자\n",
    "김철수 이영희 기자 hong@yna.co.kr",
    "박 논설위원 2024.03.01",
    "워싱턴 하만주 특파원 =",
    "남궁민수 워싱턴특파 기자 =",  # the longest: the title 11 characters in
]


def _spans(rule, rx: re.Pattern, text: str) -> tuple[list, list]:
    every = [m.span() for m in rx.finditer(text)]
    return every, [m.span() for m in CHROME.matches(rule, rx, text)]


def test_some_rule_has_an_anchor() -> None:
    assert ANCHORED


@pytest.mark.parametrize("rule,rx", ANCHORED, ids=lambda r: getattr(r, "name", ""))
def test_anchored_scan_on_the_corpus(rule, rx) -> None:
    texts = [p.read_text("utf-8-sig") for p in sorted((ROOT / "corpus").glob("*.txt"))]
    found = 0
    for text in texts + BYLINES:
        every, anchored = _spans(rule, rx, text)
        assert anchored == every
        found += len(every)
    assert found


@settings(max_examples=3000, deadline=None)
@given(
    st.text(alphabet=ALPHABET, max_size=60)
    | st.lists(st.sampled_from(PIECES), max_size=16).map("".join)
)
def test_anchored_scan_on_any_text(text) -> None:
    for rule, rx in ANCHORED:
        every, anchored = _spans(rule, rx, text)
        assert anchored == every
