"""Chrome masks: page furniture is marked, article text is never changed nor masked."""

from __future__ import annotations

import re
import time

import pytest

from pipeline.clean import CHROME, chrome_mask, masked, merge, run
from pipeline.records import Article

DEAL = "삼성전자가 하만을 80억달러(약 9조원)에 인수한다고 14일 밝혔다."


def chrome_of(text: str, title: str | None = None) -> list[str]:
    return [text[s:e].strip() for s, e in chrome_mask(text, title)]


# fmt: off
SEED_CASES = [
    # chrome around a deal sentence                                 masked text
    ("[디지털데일리 권하영기자] " + DEAL,                              ["[디지털데일리 권하영기자]"]),
    ("(서울=연합뉴스) 홍길동 기자 = " + DEAL,                          ["(서울=연합뉴스) 홍길동 기자 ="]),
    ("[서울=뉴시스] 배요한 기자 = " + DEAL,                            ["[서울=뉴시스] 배요한 기자 ="]),
    ("(서울=뉴스1) 신건웅 박승희 기자 = " + DEAL,                      ["(서울=뉴스1) 신건웅 박승희 기자 ="]),
    (DEAL + "\n전효진 기자 2024. 9. 2. 15:34",                          ["전효진 기자"]),
    (DEAL + "\n하만주 워싱턴 특파원\n",                                  ["하만주 워싱턴 특파원"]),
    (DEAL + " hong.gildong@yna.co.kr",                                 ["hong.gildong@yna.co.kr"]),
    (DEAL + "\n- Copyright ⓒ 디지털데일리. 무단전재 및 재배포 금지 -",   ["- Copyright ⓒ 디지털데일리. 무단전재 및 재배포 금지 -"]),
    (DEAL + "\nⓒ 아시아투데이, 무단전재 및 재배포 금지",                ["ⓒ 아시아투데이, 무단전재 및 재배포 금지"]),
    (DEAL + " 무단 전재 및 재배포,  AI학습 이용 금지. ",                ["무단 전재 및 재배포,  AI학습 이용 금지."]),
    (DEAL + "<저작권자 ⓒ 한국경제, 무단 전재 및 재배포 금지>",          ["<저작권자 ⓒ 한국경제, 무단 전재 및 재배포 금지>"]),
    ("컨텐츠 바로가기\n\n" + DEAL,                                       ["컨텐츠 바로가기"]),
    (DEAL + "\n댓글 첫 댓글을 작성해보세요\n주소복사가 완료되었습니다",  ["댓글 첫 댓글을 작성해보세요", "주소복사가 완료되었습니다"]),
    ("닫기\n\n  • 카카오톡\n\n  • 페이스북\n\nURL 복사\n\n" + DEAL,     ["닫기", "• 카카오톡", "• 페이스북", "URL 복사"]),
    ("지수가 올랐다.<사진=연합뉴스>" + DEAL,                             ["<사진=연합뉴스>"]),
    (DEAL + "[GS건설 제공. 재판매 및 DB 금지]",                          ["[GS건설 제공. 재판매 및 DB 금지]"]),
    (DEAL + "(사진=노벨티노빌리티)",                                     ["(사진=노벨티노빌리티)"]),
    ("【 앵커멘트 】\n" + DEAL,                                           ["【 앵커멘트 】"]),
    ("<앵커>" + DEAL + "<기자>",                                         ["<앵커>", "<기자>"]),
    (DEAL + "▶ 인터뷰 : 허재환 / 유진투자증권 연구위원",                  ["▶ 인터뷰 : 허재환 / 유진투자증권 연구위원"]),
    (DEAL + "\n\n관련 기사\n▶ 삼성, 하만 인수 마무리\n▶ LG 투자",       ["관련 기사", "▶ 삼성, 하만 인수 마무리", "▶ LG 투자"]),
]
BUGS_CAUGHT = [
    # glued crawls: a credit must not swallow the next word, which may be an ORG
    ("하락했다./사진=뉴시스코스닥 지수는 내렸다.",                        ["/사진=뉴시스"]),
    ("카카오 본사./사진=카카오카카오페이증권이 투자했다.",                ["/사진="]),
    ("ⓒ데일리안회사는 1조원을 투자했다.",                                 ["ⓒ데일리안"]),
    # a copyright mark must not run on to a 금지 inside the body
    ("ⓒ News1 포럼은 순환출자 금지 규정을 논의했다.",                     ["ⓒ News1"]),
]
HTML_CASES = [
    ('<p class="lead">' + DEAL + "</p>",                                 ['<p class="lead">', "</p>"]),
    ("<script>var x = '1조원';</script>" + DEAL,                          ["<script>var x = '1조원';</script>"]),
    ("<!-- 광고 1조원 -->" + DEAL + "<br/>",                              ["<!-- 광고 1조원 -->", "<br/>"]),
    ("투자&nbsp;규모는&#160;80억달러&amp;", ["&nbsp;", "&#160;", "&amp;"]),
]
NOT_CHROME = [
    DEAL,
    "아마존은 지난 27일(현지시간) 앤스로픽에 27억5000만달러(약 3조7000억원)를 더 투자한다고 발표했다.",
    "홍길동 기자회견에서 삼성전자는 2조원 투자를 밝혔다.",        # 기자 inside a word
    "현금 1조원을 <1차> 납입했다.",                                 # Korean angle brackets
    "투자 규모는 3<5 조건에서 A&B 방식으로 정했다.",                # not tags, not entities
    "(a) 1조원 (b) 2조원 (c) 3조원을 투자한다.",                   # (c) is not ©
]
# fmt: on


@pytest.mark.parametrize("text,expected", SEED_CASES + BUGS_CAUGHT + HTML_CASES)
def test_chrome_mask(text, expected):
    assert chrome_of(text) == expected


@pytest.mark.parametrize("text", NOT_CHROME)
def test_article_sentences_are_not_chrome(text):
    assert chrome_mask(text) == []


def test_repeated_headline_masked_after_its_first_place():
    title = "삼성, 하만 80억달러에 인수"
    text = f"{title}\n\n{DEAL}{title}[관련]"
    assert chrome_mask(text, title) == [
        (len(title) + 2 + len(DEAL), 2 * len(title) + 2 + len(DEAL))
    ]
    assert chrome_mask(text, None) == []


def test_masks_are_sorted_disjoint_and_inside_the_text():
    text = "[디지털데일리 권하영기자] ⓒ 디지털데일리 kim@x.co.kr <b>굵게</b> 무단 전재 및 재배포 금지"
    spans = chrome_mask(text)
    assert spans == merge(spans)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))


def test_run_sets_mask_and_keeps_text():
    art = Article("a", "[디지털데일리 권하영기자] " + DEAL, title="제목")
    before = art.text
    (out,) = run([art])
    assert out.text == before and out.meta["mask"] == [(0, 14)]
    assert not masked(out.meta["mask"], 15, len(before))


def test_rules_all_fire_and_are_named():
    """Every rule is exercised by a case above (a dead rule is a bug)."""
    texts = [t for t, _ in SEED_CASES + BUGS_CAUGHT + HTML_CASES]
    texts.append(
        "이 기사는 2025년02월02일 07시00분에 마켓인사이트에 표출된 기사입니다."
    )
    texts.append("Copyright (C) 뉴스1. All rights reserved.")
    fired = {name for t in texts for _, _, name in CHROME.find(t)}
    assert fired == {r.name for r in CHROME.RULES}


def test_fast_on_a_two_megabyte_page():
    glued = (
        "코스피가 상승 마감했다.이날 [서울=뉴시스] 반도체주가 강세였다 ⓒ <b>" * 50_000
    )[:2_000_000]
    start = time.perf_counter()
    chrome_mask(glued)
    assert time.perf_counter() - start < 5


def test_seed_chrome_masked_amounts_kept(seeds):
    """Seed chrome (menus, bylines, copyright) is masked; none of their amounts is."""
    money = re.compile(
        r"\d[\d,.]*(?:조|억|만)?\d*(?:억|만)?\s?(?:원|달러|유로|엔|위안)"
    )
    for doc_id, text in seeds.items():
        mask = chrome_mask(text)
        assert mask, doc_id
        for m in money.finditer(text):
            assert not masked(mask, m.start(), m.end()), (doc_id, m.group())
    text = seeds["000_5698dc089582840a"]
    chrome = {text[s:e].strip() for s, e in chrome_mask(text)}
    assert {
        "컨텐츠 바로가기",
        "[디지털데일리 권하영기자]",
        "주소복사가 완료되었습니다",
    } <= chrome


def test_dev_dump_amounts_never_masked(dump_texts):
    """9,000+ amounts in the dev dump: chrome masks none; 600+ bylines are masked."""
    money = re.compile(r"\d[\d,.]*\s?(?:조|억|만)?\s?(?:원|달러|유로|엔|위안)")
    amounts = bylines = 0
    for row in dump_texts.values():
        mask = chrome_mask(row["text"], row["title"])
        bylines += any(n.startswith("byline") for _, _, n in CHROME.find(row["text"]))
        for m in money.finditer(row["text"]):
            amounts += 1
            assert not masked(mask, m.start(), m.end()), (row["id"], m.group())
    assert amounts > 9000 and bylines > 600
