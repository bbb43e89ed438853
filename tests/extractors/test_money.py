"""MoneyExtractor spans in running text, conversion pairs, and gold-span recall."""

from __future__ import annotations

import pytest

from extractors.money import MoneyExtractor, money_pairs

# fmt: off
SPANS = [
    # text                                   expected span texts
    ("27억5000만달러(약 3조7000억원)를 투자",  ["27억5000만달러", "약 3조7000억원"]),
    ("73억달러·약 9조8600억원",               ["73억달러", "약 9조8600억원"]),
    ("총 40억달러(약 5조4000억원)에 이른다",   ["40억달러", "약 5조4000억원"]),
    ("1,000억 원 규모의 계약",                 ["1,000억 원"]),
    ("100억~150억달러를 투자",                 ["100억~150억달러"]),
    ("10억달러 이상을 투자",                   ["10억달러"]),
    ("최대 10억달러를",                        ["최대 10억달러"]),
    ("회사가 연구원 4명을",                    []),
    ("21위안",                                 ["21위안"]),
    ("10억 원전 2기",                          []),
    ("엔비디아 지분 100억 엔비디아",           []),
    ("구원 투수",                              []),
    ("수원 공장",                              []),
    ("사원 300명",                             []),
    ("이 천억원",                              ["천억원"]),
    ("계약 3억원",                             ["3억원"]),
    ("576억 투자 유치",                        ["576억"]),
    ("1억 명",                                 []),
    ("3000만 주",                              []),
    ("5000억원어치 넘게",                      ["5000억원"]),
    ("3조원가량",                              ["3조원"]),
    ("일억이 필요",                            []),
    ("1조원대 투자",                           ["1조원"]),
    ("$1.5 billion deal",                      ["$1.5 billion"]),
    ("US$ 5억을",                              ["US$ 5억"]),
]
PAIRS = [
    ("27억5000만달러(약 3조7000억원)",  [("27억5000만달러", "약 3조7000억원")]),
    ("73억달러·약 9조8600억원",         [("73억달러", "약 9조8600억원")]),
    ("130억달러(한화 약 17조원)",       [("130억달러", "약 17조원")]),
    ("3조원(약 22억달러)",              [("3조원", "약 22억달러")]),
    ("10억달러 이상(약 1조3000억원)",   [("10억달러", "약 1조3000억원")]),
    ("10억달러와 20억달러",             []),
    ("10억달러, 그리고 매출 3조원",      []),
]
# fmt: on


@pytest.fixture(scope="module")
def money():
    return MoneyExtractor()


@pytest.mark.parametrize("text,spans", SPANS)
def test_spans(money, text, spans):
    found = money.find(text)
    assert [m.text for m in found] == spans
    assert all(text[m.start : m.end] == m.text for m in found)


@pytest.mark.parametrize("text,pairs", PAIRS)
def test_pairs(money, text, pairs):
    got = money_pairs(text, money.find(text))
    assert [(a.text, b.text) for a, b in got] == pairs


def test_trailing_qualifier_outside_span(money):
    text = "10억달러 이상을"
    (m,) = money.find(text)
    s, e = m.meta["qualifier_span"]
    assert (text[s:e], m.value.qualifier) == ("이상", "at_least")


def test_gold_money_spans_and_values(money, gold_texts):
    """Exact-span recall and value accuracy of MONEY over the labelled articles."""
    gold_n = found = right = 0
    for gold, text in gold_texts:
        pred = {(m.start, m.end): m for m in money.find(text)}
        for e in (e for e in gold["entities"] if e["label"] == "MONEY"):
            gold_n += 1
            m = pred.get((e["start"], e["end"]))
            found += m is not None
            v = m and m.value.value
            right += (
                bool(m)
                and (v is None) == (e.get("value") is None)
                and (
                    v is None
                    or float(v) == e["value"]
                    and m.value.currency == e["currency"]
                )
            )
    assert found / gold_n >= 0.95 and right / gold_n >= 0.95, (gold_n, found, right)
