"""Organisations: a gazetteer of aliases, Korean company-form rules and the NER's spans.

One alias file (`data/orgs.jsonl`, one alias a line, canonical name as `id`) feeds
both Kiwi's user dictionary (`seed_kiwi`) and the span ruler, so a name such as
오픈AI is one NNP token everywhere and its canonical name rides on the span
(STYLE.md §3). Rules find the names the list lacks (㈜한국테크, 미래에셋캐피탈), and
the statistical NER (`extractors.ner`) adds the rest; on overlap the gazetteer wins.
Particles, 등, 측 and 사 are never inside a span.

In deal sentences the words around a name also make it a company: a description's
head noun before it (골프 플랫폼 X가, 손자회사인 X를), a deal headline that opens
with it (X, 500억 수주), a Latin name in brackets after a known one (…(SMC)). A name
found so counts at its other occurrences in the article as well (one name per
article), since a company is named in full once and then in sentences no rule reads.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right, insort
from itertools import compress, count
from operator import attrgetter
from typing import ClassVar

import regex
from spacy.language import Language

from extractors import data
from extractors.base import (
    ExtractorPipe,
    Mention,
    doc_columns,
    doc_text,
    get_mentions,
    sentence_bounds,
    sentence_chars,
    starts_of,
)
from extractors.gate import required_search

GAZETTEER, CORP_FORM, CORP_SUFFIX = (
    "org:gazetteer",
    "org:rule:corp-form",
    "org:rule:corp-suffix",
)
LATIN_CUE, OOV_CUE, NER = "org:rule:latin-cue", "org:rule:oov-cue", "ner:klue"
GLUED = "org:rule:glued-name"
APPOSITIVE, HEADLINE = "org:rule:appositive", "org:rule:headline"
BRACKET_ALIAS, SAME_NAME = "org:rule:bracket-alias", "org:rule:same-name"
LISTED = "org:rule:listed"
FUND = "org:rule:fund"
# who wins where spans overlap: higher first (the NER never beats a listed name)
PRIORITY = {
    FUND: 10,  # 센트로이드제7호바이아웃펀드: the fund, not its manager inside it
    GLUED: 9,
    GAZETTEER: 8,
    CORP_FORM: 7,
    CORP_SUFFIX: 6,
    APPOSITIVE: 5,
    BRACKET_ALIAS: 5,
    HEADLINE: 4,
    SAME_NAME: 4,
    LISTED: 4,
    NER: 3,
    LATIN_CUE: 2,
    OOV_CUE: 1,
}
# sources whose names count at every other occurrence in the article
DISCOURSE_SOURCES = frozenset(PRIORITY) - {GAZETTEER, NER, SAME_NAME}
# the weak cues' names count elsewhere only once the article treats them as a
# company somewhere (X 대표, X 관계자, X 지분): alone they also catch people and terms
WEAK_SOURCES = frozenset({OOV_CUE, LATIN_CUE})

PARTICLES = (
    "으로부터|로부터|에게서|에서는|에서도|에서|에게|에는|에도|으로|이나|이라는|이란|"
    "과의|와의|와는|과는|까지|부터|마저|조차|처럼|보다|만큼|께서|"
    "은|는|이|가|을|를|의|에|와|과|로|도|만|랑"
)
# a name, then 측/사/등 (maybe after a space), then a particle: all but the name go
TRAILER = regex.compile(rf"^(?P<name>.+?)(?:\s?(?:측|사|등))?(?:{PARTICLES})?$")
PARTICLE_TAGS = ("J",)  # JKS JKB JKO JKG JX JC ...
TRAIL_WORDS = {"등", "측", "사", "쪽"}
_TRAIL_CHARS = re.compile(f"[{''.join(sorted(TRAIL_WORDS))}]")  # one character each
MARK_AFTER = regex.compile(r"\s?(?:㈜|\(주\))")


def alias_rows() -> tuple[dict, ...]:
    """The gazetteer rows: `{"label": "ORG", "pattern": alias, "id": canonical}`."""
    return data.load("orgs.jsonl")


_SPACES = regex.compile(r"\s+")


@functools.lru_cache(maxsize=65536)  # asked for every name-like token
def _key(surface: str) -> str:
    """Lookup key: case and inner spaces do not matter (스라이브캐피털 = 스라이브 캐피털)."""
    return _SPACES.sub("", surface).casefold()


@functools.cache
def _aliases() -> dict[str, str]:
    return {_key(r["pattern"]): r["id"] for r in alias_rows()}


def canonical(surface: str) -> str:
    """The canonical name of an organisation as written, particles stripped.

    >>> canonical("앤트로픽")
    'Anthropic'
    >>> canonical("오픈AI측은")
    'OpenAI'
    >>> canonical("마이크로소프트사가")
    'Microsoft'
    >>> canonical("스라이브 캐피털")
    'Thrive Capital'
    >>> canonical("주성씨앤에어가")
    '주성씨앤에어'
    >>> canonical("SK하이닉스")
    'SK Hynix'
    """
    surface = surface.strip()
    known = _aliases()
    if _key(surface) in known:
        return known[_key(surface)]
    name = strip_trailer(surface)
    return known.get(_key(name), name)


def strip_trailer(surface: str) -> str:
    """The name without a trailing particle, 등, 측 or 사 (one of each at most).

    A known alias is never cut (기아 keeps its 아, 하이브 its 브).

    >>> strip_trailer("코어위브가")
    '코어위브'
    >>> strip_trailer("MS 등이")
    'MS'
    >>> strip_trailer("하이브")
    '하이브'
    """
    m = TRAILER.match(surface)
    name = m.group("name") if m else surface
    known = _aliases()
    for cut in (surface, name):  # prefer the longest form the list knows
        if _key(cut) in known:
            return cut
    return name.strip() or surface


def seed_kiwi(kiwi) -> None:
    """Every alias into Kiwi's user dictionary as one NNP carrying its canonical id.

    Names with a space stay out: Kiwi would return one token spanning the space,
    and the rest of the pipeline assumes tokens hold no whitespace; the span ruler
    still matches them as a token sequence.
    """
    for row in alias_rows():
        if " " not in row["pattern"]:
            kiwi.add_user_word(row["pattern"], "NNP", 0.0, user_value={"id": row["id"]})


def org_mention(text: str, m: Mention) -> Mention:
    """An ORG mention with its canonical name and no particle or 등/측/사 inside."""
    start = m.start
    surface = _trim(text[start : m.end])
    end = start + len(surface)
    value = _aliases().get(_key(surface), surface)
    return Mention("ORG", start, end, surface, value, m.source, m.score, m.meta)


def _trim(surface: str) -> str:
    """Cut what follows a name inside a span: always when the rest is a known alias,
    else only a spaced 등/측 (a bare 이 or 가 may belong to an unknown name).

    >>> _trim("앤스로픽사"), _trim("코어위브 측"), _trim("스테이")
    ('앤스로픽', '코어위브', '스테이')
    """
    name = strip_trailer(surface)
    if _key(name) in _aliases():
        return name
    return regex.sub(r"\s+(?:등|측)$", "", surface).strip()


# what KLUE's news taught the NER to call an organisation but a deal never names
NOT_ORGS = {
    "코스피",
    "코스닥",
    "나스닥",
    "비트코인",
    "이더리움",
    "챗GPT",
    "제미나이",
    "클로드",
    "기업공개",
    "빅테크",
    "BAT",
    "정부",
    "당국",
    "금융당국",
    "이사회",
    "주총",
    "임총",
    # countries and investor crowds open headlines and take particles like names
    "미국",
    "중국",
    "일본",
    "한국",
    "대만",
    "유럽",
    "영국",
    "독일",
    "프랑스",
    "홍콩",
    "싱가포르",
    "인도",
    "북미",
    "중동",
    "서학개미",
    "동학개미",
}


def ner_orgs(doc, mentions: list[Mention]) -> list[Mention]:
    """The NER's ORG spans that look like names, as ORG mentions with canonicals."""
    return [
        org_mention(doc_text(doc), m)
        for m in mentions
        if m.label == "ORG" and plausible(doc, m)
    ]


# institutions whose names end so; other Kiwi-known proper nouns the NER calls ORG
# are mostly places and people (미국, 트럼프), which gold never labels
INSTITUTION_ENDS = (
    "위원회",
    "법원",
    "지법",
    "고법",
    "지검",
    "공사",
    "공단",
    "협회",
    "재단",
    "연구원",
    "대학교",
    "중앙회",
    "거래소",
)


def plausible(doc, m: Mention) -> bool:
    """Whether a NER ORG span looks like a name: listed, an institution, or one
    unknown proper noun (Kiwi oov). Acronyms, places and common nouns are not."""
    text = doc_text(doc)[m.start : m.end]
    if _key(text) in _aliases():
        return True
    if text in NOT_ORGS or not text[:1].isalnum() or not text[-1:].isalnum():
        return False
    if regex.search(
        r"[\p{Latin}\d]", doc_text(doc)[m.start - 1 : m.start] if m.start else ""
    ):
        return False  # the span starts inside a word
    if regex.match(r"[\p{Latin}\d]", doc_text(doc)[m.end : m.end + 1]):
        return False
    if text.endswith(INSTITUTION_ENDS):
        return True
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    # Kiwi tags an unknown word NNG when no particle follows: oov decides
    return span is not None and len(span) == 1 and span[0]._.kiwi_oov


def merge(mentions: list[Mention]) -> list[Mention]:
    """One mention per place: higher-priority sources win overlaps, in text order.

    A company-form span that contains a listed name and extends it (미래에셋 +
    캐피탈) wins over it: a subsidiary stays itself.
    """
    by_start = sorted(mentions, key=_START)
    if _disjoint(by_start):  # nothing to decide (most merges add a few new names)
        return by_start
    listed = [(o.start, o.end) for o in mentions if o.source == GAZETTEER]
    ranked = sorted(
        mentions, key=lambda m: (-_rank(m, listed), -(m.end - m.start), m.start)
    )
    kept: list[Mention] = []
    taken: list[tuple[int, int]] = []  # kept spans, sorted: they never overlap
    for m in ranked:
        if not _overlaps(taken, m.start, m.end):
            kept.append(m)
            insort(taken, (m.start, m.end))
    return sorted(kept, key=_START)


_START = attrgetter("start")


def _disjoint(by_start: list[Mention]) -> bool:
    """Whether mentions sorted by start are non-empty and overlap none: then merge
    keeps them all, and their starts differ, so their order is the start's."""
    end = -1
    for m in by_start:
        if m.start < end or m.end <= m.start:
            return False
        end = m.end
    return True


def _rank(m: Mention, listed: list[tuple[int, int]]) -> int:
    """The mention's priority; `listed`: the spans of the gazetteer's mentions."""
    rank = PRIORITY.get(m.source, 0)
    if m.source in (CORP_FORM, CORP_SUFFIX) and any(
        m.start <= start and end <= m.end and (end - start) < (m.end - m.start)
        for start, end in listed
    ):
        rank = PRIORITY[GAZETTEER] + 1
    return rank


NOUNISH = frozenset({"NNP", "NNG", "SL", "SN", "SH"})
# the heads a weak cue's run may end with (`_weak_kind`: all Latin or one NNP)
WEAK_ENDS = frozenset({"SL", "NNP"})
OPEN_QUOTES, CLOSE_QUOTES = "‘“'\"「", "’”'\"」"
# where a name ends as a word: a particle, 등/측/사, a copula, or no letter next
NAME_END = regex.compile(
    rf"(?:\s?(?:측|사|등))?(?:{PARTICLES}|이다|이며|이고|이지만|지만|였다|이었다)?"
    r"(?![\p{L}\p{N}])"
)


# one glued word holding a fund's number (제7호, 4호); 1호점, 2호기, 3호선 are not
FUND_HIT = regex.compile(r"\d호")


def _word_char(c: str) -> bool:
    return c.isalnum() or c in "&-"


FUND_NUMBER = regex.compile(r"(?:제\s?)?\d{1,3}호(?!점|기|선|실|관|증)")
FUND_END = regex.compile(r"(?:펀드|투자조합|조합|합자회사|유한회사|PEF)$")

LIST_NEXT = regex.compile(r"(?:\s?\([^()\n]{1,30}\))?\s?[,·]\s?")
# a list ends with 등 or the particle of the whole list
LIST_CLOSE = regex.compile(
    r"(?:\s?\([^()\n]{1,30}\))?\s?(?:등|으로부터|로부터|에서|에게|에|을|를|이|가|은|는|와|과|의|도)"
)

DEAL_LIST_CLOSE = regex.compile(
    r"\s?등(?:에|이|은|을|으로부터|로부터)?\s(?:\S+\s){0,2}?"
    r"(?:투자|출자|참여|인수|공동\s?투자)"
)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) meets one of the sorted, disjoint `spans`."""
    i = bisect_left(spans, (end,))
    return i > 0 and spans[i - 1][1] > start


class ReadSentences:
    """The sentences every run tokenizes: the first and those with a deal cue (the
    prefilter reads no fewer), so a name found there is found with or without it."""

    __slots__ = ("tokens", "chars")

    def __init__(self, tokens: list[tuple[int, int]], chars: list[tuple[int, int]]):
        self.tokens, self.chars = tokens, chars

    def holds(self, pos: int) -> bool:
        i = bisect_left(self.chars, (pos + 1,)) - 1
        return i >= 0 and self.chars[i][0] <= pos < self.chars[i][1]


def read_sentences(
    toks: Tokens, sents: list[tuple[int, int]], spans: list[tuple[int, int]]
) -> ReadSentences:
    """The token and character spans of the sentences every run reads, of the
    sentences' token and character spans."""
    tokens, chars = [], []
    text, heads = toks.text, toks.heads
    for n, ((lo, hi), (start, end)) in enumerate(zip(sents, spans, strict=True)):
        if hi <= lo or heads[lo] == SKIP_HEAD:
            continue
        if n == 0 or cued(text, start, end):
            tokens.append((lo, hi))
            chars.append((start, end))
    return ReadSentences(tokens, chars)


SKIP_HEAD = "_SKIP"  # a sentence the prefilter left unread


def cued(text: str, start: int, end: int) -> bool:
    """Whether a deal cue stands in text[start:end] (`pipeline.prefilter.has_cue`:
    the prefilter's own test, so both read the same sentences)."""
    return _has_cue()(text, start, end)


@functools.cache
def _has_cue():
    from pipeline.prefilter import has_cue

    return has_cue


class OrgExtractor:
    """Organisation mentions in a Kiwi-tokenized Doc, merged from every source.

    Rules are data: company forms (㈜, (주), 주식회사 beside a name), company-name
    suffixes, and two weak ones for sentences with a deal cue: a Latin name or an
    unknown proper noun (Kiwi `oov`) directly followed by a particle. Context rules
    (descriptions, headlines, bracketed aliases) and the one-name-per-article pass
    follow `context_rules` and `same_names`.
    """

    kind: ClassVar[str] = "org"
    label: ClassVar[str] = "ORG"
    SCORES: ClassVar[dict] = {
        GLUED: 0.7,
        GAZETTEER: 0.95,
        CORP_FORM: 0.85,
        CORP_SUFFIX: 0.75,
        LATIN_CUE: 0.45,
        OOV_CUE: 0.4,
        APPOSITIVE: 0.6,
        BRACKET_ALIAS: 0.6,
        HEADLINE: 0.5,
        SAME_NAME: 0.55,
        LISTED: 0.5,
        FUND: 0.7,
    }
    # head nouns of a company description: the word written next names the company
    DESCRIPTORS: ClassVar[frozenset[str]] = frozenset(
        {
            "기업",
            "업체",
            "회사",
            "스타트업",
            "플랫폼",
            "브랜드",
            "자회사",
            "계열사",
            "손자회사",
            "모회사",
            "지주사",
            "지주회사",
            "사모펀드",
            "PEF",
            "운용사",
            "제조사",
            "개발사",
            "상장사",
            "투자사",
            "제약사",
            "게임사",
            "통신사",
            "건설사",
            "증권사",
            "보험사",
            "카드사",
            "유통사",
            "협력사",
            "고객사",
            "벤처캐피탈",
            "액셀러레이터",
            "바이오텍",
        }
    )
    # heads that also modify a noun (기업 가치, 회사 자금): a description only
    # after a noun of its own (반도체 기업, 데이터기업)
    MODIFIER_HEADS: ClassVar[frozenset[str]] = frozenset({"기업", "회사"})
    # a compound ending so is a part or a role of a company, not its name
    GENERIC_ENDS: ClassVar[frozenset[str]] = frozenset(
        {
            "사업",
            "사업부",
            "부문",
            "관계자",
            "대표",
            "법인",
            "지분",
            "주식",
            "투자",
            "시장",
            "업계",
            "서비스",
            "제품",
            "본부",
            "증시",
        }
    )
    # words after a name that only a company takes (its chief, staff, shares)
    COMPANY_AFTER: ClassVar[tuple[str, ...]] = (
        "대표이사",
        "대표",
        "관계자",
        "임직원",
        "최대\\s?주주",
        "지분",
        "주가",
        "주식",
        "측",
    )
    COMPOUND_REPEATS: ClassVar[int] = 3  # times a common-noun name is written
    # Latin words in brackets after a name that are not another name of it
    NOT_ALIASES: ClassVar[frozenset[str]] = frozenset(
        {
            "CEO",
            "CFO",
            "IPO",
            "PEF",
            "PE",
            "VC",
            "FI",
            "SI",
            "ADR",
            "GDR",
            "ETF",
            "ETN",
            # a company's product glossed after its name: 엔비디아(GPU)
            "GPU",
            "TPU",
            "CPU",
            "NPU",
            "HBM",
            "LLM",
        }
    )
    CREDIT_RATING: ClassVar[str] = r"[A-D]{1,3}[+-]?"  # 에코프로(A-) is a rating
    SUFFIXES: ClassVar[list[str]] = [
        "홀딩스",
        "바이오로직스",
        "바이오사이언스",
        "바이오",
        "테크놀로지",
        "테크",
        "전자",
        "투자증권",
        "증권",
        "캐피탈",
        "캐피털",
        "파트너스",
        "인베스트먼트",
        "액셀러레이터",
        "자산운용",
        "투자운용",
        "벤처스",
        "벤처캐피탈",
        "프라이빗에쿼티",
        "에쿼티",
        "PE",
        "제약",
        "파마",
        "테라퓨틱스",
        "로보틱스",
        "엔터테인먼트",
        "그룹",
        "코퍼레이션",
        "컴퍼니",
        "인더스트리",
        "조선소",
        "중공업",
        "머티리얼즈",
        "솔루션즈",
        "시스템즈",
        "네트웍스",
        "랩스",
        "자산신탁",
        "저축은행",
        "생명",
        "손해보험",
        "화재",
        "리츠",
        "생활건강",
        "이엔지",
        "이앤씨",
        "씨앤디",
        "엔지니어링",
        "인터내셔널",
        "툴스",
        "컨트리클럽",
        "건설",
        "물산",
        "헬스케어",
        "다이내믹스",
        "매니지먼트",
        "어드바이저스",
        "인베스트",
        "인베",
    ]
    # generic words that end in a company suffix: never a name
    NOT_NAMES: ClassVar[set[str]] = {
        "빅테크",
        "핀테크",
        "하이테크",
        "딥테크",
        "에듀테크",
        "프롭테크",
        "푸드테크",
        "헬스테크",
        "애그테크",
        "레그테크",
        "클린테크",
        "기후테크",
        "K바이오",
        "그린바이오",
        "레드바이오",
        "화이트바이오",
        "국내증권",
        "해외증권",
        "대형증권",
        "중소형증권",
        "외국계증권",
        "전자",
        "바이오",
        "증권",
        "그룹",
        "대기업그룹",
        "재벌그룹",
        "토큰증권",
        "파생결합증권",
        "상장리츠",
        "공모리츠",
    }
    # a listed word followed by this is not the organisation (한화 = Korean won)
    NOT_BEFORE: ClassVar[dict[str, str]] = {"한화": r"\s*(?:약\s*|로\s*|환산\s*)?\d"}
    # photo credits, datelines and copyright lines name outlets, not actors
    # `(서울=연합뉴스)` is a credit; the lead after `기자 = ` is not (spaced =)
    CREDIT_BEFORE: ClassVar[str] = r"(?:[/\[【<ⓒ©]|(?<!\s)=|사진\s?=)\s?$"
    CREDIT_AFTER: ClassVar[str] = r"^\s?(?:제공|캡처|캡쳐|DB\b|CI\b|홈페이지|로고)"
    CORP_MARKS: ClassVar[str] = r"㈜|\(주\)|주식회사"
    DEAL_CUES: ClassVar[tuple[str, ...]] = (
        "투자",
        "인수",
        "유치",
        "매각",
        "지분",
        "펀딩",
        "조달",
        "합병",
        "출자",
        "베팅",
        "계약",
        "협약",
        "제휴",
        "파트너십",
        "구매",
        "공급",
        "납품",
        "상장",
        "M&A",
    )
    # Latin words that are not organisations even beside a particle
    NOT_LATIN: ClassVar[set[str]] = {
        "Inc",
        "Corp",
        "Co",
        "Ltd",
        "Gold",
        "Smart",
        "Order",
        "ETF",
        "ETN",
    }

    def __init__(self, ruler=None) -> None:
        self.ruler = ruler
        self._suffix = regex.compile(
            rf"^(?P<name>.{{2,}}?)(?:{'|'.join(self.SUFFIXES)})$", regex.V1
        )
        self._credit_before = regex.compile(self.CREDIT_BEFORE)
        self._credit_after = regex.compile(self.CREDIT_AFTER)
        # most names have none of the credits' strings around them
        self._credit_hints = (
            required_search(self._credit_before),
            required_search(self._credit_after),
        )
        self._suffix_ends = tuple(self.SUFFIXES)  # cheap test before the regex
        self._suffix_rev = starts_of(
            "|".join(re.escape(s[::-1]) for s in self.SUFFIXES),
            {s[-1] for s in self.SUFFIXES},
        )
        # plain literals: `re` finds them faster than `regex`, with the same matches
        self._deal_cues = re.compile("|".join(map(re.escape, self.DEAL_CUES)))
        self._marks = regex.compile(self.CORP_MARKS)
        self._mark_before = regex.compile(rf"(?:{self.CORP_MARKS})\s?$")
        heads = "|".join(sorted(self.DESCRIPTORS, key=len, reverse=True))
        self._descriptor_rx = regex.compile(rf"(?:{heads}|\p{{Hangul}}사)(?:인)?\s")
        self._rating = regex.compile(self.CREDIT_RATING)
        self._head_words = self.DESCRIPTORS | self.MODIFIER_HEADS | {"사"}
        self._company_after = regex.compile(rf"\s?(?:{'|'.join(self.COMPANY_AFTER)})")
        self._alias_after = regex.compile(
            r"[’”'\"]?\s?\((?:이하\s?)?(?P<alias>[A-Z][A-Za-z0-9&.\-]*(?: [A-Za-z0-9&.\-]+){0,3})\)"
        )

    def find_in_doc(self, doc) -> list[Mention]:
        """Every ORG mention, one per place, with exact offsets and provenance."""
        toks = Tokens.of(doc)
        sents, spans = sentence_bounds(doc), sentence_chars(doc)
        read = read_sentences(toks, sents, spans)
        found = self.gazetteer(doc, toks) + self.corp_rules(doc, toks)
        found += self.cue_rules(doc, toks)
        found += self.context_rules(doc, toks, read)
        found += ner_orgs(doc, get_mentions(doc, "ner"))
        found = merge([m for m in found if self._keep(toks.text, m)])
        aliases = self.bracket_aliases(toks.text, found)
        found = merge(found + [m for m in aliases if self._keep(toks.text, m)])
        same = self.same_names(toks, found, read)
        found = merge(found + [m for m in same if self._keep(toks.text, m)])
        listed = self.listed_names(doc, toks, found, read)
        found = merge(found + [m for m in listed if self._keep(toks.text, m)])
        found = merge(found + self.funds(doc, toks, found, read))
        return [m for m in found if m.end > m.start]

    def listed_names(self, doc, toks: Tokens, found: list[Mention], read) -> list:
        """Names listed after an organisation up to 등 or a particle (솔리드이엔지,
        코오롱화이버, 웅진북센 등에): list members are companies too. Proper nouns or
        unknown words only, in the sentences every run reads."""
        text, out = toks.text, []
        taken = {m.start: m for m in found}
        for m in found:
            pos, items, known = m.end, [], 1
            while sep := LIST_NEXT.match(text, pos):
                j = bisect_left(toks.idx, sep.end())
                if j >= len(toks) or toks.idx[j] != sep.end():
                    break
                if sep.end() in taken:  # a name already found: the list goes on
                    pos, known = taken[sep.end()].end, known + 1
                    continue
                run = toks.name_run(j, len(toks))
                if not run or not self._name_like(toks, run, compound=False):
                    break
                start, end = toks.idx[run[0]], toks.end(run[1])
                if end - start < 3:  # 현대, 신한: a short form is no new name
                    break
                if not read.holds(start):
                    break
                items.append((start, end))
                pos = end
            # two names found in the list already, or a list of backers or targets
            # (… 등에 투자했다): it lists companies
            if items and (
                known >= 2
                and LIST_CLOSE.match(text, pos)
                or DEAL_LIST_CLOSE.match(text, pos)
            ):
                for start, end in items:
                    out.append(self._make(doc, start, end, LISTED))
        return out

    def funds(self, doc, toks: Tokens, found: list[Mention], read) -> list:
        """A numbered fund written as one word (센트로이드제7호바이아웃펀드, IMM로즈골드4호):
        its manager's name opens it or a fund word ends it. 1호점, 2호기, 제1호 안건
        have neither. In the sentences every run reads."""
        text, out = toks.text, []
        if "호" not in text:
            return out
        opens, seen = {m.start for m in found}, set()
        for hit in FUND_HIT.finditer(text):
            start, end = hit.start(), hit.end()
            while start > 0 and _word_char(text[start - 1]):
                start -= 1
            while end < len(text) and _word_char(text[end]):
                end += 1
            if start in seen:
                continue
            seen.add(start)
            i, j = bisect_left(toks.idx, start), bisect_left(toks.idx, end)
            if i >= len(toks) or toks.idx[i] != start or not read.holds(start):
                continue
            while j > i + 1 and (  # the particle after the name is not in it
                toks.heads[j - 1].startswith("J") or toks.words[j - 1] in TRAIL_WORDS
            ):
                j -= 1
            end = toks.end(j - 1)
            name = text[start:end]
            number = FUND_NUMBER.search(name)
            if number is None or number.start() == 0:
                continue
            if FUND_END.search(name) or (start in opens and number.start() > 0):
                out.append(self._make(doc, start, end, FUND))
        return out

    def _keep(self, text: str, m: Mention) -> bool:
        if m.source not in (GAZETTEER, GLUED) and m.text in NOT_ORGS:
            return False
        before, after = text[max(0, m.start - 4) : m.start], text[m.end : m.end + 6]
        hint_before, hint_after = self._credit_hints
        credit = (hint_before(before) and self._credit_before.search(before)) or (
            hint_after(after) and self._credit_after.match(after)
        )
        return not credit

    def _make(self, doc, start: int, end: int, source: str, value=None) -> Mention:
        text = doc_text(doc)[start:end]
        value = value or _aliases().get(_key(text), text)
        return Mention("ORG", start, end, text, value, source, self.SCORES[source])

    def gazetteer(self, doc, toks: Tokens | None = None) -> list[Mention]:
        """Listed names: the span ruler over whole tokens, plus listed names inside
        one token before 사/측/등 (Kiwi reads 앤스로픽사 as one unknown noun)."""
        toks = toks or Tokens.of(doc)
        found = []  # (mention, its tokens when it spans whole ones)
        if self.ruler is not None:
            for first, end, span_id in ruler_tokens(self.ruler, doc):
                start, stop = toks.idx[first], toks.end(end - 1)
                m = self._make(doc, start, stop, GAZETTEER, span_id or None)
                found.append((m, (first, end)))
        aliases = _aliases()
        for i in toks.trailed():
            word = toks.words[i]
            if _key(word[:-1]) in aliases:
                start = toks.idx[i]
                m = self._make(doc, start, start + len(word) - 1, GAZETTEER)
                found.append((m, None))  # ends inside its token
        return [
            self._extend_span(doc, m, toks, span)
            for m, span in found
            if not self._not_here(toks.text, m)
        ]

    def _not_here(self, text: str, m: Mention) -> bool:
        """A listed word used otherwise: 한화 약 1600조원 is 'in won', not Hanwha."""
        rule = self.NOT_BEFORE.get(m.text)
        return bool(rule and regex.match(rule, text[m.end : m.end + 12]))

    def _extend(self, doc, m: Mention, toks: Tokens | None = None) -> Mention:
        """A listed name glued to unknown proper nouns is a longer name of its own
        (SB오픈AI재팬, 두산스코다파워): the subsidiary stays itself."""
        toks = toks or Tokens.of(doc)
        return self._extend_span(doc, m, toks, toks.span(m.start, m.end))

    def _extend_span(self, doc, m: Mention, toks: Tokens, span) -> Mention:
        """`_extend` given the tokens [first, end) the mention spans, or None when
        it does not span whole tokens (`Tokens.span`)."""
        if span is None:
            return m
        first, end = span
        if not toks.in_run(first):
            return m
        # the run holding the name, cut to three tokens either side
        lo, hi = max(0, first - 3), min(len(toks), end + 3)
        a, b = toks.run_first(first, lo), toks.run_last(first, hi)
        if b < end - 1 or (a == first and b == end - 1):  # most names: the whole run
            return m
        run = range(a, b + 1)
        extra = [i for i in run if i < first or i >= end]
        if any(
            not toks.name_part(i) or _key(toks.words[i]) in _aliases() for i in extra
        ):
            return m
        return self._make(doc, toks.idx[run[0]], toks.end(run[-1]), GLUED)

    def corp_rules(self, doc, toks: Tokens | None = None) -> list[Mention]:
        """Company forms: a marked name (㈜X, X(주), 주식회사 X) or a name suffix."""
        toks = toks or Tokens.of(doc)
        text = toks.text
        marks = self._marks.search(text) is not None  # else no run can be marked
        ends, idx, words = self._suffix_ends, toks.idx, toks.words
        found = []
        if marks:
            runs = toks.noun_runs(0, len(toks))
        else:  # only a run whose text ends in a suffix can be suffixed
            runs = self._suffix_candidates(text, toks)
        for run in runs:
            if len(run) > 1:
                run = self._trim_run(toks, run)
            start, end = idx[run[0]], idx[run[-1]] + len(words[run[-1]])
            if marks and self._marked(text, start, end):
                found.append(self._make(doc, start, end, CORP_FORM))
            elif text.endswith(ends, start, end) and self._suffixed(
                text[start:end], toks, run
            ):
                found.append(self._make(doc, start, end, CORP_SUFFIX))
        return found

    def _suffix_candidates(self, text: str, toks: Tokens) -> list[list[int]]:
        """The noun runs whose text ends in a suffix (trimming keeps a run's end),
        in order: found from where a suffix ends in the text, far fewer places."""
        idx, words, n, out = toks.idx, toks.words, len(toks), []
        for p in self._suffix_ends_in(text):
            i = bisect_left(idx, p) - 1
            if i < 0 or idx[i] + len(words[i]) != p or not toks.in_run(i):
                continue
            if i + 1 == n or toks.spaced[i] or not toks.in_run(i + 1):
                out.append(list(range(toks.run_first(i, 0), i + 1)))
        return out

    def _suffix_ends_in(self, text: str) -> list[int]:
        """Every place in `text`, in order, where a suffix ends (also inside
        another): where the reversed suffix starts in the reversed text."""
        size = len(text)
        ends = [size - m.start() for m in self._suffix_rev.finditer(text[::-1])]
        ends.reverse()
        return ends

    def _trim_run(self, toks: Tokens, run: list[int]) -> list[int]:
        """Drop leading common nouns (기업아이벡스…) and listed names glued before
        another name (뉴시스NH투자증권), but not the name a bare suffix completes
        (미래에셋 + 캐피탈)."""
        aliases = _aliases()
        while len(run) > 1:
            first = run[0]
            common = toks.heads[first] == "NNG" and not toks.oov(first)
            if not common:
                if _key(toks.words[first]) not in aliases:
                    break
                rest = "".join(toks.words[i] for i in run[1:])
                if not (_key(rest) in aliases or self._suffix.match(rest) is not None):
                    break
            run = run[1:]
        return run

    def _marked(self, text: str, start: int, end: int) -> bool:
        before, after = text[max(0, start - 5) : start], text[end : end + 4]
        return bool(self._mark_before.search(before) or MARK_AFTER.match(after))

    def _suffixed(self, text: str, toks: Tokens, run: list[int]) -> bool:
        m = self._suffix.match(text)
        if not m or text in self.NOT_NAMES or m.group("name") in self.NOT_NAMES:
            return False
        first = run[0]  # the name must start as a proper noun, a Latin word or unknown
        if toks.heads[first] == "SN":  # 815생활건강: a name may open with digits
            digits = toks.words[first]  # not a rank, a price or a year (2위, 5만전자)
            year = regex.fullmatch(r"(?:19|20)\d\d", digits)
            return (
                len(digits) >= 3
                and not year
                and len(run) > 1
                and toks.heads[run[1]] in {"NNP", "NNG"}
            )
        return toks.heads[first] in {"NNP", "SL", "SH"} or toks.oov(first)

    def cue_rules(self, doc, toks: Tokens | None = None) -> list[Mention]:
        """Weak rules, only in sentences with a deal cue: a Latin name (not all
        capitals) or an unknown proper noun, directly followed by a particle."""
        toks = toks or Tokens.of(doc)
        found, text, heads = [], toks.text, toks.heads
        cued = self._deal_cues.search
        sents, spans = sentence_bounds(doc), sentence_chars(doc)
        for (lo, hi), (start, end) in zip(sents, spans, strict=True):
            if not cued(text, start, end):
                continue
            # the plain runs: a particle never follows one a Latin word continues,
            # so only the runs it follows are joined to Latin words before them
            for run in toks.particle_runs(lo, hi, WEAK_ENDS):
                first, last = run[0], run[-1]
                if heads[first] != "SL" and (first < last or heads[first] != "NNP"):
                    continue  # most runs: neither of `_weak_kind`'s kinds
                run = toks.latin_run(run, lo)
                source = self._weak_kind(toks, run)
                if source:
                    found.append(
                        self._make(doc, toks.idx[run[0]], toks.end(last), source)
                    )
        return found

    def _weak_kind(self, toks: Tokens, run: list[int]) -> str | None:
        heads, i = toks.heads, run[0]
        # the text only where a rule reads it: most runs are neither kind
        if heads[i] == "SL" and all(heads[k] == "SL" for k in run):
            text = self._run_text(toks, run)
            split = text.split()
            if text.isupper() or text in self.NOT_LATIN or not split[0][:1].isalpha():
                return None
            return LATIN_CUE if any(c.isupper() for c in text) else None
        if (
            len(run) == 1
            and heads[i] == "NNP"
            and toks.oov(i)
            and len(self._run_text(toks, run)) > 1
        ):
            # 아서 맨쉬가: an unknown word after a proper noun is most often a person
            if i > 0 and toks.spaced[i - 1] and heads[i - 1] == "NNP":
                return None
            return OOV_CUE
        return None

    @staticmethod
    def _run_text(toks: Tokens, run: list[int]) -> str:
        words, spaced = toks.words, toks.spaced
        return "".join(words[i] + (" " if spaced[i] else "") for i in run).strip()

    def context_rules(self, doc, toks: Tokens, read) -> list[Mention]:
        """Names the words around them make companies, in the sentences every run
        reads: after a description's head noun (골프 플랫폼 스마트스코어가, 기업
        ‘잇그린’이), and a headline's subject (피노, …)."""
        found, words = [], toks.words
        # only a description's head noun (or 사) opens an appositive
        is_head = self._head_words.__contains__
        for lo, hi in read.tokens:
            start, end = toks.idx[lo], toks.end(hi - 1)
            if lo == 0 and cued(toks.text, start, end):
                found += self._headline(doc, toks, hi)
            at = list(compress(count(lo), map(is_head, words[lo : hi - 1])))
            # the regex and the token rules must both agree: the rules, on a few
            # tokens, cost less than the regex's scan of the sentence
            names = self._appositives(doc, toks, at, hi) if at else []
            if names and self._descriptor_rx.search(toks.text, start, end):
                found += names
        return found

    def _appositives(self, doc, toks: Tokens, at: list[int], hi: int) -> list:
        """`at`: the sentence's tokens that may head a description, before `hi` - 1."""
        found = []
        for i in at:
            if not self._describes(toks, i):
                continue
            j = i + 1
            if not toks.spaced[i]:  # 손자회사인 키이스트를
                if toks.words[j] != "인" or not toks.spaced[j]:
                    continue
                j += 1
            run = toks.name_run(j, hi)
            if (
                run
                and self._follows(toks, run[2], hi, "(")
                and not self._modifies_name(toks, run[2], hi)
                and self._name_like(toks, run)
            ):
                found.append(
                    self._make(doc, toks.idx[run[0]], toks.end(run[1]), APPOSITIVE)
                )
        return found

    @staticmethod
    def _modifies_name(toks: Tokens, k: int, hi: int) -> bool:
        """A genitive before a proper noun: the name follows (모회사인 미국의 메타)."""
        return (
            toks.heads[k] == "JKG"
            and k + 1 < hi
            and toks.spaced[k]
            and toks.heads[k + 1] in ("NNP", "SL")
        )

    def _describes(self, toks: Tokens, i: int) -> bool:
        """A description's head noun: a listed one, or 사 glued to a common noun
        (게임+사)."""
        word = toks.words[i]
        if word in self.MODIFIER_HEADS:  # 에너지 기업 X, not 기업 지배구조
            return i > 0 and toks.heads[i - 1] in {"NNG", "NNP", "SL"}
        if word in self.DESCRIPTORS:
            return True
        return (
            word == "사"
            and i > 0
            and not toks.spaced[i - 1]
            and toks.heads[i - 1] == "NNG"
            and not toks.oov(i - 1)
        )

    def _headline(self, doc, toks: Tokens, hi: int) -> list[Mention]:
        """The article's first words before a comma: 비에이치아이, 1001억 수주."""
        j = 0
        if toks.words[0] in ("[", "【", "<"):  # a section tag: [단독]
            j = next((k + 1 for k in range(min(hi, 8)) if toks.words[k] in "]】>"), hi)
        run = toks.name_run(j, hi) if j < hi else None
        if not run or run[0] != j or run[2] >= hi or toks.words[run[2]] != ",":
            return []
        if toks.spaced[run[1]] or not self._name_like(toks, run, compound=False):
            return []
        return [self._make(doc, toks.idx[run[0]], toks.end(run[1]), HEADLINE)]

    @staticmethod
    def _follows(toks: Tokens, k: int, hi: int, also: str) -> bool:
        """A particle (or `also`) written right after the name."""
        if k >= hi or toks.spaced[k - 1]:
            return False
        return toks.heads[k].startswith(PARTICLE_TAGS) or (
            bool(also) and toks.words[k] == also
        )

    def _name_like(
        self, toks: Tokens, run: tuple[int, int, int], compound: bool = True
    ) -> bool:
        """Starts as a proper noun, a Latin name or an unknown word; or, when
        `compound`, common nouns written together (스마트+스코어) as the subject
        of a sentence and named again in the article: Sino-Korean compounds after
        기업 or 회사 (기업 인수자금에, 회사 고유자금으로) are rarely either."""
        first, last = run[0], run[1]
        text = toks.text[toks.idx[first] : toks.end(last)]
        if len(text) < 2 or text in NOT_ORGS or text in self.NOT_NAMES:
            return False
        if any(self._describes(toks, i) for i in range(first, last + 1)):
            return False
        words, heads = toks.words, toks.heads
        if heads[first] == "SL" and first == last:
            return len(text) > 2 and text not in self.NOT_LATIN
        if heads[first] in {"NNP", "SL", "SH"} or toks.oov(first):
            return words[last] not in self.GENERIC_ENDS
        if not compound or first == last or heads[first] != "NNG":
            return False
        subject = run[2] < len(toks) and words[run[2]] in ("이", "가", "은", "는")
        return (
            subject
            and words[last] not in self.GENERIC_ENDS
            and toks.text.count(text) >= self.COMPOUND_REPEATS
        )

    def bracket_aliases(self, text: str, found: list[Mention]) -> list[Mention]:
        """A Latin name in brackets right after an organisation is another name of
        it: 선메탈코퍼레이션(SMC), 에식스솔루션즈(Essex Solutions)."""
        out = []
        for m in found:
            a = self._alias_after.match(text, m.end)
            alias = a.group("alias") if a else ""
            if (
                len(alias) > 1
                and alias not in self.NOT_ALIASES
                and not (self._rating.fullmatch(alias))
            ):
                start, end = a.span("alias")
                value = m.value or m.text  # the fuller name it abbreviates
                out.append(
                    Mention(
                        "ORG",
                        start,
                        end,
                        a.group("alias"),
                        value,
                        BRACKET_ALIAS,
                        self.SCORES[BRACKET_ALIAS],
                    )
                )
        return out

    def _company_context(self, text: str, name: str) -> bool:
        at = text.find(name)
        while at >= 0:
            if self._company_after.match(text, at + len(name)):
                return True
            at = text.find(name, at + 1)
        return False

    def same_names(self, toks: Tokens, found: list[Mention], read) -> list[Mention]:
        """One name per article: a name a rule found in a sentence every run reads
        is an organisation wherever else it stands as a word (Kiwi may split it
        differently there)."""
        names: dict[str, Mention] = {}
        for m in found:
            if (
                m.source in DISCOURSE_SOURCES
                and len(m.text) >= 2
                and read.holds(m.start)
            ):
                names.setdefault(m.text, m)
        text = toks.text
        for name, m in list(names.items()):
            if m.source in WEAK_SOURCES and not self._company_context(text, name):
                del names[name]
        out = []
        taken = [(m.start, m.end) for m in found]
        for name, src in names.items():
            at = text.find(name)
            while at >= 0:
                end = at + len(name)
                if (
                    (at == 0 or not text[at - 1].isalnum())
                    and toks.starts_at(at)
                    and NAME_END.match(text, end)
                    and not _overlaps(taken, at, end)
                ):
                    out.append(
                        Mention(
                            "ORG",
                            at,
                            end,
                            name,
                            src.value,
                            SAME_NAME,
                            self.SCORES[SAME_NAME],
                        )
                    )
                at = text.find(name, end)
        return out


_HEADS: dict[str, str] = {}  # a token's tag -> its first morpheme's (NNP+JKS -> NNP)


class Tokens:
    """A Doc's tokens as plain columns, read once: the rules scan every token, and
    spaCy builds a Token object (and `doc.text`) anew on each access."""

    __slots__ = ("text", "idx", "words", "heads", "spaced", "_oov")

    def __init__(self, text, idx, words, heads, spaced, oov) -> None:
        self.text, self.idx, self.words = text, idx, words
        self.heads, self.spaced, self._oov = heads, spaced, oov

    @classmethod
    def of(cls, doc) -> Tokens:
        text = doc_text(doc)
        if not len(doc):
            return cls(text, [], [], [], [], frozenset())
        cols = doc_columns(doc)
        if cols is not None:
            head = _HEADS
            try:
                heads = list(map(head.__getitem__, cols.tags))
            except KeyError:
                for t in cols.tags:
                    head.setdefault(t, t.split("+")[0])
                heads = list(map(head.__getitem__, cols.tags))
            idx = cols.idx
            oov = frozenset(idx[i] for i in cols.oov)
            return cls(text, idx, cols.words, heads, cols.spaces, oov)
        return cls._of_arrays(doc, text)

    @classmethod
    def _of_arrays(cls, doc, text: str) -> Tokens:
        """From the Doc's own arrays: a Doc built elsewhere."""
        from spacy.attrs import IDX, LENGTH, SPACY, TAG

        cols = doc.to_array([IDX, LENGTH, TAG, SPACY]).tolist()
        strings = doc.vocab.strings
        heads: dict[int, str] = {}
        for _, _, tag, _ in cols:
            if tag not in heads:
                heads[tag] = strings[tag].split("+")[0]
        idx = [c[0] for c in cols]
        words = [text[c[0] : c[0] + c[1]] for c in cols]
        # Token extensions live in user_data under ("._.", name, token.idx, None)
        oov = frozenset(
            k[2]
            for k, v in doc.user_data.items()
            if v and isinstance(k, tuple) and k[:2] == ("._.", "kiwi_oov")
        )
        return cls(
            text,
            idx,
            words,
            [heads[c[2]] for c in cols],
            [bool(c[3]) for c in cols],
            oov,
        )

    def __len__(self) -> int:
        return len(self.idx)

    def end(self, i: int) -> int:
        return self.idx[i] + len(self.words[i])

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The tokens [first, end) that `doc.char_span(start, end)` would give: None
        unless `start` opens a token and `end` closes one."""
        idx = self.idx
        first, last = bisect_left(idx, start), bisect_left(idx, end) - 1
        if end <= start or first >= len(idx) or idx[first] != start:
            return None
        if last < first or self.end(last) != end:
            return None
        return first, last + 1

    def starts_at(self, pos: int) -> bool:
        """Whether a token starts at character `pos`."""
        i = bisect_left(self.idx, pos)
        return i < len(self.idx) and self.idx[i] == pos

    def name_run(self, j: int, hi: int) -> tuple[int, int, int] | None:
        """The name-like tokens written together from `j` (inside quotes when `j`
        opens one): first, last and the index of the token after (after the
        closing quote)."""
        words, heads, spaced = self.words, self.heads, self.spaced
        quoted = words[j] in OPEN_QUOTES
        if quoted and spaced[j]:
            return None
        k = first = j + quoted
        while k < hi and heads[k] in NOUNISH and words[k] not in TRAIL_WORDS:
            k += 1
            if spaced[k - 1]:
                break
        if k == first:
            return None
        if quoted:
            if k >= hi or words[k] not in CLOSE_QUOTES or spaced[k - 1]:
                return None
            return first, k - 1, k + 1
        return first, k - 1, k

    def trailed(self) -> list[int]:
        """The tokens of 3+ characters ending in 사, 측, 등 or 쪽, in order: found from
        those characters in the text, fewer than the tokens."""
        idx, words, out = self.idx, self.words, []
        for hit in _TRAIL_CHARS.finditer(self.text):
            p = hit.start()
            i = bisect_right(idx, p) - 1
            if i >= 0 and p - idx[i] >= 2 and idx[i] + len(words[i]) == p + 1:
                out.append(i)
        return out

    def oov(self, i: int) -> bool:
        """Kiwi's unknown word (`token._.kiwi_oov`)."""
        return self.idx[i] in self._oov

    def in_run(self, i: int) -> bool:
        """Whether token `i` is name-like: it belongs to a noun run (`noun_runs`)."""
        return self.heads[i] in NOUNISH and self.words[i] not in TRAIL_WORDS

    def run_first(self, i: int, lo: int) -> int:
        """The first token of the noun run holding token `i`, cut at `lo`: a run is
        defined by each token and the one before, so it is found from `i` alone."""
        spaced, in_run = self.spaced, self.in_run
        while i > lo and not spaced[i - 1] and in_run(i - 1):
            i -= 1
        return i

    def run_last(self, i: int, hi: int) -> int:
        """The last token of the noun run holding token `i`, cut before `hi`."""
        spaced, in_run = self.spaced, self.in_run
        while i + 1 < hi and not spaced[i] and in_run(i + 1):
            i += 1
        return i

    def noun_runs(
        self, lo: int, hi: int, latin_spaces: bool = False
    ) -> list[list[int]]:
        """Maximal runs of name-like tokens in [lo, hi) with nothing between them
        (Latin words may be spaced when `latin_spaces`: Thrive Capital). Found in
        the range alone: a range's runs are the Doc's runs cut to it."""
        if lo >= hi:
            return []
        words, spaced, runs, last = self.words, self.spaced, [], -2
        # the name-like heads picked in C (compress), the few trail words in Python
        nounish = map(NOUNISH.__contains__, self.heads[lo:hi])
        for i in compress(count(lo), nounish):
            if words[i] in TRAIL_WORDS:
                continue
            if last == i - 1 and not spaced[last]:
                runs[-1].append(i)
            else:
                runs.append([i])
            last = i
        return self._join_latin(runs) if latin_spaces else runs

    def _join_latin(self, runs: list[list[int]]) -> list[list[int]]:
        """Runs joined where only a space parts Latin words."""
        heads, out = self.heads, []
        for run in runs:
            if (
                out
                and out[-1][-1] == run[0] - 1
                and heads[run[0]] == "SL"
                and heads[run[0] - 1] == "SL"
            ):
                out[-1] = out[-1] + run
            else:
                out.append(run)
        return out

    def particle_runs(self, lo: int, hi: int, ends=NOUNISH) -> list[list[int]]:
        """The runs of `noun_runs(lo, hi)` a particle (a J tag) follows directly,
        maybe as the token after `hi`, whose last token's head is one of `ends`:
        found from those tokens, fewer than the runs."""
        heads, spaced, words, out = self.heads, self.spaced, self.words, []
        after = len(heads) - 1
        for last in compress(count(lo), map(ends.__contains__, heads[lo:hi])):
            if (
                last < after
                and not spaced[last]
                and heads[last + 1].startswith(PARTICLE_TAGS)
                and words[last] not in TRAIL_WORDS
            ):
                out.append(list(range(self.run_first(last, lo), last + 1)))
        return out

    def latin_run(self, run: list[int], lo: int) -> list[int]:
        """A run of `noun_runs(lo, hi)` that ends its run of `noun_runs(lo, hi,
        latin_spaces=True)`, as that run: joined to the runs before it that only a
        space between Latin words parts from it."""
        heads, first = self.heads, run[0]
        start = first
        while (
            start > lo
            and heads[start] == "SL"
            and heads[start - 1] == "SL"
            and self.in_run(start - 1)
        ):
            start = self.run_first(start - 1, lo)
        return list(range(start, first)) + run if start < first else run

    def name_part(self, i: int) -> bool:
        """A token that can continue a glued name: a proper noun, Latin letters, or
        a longer common noun written onto it without a space (한화+컨버전스)."""
        head = self.heads[i]
        if head in {"NNP", "SL", "SH"}:
            return True
        glued = i > 0 and not self.spaced[i - 1]
        word = self.words[i]
        return head == "NNG" and glued and len(word) >= 3 and word not in NOT_NAME_PARTS


def make_ruler(nlp, name: str = "org_gazetteer"):
    """A span ruler fed the rows `seed_kiwi` uses; patterns tokenized by `nlp`."""
    from spacy.pipeline import SpanRuler

    ruler = SpanRuler(nlp, name, spans_key=None, overwrite=False)
    with nlp.select_pipes(enable=[]):  # only the tokenizer reads the patterns
        ruler.add_patterns(ruler_rows())
    return ruler


def ruler_tokens(ruler, doc) -> list[tuple[int, int, str]]:
    """(first token, end token, id) of `ruler.match(doc)`'s spans, in its order,
    without making a Span for each: the ruler's matchers are read directly
    (spaCy's SpanRuler keeps them as `matcher` and `phrase_matcher`); else
    `ruler.match` itself."""
    labels = getattr(ruler, "_match_label_id_map", None)
    if labels is None or not hasattr(ruler, "phrase_matcher"):
        return [(s.start, s.end, s.id_) for s in ruler.match(doc)]
    strings = doc.vocab.strings
    found = set()
    for matcher in (ruler.matcher, ruler.phrase_matcher):
        if not len(matcher):  # no patterns, no matches (and no warning)
            continue
        for m_id, start, end in matcher(doc):
            if start != end:
                info = labels[m_id]
                found.add((start, end, info["label"], info["id"]))
    # Spans order by (start_char, end_char, label, kb_id, id), the strings' hashes;
    # token order is character order (tokens are ordered and not empty)
    rows = [
        (start, end, strings.add(label), strings.add(span_id), span_id)
        for start, end, label, span_id in found
    ]
    rows.sort(key=lambda r: r[:4])
    return [(start, end, span_id) for start, end, _, _, span_id in rows]


def ruler_rows() -> list[dict]:
    """The alias rows, plus each Hangul+Latin name spaced at the script change
    (퓨리오사AI is also written 퓨리오사 AI, and then it is two tokens)."""
    rows = [dict(r) for r in alias_rows()]
    for r in alias_rows():
        spaced = regex.sub(r"(?<=\p{Hangul})(?=[A-Za-z])", " ", r["pattern"])
        if spaced != r["pattern"] and _key(spaced) == _key(r["pattern"]):
            rows.append({**r, "pattern": spaced})
    return rows


@Language.factory(
    "kdeal_org", assigns=["doc.spans"], default_config={"spans_key": "org"}
)
def make_org(nlp, name: str, spans_key: str = "org"):
    """Component `kdeal_org`: ORG mentions into doc.spans["org"] (id_ canonical)."""
    return ExtractorPipe(name, OrgExtractor(make_ruler(nlp)), spans_key)


# common nouns that glue to a company name without making a new one (삼성전자계열사)
NOT_NAME_PARTS = {
    "계열사",
    "관계자",
    "자회사",
    "대표이사",
    "그룹주",
    "우선주",
    "보통주",
    "경영진",
}
