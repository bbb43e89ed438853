"""Stage 2: mark page chrome that must never yield records; the text stays untouched.

Crawled pages keep their furniture: bylines, reporter e-mails, copyright lines, menus,
photo credits, related-article lists, TV script cues, HTML remnants. Deleting them would
shift every offset (STYLE.md §2), so `chrome_mask` returns their spans instead and later
stages ignore mentions inside them. The rules are data: one named regular expression
each, plain `re`, no tokenizer, linear on a 2 MB page without line breaks.

Rules that match a whole line carry a length cap, so they never swallow a crawled body
that has no line breaks at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pipeline.records import Article

Span = tuple[int, int]

NAME = r"[가-힣]{2,4}"
NAMES = (
    rf"{NAME}(?:[ ,·]{{1,2}}{NAME}){{0,3}}"  # 신건웅 박승희 기자, 김철수·이영희 기자
)
REPORTER = r"(?:기자|특파원|객원기자|선임기자|인턴기자|논설위원|위원|에디터|통신원)"
EMAIL = r"[A-Za-z0-9_%+\-][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
TV_CUE = (
    r"(?:앵커(?:멘트)?|기자|리포트|인터뷰|녹취|스탠드업|싱크|현장음|기자 ?멘트|CG|자막)"
)
SPEAKER = (
    r"(?:연구위원|연구원|교수|대표|위원|기자|애널리스트|센터장|팀장|이사|회장|사장|씨)"
)
MENU_LINE = (
    r"닫기|공유하기|공유|URL ?복사|카카오톡|페이스북|트위터(?: ?엑스)?|밴드|링크 ?복사|"
    r"글자 ?크기(?: ?설정)?|기사 ?듣기(?: ?기사 ?듣기 ?중지)?|음성재생 ?설정|인쇄(?:하기)?|"
    r"스크랩|구독(?:하기)?|좋아요|댓글|추천|기사제보|제보하기|후원하기|관련 ?기사|"
    r"이전 ?기사|다음 ?기사|많이 본 뉴스|Source|Tech|728x90|[가-힣·]{2,8} ?바로가기"
)
# Crawls glue the next word onto a credit (`/사진=뉴시스코스닥`): only known agencies
# and ASCII names are masked whole, never a guessed run of Hangul that may be an ORG.
AGENCY = (
    r"(?:뉴스1|뉴시스|연합뉴스|로이터|신화|게티이미지(?:뱅크|코리아)?|이미지투데이|셔터스톡|"
    r"블룸버그|데일리안|[A-Za-z][A-Za-z0-9]*(?: [A-Za-z0-9]+)?)(?:=(?:뉴스1|연합뉴스|뉴시스))?"
)
HTML_ATTR = r"""\s+[A-Za-z_:][\w:\-]*(?:\s*=\s*(?:"[^"\n]{0,300}"|'[^'\n]{0,300}'|[^\s<>"']{1,100}))?"""


@dataclass(frozen=True, slots=True)
class Rule:
    """A named kind of chrome and the expression that finds it."""

    name: str
    regex: str
    # literal strings one of which every match holds: without any in the text the
    # rule is skipped (a substring search costs far less than the regex's scan)
    needs: tuple[str, ...] = ()
    # a regex every match holds, starting at most `reach` characters after the
    # match's start: the rule is tried only at such places, not at every one
    anchor: str = ""
    reach: int = 0


class Chrome:
    """Page chrome: each rule one line of data, every match a masked span."""

    # fmt: off
    RULES = [
        # [디지털데일리 권하영기자]  [서울=뉴시스] 배요한 기자 =  하만주 워싱턴 특파원
        Rule("byline-bracket", rf"\[[^\[\]\n]{{1,20}}? ?{NAME} ?{REPORTER}\]"),
        Rule("byline-agency", rf"[(\[][가-힣A-Za-z ]{{1,12}}=[가-힣A-Za-z0-9 ]{{1,12}}[)\]]"
                              rf"(?:[ \t]*{NAMES} ?{REPORTER}(?:[ ,·]+{NAMES} ?{REPORTER})*)?[ \t]*=?",
             ("=",)),
        Rule("byline-name", rf"{NAME}(?: [가-힣]{{2,5}})? ?{REPORTER}"
                            rf"(?=[ \t]*(?:=|{EMAIL}|\n|$|\d{{4}}[.\-]))",
             anchor=REPORTER, reach=4 + 6 + 1),  # the title after 2-4 + 0-6 + 0-1
        Rule("email", EMAIL, ("@",)),
        # - Copyright ⓒ 디지털데일리. 무단전재 및 재배포 금지 -   ⓒ News1   재판매 및 DB 금지
        Rule("copyright", r"(?:[-–<]\s*)?(?:Copyright|저작권자)?\s*[ⓒ©][^\n]{0,60}?"
                          r"(?:무단|전재|복제|재배포)[^\n]{0,30}?금지[.\s>–-]*", ("ⓒ", "©")),
        Rule("copyright-mark", rf"(?:Copyright\s*)?[ⓒ©]\s*(?:{AGENCY})?", ("ⓒ", "©")),
        Rule("copyright-word", r"(?:Copyright|저작권자)[^\n]{0,80}?(?:금지|reserved)[.\s>–-]*",
             ("Copyright", "저작권자")),
        Rule("no-redistribution", r"(?:무단\s*)?(?:전재|복제)\s*[및&·,\-]?\s*(?:재배포|배포)[^\n]{0,40}?금지[.\s]*",
             ("전재", "복제")),
        Rule("resale", r"[\[(][^\[\]()\n]{0,30}?재판매 및 DB ?금지[\])]?|\*?재판매 및 DB ?금지",
             ("재판매 및 DB",)),
        # portal menus and widgets
        Rule("menu-phrase", r"컨텐츠 ?바로가기|본문 ?바로가기|댓글 첫 댓글을 작성해보세요",
             ("바로가기", "댓글 첫")),
        Rule("menu-phrase", r"주소복사가 완료되었습니다|<이미지를 클릭하시면 크게 보실 수 있습니다>",
             ("주소복사가", "<이미지를")),
        Rule("menu-phrase", r"번역beta Translated by [^\n]{0,12}|이 글자크기로 변경됩니다\.?",
             ("번역beta", "이 글자크기로")),
        Rule("menu-phrase", r"글자크기 설정 파란원을 좌우로 움직이시면[^\n]{0,40}?변경 ?됩니다\.?",
             ("글자크기 설정",)),
        Rule("menu-phrase", r"\(예시\) 가장 빠른 뉴스가 있고[^\n]{0,160}?전달하고 있습니다\.?",
             ("(예시)",)),
        Rule("menu-phrase", r"기사가 속한 카테고리는 언론사가 분류합니다\.?", ("카테고리는",)),
        Rule("menu-phrase", r"언론사는 한 기사를 두 개 이상의 카테고리로 분류할 수 있습니다\.?",
             ("카테고리로",)),
        Rule("menu-phrase", r"이 기사에 대해 어떻게 생각하시나요\??", ("어떻게 생각하시나요",)),
        Rule("menu-line", rf"(?m)^[ \t•·\-]*(?:{MENU_LINE})[ \t]*$"),
        Rule("promo-line", r"(?m)^[ \t]*[▶☞■▷◆][^\n]{0,80}$",  # short lines only: never a glued body
             tuple("▶☞■▷◆")),
        Rule("notice", r"이 기사는 \d{4}년 ?\d{1,2}월 ?\d{1,2}일[^\n]{0,60}?(?:기사입니다|게재됐습니다)\.?",
             ("이 기사는",)),
        # <사진=연합뉴스>  (자료=한국거래소)  /사진=뉴시스  ⓒ AFP=뉴스1
        Rule("photo-credit", r"[<\[(]\s*(?:사진|그래픽|자료|영상|이미지|출처|제공|사진 ?제공)\s*[=:|/]"
                             r"[^<>\[\]()\n]{1,40}[>\])]"),
        Rule("photo-credit", rf"/(?:사진|그래픽)\s*=\s*(?:{AGENCY})?"),
        # (?:\[관련|관련) is \[?관련 with literal openings, which re skips to fast
        Rule("related", r"(?:\[관련|관련) ?기사\]?(?=\s*(?:\n|$|[▶☞·•\-]))", ("관련",)),
        # TV scripts: 【 앵커멘트 】 <기자> ▶ 인터뷰 : 홍길동 / 유진투자증권 연구위원
        Rule("tv-cue", rf"[【<\[◀]\s*{TV_CUE}\s*[】>\]▶]"),
        Rule("tv-cue", rf"▶\s*{TV_CUE}\s*(?::\s*{NAME}(?:\s*/\s*[^\n/]{{1,20}}?{SPEAKER})?)?"),
        # HTML left in a dump: kept in the text, never read
        Rule("html-block", r"(?is)<(script|style)\b[^>]{0,200}>.{0,20000}?</\1\s*>", ("<",)),
        Rule("html-comment", r"(?s)<!--.{0,5000}?-->", ("<!--",)),
        Rule("html-tag", rf"</?[A-Za-z][A-Za-z0-9]{{0,10}}(?:{HTML_ATTR}){{0,20}}\s*/?>",
             ("<",)),
        Rule("html-entity", r"&(?:[A-Za-z]{2,8}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});", ("&",)),
    ]
    # fmt: on

    def __init__(self) -> None:
        self._compiled = [(r, re.compile(r.regex)) for r in self.RULES]
        self._anchors = {r.name: _anchor_scan(r.anchor) for r in self.RULES if r.anchor}

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Every chrome match as (start, end, rule name), in text order."""
        found = [
            (m.start(), m.end(), rule.name)
            for rule, rx in self._compiled
            if not rule.needs or any(n in text for n in rule.needs)
            for m in self.matches(rule, rx, text)
            if m.end() > m.start()
        ]
        return sorted(found)

    def matches(self, rule: Rule, rx: re.Pattern, text: str):
        """`rx.finditer(text)`; a rule with an anchor is tried only within its
        reach before each place the anchor matches (same matches)."""
        if not rule.anchor:
            return rx.finditer(text)
        return _anchored(rx, self._anchors[rule.name], rule.reach, text)


def _anchor_scan(anchor: str) -> re.Pattern:
    """Each place `anchor` matches from, overlapping ones too. An alternation of
    plain words is found by their opening characters, consumed (re skips to them
    fast), each word then read from there in a lookbehind; another anchor by a
    lookahead tried at every place."""
    words = anchor.removeprefix("(?:").removesuffix(")").split("|")
    if anchor.startswith("(?:") and all(w and re.escape(w) == w for w in words):
        firsts = "".join(sorted({w[0] for w in words}))
        return re.compile(f"[{firsts}](?<=(?=(?:{anchor})).)")
    return re.compile(f"(?=(?:{anchor}))")


def _anchored(rx: re.Pattern, anchor: re.Pattern, reach: int, text: str) -> list:
    out: list = []
    pos = 0  # where the scan goes on: places before it were tried or matched
    for a in anchor.finditer(text):
        p = max(pos, a.start() - reach)
        while p <= a.start():
            m = rx.match(text, p)
            if m is None:
                p += 1
                continue
            if m.end() == m.start():  # finditer's rules for empty matches: use it
                return list(rx.finditer(text))
            out.append(m)
            p = m.end()
        pos = max(pos, p)
    return out


CHROME = Chrome()


def chrome_mask(text: str, title: str | None = None) -> list[Span]:
    """Sorted, disjoint spans of page chrome; `text` itself is never changed.

    A repeated headline (the title again after its first place) is chrome too.

    >>> t = "[디지털데일리 권하영기자] 아마존이 투자했다."
    >>> [t[s:e] for s, e in chrome_mask(t)]
    ['[디지털데일리 권하영기자]']
    >>> t = "(서울=연합뉴스) 홍길동 기자 = 삼성이 샀다. hong@yna.co.kr"
    >>> [t[s:e] for s, e in chrome_mask(t)]
    ['(서울=연합뉴스) 홍길동 기자 =', 'hong@yna.co.kr']
    >>> t = "끝.\\n- Copyright ⓒ 디지털데일리. 무단전재 및 재배포 금지 -\\n"
    >>> [t[s:e].strip() for s, e in chrome_mask(t)]
    ['- Copyright ⓒ 디지털데일리. 무단전재 및 재배포 금지 -']
    >>> t = "지수가 올랐다.<사진=연합뉴스>이날 LG가 1조원을 투자했다."
    >>> [t[s:e] for s, e in chrome_mask(t)]
    ['<사진=연합뉴스>']
    >>> [t[s:e] for t in ["컨텐츠 바로가기\\n본문"] for s, e in chrome_mask(t)]
    ['컨텐츠 바로가기']
    >>> t = "제목\\n\\n본문이다.제목"
    >>> chrome_mask(t, title="제목")
    [(9, 11)]
    >>> chrome_mask("아마존은 앤스로픽에 27억5000만달러를 투자한다고 발표했다.")
    []
    """
    spans = [(s, e) for s, e, _ in CHROME.find(text)]
    spans += repeated_title(text, title)
    return merge(spans)


def repeated_title(text: str, title: str | None) -> list[Span]:
    """Every place the headline appears again after its first.

    >>> repeated_title("AB\\n\\nxx AB", "AB"), repeated_title("AB", " ")
    ([(7, 9)], [])
    """
    title = (title or "").strip()
    if len(title) < 2:
        return []
    first = text.find(title)
    if first < 0:
        return []
    spans, at = [], text.find(title, first + len(title))
    while at >= 0:
        spans.append((at, at + len(title)))
        at = text.find(title, at + len(title))
    return spans


def merge(spans: Iterable[Span]) -> list[Span]:
    """Sorted spans with overlapping and touching ones joined.

    >>> merge([(5, 9), (0, 2), (1, 3), (9, 10)])
    [(0, 3), (5, 10)]
    """
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def masked(mask: list[Span], start: int, end: int) -> bool:
    """True when [start, end) overlaps a masked span (mask sorted and disjoint).

    >>> masked([(0, 5), (10, 12)], 4, 6), masked([(0, 5), (10, 12)], 5, 10)
    (True, False)
    """
    from bisect import bisect_right

    i = bisect_right(mask, (start, float("inf")))
    return (i > 0 and mask[i - 1][1] > start) or (i < len(mask) and mask[i][0] < end)


def run(articles: Iterable[Article]) -> Iterator[Article]:
    """Each article with `meta["mask"]` set to its chrome spans."""
    for article in articles:
        article.meta["mask"] = chrome_mask(article.text, article.title)
        yield article
