"""DateExtractor spans in running text, and gold-span recall."""

from __future__ import annotations

import pytest

from extractors.date import DateExtractor, parse_date

# fmt: off
SPANS = [
    ("아마존은 지난 27일(현지시간) 앤스로픽에",  ["지난 27일"]),
    ("지난해 9월 단행한",                      ["지난해 9월"]),
    ("2033년까지 투자",                         ["2033년"]),
    ("2019년부터",                              ["2019년"]),
    ("2024년 3월 27일에",                       ["2024년 3월 27일"]),
    ("올해 상반기에",                           ["올해 상반기"]),
    ("이달 초 발표",                            ["이달 초"]),
    ("지난 11일 2024년 매출",                   ["지난 11일", "2024년"]),
    ("말했다.5일 투자은행",                     ["5일"]),
    ("지난 10년간 성장",                        []),
    ("30일 만에",                               []),
    ("3개월 동안",                              []),
    ("이날 발표했다",                           []),
    ("전날 발표했다",                           []),
    ("2분기 매출",                              []),
    ("지난해 4분기 매출",                       ["지난해 4분기"]),
    ("말했다",                                  []),
    ("오늘날",                                  []),
    ("올리다",                                  []),
    ("4월 6일 전 대표",                         ["4월 6일"]),
    ("2025년도 예산",                           ["2025년"]),
]
# fmt: on


@pytest.fixture(scope="module")
def dates():
    return DateExtractor()


@pytest.mark.parametrize("text,spans", SPANS)
def test_spans(dates, text, spans):
    found = dates.find(text)
    assert [m.text for m in found] == spans
    assert all(text[m.start : m.end] == m.text for m in found)


def test_local_time_note_kept_in_meta(dates):
    text = "지난 27일(현지시간) 발표"
    (m,) = dates.find(text)
    assert text[m.start : m.meta["note_end"]] == "지난 27일(현지시간)"


def test_gold_date_spans_and_values(dates, gold_texts):
    """Exact-span recall and value accuracy of DATE over the labelled articles."""
    from datetime import date

    gold_n = found = right = 0
    for gold, text in gold_texts:
        pub = gold.get("published") and date.fromisoformat(gold["published"])
        pred = {(m.start, m.end): m for m in dates.find(text)}
        for e in (e for e in gold["entities"] if e["label"] == "DATE"):
            gold_n += 1
            m = pred.get((e["start"], e["end"]))
            found += m is not None
            if m is not None:
                d = parse_date(m.text, pub or None)
                right += (d.value, d.precision) == (e.get("value"), e.get("precision"))
    assert found / gold_n >= 0.93 and right / gold_n >= 0.93, (gold_n, found, right)
