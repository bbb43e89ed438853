"""Stage 5: per sentence, deal cues -> type and status; particles -> roles.

Every amount the money extractor found is looked at with its neighbourhood: a deal cue
next to it (`extractors/data/cues.yaml`) makes it a deal candidate, not-a-deal nouns
(매출, 시가총액 ...) drop it, valuation words move it to `valuation`. Organisations get
roles from the particle that follows them (은/는/이/가 subject, 에 target, 을/를 object,
으로부터 source, 의 genitive, 와/과 coordination or partner).
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import regex

from extractors.base import (
    Mention,
    doc_text,
    get_mentions,
    sentence_chars,
    token_starts,
)
from extractors.data import load
from extractors.gate import required_search, search_gate
from extractors.org import NER, WEAK_SOURCES
from pipeline import coref
from pipeline.work import Options, Work

SUBJ, OBJ, DAT, SRC, GEN, CONJ, WITH, LEAD, STAKE, BOUGHT = (
    "subj",
    "obj",
    "dat",
    "src",
    "gen",
    "conj",
    "with",
    "lead",
    "stake",
    "bought",
)
PARTICLE_ROLE = {
    "은": SUBJ,
    "는": SUBJ,
    "이": SUBJ,
    "가": SUBJ,
    "께서": SUBJ,
    "도": SUBJ,
    "을": OBJ,
    "를": OBJ,
    "에": DAT,
    "에게": DAT,
    "한테": DAT,
    "에서": SRC,
    "에게서": SRC,
    "으로부터": SRC,
    "로부터": SRC,
    "의": GEN,
    "와": CONJ,
    "과": CONJ,
    "랑": CONJ,
    "하고": CONJ,
}
AFTER_ORG = regex.compile(
    r"\s?\([^()\n]{1,60}\)|['’\"”]|\s['‘][^'’\n]{1,20}['’]"
    r"|\s?(?:등|측|사|社|그룹|이사회|컨소시엄)(?=\p{Hangul}|\s)"
    r"|\s(?:[A-Z]{2,4}\s?)?(?:부문|사업부|본부)(?=\p{Hangul}|\s)"  # 미래에셋 PE부문은
    r"|\s?외\s?\d+\s?(?:인|명|곳|개사)"  # B 외 3인과: B and its partners
    # 현대차그룹 회장은: the company acts through its head
    r"|\s(?:\p{Hangul}{2,4}\s)?(?:명예\s?)?(?:회장|부회장|사장|대표(?:이사)?|의장|총수)(?=\p{Hangul})"
)
SIZE_NP = regex.compile(
    r"\s?(?:\([^()]{0,30}\)\s?)?(?:대\s?)?(?:규모|상당|어치)(?:의|인|로)?\s"
)
OBJECT_END = regex.compile(r"[\p{Hangul})](?:을|를)\s")
PRODUCT_AFTER = regex.compile(
    r"의\s?[^.,]{0,12}(?:서비스|제품|칩|클라우드|솔루션|모델|플랫폼|장비|소프트웨어|반도체)"
)
BUY_NEAR = regex.compile(r"인수|매입|사들|지분[^.]{0,12}?(?:확보|취득)")
OWNER_AFTER = regex.compile(r"\s?(?:보유|소유)(?:한|하던|했던|중인|하고\s?있는)\s")
FILED_AFTER = regex.compile(r"\s?(?:제출|신고|보고|공시|통보)")
UNIT_AFTER = regex.compile(
    r"\s?(?:\p{Hangul}{1,8}\s?)?(?:사업부문|사업부|부문|사업|법인|자회사|계열사|공장|브랜드|생산\s?시설|시설|설비|사업장)(?:을|를)\s"
)
SOURCE_AFTER = regex.compile(r"(?:측)?에\s?(?:따르면|따른|의하면|따라)")
LIST_TAIL = regex.compile(
    r"(?:\s?[,·ㆍ]\s?[\p{Hangul}A-Za-z0-9&]{2,20})+\s?(?:등)?"
    r"(?P<p>으로부터|로부터|에서|에|을|를|은|는|이|가|의)(?=\s)"
)
CO_BUYER = regex.compile(
    r"\s?(?:와|과)\s?(?:함께|손잡고|손을\s?잡고|컨소시엄을?\s?(?:꾸려|꾸리고|구성해|구성하고|이뤄|결성해))"
)
RIGHTS_RUN = regex.compile(r"유상증자(?:를|을)?\s?(?:실시|단행|결정|추진|진행)")
# names only a weak rule found (an unknown word before a particle): people as often
WEAK_NAME_SOURCES = WEAK_SOURCES | {NER}
NOUN_GAP = regex.compile(r"\s?(?:(?:누적|총|추가|지분|직접|전략적)\s?)*")
RAISED_SO_FAR = regex.compile(
    r"(?:누적|총|지금까지의?|현재까지의?)\s?(?:투자\s?유치|투자|유치)\s?(?:액|금액|금|규모)(?:은|는|이|가)"
)
JOINT_AFTER = regex.compile(r"에\s?[^.,]{0,20}?(?:공동\s?(?:으로\s?)?|함께\s?)투자")
# B가 발행한 CB를 인수: B issues, the buyer invests in B
# B는 …CB를 발행했는데 / 유상증자를 실시했는데: an issue whose buyers follow
ISSUE_TOLD = regex.compile(
    r"(?:전환사채|신주인수권부사채|교환사채|CB|BW|EB|RCPS|상환전환우선주|신주|유상증자)"
    r"[^.]{0,12}?(?:발행|실시|단행)(?:했|하였|하기로\s?했)(?:는데|으며|고|다)"
)
ISSUED_BY = regex.compile(r"(?:이|가)\s?발행(?:한|하는|할)\s")
BARE_PARTICLE = regex.compile(r"(와|과|에게|에|을|를|은|는|이|가)\s")
REPORTED_DONE = regex.compile(
    r"(?<!기로\s?|키로\s?|려고\s?|체결|결정|합의|서명|공시|발표|의결|승인|계약|선정)"
    r"(?:했|였|됐|쳤|냈|받았|마쳤|끝냈)다고\s"
)
STATISTIC = regex.compile(r"기록(?:했|한|하며|해|하고)")
VIA_AFTER = regex.compile(r"\s?(?:거쳐|통해|통한|경유)")
TRANCHE_OF = regex.compile(r"(?:이|그)\s?(?:가운데|중)\s?$")
PROJECT_BEFORE = regex.compile(r"(?:프로젝트|사업)\s?['‘\"“]?$")
INVEST_NOUN = regex.compile(r"\s?(?:투자|출자|지원)(?:를|을)?\s?(?:받|유치)")
DEVELOPED = regex.compile(r"개발(?:했|한|해|하는\s?데)")
OTHER_DAT = regex.compile(r"\p{Hangul}(?:에|에게)\s")
OPEN_BRACKET = regex.compile(r"\s?\(")
ASIDE = regex.compile(r"\([^()]*\)")
PAIR_CLOSE = regex.compile(r"[^()]{0,3}\)")  # 27억달러(약 3조7000억원): the pair's ")"
GENITIVE_GAP = regex.compile(r"의\s?")
NEGATED = regex.compile(
    r"(?:하지|되지|받지|키지)\s?(?:않|못)|불참|안\s?(?:한다|하기로|했)"
)
CONSORTIUM = regex.compile(r"컨소시엄\s?$")
HEADLINE_SUBJ = regex.compile(r"\s?,\s")
LIST_SEP = regex.compile(r"\s*(?:,|·|ㆍ|및|/|와|과|-|–)\s*")
SUPPLY = regex.compile(
    r"공급(?:한다|하기로|키로|했|할|하는\s?계약|한\s?계약)|납품(?:한다|하기로|했)"
    r"|(?:공급|납품|판매)\s?계약(?:을|를)?\s?(?:체결|맺)"
)
OWN_GAP = regex.compile(
    r"\s?(?:이|가|은|는|도)?\s?(?:리드\s?투자자로|공동으로|단독으로)?\s?"
)
FEE_GAP = regex.compile(r"\s?(?:\p{Hangul}{1,6}\s?)?")
RELATIVE = regex.compile(
    r"\p{Hangul}{0,3}한\s|(?:에|을|를)?\s?(?:나선|(?:검토|추진|진행)\s?중인)\s"
)
PARTICIPATE = regex.compile(
    r"참여(?:했|한|하였|해|하며)|투자자로\s?(?:나섰|참여)|(?:공동\s?)?주도(?:했|한|하였|해)"
    r"|인수하기로|배정\s?받"
)
# A와 B는 초기 투자자로 나섰다: backers named without an amount or a verb of paying
INVESTOR_AS = regex.compile(r"투자자로\s?(?:나섰|나서|참여|합류|이름을\s?올)")
# 기존 투자자인 A도 후속 투자를 단행했다: a backer of the round just told
FOLLOW_ON = regex.compile(
    r"(?:후속|추가|공동)\s?투자(?:를|에)?\s?(?:단행|집행|참여|했|나섰)"
)
# 주요 투자자로는 A, B 등이 있다: the backers of the company the text is about
BACKERS_ARE = regex.compile(
    r"(?:주요\s?|기존\s?)?(?:투자자|투자사|재무적\s?투자자|주주)(?:로는|\s?가운데|\s?중에는|\s?중엔)\s"
)
OWN_ROUND = regex.compile(r"유치|조달|투자\s?받")  # a sentence about a round of its own
THIS_DEAL = regex.compile(r"이번\s?(?:투자|라운드|펀딩|유상증자|증자|거래|발행)")
TRANSFER = regex.compile(r"(?:주식|지분|경영권)?\s?양수도")  # a share transfer contract
BUYER_CUE = regex.compile(
    r"우선\s?협상\s?대상자|인수\s?후보|인수자|매수자|새\s?주인|원매자"
)
TALKS_CUE = regex.compile(r"우선\s?협상|후보|협상")
ROUND_SPAN = 8  # sentences after a round that may still name its backers
ROUND_CUE = regex.compile(
    r"(?:투자|투자금|자금|펀딩|라운드)(?:을|를)?\s?(?:유치|받았|받은|받아)"
)
PRICE_BEFORE = regex.compile(
    r"(?:계약|거래|인수|매각|매매|투자|양수도?|양도|공급|수주)\s?"
    r"(?:금액|규모|대금|가액|가격|총액)\s?(?:은|는|이|가)?\s?"
    # 인수 가격은 주당 6만원으로, 총 X: the price per share first
    r"(?:주당\s?[\d,.만천]+\s?원(?:으로|이며|이고)?,?\s?)?(?:총\s?|약\s?)*$"
)
PRICE_AFTER = regex.compile(
    r"\s?(?:\([^()]*\))?\s?(?:규모|상당)(?:다|이다|로\s?(?:알려|전해))"
)
BODY_END = regex.compile(r"[다요음함임]\.[\"'”’)\]]?\s*$")
SPEAKER = regex.compile(r"\s*[“\"‘']")
# A는 ‘B1호펀드’를 설립해: a quoted name with its particle, not a quoted speech
QUOTED_NAME = regex.compile(
    r"\s*[“\"‘'][^“”\"‘’'\n]{1,40}[”\"’']\s?(?:을|를|에|와|과|의|으로|로|및|,)"
)
VERBAL_CUE = regex.compile(
    r"\s?(?:했|한|하기로|할|해|하는|하며|키로|에\s?나|에\s?참여|계약|합의|완료|논의|협상|추진|작업|되|돼|됐)"
    r"|(?<=[였했])(?:다|고|으며|는데|지만)"  # 사들였다: the cue is the verb
    r"|(?<=품었|품으며|품으면서|품에\s?안|넘기|넘겼|넘긴)"  # B를 품었다: the cue is the verb
    r"|받(?:았|는|기로|은)"  # 낙찰받았다
    r"|\s?(?:를|을)\s?(?:단행|완료|마무리|결정|추진|검토|체결|진행|실시|마쳤|끝냈|해줬"
    r"|했|한다|하기로|받|유치|확정)"
)
TOLD_ONLY = regex.compile(r"다고|다는|기로|키로")
DONE_AT = regex.compile(
    r"[^.,]{1,16}?(?:했던|한|된)\s?(?:이후|뒤|후|바\s?있|데\s?이어)"
)
TIME_WORD = regex.compile(r"(?:년|월|일|분기|반기|초|말|중|때|당시|이후|전후)$")
TOPIC_AFTER = regex.compile(r"(?:의\s?경우|\s역시|\s또한|으로서는|로서는)")
CLAUSE_END = regex.compile(r"(?:지만|는데|으며|면서|,)\s|\.(?:\s|$)")
# a market report shares a sentence with a deal only across a clause (… 발행하기로 한
# 가운데 주가가 올랐다; …한다는 소식에 주가가 뛰었다)
MARKET_CLAUSE = regex.compile(
    r"(?:지만|는데|가운데,?|소식에|소식으로|영향으로)\s|\.(?:\s|$)"
)
LEAD_AFTER = regex.compile(
    r"\s?(?:등\s?)?(?:이|가|을|를|와|과)?\s?"
    r"(?:주도|주관|리드|공동\s?주도|참여|대상으로|함께|손잡고|손을\s?잡고)"
)
# 했다.이번 / 밝혔다.SEC에: a sentence end with no space after it
GLUED_END = regex.compile(r"(?<=[다요]\.)(?=[\p{Hangul}A-Za-z0-9])")
# 두 운용사는, 양사는, 이 회사는: the subject names no one new; the topic carries
ANAPHOR = regex.compile(
    r"(?:(?:두|세|양|이|해당|동|같은)\s?(?:회사|기업|운용사|사모펀드|PEF|업체|곳|투자사|VC)"
    r"|양사|동사)(?:들)?\s?(?:은|는|이|가|도)(?=\s)"
)
STAKE_BEFORE = regex.compile(r"지분(?:을|를)?\s?$")
STAKE_AFTER = regex.compile(
    r"\s?(?:보유\s?)?(?:지분|주식|구주|경영권|신주|전환사채|회사채)"
)
# X를 B 인수에 출자, B 인수를 위해 투입: money put into buying B
BOUGHT_FOR = regex.compile(r"\s?인수(?:에|를\s?위해|를\s?위한|\s?자금으로|\s?대금으로)")
# 투입한다면, 인수할 경우: a supposition, not a deal
# (포함하면, 합치면 count; they suppose nothing)
SUPPOSED = regex.compile(
    r"(?<!포함|감안|고려|합산|제외|환산)(?:한다면|했다면|하면|마치면|되면|할\s?경우|하더라도|했더라면)(?=[\s,])"
    r"|(?:해|줘|내|써|여)야\s?(?:한|할|하|했|되|돼)"  # an obligation, not a deal
)
# 시도했지만 무산됐다, 인수를 포기했다: an attempt that failed is no deal
FAILED = regex.compile(r"무산|불발|결렬|좌초|무위로|포기(?:했|하기로|한다)|철회")
# in the cue's clause: feared (…를 추진해 가치가 훼손될 것을 우려했다), or the cue
# itself merely possible (매입할 수 있는 조건, 유상증자를 추진할 수 있다)
FEARED = regex.compile(r"우려(?:했|한다|하고|하며|하는|하면서|해|된다|를|가|의)")
POSSIBLE = regex.compile(
    r"(?:\s?(?:를|을)\s?(?:추진|단행|진행|실시|검토))?(?:할|될)\s?수\s?(?:도\s?)?있(?:다|는|을|어)"
)
# 지분 93.6%를 보유한 A가: a stake the payer holds already, not the one it buys
STAKE_HELD = regex.compile(
    r"지분\s?\(?[\d.]+\s?%\)?(?:를|을)?\s?보유(?:한|하고|중인|하던)\s"
)
# 지난해 …을 인수해: a past time before the cue tells a done deal
PAST_TIME = regex.compile(
    r"(?:지난\s?(?:해|달|주)|작년|지난\s?\d{1,2}\s?월)(?!\s?(?:보다|대비|와|과|에\s?비해))"
)
# 참여할 뜻이 없다, 빠지기로 했다: a payer withdraws a commitment told before
WITHDRAWN = regex.compile(
    r"(?:참여|투자|출자|인수)(?:할|하지)\s?(?:뜻이|의사가|계획이)\s?없"
    r"|(?:참여|투자|출자)(?:하지\s?않기로|를\s?철회)|빠지기로|빠진다|손을\s?뗐|발을\s?뺐"
)
# 최대주주에 올랐다, 경영권을 확보: control gained makes an acquisition
CONTROL_GAINED = regex.compile(
    r"최대\s?주주(?:에|로)\s?(?:올랐|올라|오르|등극)|최대\s?주주가\s?(?:됐|되었|된다)"
    r"|경영권을\s?(?:확보|인수|취득|손에)"
)
# 체결했으며, SPA에 서명했다: a signed contract outranks 추진 중
SIGNED = regex.compile(r"(?:체결|서명)(?:했|하였|한\s?것으로)|계약을\s?맺었")
# 상장(2023년 11월), 2023년 상장: a date of another event
OTHER_EVENT = "(?:상장|설립|출범|출시|IPO|창업|취임|준공|완공)"
OTHER_EVENT_AFTER = regex.compile(rf"\s?(?:에\s?)?{OTHER_EVENT}")
OTHER_EVENT_BEFORE = regex.compile(rf"{OTHER_EVENT}\s?\($")
# 경영권, 최대주주: a stake bought with control; without, a minority stake is an investment
CONTROL = regex.compile(
    r"경영권(?!\s?방어)|최대\s?주주|자회사로|계열사로|편입|인수\s?합병|M&A"
    r"|(?:지분|주식)\s?100\s?%|100\s?%\s?(?:를|을|의\s?지분)"
)
# told just before: 최대주주가 바뀐다, 경영권 이전 (not 경영권 분쟁 or a 100% 자회사)
CONTROL_BEFORE = regex.compile(
    r"최대\s?주주[^.]{0,40}?(?:바뀌|바뀐|변경)|경영권\s?(?:이전|인수|양수|양도|매각)"
)
# 위라이드의 주식 180만주를 매입: shares bought on the market, no control named
SHARES_BOUGHT = regex.compile(r"(?:주식|지분)[^.]{0,16}?(?:매입|취득|사들)")
# 지난해보다, 전년 대비: a date compared with, not the deal's
COMPARED_AFTER = regex.compile(r"\s?(?:보다|대비|와\s?비교|과\s?비교|에\s?비해)")
PASSIVE = regex.compile(r"되|돼|됐")  # B가 A에 인수됐다: B is bought
# B 인수 논의, B 인수전: the name before the noun 인수 is what is bought
BOUGHT_AFTER = regex.compile(
    r"\s?인수(?!\s?(?:합병|자|인|측|사|단|의향|후보|대금|금융))"
)


@dataclass
class Candidate:
    """A deal as found in one sentence, before names and values are normalised."""

    deal_type: str
    investors: list[Mention]
    target: Mention | None
    amount: Mention | None
    amount_krw: Mention | None = None
    valuation: Mention | None = None
    status: str = "announced"
    cumulative: bool = False
    date: Mention | None = None
    stake_pct: float | None = None
    sentence: tuple[int, int] = (0, 0)
    cue: int = 0  # where the deal cue starts
    pending: bool = False  # a round kept only if its backers are named later
    sellers: tuple = ()  # names a sale's buyer may not be
    confidence: float = 0.5
    explain: dict[str, str] = field(default_factory=dict)


@functools.cache
def cues() -> dict:
    """cues.yaml with every pattern compiled once."""
    raw = load("cues.yaml")
    c = {k: regex.compile(v) for k, v in raw.items() if isinstance(v, str)}
    c["deal_types"] = [(k, regex.compile(v)) for k, v in raw["deal_types"]]
    c["statuses"] = [(k, regex.compile(v)) for k, v in raw["statuses"]]
    c["any_cue"] = regex.compile("|".join(f"(?:{v})" for _, v in raw["deal_types"]))
    c["has_cue"] = search_gate(c["any_cue"])
    # every cue holds one of these strings: a text without them has no cue anywhere
    c["cue_strings"] = required_search(c["any_cue"])
    c["default_status"] = raw["default_status"]
    c["window_after"], c["window_before"] = raw["window_after"], raw["window_before"]
    c["min_amount"] = raw["min_amount"]
    return c


def run(works: Iterator[Work], opts: Options) -> Iterator[Work]:
    for w in works:
        w.candidates = assemble(w.doc, w.article.meta.get("mask", ()))
        yield w


def masked(m: Mention, mask) -> bool:
    return any(s < m.end and m.start < e for s, e in mask)


class MentionIndex:
    """A document's mentions of each kind in text order, found by bisection: each
    sentence takes its own without scanning the document's."""

    def __init__(self, kinds: dict) -> None:
        self.kinds = {k: sorted(v, key=lambda m: m.start) for k, v in kinds.items()}
        self.starts = {k: [m.start for m in v] for k, v in self.kinds.items()}
        named = self.starts.get("org", []) + self.starts.get("money", [])
        self.named = sorted(named)  # where a party or an amount starts

    def inside(self, kind: str, start: int, end: int) -> list[Mention]:
        ms, at = self.kinds[kind], self.starts[kind]
        lo, hi = bisect_left(at, start), bisect_left(at, end)
        return [m for m in ms[lo:hi] if m.end <= end]

    def empty(self, start: int, end: int) -> bool:
        """No name and no amount starts between `start` and `end`."""
        return bisect_left(self.named, start) == bisect_left(self.named, end)


class Tags(Mapping):
    """A Doc's tokens by start offset (what `Sentence` reads), each made when first
    asked for: most sentences are never looked at, and spaCy builds a Token anew on
    each access. Offsets are found by bisection in the sorted token starts: a dict
    of every token would cost more to build than the few lookups a Doc gets."""

    def __init__(self, doc) -> None:
        self.doc = doc
        self.starts = token_starts(doc)

    def _index(self, pos) -> int:
        i = bisect_left(self.starts, pos)
        return i if i < len(self.starts) and self.starts[i] == pos else -1

    def __getitem__(self, pos: int):
        i = self._index(pos)
        if i < 0:
            raise KeyError(pos)
        return self.doc[i]

    def get(self, pos: int, default=None):
        i = self._index(pos)
        return self.doc[i] if i >= 0 else default

    def __contains__(self, pos) -> bool:
        return self._index(pos) >= 0

    def between(self, lo: int, hi: int) -> Iterator[tuple[int, object]]:
        """(start, token) of each token starting in [lo, hi), in text order: what
        asking every offset of the range would find."""
        a, b = bisect_left(self.starts, lo), bisect_left(self.starts, hi)
        return zip(
            self.starts[a:b], map(self.doc.__getitem__, range(a, b)), strict=True
        )

    def last(self, lo: int, hi: int):
        """The last token starting in [lo, hi), or None."""
        b = bisect_left(self.starts, hi)
        return self.doc[b - 1] if b > 0 and self.starts[b - 1] >= lo else None

    def __iter__(self):
        return iter(self.starts)

    def __len__(self) -> int:
        return len(self.starts)


def assemble(doc, mask=()) -> list[Candidate]:
    """Deal candidates of one Doc, sentence by sentence, in text order."""
    from extractors.money import money_pairs

    text = doc_text(doc)
    kinds = {
        k: [m for m in get_mentions(doc, k) if not masked(m, mask)]
        for k in ("org", "money", "date")
    }
    coref.resolve(text, get_mentions(doc, "org"))
    pairs = {(a.start, a.end): b for a, b in money_pairs(text, kinds["money"])}
    converted = {(b.start, b.end) for b in pairs.values()}
    tags, index = Tags(doc), MentionIndex(kinds)
    out: list[Candidate] = []
    ctx = Context()
    for start, end in sentences(doc, text):
        if index.empty(start, end):  # half the sentences: no deal, no party
            idle(ctx, text, start, end)
        else:
            s = Sentence(text, start, end, index, tags)
            out = step(ctx, s, pairs, converted, out)
    return out


def step(ctx: Context, s: Sentence, pairs: dict, converted: set, out: list) -> list:
    """Read one sentence: its deals, and what it adds to the deals kept open."""
    text, start, end = s.text, s.start, s.end
    found = s.deals(pairs, converted, ctx)
    sales = [c for c in found if c.pending and c.deal_type == "acquisition"]
    found = [c for c in found if c not in sales]
    if ctx.open_sale is not None and not found:
        sell_to(ctx.open_sale, s, out)
        ctx.open_sale = None if not ctx.open_sale.pending else ctx.open_sale
    if sales:
        ctx.open_sale = sales[0]
    elif ctx.open_sale is not None and found:
        ctx.open_sale = None
    rnd = ctx.round_told(text, start, end)
    if rnd is not None:
        found = fill_round(rnd, s, found, out)
    if not found and ctx.unpriced and s.price(ctx.unpriced, pairs, converted):
        ctx.unpriced = []
    opened = next(
        (
            c
            for c in found
            if c.deal_type == "investment"
            and not c.investors
            and c.target is not None
            # a stake bought by someone unnamed (신 회장은 … 지분을 사들였다)
            # is no round that later backers join
            and not BUY_NEAR.match(text, c.cue)
        ),
        None,
    )
    if opened is None and not found:
        opened = s.pending_round()
    if opened is not None:
        ctx.open_round, ctx.round_age = opened, 0
        if ctx.main_round is None or _same_round(ctx.main_round, opened):
            ctx.main_round = opened  # the body retelling the headline's round
    elif rnd is not None:
        ctx.age_round(rnd, found)
    if not found:
        ctx.signed(text, start, end)
    subjects = s.subjects()
    ctx.found(found, subjects)
    out.extend(found)
    if subjects and WITHDRAWN.search(text, start, end):
        out = withdraw(out, s)
    return out


def idle(ctx: Context, text: str, start: int, end: int) -> None:
    """`step` for a sentence with no name and no amount: it finds no deal and joins
    none (no buyer, backer, price or round of its own), so what is kept open ages."""
    rnd = ctx.round_told(text, start, end)
    if rnd is not None:
        ctx.age_round(rnd, [])
    ctx.signed(text, start, end)
    ctx.found([], [])


def withdraw(out: list[Candidate], s: Sentence) -> list[Candidate]:
    """`A는 B 인수에 X를 출자하기로 했다. … A는 참여할 뜻이 없다고 밝혔다`: the
    commitments A made and has not carried out are gone."""
    names = {o.value for o in s.subjects()}
    return [
        c
        for c in out
        if c.status == "completed"
        or not c.investors
        or any(i.value not in names for i in c.investors)
    ]


def fill_round(rnd: Candidate, s: Sentence, found: list, out: list) -> list:
    """Backers named after a round join it: `이번 투자에는 A, B가 참여했다`, or the
    tranches of a breakdown (`A가 41억원, B 30억원 … 투자했다`). Returns what the
    sentence still yields on its own."""
    if any(c.target is not None and c.target.value != rnd.target.value for c in found):
        return found  # a deal of its own (C는 A가 주도한 라운드에서 유치했다)
    backers = s.participants(rnd.target)
    if backers:  # the names' own amountless readings are this round
        found = [c for c in found if c.amount is not None]
    for c in found:
        if (
            c.deal_type == "investment"
            and c.investors
            and c.target is not None
            and c.target.value == rnd.target.value
            and _part_of(c.amount, rnd.amount)
        ):
            backers += c.investors
    known = {i.value for i in rnd.investors} | {rnd.target.value}
    new = []
    for b in backers:
        if b.value not in known:
            known.add(b.value)
            new.append(b)
    if new:
        rnd.investors.extend(new)
        rnd.explain["roles"] = "participants:later-sentence"
        if rnd.pending:
            rnd.pending = False
            rnd.sentence = (rnd.sentence[0], s.end)
            out.append(rnd)
    return found


def sell_to(sale: Candidate, s: Sentence, out: list) -> None:
    """The buyers a later sentence names complete a sale stated without one."""
    buyers = s.buyers(sale)
    if not buyers:
        return
    sale.investors, sale.pending = buyers, False
    sale.sentence = (sale.sentence[0], s.end)
    sale.explain["roles"] = "buyers:later-sentence"
    if TALKS_CUE.search(s.text, s.start, s.end):
        sale.status, sale.explain["status"] = "in_talks", "cue:우선협상대상자"
    out.append(sale)


def _same_round(a: Candidate, b: Candidate) -> bool:
    value = lambda m: getattr(getattr(m, "value", None), "value", None)  # noqa: E731
    return a.target.value == b.target.value and value(a.amount) == value(b.amount)


def _same_value(a: Mention | None, b: Mention | None) -> bool:
    value = lambda m: getattr(getattr(m, "value", None), "value", None)  # noqa: E731
    return a is not None and b is not None and value(a) == value(b)


def _part_of(part: Mention | None, whole: Mention | None) -> bool:
    """A tranche is no larger than the round, in the same currency."""
    if part is None or whole is None:
        return whole is None
    a, b = getattr(part.value, "value", None), getattr(whole.value, "value", None)
    if a is None or b is None or part.value.currency != whole.value.currency:
        return False
    return a < b


def sentences(doc, text: str) -> Iterator[tuple[int, int]]:
    """The Doc's sentences, split again where one ends with no space (했다.이번)."""
    for start, end in sentence_chars(doc):
        # GLUED_END.finditer(text, start, end), tried only just after a period
        dot = text.find(".", max(start - 1, 0), end - 1)
        while dot >= 0:
            if dot + 1 > start and GLUED_END.match(text, dot + 1):
                yield start, dot + 1  # (the lookbehind sees the last sentence's end)
                start = dot + 1
            dot = text.find(".", dot + 1, end - 1)
        yield start, end


def large_enough(m: Mention) -> bool:
    """Deals are not share prices or household sums: 18만5000원 is no deal amount."""
    v = getattr(m.value, "value", None)
    if v is None:
        return True
    floor = cues()["min_amount"]
    return v >= floor.get(m.value.currency, floor["default"])


@dataclass
class Context:
    """What earlier sentences said: their subject, and the last deal's target."""

    topic: list[Mention] = field(default_factory=list)
    age: int = 0  # sentences since the topic was named
    target: Mention | None = None
    target_age: int = 0  # sentences since the last deal's target
    open_round: Candidate | None = None  # a round whose backers may follow
    round_age: int = 0
    open_sale: Candidate | None = None  # a sale whose buyer may follow
    main_round: Candidate | None = None  # the first: what 이번 투자 refers to
    unpriced: list[Candidate] = field(default_factory=list)  # amountless, just before
    priced_age: int = 0
    supply: Candidate | None = None  # the last supply deal: its buyer may go unsaid
    supply_age: int = 0
    last_found: list[Candidate] = field(default_factory=list)  # the sentence before's

    def round_told(self, text: str, start: int, end: int) -> Candidate | None:
        """The round a sentence's backers may join: the open one, or the article's."""
        if (
            self.main_round is not None
            and (self.open_round is None or self.round_age > 0)
            and THIS_DEAL.search(text, start, end)
        ):
            return self.main_round  # 이번 라운드에는: the round the article reports
        return self.open_round

    def age_round(self, rnd: Candidate, found: list[Candidate]) -> None:
        """A sentence went by without opening a round: close it after a while, or
        when the sentence's deals go to someone else."""
        self.round_age += 1
        moved = any(
            c.target is not None and rnd.target.value != c.target.value for c in found
        )
        if moved or self.round_age > ROUND_SPAN:
            self.open_round = None

    def signed(self, text: str, start: int, end: int) -> None:
        """`인수를 추진 중이다. SPA를 체결했으며 …`: the deals just before are signed."""
        if self.last_found and SIGNED.search(text, start, end):
            for c in self.last_found:
                if c.status == "in_talks":
                    c.status, c.explain["status"] = "announced", "next-sentence:signed"

    def found(self, found: list[Candidate], subjects: list[Mention]) -> None:
        """Carry a sentence's deals and subjects on to the next sentence."""
        self.last_found = found
        self.age = 0 if subjects else self.age + 1
        self.topic = subjects or self.topic
        if not found:  # most sentences: what was told ages
            self.priced_age += 1
            if self.priced_age > 2:
                self.unpriced = []
            self.target_age += 1
            self.supply_age += 1
            return
        self.unpriced, self.priced_age = [c for c in found if c.amount is None], 0
        targets = [c.target for c in found if c.target is not None]
        self.target = targets[-1] if targets else self.target
        self.target_age = 0 if targets else self.target_age + 1
        supplies = [c for c in found if c.deal_type == "purchase" and c.investors]
        if supplies:
            self.supply, self.supply_age = supplies[-1], 0
        else:
            self.supply_age += 1

    def running_target(self) -> Mention | None:
        """The last deal's target, while the text is still on it (two sentences)."""
        return self.target if self.target_age <= 4 else None


class Sentence:
    """One sentence with its mentions and the roles of its organisations."""

    def __init__(self, text: str, start: int, end: int, kinds, tags: Tags):
        self.tags, self._first_org = tags, None
        self._skips: dict[int, int] = {}
        self.text, self.start, self.end = text, start, end
        index = kinds if isinstance(kinds, MentionIndex) else MentionIndex(kinds)

        def inside(kind: str) -> list[Mention]:
            return index.inside(kind, start, end)

        # the statistical NER also tags places (미국의, 일본에): its names take part
        # only as subjects, objects, backers or list members
        orgs = self._no_aliases(inside("org"))
        self.orgs = [
            o
            for i, o in enumerate(orgs)
            if not o.source.startswith("ner:")
            or self._in_list(orgs, i)
            or self._particle_role(o) in (SUBJ, OBJ, SRC, LEAD)
            or text[o.start - 1 : o.start] in ("'", "‘", '"', "“")
        ]
        self.money = inside("money")
        self.dates = inside("date")
        self._first_org = self._leading_name()
        self.roles = self._roles()

    def _leading_name(self) -> Mention | None:
        """The sentence's first name, or the last of a list it opens (A·B, 헤드라인)."""
        if not self.orgs:
            return None
        i = 0  # A·B, A-B, A와 B (a comma may as well end a headline's subject)
        while (
            i + 1 < len(self.orgs)
            and self._listed(i)
            and "," not in self.text[self.orgs[i].end : self.orgs[i + 1].start]
        ):
            i += 1
        return self.orgs[i]

    def participants(self, target: Mention | None) -> list[Mention]:
        """Names before `참여했다` in a sentence that follows a round (이번 라운드에는 …)."""
        hits = list(PARTICIPATE.finditer(self.text, self.start, self.end))
        hits += FOLLOW_ON.finditer(self.text, self.start, self.end)
        hits.sort(key=lambda h: h.start())
        if not hits or OWN_ROUND.search(self.text, self.start, self.end):
            return []
        m = hits[-1]  # A가 주도했고 B, C 등이 참여했다: all of them
        names = {target.value} if target is not None else set()
        return [o for o in self.orgs if o.end <= m.start() and o.value not in names]

    def is_body(self) -> bool:
        """A body sentence ends like one (…했다.); headlines and captions do not."""
        return bool(BODY_END.search(self.text, self.start, self.end))

    def _in_list(self, orgs: list[Mention], i: int) -> bool:
        """A name between list separators next to another name (A, B 등)."""
        sep = lambda a, b: LIST_SEP.fullmatch(self.text, self._skip(a.end), b.start)  # noqa: E731
        return bool(
            (i > 0 and sep(orgs[i - 1], orgs[i]))
            or (i + 1 < len(orgs) and sep(orgs[i], orgs[i + 1]))
        )

    def _no_aliases(self, orgs: list[Mention]) -> list[Mention]:
        """Drop a bracketed alias right after a name: 마이크로소프트(MS) is one party."""
        out: list[Mention] = []
        for o in orgs:
            if out and OPEN_BRACKET.fullmatch(self.text, out[-1].end, o.start):
                continue
            out.append(o)
        return out

    # -- roles -------------------------------------------------------------------
    def _roles(self) -> list[str | None]:
        roles = [self._particle_role(o) for o in self.orgs]
        # X 컨소시엄(A, B, C)은: the members act with the bracket's particle
        for i, o in enumerate(self.orgs):
            if roles[i] is None:
                roles[i] = self._member_role(o) or roles[i]
        # A, B, C(unknown) 등에: the last listed name is no organisation we know
        for i, o in enumerate(self.orgs):
            if roles[i] is None and (i + 1 == len(self.orgs) or not self._listed(i)):
                tail = LIST_TAIL.match(self.text, self._skip(o.end))
                if tail:
                    roles[i] = PARTICLE_ROLE.get(tail.group("p"))
        # A와 B는 / A, B 등으로부터 / A와 (설명) B는: A shares B's role
        for i in range(len(roles) - 2, -1, -1):
            if (
                roles[i] == CONJ
                and roles[i + 1] == DAT
                and JOINT_AFTER.match(self.text, self._skip(self.orgs[i + 1].end))
                and self.text.startswith(("와", "과"), self._skip(self.orgs[i].end))
            ):  # A와 B에 공동투자: A invests with the payer, B receives
                roles[i] = LEAD
            elif (
                roles[i] in (CONJ, None)
                and self._listed(i)
                or roles[i] == CONJ
                and self._described(i)
                and roles[i + 1] != GEN
            ):
                roles[i] = roles[i + 1]
        return [WITH if r == CONJ else r for r in roles]

    def _bracket(self, o: Mention) -> tuple[int, int] | None:
        """The bracket after `X 컨소시엄` that holds `o`, as (open, close)."""
        opened = self.text.rfind("(", max(self.start, o.start - 80), o.start)
        if opened < 0 or ")" in self.text[opened : o.start]:
            return None
        if not CONSORTIUM.search(self.text, max(self.start, opened - 12), opened):
            return None
        closed = self.text.find(")", o.end, min(self.end, o.end + 80))
        return (opened, closed) if closed >= 0 else None

    def _member_role(self, o: Mention) -> str | None:
        bracket = self._bracket(o)
        if bracket is None:
            return None
        tok = self.tags.get(bracket[1] + 1)
        return (
            PARTICLE_ROLE.get(tok.text)
            if tok is not None and tok.tag_[:1] == "J"
            else None
        )

    def _joined_names(self, i: int) -> bool:
        """Org i is listed with org i+1 (A와 B, A·B, A와 (설명) B)."""
        return self._listed(i) or (
            self.text.startswith(("와", "과"), self._skip(self.orgs[i].end))
            and self._described(i)
        )

    def _described(self, i: int) -> bool:
        """A와 AI 칩 세계 최대 기업 B: only nouns between the two names."""
        a, b = self.orgs[i], self.orgs[i + 1]
        gap = range(self._skip(a.end) + 1, b.start)
        toks = [t for _, t in self.tags.between(gap.start, gap.stop)]
        return len(gap) <= 30 and not any(
            t.tag_[:1] in ("E", "V", "S") and t.tag_ not in ("SN", "SL", "SH")
            for t in toks
        )

    def _listed(self, i: int) -> bool:
        """Is org i followed directly by a list separator and org i+1?"""
        a, b = self.orgs[i], self.orgs[i + 1]
        pos = self._skip(a.end)
        m = LIST_SEP.match(self.text, pos)
        return m is not None and m.end() == b.start

    def _skip(self, pos: int) -> int:
        """Past the aliases, brackets and 등/측 after a name (asked for several times
        per name)."""
        end = self._skips.get(pos)
        if end is None:
            end = pos
            while m := AFTER_ORG.match(self.text, end):
                end = m.end()
            self._skips[pos] = end
        return end

    def _particle_role(self, org: Mention) -> str | None:
        pos = self._skip(org.end)
        if SOURCE_AFTER.match(self.text, pos):
            return None  # 금융투자협회에 따르면: who reports, not a party
        if LEAD_AFTER.match(self.text, pos):
            return LEAD
        if TOPIC_AFTER.match(self.text, pos):
            return SUBJ
        if (
            HEADLINE_SUBJ.match(self.text, pos)
            and org is self._first_org
            and not self.text[self.start : self.orgs[0].start].strip(" \n\t\"'“‘[")
        ):  # 삼성전자, 하만 인수: a headline's subject opens it
            return SUBJ
        tok = self.tags.get(pos)
        if tok is not None and tok.tag_.startswith("J"):
            role = PARTICLE_ROLE.get(tok.text)
            after = pos + len(tok.text)
            if (
                role == SUBJ
                and SPEAKER.match(self.text, after)
                and not QUOTED_NAME.match(self.text, after)
            ):
                return None  # NYT는 "...": a source quoted, not a party
            if role == OBJ and VIA_AFTER.match(self.text, pos + len(tok.text)):
                return None  # 알케미스트를 거쳐: a way through, not what is bought
            if role == SUBJ and OWNER_AFTER.match(self.text, pos + len(tok.text)):
                return None  # A가 보유한 B 지분: the owner, not who acts
            if role == DAT and FILED_AFTER.match(self.text, pos + len(tok.text)):
                return None  # SEC에 제출한 보고서: an authority, not a party
            if role == GEN and STAKE_AFTER.match(self.text, pos + 1):
                return STAKE  # B의 지분
            return role
        if STAKE_AFTER.match(self.text, pos):
            return STAKE  # B 지분
        bare = BARE_PARTICLE.match(self.text, pos)
        if bare and (tok is None or tok.text == bare.group(1)):  # 외 3인와 (와/NNG)
            return PARTICLE_ROLE.get(bare.group(1))
        if self.text.startswith("서 ", pos) and self.text[pos - 1 : pos] == "등":
            return SRC  # A 등서 투자 유치: a headline's 등에서
        if BOUGHT_AFTER.match(self.text, pos):
            return BOUGHT  # B 인수 논의
        return None

    def with_role(self, *roles: str) -> list[Mention]:
        return [o for o, r in zip(self.orgs, self.roles, strict=True) if r in roles]

    def subjects(self) -> list[Mention]:
        return self.with_role(SUBJ)

    def subject_group(self, pos: int) -> list[Mention]:
        """The subject nearest before `pos` with the names listed with it (A와 B는)."""
        idx = [
            i for i, r in enumerate(self.roles) if r == SUBJ and self.orgs[i].end <= pos
        ]
        if not idx:
            return []
        i = idx[-1]
        if self._clause_subject(self._skip(self.orgs[i].end) + 1, pos):
            return []  # 엔비디아가 …, 정부가 1조원을 투입: the clause has its own subject
        group = [self.orgs[i]]
        while i > 0 and self.roles[i - 1] == SUBJ and self._joined_names(i - 1):
            i -= 1
            group.insert(0, self.orgs[i])
        bracket = self._bracket(group[-1])
        if bracket is not None:  # X 컨소시엄(A, B, C)은: every member named
            group = [o for o in self.orgs if bracket[0] < o.start < bracket[1]]
        return group

    # -- deals -------------------------------------------------------------------
    def deals(self, pairs: dict, converted: set, topic: Context) -> list[Candidate]:
        if not self.orgs and not self.money:
            return []  # every rule below needs a name or an amount: half the sentences
        if not self._cue_or_backers():
            return []  # and a cue or backers named as such: most of the rest
        amounts = [
            m
            for m in self.money
            if large_enough(m)
            and not self._market(m.start)
            and (m.start, m.end) not in converted
            and not ("dropped" in m.source and not self.is_body())
        ]
        valuations = [m for m in amounts if self._is_valuation(m)]
        found = []
        for group in self._amount_groups([m for m in amounts if m not in valuations]):
            found.extend(self._deals_for(group, pairs, topic))
        if not found and not amounts:
            found.extend(c for c in self._amountless(topic) if not self._market(c.cue))
        elif amounts:
            found.extend(self._backers(found))
        if not amounts:
            found.extend(self._listed_backers(topic, found))
        if not found:
            return found
        if cues()["not_deal_sentence"].search(self.text, self.start, self.end):
            return []  # 가령 …을 투자하면, 허위 투자 약속: nothing told happened
        found = [
            c for c in found if not self._supposed(c.cue) and not self._failed(c.cue)
        ]
        self._tranches(found)
        self._parts_of_total(found)
        for c in found:
            if (
                c.deal_type == "acquisition"
                and (
                    c.stake_pct is not None
                    and c.stake_pct < 50
                    or c.stake_pct is None
                    and SHARES_BOUGHT.search(  # 지분을 추가로 취득, … 투입해 지분 매입
                        self.text, max(self.start, c.cue - 30), self._clause_end(c.cue)
                    )
                )
                # 최대주주가 바뀐다 …. B 지분 7.85%를 매각: control told just before
                and not CONTROL.search(self.text, self.start, self.end)
                and not CONTROL_BEFORE.search(
                    self.text, max(0, self.start - 150), self.start
                )
                and not TRANSFER.search(self.text, self.start, self.end)
            ):  # 지분 24%를 매입: a minority stake with no control
                c.deal_type = "investment"
                c.explain["deal_type"] += ":minority-stake"
        for c in found:
            if (
                c.deal_type == "investment"
                and c.investors
                and c.target is not None
                and (
                    c.stake_pct is not None
                    and c.stake_pct > 50
                    and not STAKE_HELD.search(self.text, self.start, self.end)
                    or CONTROL_GAINED.search(self.text, c.cue, self.end)
                )
            ):  # 지분 60%를 확보하며 최대주주에 올랐다: control bought
                c.deal_type = "acquisition"
                c.explain["deal_type"] += ":control"
        for c in found:
            if valuations and c.deal_type == "investment":
                c.valuation = valuations[0]
        return found

    def _cue_or_backers(self) -> bool:
        """Whether some window of the sentence may hold a deal cue, or it names
        backers as such (`_backers`, `_listed_backers`): what `deals` reads."""
        text, start, end = self.text, self.start, self.end
        return bool(
            cues()["cue_strings"](text[start:end])
            or INVESTOR_AS.search(text, start, end)
            or BACKERS_ARE.search(text, start, end)
        )

    def _clause_end(self, pos: int) -> int:
        cut = CLAUSE_END.search(self.text, pos, self.end)
        return cut.end() if cut else self.end

    def _supposed(self, cue: int) -> bool:
        """The cue's clause is a supposition (…을 투입한다면)."""
        return bool(SUPPOSED.search(self.text, cue, self._clause_end(cue)))

    def _failed(self, cue: int) -> bool:
        """What follows the cue tells the attempt failed (…를 시도했지만 무산됐다),
        or its clause denies it (인수에 참여하지 않겠다)."""
        clause_end = self._clause_end(cue)
        return bool(
            FAILED.search(self.text, cue, self.end)
            or NEGATED.search(self.text, cue, clause_end)
            or FEARED.search(self.text, cue, clause_end)
            or POSSIBLE.match(self.text, self._cue_end(cue))
        )

    def _cue_end(self, cue: int) -> int:
        m = cues()["any_cue"].match(self.text, cue)
        return m.end() if m else cue

    def pending_round(self) -> Candidate | None:
        """`B는 시리즈A 투자를 유치했다`, no amount: a round whose backers may follow."""
        if self.money or SUBJ not in self.roles:
            return None  # no subject to raise it: most sentences
        m = ROUND_CUE.search(self.text, self.start, self.end)
        if m is None or self._market(m.start()):
            return None
        subj = self.subject_group(m.start())
        if len(subj) != 1:
            return None
        return self._stated(
            "investment",
            [],
            subj[0],
            m.start(),
            f"cue:{m.group()}:amountless",
            roles="pending",
            confidence=0.4,
            pending=True,
            stake_pct=None,
        )

    def _stated(
        self, kind, investors, target, cue_start: int, rule: str, roles: str, **extra
    ) -> Candidate:
        """A candidate told by this sentence at `cue_start`, with its status, date
        and stake; `extra` fills the rest (amount, confidence, pending …)."""
        status, status_rule = self._status(cue_start)
        fields = dict(
            status=status,
            sentence=(self.start, self.end),
            cue=cue_start,
            date=self._date(cue_start),
            stake_pct=self._stake(),
            explain={"deal_type": rule, "roles": roles, "status": status_rule},
        )
        fields.update(extra)
        return Candidate(kind, investors, target, fields.pop("amount", None), **fields)

    def price(self, cands: list[Candidate], pairs: dict, converted: set) -> bool:
        """`계약 금액은 총 1001억원이다`: the amount of the deal just stated without one."""
        if len(cands) != 1:
            return False
        c = cands[0]
        parties = {i.value for i in c.investors} | {
            c.target.value if c.target else None
        }
        if any(o.value not in parties for o in self.orgs):
            return False
        amounts = [
            m
            for m in self.money
            if large_enough(m) and (m.start, m.end) not in converted
        ]
        if len(amounts) != 1:
            return False
        m = amounts[0]
        before = self.text[max(self.start, m.start - 40) : m.start]
        pair = pairs.get((m.start, m.end))
        if not (
            PRICE_BEFORE.search(before)
            or PRICE_AFTER.match(self.text, self._after_pair(m, pair))
        ):
            return False
        c.amount, c.amount_krw = m, pair
        c.sentence = (c.sentence[0], self.end)
        c.confidence = round(c.confidence + 0.1, 2)
        c.explain["amount"] = "next-sentence"
        return True

    def _amount_groups(self, amounts: list[Mention]) -> list[list[Mention]]:
        """Amounts joined by ·/,/와 (`각각 50억달러·100억달러`) share one cue."""
        groups: list[list[Mention]] = []
        for m in amounts:
            prev = groups[-1][-1] if groups else None
            if prev is not None and self._joined(prev, m):
                groups[-1].append(m)
            else:
                groups.append([m])
        return groups

    def _joined(self, a: Mention, b: Mention) -> bool:
        between = self.text[a.end : b.start]
        between = ASIDE.sub("", between)
        return LIST_SEP.fullmatch(between) is not None

    def _market(self, pos: int) -> bool:
        """The clause around `pos` reports a market (prices, ratings, flows)."""
        cuts = [m.end() for m in MARKET_CLAUSE.finditer(self.text, self.start, pos)]
        nxt = MARKET_CLAUSE.search(self.text, pos, self.end)
        lo, hi = (cuts[-1] if cuts else self.start), (nxt.start() if nxt else self.end)
        return bool(cues()["market_sentence"].search(self.text, lo, hi))

    def _is_valuation(self, m: Mention) -> bool:
        c = cues()
        before = self.text[max(self.start, m.start - 16) : m.start]
        return bool(
            c["valuation_before"].search(before)
            or c["valuation_after"].match(self.text, m.end)
        )

    def _not_deal(self, m: Mention) -> bool:
        before = self.text[max(self.start, m.start - 14) : m.start]
        return bool(cues()["not_deal_before"].search(before))

    def _cue(self, first: Mention, last: Mention, pair_end: int):
        """(deal_type, cue match, 'after'|'before') for an amount group, or None."""
        c = cues()
        cut = CLAUSE_END.search(self.text, pair_end, self.end)
        reach = c["window_after"]
        if SIZE_NP.match(self.text, pair_end):  # X원 규모의 (긴 품목명) 공급 계약을
            obj = OBJECT_END.search(self.text, pair_end, min(self.end, pair_end + 90))
            reach = max(reach, obj.end() - pair_end + 8) if obj else reach
        stop = min(cut.start() if cut else self.end, pair_end + reach)
        m = c["any_cue"].search(self.text, pair_end, stop)  # lookbehinds see the text
        if m:
            return self._kind(m.group(), m.start()), m.span(), "after"
        lo = max(self.start, first.start - c["window_before"])
        cuts = [m.end() for m in CLAUSE_END.finditer(self.text, lo, first.start)]
        lo = cuts[-1] if cuts else lo  # …를 투자했고, B는 X: no cue across a clause
        hits = [  # not from inside a closed aside: (…, 설비투자액 등을 제외한 현금)은 X
            h
            for h in c["any_cue"].finditer(self.text, lo, first.start)
            if ")" not in self.text[h.end() : first.start]
        ]
        if hits and not self._not_deal(first):
            h = hits[-1]
            return self._kind(h.group(), h.start()), (h.start(), h.end()), "before"
        return None

    def _kind(self, cue_text: str, start: int | None = None) -> str:
        for kind, rx in cues()["deal_types"]:
            if rx.search(cue_text):
                return kind
        if start is not None:  # a cue with a lookbehind (X를 들여) needs its context
            for kind, rx in cues()["deal_types"]:
                if rx.match(self.text, start):
                    return kind
        return "investment"

    def _deals_for(self, group: list[Mention], pairs: dict, topic) -> list[Candidate]:
        last = group[-1]
        pair = pairs.get((last.start, last.end))
        pair_end = self._after_pair(last, pair)
        own = self._own_payer(group[0]) if len(group) == 1 else None
        payer = self._genitive_payer(own) if own is not None else None
        if cues()["not_deal_after"].match(self.text, pair_end):
            return []  # 2720억달러를 운용하며: no cue, here or later, makes it a deal
        found = self._cue(group[0], last, pair_end)
        if found is None and own is not None:  # 빗썸 30억원, …, 투자했다
            found = self._later_cue(pair_end)
        if found is None or (found[2] == "after" and self._not_deal(group[0])):
            return []
        kind, cue_span, where = found
        if cues()["market_subject"].search(self.text, self.start, cue_span[0]):
            return []
        lo = cue_span[0] - 10  # 기술 이전 계약: the words before the cue word count
        cut = CLAUSE_END.search(self.text, cue_span[1], self.end)
        hi = min(cut.start() if cut else self.end, cue_span[1] + 24)
        cue_text = self.text[max(self.start, lo) : max(hi, cue_span[1])]
        if kind == "capex" and BUY_NEAR.search(
            self.text,
            max(self.start, group[0].start - 16),
            min(self.end, cue_span[1] + 20),
        ):  # 지분 인수에 X를 투입, X를 투입해 회사를 인수: money for a purchase
            kind = "acquisition"
        investors, target, kind, how = self.parties(kind, cue_span, cue_text, topic)
        if kind == "acquisition" and target is None and own is not None:
            issuer = self._issuer_before(group[0].start)
            if issuer is not None:  # B는 CB를 발행했는데 이때 A가 X를 인수: A pays B
                investors, target, kind, how = [own], issuer, "investment", "issue"
        if how == "running-buyer" and _same_value(group[-1], topic.supply.amount):
            return []  # 계약 금액은 총 X: the supply just told, priced again
        if payer is not None and kind in ("investment", "capex"):
            # 아마존의 오픈AI 100억달러 투자: the genitive pays, the name before X receives
            investors, target, kind, how, own = (
                [payer],
                own,
                "investment",
                "genitive",
                None,
            )
        if kind == "none" or (kind != "capex" and target is None):
            return []
        if target is not None:
            investors = [i for i in investors if i.value != target.value]
        if kind != "investment" and not investors:  # a buyer must be named
            sellers = tuple(o.value for o in self.subject_group(cue_span[0]))
            if (
                kind == "acquisition"
                and target is not None
                and target.value not in sellers
            ):
                return [self._open_sale(target, group[0], sellers, pairs, cue_span)]
            return []
        if kind == "capex" and all(
            cues()["public_body"].search(i.text)
            or cues()["public_body"].search(str(i.value))
            for i in investors
        ):  # a ministry's budget is no deal
            return []
        if kind == "capex" and how == "topic" and topic.age > 1:
            return []  # own spending, its spender named sentences ago: too loose
        if STATISTIC.search(self.text, cue_span[0], self._clause_end(cue_span[0])):
            return []  # 자본적 지출을 기록한: a figure reported, not a deal
        if kind == "capex" and DEVELOPED.search(
            self.text, cue_span[0], self._clause_end(cue_span[0])
        ):
            return []  # X를 들여 모델을 개발: what a product cost, not a deal
        status, status_rule = self._status(cue_span[0])
        base = dict(
            deal_type=kind,
            target=target,
            status=status,
            cue=cue_span[0],
            sentence=(self.start, self.end),
            date=self._date(cue_span[0]),
            stake_pct=self._stake(),
        )
        payers = self._split_each(investors, group)
        if own is not None and kind == "investment" and own is not target:
            payers = [(group[0], [own])]
        out = []
        for amount, inv in payers:
            p = pairs.get((amount.start, amount.end))
            conf = 0.55 + (0.15 if where == "after" else 0) + (0.1 if target else 0)
            conf += 0.1 if how == "sentence" else 0
            out.append(
                Candidate(
                    investors=inv,
                    amount=amount,
                    amount_krw=p,
                    cumulative=self._cumulative(amount, pair_end),
                    confidence=round(min(conf, 0.95), 2),
                    explain={
                        "deal_type": f"cue:{self.text[slice(*cue_span)]}:{where}",
                        "roles": f"particles:{how}",
                        "status": status_rule,
                    },
                    **base,
                )
            )
        return out

    def _issuer_before(self, pos: int) -> Mention | None:
        """The subject of an issue told earlier in the sentence (B는 CB를 발행했는데)."""
        told = list(ISSUE_TOLD.finditer(self.text, self.start, pos))
        if not told:
            return None
        m = told[-1]
        subj = [o for o in self.with_role(SUBJ) if o.end <= m.start()]
        return subj[-1] if subj else None

    def _open_sale(self, target, amount, sellers, pairs, cue_span) -> Candidate:
        """`A가 B를 X원에 매각한다` with no buyer yet: kept if a later sentence names
        one (우선협상대상자로 C를 선정)."""
        return self._stated(
            "acquisition",
            [],
            target,
            cue_span[0],
            f"cue:{self.text[slice(*cue_span)]}:after",
            roles="pending",
            amount=amount,
            amount_krw=pairs.get((amount.start, amount.end)),
            sellers=sellers,
            confidence=0.6,
            pending=True,
        )

    def buyers(self, sale: Candidate) -> list[Mention]:
        """Names a sale's buyer sentence gives (우선협상대상자로 C와 D를 선정했다)."""
        m = BUYER_CUE.search(self.text, self.start, self.end)
        if m is None:
            return []
        skip = {sale.target.value, *sale.sellers}
        return [o for o in self.orgs if o.value not in skip]

    def _genitive_deal(self, m, kind: str) -> list[Candidate] | None:
        """`A의 B 투자`, `A의 B 인수`: a deal told as a noun phrase, A paying for B."""
        if kind not in ("investment", "acquisition"):
            return None
        target = next(
            (o for o in self.orgs if 0 <= m.start() - self._skip(o.end) <= 1), None
        )
        payer = self._genitive_payer(target) if target is not None else None
        if payer is None or payer.value == target.value:
            return None
        # 올트먼의 오클로 투자: a person's, mostly
        if payer.source in WEAK_NAME_SOURCES:
            return None
        return [
            self._stated(
                kind,
                self._object_group(payer),  # 영풍·MBK의: both
                target,
                m.start(),
                f"cue:{m.group()}:amountless",
                roles="genitive-noun",
                confidence=0.4,
            )
        ]

    def _genitive_payer(self, own: Mention) -> Mention | None:
        """`A의 B X 투자`: A, right before B with 의, pays; B receives."""
        i = self.orgs.index(own)
        if i == 0 or self.roles[i - 1] != GEN:
            return None
        prev = self.orgs[i - 1]
        gap = self.text[self._skip(prev.end) : own.start]
        return prev if GENITIVE_GAP.fullmatch(gap) else None

    def _own_payer(self, amount: Mention) -> Mention | None:
        """`빗썸 30억원`, `A가 리드투자자로 41억원`: a name right before its amount."""
        for o in reversed(self.orgs):
            if o.end <= amount.start:
                gap = self.text[self._skip(o.end) : amount.start]
                return o if OWN_GAP.fullmatch(gap) else None
        return None

    def _later_cue(self, pos: int):
        """The sentence's deal verb further on, for amounts listed before it."""
        hits = list(cues()["any_cue"].finditer(self.text, pos, self.end))
        if not hits:
            return None
        h = hits[-1]
        return self._kind(h.group(), h.start()), (h.start(), h.end()), "list"

    def _after_pair(self, m: Mention, pair: Mention | None) -> int:
        if pair is None:
            return m.end
        close = PAIR_CLOSE.match(self.text, pair.end, pair.end + 4)
        return close.end() if close else pair.end

    def _split_each(self, investors: list[Mention], group: list[Mention]):
        """`A와 B는 각각 X·Y`: one record per investor; else all share each amount."""
        each = "각각" in self.text[self.start : self.end]
        if each and len(group) > 1 and len(investors) == len(group):
            return [(a, [i]) for a, i in zip(group, investors, strict=True)]
        m = group[0]
        own = "각각" in self.text[max(self.start, m.start - 8) : m.start] or (
            self.text.startswith("씩", m.end)
        )
        if own and len(group) == 1 and len(investors) > 1:  # 각각 10억원씩
            return [(group[0], [i]) for i in investors]
        return [(a, investors) for a in group]

    def parties(self, kind: str, cue_span, cue_text: str, topic):
        """(investors, target, deal_type, how) from particle roles around the cue."""
        receiver = (
            bool(cues()["receiver_subject"].search(cue_text))
            or bool(TRANSFER.match(self.text, cue_span[0]) and self.with_role(WITH))
            # A(매도인)가 B와 주식양수도 계약: B buys
            or bool(RIGHTS_RUN.search(cue_text) and not self.with_role(DAT))
            # A는 유상증자를 실시한다: A raises (A는 B에 유상증자: A pays B)
            or bool(
                kind == "investment"
                and RAISED_SO_FAR.search(
                    self.text, max(self.start, cue_span[0] - 8), cue_span[1] + 6
                )
                and not any(o.end <= cue_span[0] for o in self.with_role(GEN))
            )  # 누적 투자액은 X: what the company raised, its backers unnamed
        )
        if kind == "investment":  # 아마존의 앤트로픽 누적 투자액은 X: A pays for B
            near = next(
                (
                    o
                    for o in reversed(self.orgs)
                    if o.end <= cue_span[0]
                    and NOUN_GAP.fullmatch(self.text, self._skip(o.end), cue_span[0])
                ),
                None,
            )
            payer = self._genitive_payer(near) if near is not None else None
            if payer is not None and payer.value != near.value:
                return [payer], near, kind, "genitive"
        subjects = self.subject_group(cue_span[0]) or self._relative_subject(
            cue_span[1]
        )
        if self._quoted(
            cue_span[0]
        ):  # 딥시크가 …. “수천억원을 투입해야”: the quote's own
            opened = self._quote_start(cue_span[0])
            subjects = [x for x in subjects if x.start > opened]
        how = "sentence"
        if kind in ("investment", "acquisition"):
            issuer = next(
                (o for o in self.orgs if ISSUED_BY.match(self.text, self._skip(o.end))),
                None,
            )
            buyers = [
                o
                for o in self.with_role(SUBJ)
                if issuer is not None
                and o.value != issuer.value
                and o.end <= issuer.start
            ]
            if buyers:  # A는 B가 발행한 전환사채를 인수
                return buyers, issuer, "investment", "issuer"
            rel = self._relative_subject(cue_span[1])
            own = self.subject_group(cue_span[0])
            if rel and own and not receiver and kind == "investment":
                # B는 …에서 투자한 A가 2대주주다: A invested in B
                return rel, own[0], kind, "relative"
        if (
            not subjects
            and not self._quoted(cue_span[0])  # “수천억원을 투입해야” names no one
            # B는 …. A에서 X를 투자 받았다: the last sentence's subject only
            and (not receiver or (self.with_role(SRC) and topic.age <= 1))
            and not self._own_subject(cue_span[0])
            and topic.topic  # read last: the prefilter widens only where it is
        ):
            subjects, how = list(topic.topic), "topic"
        pos = cue_span[0]
        if kind == "investment" and not receiver:
            return self._payer_investment(subjects, pos, topic, how)
        if kind == "investment":
            backers = (
                self.with_role(SRC) + self._leads(pos) + self._genitive_backers(pos)
            )
            names = {b.value for b in backers}
            issuers = [s for s in subjects if s.value not in names]
            if issuers:
                return backers, issuers[0], kind, how
            return backers, topic.running_target(), kind, "running-target"
        if kind == "acquisition":
            target = self._nearest(
                self.with_role(OBJ, STAKE, BOUGHT), pos
            ) or self._unit_owner(pos)
            if PASSIVE.match(self.text, cue_span[1]) and subjects:
                return self.with_role(DAT), subjects[0], kind, how
            if receiver:  # A가 B를 C에 매각: C buys B
                buyers = self.with_role(DAT, SRC, WITH)
                return buyers, target or (subjects[0] if subjects else None), kind, how
            names = {target.value} if target else set()
            partners = [  # A와 컨소시엄을 꾸려 B를 인수, A와 손잡고: A buys too
                o
                for o in self.with_role(LEAD, WITH)
                if o.end <= pos
                and CO_BUYER.match(self.text, self._skip(o.end))
                and o.value not in names
                and o not in subjects
            ]
            buyers = [s for s in subjects if s.value not in names]
            return buyers + partners if buyers else [], target, kind, how
        if kind == "purchase":
            last = topic.supply if isinstance(topic, Context) else None
            if (
                last is not None
                and last.amount is not None  # an unpriced one is priced by `price`
                and topic.supply_age <= 2
            ) and all(
                o.value == last.target.value for o in self.orgs + subjects
            ):  # 피노는 …. 총 151억원 규모의 수주: the buyer of the supply just told
                return list(last.investors), last.target, kind, "running-buyer"
            if receiver:  # A가 B와 공급계약: B buys from A
                buyers = (  # B와 / B에 / B로부터 공급 계약; B의 (자회사) last
                    self.with_role(WITH)
                    or self.with_role(DAT)
                    or self.with_role(SRC)
                    or self.with_role(GEN)
                )
                buyer = self._nearest(buyers, pos)
                buyer = self._project_owner(buyer) or buyer
                return (  # A가 B·C와 계약: B and C buy
                    self._object_group(buyer) if buyer else [],
                    subjects[0] if subjects else None,
                    kind,
                    how,
                )
            fee = self._fee_parties(pos)
            if fee:
                return [fee[0]], fee[1], kind, "genitive-fee"
            seller = self._nearest(self.with_role(GEN, DAT, WITH, SRC, STAKE), pos)
            return subjects, seller, kind, how
        # AWS에 40억달러를 지출; 오픈AI의 서비스를 도입하는 데 지출
        sellers = self.with_role(DAT) + [
            o for o in self.with_role(GEN) if PRODUCT_AFTER.match(self.text, o.end)
        ]
        seller = self._nearest(sorted(sellers, key=lambda o: o.start), pos)
        if seller is not None and self.text.startswith(("지출", "투입"), pos):
            return subjects, seller, "purchase", how
        return subjects, None, "capex", how

    def _genitive_backers(self, pos: int) -> list[Mention]:
        """`A와 B의 투자를 받아`: the names whose investment is received."""
        out: list[Mention] = []
        for o in self.with_role(GEN):
            if o.end <= pos and INVEST_NOUN.match(self.text, self._skip(o.end) + 1):
                out += [g for g in self._object_group(o) if g not in out]
        return out

    def _project_owner(self, o: Mention | None) -> Mention | None:
        """`A의 … 프로젝트 '스타게이트'에 공급`: A owns the project and buys."""
        if o is None or not PROJECT_BEFORE.search(self.text, self.start, o.start):
            return None
        owners = [g for g in self.with_role(GEN) if o.start - 40 <= g.end <= o.start]
        return owners[-1] if owners else None

    def _unit_owner(self, pos: int) -> Mention | None:
        """`B의 오디오사업부를 인수`: the business bought belongs to B."""
        for o in reversed(self.with_role(GEN)):
            if o.end <= pos and UNIT_AFTER.match(self.text, self._skip(o.end) + 1):
                return o
        return None

    def _fee_parties(self, pos: int):
        """`A의 B 사용료는 X`: A pays B (the cue a noun right after B)."""
        before = [o for o in self.orgs if o.end <= pos]
        if len(before) < 2:
            return None
        payer, seller = before[-2], before[-1]
        i = self.orgs.index(payer)
        if self.roles[i] != GEN or not FEE_GAP.fullmatch(
            self.text, self._skip(seller.end), pos
        ):
            return None
        return payer, seller

    def _quoted(self, pos: int) -> bool:
        """Is `pos` inside a quotation that opened in this sentence?"""
        head = self.text[self.start : pos]
        return (
            head.count("“") > head.count("”")
            or head.count("‘") > head.count("’")
            or head.count('"') % 2 == 1
        )

    def _quote_start(self, pos: int) -> int:
        head = self.text[self.start : pos]
        return self.start + max(head.rfind(q) for q in ("“", "‘", '"'))

    def _relative_subject(self, cue_end: int) -> list[Mention]:
        """`오픈AI에 130억달러를 투자한 MS도`: the name the cue's relative clause modifies."""
        m = RELATIVE.match(self.text, cue_end)
        if m is None:
            return []
        i = next((i for i, o in enumerate(self.orgs) if o.start == m.end()), None)
        if i is None:
            return []
        group = [self.orgs[i]]  # … 중인 A와 B는: both
        while i + 1 < len(self.orgs) and self._joined_names(i):
            i += 1
            group.append(self.orgs[i])
        return group

    def _leads(self, pos: int) -> list[Mention]:
        """Backers (주도, 참여) named in the cue's own clause (a list's commas cut none)."""
        starts = {o.start for o in self.orgs}
        cuts = [
            m.end()
            for m in CLAUSE_END.finditer(self.text, self.start, pos)
            if m.end() not in starts
        ]
        lo = cuts[-1] if cuts else self.start
        return [o for o in self.with_role(LEAD) if lo <= o.start < pos + 40]

    def _payer_investment(self, subjects, pos: int, topic, how: str):
        """A가 B에 X를 투자; A가 공장에 X를 투자 (capex); A가 유상증자에 참여."""
        investors = subjects + self._leads(pos)
        target = self._nearest(self.with_role(DAT, STAKE), pos)
        if target is None:
            target = self._nearest(self.with_role(GEN), pos)
        if target is None:  # 아워홈 인수에 X를 출자: a share of the purchase price
            bought = [
                o
                for o in self.with_role(BOUGHT)
                if o.end <= pos
                and (m := BOUGHT_FOR.match(self.text, self._skip(o.end)))
                # B 인수에 활용된 펀드에 출자: the money goes to the fund
                and not OTHER_DAT.search(self.text, m.end(), pos)
            ]
            if bought:
                return investors, bought[-1], "acquisition", how
        if target is None and self._spending(pos):
            return investors, None, "capex", how
        if target is None:  # 오픈AI가 …을 때 MS가 투자를 해줬다
            names = {i.value for i in investors}
            earlier = [
                o for o in self.with_role(SUBJ) if o.end <= pos and o.value not in names
            ]
            if (
                earlier
                and investors
                and earlier[-1].end < investors[0].start
                # A, B, C 등이 투자자로: a list, not a target and its backers
                and not LIST_SEP.match(self.text, self._skip(earlier[-1].end))
                # A가 투자자로 참여했고 B도 투자를 단행: A is no target
                and not INVESTOR_AS.search(
                    self.text, earlier[-1].end, investors[0].start
                )
                and not PARTICIPATE.search(
                    self.text, earlier[-1].end, investors[0].start
                )
            ):
                return investors, earlier[-1], "investment", "earlier-clause"
        if target is None:
            target, how = topic.running_target(), "running-target"
        if target is None or (
            how == "running-target" and target.value in {i.value for i in investors}
        ):  # B는 C와 함께 X를 투자해 …: B pays; the last deal's B receives nothing here
            return investors, None, "none", how
        names = {target.value}
        return [i for i in investors if i.value not in names], target, "investment", how

    @functools.cached_property
    def _name_ends(self) -> set[int]:
        """Where each name's particle starts (past its aliases and 등/측)."""
        return {self._skip(o.end) for o in self.orgs}

    def _own_subject(self, pos: int) -> bool:
        """A subject that is no organisation (트럼프 대통령은, 개인들은): no topic carried."""
        ends = self._name_ends | {
            m.end() - 1 for m in ANAPHOR.finditer(self.text, self.start, pos)
        }
        for i, tok in self.tags.between(self.start, pos):
            if (
                i not in ends
                and (
                    tok.tag_ == "JKS" or (tok.tag_ == "JX" and tok.text in ("은", "는"))
                )
                and not self._after_particle(i)  # 6월에는, 이번 투자에서는
                and not (tok.tag_ == "JKS" and self._embedded(i, pos))
            ):
                return True
        return False

    def _embedded(self, i: int, pos: int) -> bool:
        """The 이/가 at `i` heads an embedded clause (회장이 보유한, 업황이 꺾이기 전에);
        not one of purpose (관계자들이 …을 지키기 위해 …을 매입한)."""
        nxt = [t for _, t in self.tags.between(i + 1, pos)]
        k = next(
            (k for k, t in enumerate(nxt) if t.tag_.startswith("E") or "+E" in t.tag_),
            None,
        )
        if k is None:
            return False
        if nxt[k].tag_.endswith("ETM"):
            return True
        after = nxt[k + 1].text if k + 1 < len(nxt) else ""
        return nxt[k].tag_.endswith("ETN") and after in ("전", "이전", "직전")

    def _clause_subject(self, lo: int, pos: int) -> bool:
        """A 이/가 subject that is no name between `lo` and the cue, heading the cue's
        own clause (not an embedded one: 홍 회장 일가가 보유한 지분)."""
        for i, tok in self.tags.between(lo, pos):
            if tok.tag_ != "JKS" or i in self._name_ends:
                continue
            nxt = [t for _, t in self.tags.between(i + 1, pos)]
            ending = next(
                (t for t in nxt if t.tag_.startswith("E") or "+E" in t.tag_), None
            )
            if ending is None or not ending.tag_.endswith("ETM"):
                return True
        return False

    def _after_particle(self, i: int) -> bool:
        prev = self.tags.last(max(self.start, i - 4), i)
        return prev is not None and prev.tag_.startswith("JK")

    def _spending(self, pos: int) -> bool:
        """Money spent on one's own assets: a place in 에, or a plant, a data centre."""
        lo, hi = max(self.start, pos - 30), min(self.end, pos + 15)
        return self._dat_noun(pos) or bool(
            cues()["capex_object"].search(self.text, lo, hi)
        )

    def _dat_noun(self, pos: int) -> bool:
        """A 에 after a word that is not an organisation (공장에, AI에): spending."""
        ends = {o.end for o in self.orgs}
        for i, tok in self.tags.between(self.start, pos):
            if (
                tok.text == "에"
                and tok.tag_.startswith("JKB")
                and i not in ends
                and not SOURCE_AFTER.match(self.text, i)
                and not self._alias_end(i, ends)
                and self._place(i)
            ):
                return True
        return False

    def _place(self, i: int) -> bool:
        """에 after a noun that is not a time word (공장에, not 6월에는)."""
        tok = self.tags.last(self.start, i)
        nxt = self.tags.get(i + 1)
        if tok is None or (nxt is not None and nxt.tag_.startswith("JX")):
            return False
        if cues()["deal_noun_before_dat"].search(self.text, self.start, i):
            return False
        return tok.tag_ in ("NNG", "NNP", "SL", "SH") and not TIME_WORD.search(tok.text)

    def _alias_end(self, i: int, ends: set) -> bool:
        return any(AFTER_ORG.fullmatch(self.text, e, i) for e in ends if e < i)

    def _nearest(self, orgs: list[Mention], pos: int) -> Mention | None:
        before = [o for o in orgs if o.end <= pos]
        if before:
            return before[-1]
        return orgs[0] if orgs else None

    def _amountless(self, topic: Context | None = None) -> list[Candidate]:
        """Deals with both sides named and no amount ("A가 B에 투자를 단행"); a buyer
        may be the subject of the sentence just before (A는 …. B를 인수한 이후)."""
        if not self.orgs:
            return []
        fresh = topic if topic is not None and topic.age <= 1 else Context()
        if self.subjects():  # the sentence names its own actors (… 중인 A와 B는)
            fresh = Context()
        alone = len(self.orgs) < 2 and not fresh.topic  # one name: only with the topic
        out = []
        for m in self._cues():
            here = [] if alone else self._amountless_at(m, fresh)
            out.extend(here or self._stake_in_topic(m, topic))
        return out if alone else out + self._backers([])

    def _cues(self) -> Iterator:
        """Every deal cue of the sentence; most sentences have none, which the gate's
        plain strings tell faster than the cues' own search."""
        c = cues()
        if not c["has_cue"](self.text, self.start, self.end):
            return iter(())
        return c["any_cue"].finditer(self.text, self.start, self.end)

    def _stake_in_topic(self, m, topic: Context | None) -> list[Candidate]:
        """`B는 … 스타트업이다. A가 지분을 투자해`: a stake taken in the company the
        sentence before is about, when this one names no other side."""
        if (  # the topic is read last: the prefilter widens only where it is
            topic is None
            or not STAKE_BEFORE.search(
                self.text, max(self.start, m.start() - 5), m.start()
            )
            or self._kind(m.group(), m.start()) != "investment"
            or not VERBAL_CUE.match(self.text, m.end())
            or self.with_role(DAT, OBJ, GEN, STAKE, SRC)
            or topic.age > 0
            or len(topic.topic) != 1
        ):
            return []
        payers = self.subject_group(m.start())
        target = topic.topic[0]
        if not payers or any(p.value == target.value for p in payers):
            return []
        return [
            self._stated(
                "investment",
                payers,
                target,
                m.start(),
                f"cue:{m.group()}:amountless",
                roles="particles:topic-stake",
                confidence=0.4,
            )
        ]

    def _object_group(self, target: Mention) -> list[Mention]:
        """The names listed with `target` in its role (B, C 등을)."""
        if target not in self.orgs:  # the topic, named in an earlier sentence
            return [target]
        i = self.orgs.index(target)
        group = [target]
        while (
            i > 0 and self.roles[i - 1] == self.roles[i] and self._joined_names(i - 1)
        ):
            i -= 1
            group.insert(0, self.orgs[i])
        return group

    def _role_of(self, o: Mention) -> str | None:
        return self.roles[self.orgs.index(o)] if o in self.orgs else None

    def _gap(self, lo: int, hi: int) -> int:
        """Characters between two places, not counting the names (and their
        brackets) in between: B를 C(C')에 매각 keeps B next to its cue."""
        if hi < lo:
            return -1
        inside = sum(
            self._skip(o.end) - o.start
            for o in self.orgs
            if lo <= o.start and o.end <= hi
        )
        return hi - lo - inside

    def _parts_of_total(self, found: list[Candidate]) -> None:
        """`B는 X 규모의 CB를 발행했는데 A가 Y, C가 Z를 인수`: the total's backers are
        the parts' (each part stays a record of its own)."""
        for whole in found:
            if whole.investors or whole.amount is None or whole.target is None:
                continue
            parts = [
                c
                for c in found
                if c is not whole
                and c.investors
                and c.target is not None
                and c.target.value == whole.target.value
                and c.deal_type == whole.deal_type
                and _part_of(c.amount, whole.amount)
            ]
            for c in parts:
                known = {w.value for w in whole.investors} | {whole.target.value}
                whole.investors.extend(i for i in c.investors if i.value not in known)
            if parts:
                whole.explain["roles"] = "parts-of-total"

    def _tranches(self, found: list[Candidate]) -> None:
        """`최대 X를 투자하기로 했으며, 이 가운데 Y는 즉시 투입`: Y is a tranche of the
        same deal (its parties and type), X the planned total."""
        for i, c in enumerate(found):
            if c.amount is None or i == 0:
                continue
            head = self.text[max(self.start, c.amount.start - 8) : c.amount.start]
            whole = found[i - 1]
            if not TRANCHE_OF.search(head) or whole.amount is None:
                continue
            c.deal_type, c.target = whole.deal_type, whole.target
            c.investors = list(whole.investors)
            c.explain["roles"] = "tranche-of-previous"
            whole.cumulative = True

    def _listed_backers(self, topic: Context, found: list) -> list[Candidate]:
        """`… B에 투자했다. 주요 투자자로는 A, C 등이 있다`: backers of the company the
        last deal went to."""
        m = BACKERS_ARE.search(self.text, self.start, self.end)
        if m is None:  # before the topic is read: the prefilter widens where it is
            return []
        told = [c.target for c in found if c.target is not None and c.cue < m.start()]
        target = told[-1] if told else topic.target if topic.target_age <= 1 else None
        if target is None:
            return []
        known = {target.value}
        backers = [o for o in self.orgs if o.start >= m.end() and o.value not in known]
        if not backers or self.with_role(DAT, OBJ):
            return []
        return [
            self._stated(
                "investment",
                backers,
                target,
                m.start(),
                f"cue:{m.group().strip()}:amountless",
                roles="backers:listed",
                confidence=0.4,
                status="completed",  # backers named as such have invested
            )
        ]

    def _backers(self, found: list[Candidate]) -> list[Candidate]:
        """Backers named as such join the sentence's round without backers
        (B는 X를 유치했고 A가 투자자로 참여했다); else they are a deal of their own
        (a running total names no one: 누적 X를 조달했는데 A는 초기 투자자로 나섰다)."""
        out = []
        for m in INVESTOR_AS.finditer(self.text, self.start, self.end):
            for c in self._backers_at(m):
                rnd = next(
                    (
                        f
                        for f in found
                        if f.deal_type == "investment"
                        and not f.investors
                        and not f.cumulative
                        and f.target is not None
                        and f.target.value == c.target.value
                    ),
                    None,
                )
                if rnd is not None:
                    rnd.investors.extend(c.investors)
                elif not any(
                    f.target is not None
                    and f.target.value == c.target.value
                    and {i.value for i in f.investors} & {i.value for i in c.investors}
                    for f in found
                ):
                    out.append(c)
        return out

    def _backers_at(self, m) -> list[Candidate]:
        """`B는 …, A 등은 초기 투자자로 나섰다`: A invested in B (or in a target named
        with 에); the sentence's earlier subject is the one invested in."""
        investors = self.subject_group(m.start())
        investors, target, kind, _ = self._payer_investment(
            investors, m.start(), Context(), "sentence"
        )
        if kind != "investment" or target is None or not investors:
            return []
        return [
            self._stated(
                kind,
                investors,
                target,
                m.start(),
                f"cue:{m.group()}:amountless",
                roles="particles:sentence",
                confidence=0.4,
            )
        ]

    def _amountless_at(self, m, topic: Context) -> list[Candidate]:
        kind = self._kind(m.group(), m.start())
        if kind != "acquisition" and not (
            # A는 …이다. B에 투자해: the sentence just before names the payer
            kind == "investment" and topic.age == 0 and topic.topic
        ):
            topic = Context()
        supply = kind == "purchase" and SUPPLY.match(self.text, m.start())
        if kind not in ("investment", "acquisition") and not supply:
            return []
        noun = self._genitive_deal(m, kind)
        if noun is not None:  # A의 B 투자에 참여, A의 B 인수 이후: a noun phrase
            return noun
        if not supply and not VERBAL_CUE.match(self.text, m.end()):  # 인수 심사
            return []
        cue_text = self.text[m.start() : m.end() + 8]
        investors, target, kind, how = self.parties(kind, m.span(), cue_text, topic)
        if kind == "capex" or target is None or not investors:
            return []
        targets = [target]
        if how not in ("earlier-clause", "relative"):
            targets = self._object_group(target)  # B, C 등을 인수: each bought
        if supply:  # A와 B가 C에 공급: one sale by each supplier
            targets = self.subject_group(m.start()) or targets
        elif (
            how != "earlier-clause"
            and not TRANSFER.match(self.text, m.start())
            # B는 …, A의 투자를 받아: the backer sits at the cue
            and not (kind == "investment" and self._genitive_backers(m.start() + 1))
            # B 구주 N주(지분 N%) 전량을 매각: a stake's description may intervene
            and not 0
            <= self._gap(self._skip(target.end), m.start())
            <= (40 if self._role_of(target) == STAKE else 20)
        ):
            return []
        return [
            self._stated(
                kind,
                investors,
                t,
                m.start(),
                f"cue:{m.group()}:amountless",
                roles="particles:sentence",
                confidence=0.4,
            )
            for t in targets
        ]

    # -- fields ------------------------------------------------------------------
    def _status(self, cue_start: int) -> tuple[str, str]:
        """The first status cue of the cue's own clause, else of the sentence's rest."""
        done = DONE_AT.match(self.text, cue_start)
        if done and not TOLD_ONLY.search(done.group()):
            # 투자한 이후, 인수한 바 있다: told as past whatever follows; not
            # 인수한다고 발표한 이후, only an announcement
            return "completed", f"cue:{done.group()}"
        clause = self.text[cue_start : self._clause_end(cue_start)]
        told = REPORTED_DONE.search(clause)
        if told:  # 유치했다고 발표했다: a past act announced is done
            return "completed", f"cue:{told.group()}"
        for tail in (clause, self.text[cue_start : self.end]):
            for status, rx in cues()["statuses"]:
                m = rx.search(tail)
                if m:
                    signed = SIGNED.search(self.text, cue_start, self.end)
                    if status == "in_talks" and signed:  # 추진 중 …. SPA를 체결했으며
                        return "announced", f"cue:{signed.group()}"
                    return status, f"cue:{m.group()}"
        past = PAST_TIME.search(self.text, self.start, cue_start)
        if past:  # 지난해 B를 인수해 …: nothing else tells, the time does
            return "completed", f"time:{past.group()}"
        return cues()["default_status"], "default"

    def _cumulative(self, amount: Mention, pair_end: int) -> bool:
        c = cues()
        if c["tranche_after"].match(self.text, pair_end):
            return False
        before = self.text[max(self.start, amount.start - 14) : amount.start]
        m = c["cumulative_before"].search(before)
        if m:  # 총 2조원 규모의 유상증자 is one deal's size; 현재까지 X 규모 a total
            sized = c["size_after"].match(self.text, amount.end)
            return not (sized and m.group().lstrip().startswith(("총", "합계", "모두")))
        head = self.text[self.start : amount.start]
        return bool(c["cumulative_sentence"].search(head))

    def _date(self, cue_start: int) -> Mention | None:
        dates = [
            d
            for d in self.dates
            if not self.text.startswith("까지", d.end)
            and not COMPARED_AFTER.match(self.text, d.end)
            and not OTHER_EVENT_AFTER.match(self.text, d.end)
            and not OTHER_EVENT_BEFORE.search(self.text, max(0, d.start - 8), d.start)
        ]
        before = [d for d in dates if d.end <= cue_start]
        return before[-1] if before else (dates[0] if dates else None)

    def _stake(self) -> float | None:
        m = cues()["stake"].search(self.text, self.start, self.end)
        if not m:
            return None
        v = float(m.group(1) or m.group(2))
        return int(v) if v.is_integer() else v
