"""The money finder tries its numeral-first patterns only at `candidates`: it must
find exactly what a scan of every place finds."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.money import MoneyExtractor, candidates

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

# fmt: off
TRICKY = [
    "약 3조7000억원", "100억~150억달러", "3~4조원", "일억이 필요", "이 천억원",
    "수십억달러", "US$ 5억", "1.5 billion 달러", "2 Billion USD", "5억 미국 달러",
    "10억 원전", "사원 300명", "대략 5천만 위안화", "최대 10억달러(약 1조3000억원)",
    "1조 2000억 원", "5000억원어치", "12,500,000원", "억원", " 억원", "천 원",
    "약 $5억", "최대US$ 3억 달러", "$ 2~3억", "€1.5 billion", "회사 US$ 5억", "USD 10억",
    "576억 투자", "최대 1,576억 투자", "3.5조 규모", "500억원, 700억\n", "2조·3조 유치",
    "100억달러~150억달러", "100억 달러 ~ 150억 달러", "3 ~4조원", "약5~6억 원", "٣억원",
    "총٣억 달러", "３억원", "1억~", "~2억원",
]
# fmt: on
ALPHABET = "0123456789,. (x약대략최소고저일이삼사오육칠팔구수몇천백십여만억조경원달러화엔위안~USDKRWbillionm가나\n$투자·"


def _spans(ex: MoneyExtractor, text: str, every_place: bool) -> list:
    out = []
    for pat, rx in ex._compiled:
        found = rx.finditer(text) if every_place else ex.matches(rx, pat, text)
        out.append([(pat.name, m.span()) for m in found])
    return out


@pytest.fixture(scope="module")
def ex() -> MoneyExtractor:
    return MoneyExtractor()


@pytest.mark.parametrize("text", TRICKY)
def test_same_matches_as_full_scan(ex, text):
    assert _spans(ex, text, False) == _spans(ex, text, True)


def test_same_matches_on_corpus(ex):
    texts = [p.read_text("utf-8-sig") for p in sorted(CORPUS.glob("*.txt"))]
    assert texts
    for text in texts:
        assert _spans(ex, text, False) == _spans(ex, text, True)


@given(st.text(alphabet=ALPHABET, max_size=60))
def test_same_matches_on_any_text(text):
    ex = _shared()
    assert _spans(ex, text, False) == _spans(ex, text, True)


def test_candidates_are_few():
    text = "회사는 이사회에서 이를 의결했다. 매출은 27억달러였다."
    found = candidates(text)
    assert text.index("27") in found
    assert len(found) < 6  # the spaces and 이 of the first sentence are skipped


_EX: list[MoneyExtractor] = []


def _shared() -> MoneyExtractor:
    if not _EX:
        _EX.append(MoneyExtractor())
    return _EX[0]


def _plain_full_money():
    """`_full_money` as first written: the range tried without looking ahead."""
    import regex

    from extractors.money import _LEAD, _TRAIL, NUM, _money_patterns

    alternatives = "|".join(f"(?:{p.regex})" for p in _money_patterns()[:3])
    return regex.compile(
        rf"\s*(?:{alternatives}|{_LEAD}(?P<n1>{NUM}))(?:{_TRAIL})?[\s.]*",
        regex.VERSION1,
    )


_PLAIN: list = []


def _same_reading(text: str) -> None:
    from extractors.money import _full_money

    if not _PLAIN:
        _PLAIN.append(_plain_full_money())
    ours, plain = _full_money().fullmatch(text), _PLAIN[0].fullmatch(text)
    assert (ours is None) == (plain is None)
    if ours is not None:
        names = ("lead", "n1", "n2", "cur", "sign", "trail")
        assert [ours.captures(n) for n in names] == [plain.captures(n) for n in names]


@pytest.mark.parametrize("text", TRICKY + ["100억~150억달러 이상", "5~10억원", " 억원"])
def test_whole_amount_read_as_before(text):
    _same_reading(text)


@given(st.text(alphabet=ALPHABET, max_size=30))
def test_whole_amount_read_as_before_on_any_text(text):
    _same_reading(text)
