"""A chrome rule with `needs` is skipped on a text holding none of those strings:
every match of the rule must hold one, or a skip would lose chrome."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.clean import CHROME, chrome_mask

ROOT = Path(__file__).resolve().parents[2]
NEEDING = [r for r in CHROME.RULES if r.needs]

# fmt: off
CHROME_LINES = [
    "- Copyright ⓒ 디지털데일리. 무단전재 및 재배포 금지 -",
    "저작권자 © 뉴스1, 무단 전재 및 재배포 금지",
    "Copyright 2024 All rights reserved.",
    "ⓒ News1",
    "무단복제 및 배포 금지.",
    "[서울=뉴시스] 재판매 및 DB 금지",
]
# fmt: on


def _texts() -> list[str]:
    texts = [p.read_text("utf-8-sig") for p in sorted((ROOT / "corpus").glob("*.txt"))]
    return texts + CHROME_LINES


@pytest.mark.parametrize("rule", NEEDING, ids=lambda r: r.name)
def test_every_match_holds_a_needed_string(rule):
    rx = re.compile(rule.regex)
    matched = 0
    for text in _texts():
        for m in rx.finditer(text):
            if m.end() > m.start():
                matched += 1
                assert any(n in m.group() for n in rule.needs), (rule.name, m.group())
    assert matched, f"no text exercises {rule.name}"


@pytest.mark.parametrize("line", CHROME_LINES)
def test_chrome_lines_are_masked(line):
    text = f"삼성이 하만을 인수했다.\n{line}\n"
    spans = chrome_mask(text)
    assert any(text[s:e].strip() for s, e in spans)
