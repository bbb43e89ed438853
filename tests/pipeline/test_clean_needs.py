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
    "(부산=연합뉴스) 김철수 기자 =", "문의 desk@example.com", "본문 바로가기",
    "주소복사가 완료되었습니다", "이 글자크기로 변경됩니다.",
    "글자크기 설정 파란원을 좌우로 움직이시면 크기가 변경됩니다.",
    "(예시) 가장 빠른 뉴스가 있고 정보를 전달하고 있습니다.",
    "기사가 속한 카테고리는 언론사가 분류합니다.",
    "언론사는 한 기사를 두 개 이상의 카테고리로 분류할 수 있습니다.",
    "이 기사에 대해 어떻게 생각하시나요?", "▶ 다른 소식 더 보기",
    "이 기사는 2024년 3월 5일 지면에 게재됐습니다.", "[관련기사]",
    "<script>var a = 1;</script>", "<!-- 광고 -->", "<br/>", "&nbsp;",
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
