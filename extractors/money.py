"""Money amounts: found in running text, read into exact values.

Spans follow gold/README.md: from the number (or a leading 약/최대/최소/대략..., or a
sign such as `$`) to the currency word, space kept: `약 3조7000억원`, `1,000억 원`,
`US$ 5억`. Trailing 이상/가량/규모/어치/대... stay outside the span; they still set the
qualifier, and their offsets go to `Mention.meta["qualifier_span"]`.

Values (`MoneyValue`):
- `value` is one number: the amount, or a range's lower bound (`100억~150억달러` ->
  1e10, min 1e10, max 1.5e10); None for a vague amount (`수십억달러`: min 2e9, max 9e9,
  qualifier approx), as the gold guidelines say.
- `qualifier` follows DEALS.md §2; a bound (이상, 최대) beats an approximation (약) when
  both are written. `min`/`max` are set for ranges and bounds only; 1조원대 is approx
  with min 1조 and max 2조.
- A headline amount with its 원 dropped (`576억 투자`) is KRW when a deal word follows.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

import regex

from extractors.base import (
    Extractor,
    Mention,
    Pattern,
    char_class,
    matches_at,
    register_factory,
    starts_of,
)
from extractors.data import load
from extractors.numerals import (
    has_more_marker,
    is_vague,
    parse_korean_range,
)

QUALIFIERS = {
    "approx": ["약", "대략", "대충", "얼추", "줄잡아", "가량", "안팎", "내외", "정도",
               "쯤", "대"],
    "at_least": ["이상", "초과", "여", "최소", "최저", "남짓", "넘는", "넘게", "넘어",
                 "넘은", "넘을", "웃도는", "웃돈", "상회하는"],
    "at_most": ["최대", "최고", "이하", "미만", "까지"],
    None: ["규모", "상당", "어치"],  # "X 규모", "X 상당" alone are exact
}  # fmt: skip
QUALIFIER_OF = {word: q for q, words in QUALIFIERS.items() for word in words}
LEADS = ["약", "대략", "대충", "얼추", "줄잡아", "최대", "최소", "최고", "최저"]
# Deal words after a bare 576억 that make it a won amount (headlines drop 원).
BARE_CONTEXT = ["투자", "규모", "베팅", "유치", "조달", "인수", "계약", "수주", "매각",
                "출자", "투입", "펀드", "지원", "배당", "공급", "매출", "손실", "순매도",
                "순매수", "기대", "영업익", "영업이익", "순이익", "몸값"]  # fmt: skip

# ... followed by such a word, or ending a headline line.
_BARE_AFTER = rf"(?:으로|로|을|를|이|가|은|는|의|에)?(?:\s?(?:{'|'.join(BARE_CONTEXT)})|\s*(?:\n|$|[…·,]))"
_SINO = "일이삼사오육칠팔구"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_COEF = rf"(?:{_DIGITS}|[{_SINO}수몇])"
_SMALL = rf"(?:(?:{_COEF}?[천백십])+{_COEF}?|{_COEF})"
_GROUP = rf"(?:{_SMALL}?여?\s?[만억조경萬億兆]여?)"
_SCALE = r"(?:\s?(?i:million|billion|trillion|bn|mn|tn)(?![A-Za-z]))"
# A numeral starts after no digit, and a Hangul one after no Hangul (회사 is not 4).
_START = r"(?:(?<![\d.,])(?=\d)|(?<![\d.,가-힣])(?=[^\d]))"
NUM = rf"{_START}(?:(?:{_GROUP}(?:\s(?=[\d{_SINO}수몇천백십]))?)+{_SMALL}?|{_SMALL}여?{_SCALE}?)"
_LEAD = rf"(?:(?<![가-힣])(?P<lead>{'|'.join(LEADS)})\s?)?"
_TILDES = "~∼〜～"
_TILDE = rf"\s?[{_TILDES}]\s?"
_TRAIL = (
    r"\s?(?P<trail>이상|이하|미만|초과|가량|안팎|내외|정도|쯤|남짓|규모|상당|어치|까지"
    r"|(?:[을를이가]\s?)?(?:넘는|넘게|넘어|넘은|넘을|웃도는|웃돈|상회하는))"
    r"|(?P<trail>여|대)(?![가-힣])|(?P<trail>대)(?=[의에로를을은는가이도])"
)


@dataclass(frozen=True, slots=True)
class MoneyValue:
    """An amount read from text; see the module docstring for ranges and vague ones."""

    value: Decimal | None
    currency: str | None
    qualifier: str | None
    min: Decimal | None
    max: Decimal | None


@functools.cache
def currency_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(name -> code, sign -> code) from currencies.yaml; names without spaces."""
    names, signs = {}, {}
    for code, row in load("currencies.yaml")["currencies"].items():
        for name in row.get("names", []):
            names[name.replace(" ", "")] = code
        for sign in row.get("symbols", []):
            signs[sign.replace(" ", "")] = code
    return names, signs


def _alternation(words, guard=lambda w: "") -> str:
    """Longest first; an inner space may be written or not (미국 달러, 미국달러)."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(r"\s?".join(map(regex.escape, w)) + guard(w) for w in ordered)


@functools.cache
def currency_regexes() -> tuple[str, str, str]:
    """Regexes of currency names (after), ISO codes (after) and signs (before)."""
    names, signs = currency_tables()
    not_before = load("currencies.yaml").get("not_before", {})

    def guard(name: str) -> str:
        bad = not_before.get(name)
        return f"(?!{'|'.join(bad)})" if bad else ""

    codes = [s for s in signs if s.isascii() and s.isalpha() and len(s) == 3]
    return (
        rf"(?:{_alternation(names, guard)})",
        rf"(?:{_alternation(codes)})(?![A-Za-z])",
        rf"(?:(?<![A-Za-z]){_alternation(signs)})",
    )


def _money_patterns() -> list[Pattern]:
    names, codes, signs = currency_regexes()
    cur = rf"(?P<cur>{names}|{codes})"
    return [
        Pattern("range", rf"{_LEAD}(?P<n1>{NUM})(?:\s?{names})?{_TILDE}(?P<n2>{NUM})\s?{cur}", 0.9),
        Pattern("num+currency", rf"{_LEAD}(?P<n1>{NUM})\s?{cur}", 0.8),
        Pattern("sign+num", rf"{_LEAD}(?P<sign>{signs})\s?(?P<n1>{NUM})(?:{_TILDE}(?P<n2>{NUM}))?(?:\s?{cur})?", 0.8),
        Pattern("num+unit, 원 dropped", rf"{_LEAD}(?P<n1>(?<![\d.,])\d[\d,.]*[억조兆])(?={_BARE_AFTER})", 0.3),
    ]  # fmt: skip


@functools.cache
def _full_money() -> regex.Pattern:
    """One regex for a whole amount text, trailing qualifier included. The range
    is tried only when a tilde follows, which it needs: without one it would be
    tried through every way its numeral can be read."""
    tilde_ahead = f"(?=[^{_TILDES}]*[{_TILDES}])"
    alternatives = "|".join(
        f"(?:{tilde_ahead if p.name == 'range' else ''}{p.regex})"
        for p in _money_patterns()[:3]
    )
    bare = rf"{_LEAD}(?P<n1>{NUM})"
    return regex.compile(
        rf"\s*(?:{alternatives}|{bare})(?:{_TRAIL})?[\s.]*", regex.VERSION1
    )


@functools.lru_cache(maxsize=4096)  # news repeats its amounts; the value is frozen
def parse_money(text: str, default_currency: str | None = None) -> MoneyValue:
    """Value, currency, qualifier and bounds of one amount text.

    >>> parse_money("27억5000만달러")
    MoneyValue(value=Decimal('2750000000'), currency='USD', qualifier=None, min=None, max=None)
    >>> parse_money("약 3조7000억원").qualifier, parse_money("1,000억 원").value
    ('approx', Decimal('100000000000'))
    >>> m = parse_money("100억~150억달러"); (m.value, m.min, m.max, m.currency)
    (Decimal('10000000000'), Decimal('10000000000'), Decimal('15000000000'), 'USD')
    >>> m = parse_money("10억달러 이상"); (m.qualifier, m.min, m.max)
    ('at_least', Decimal('1000000000'), None)
    >>> m = parse_money("수십억달러"); (m.value, m.min, m.max, m.qualifier)
    (None, Decimal('2000000000'), Decimal('9000000000'), 'approx')
    >>> parse_money("42억위안").currency, parse_money("US$ 1.5 billion").value
    ('CNY', Decimal('1500000000'))
    >>> parse_money("연구원")
    Traceback (most recent call last):
    ValueError: not an amount: '연구원'
    """
    m = _full_money().fullmatch(text)
    if m is None:
        raise ValueError(f"not an amount: {text!r}")
    try:
        return _value(m, default_currency)
    except ValueError:
        raise ValueError(f"not an amount: {text!r}") from None


def _currency(m: dict, default: str | None) -> str | None:
    names, signs = currency_tables()
    for group, table in (("cur", names), ("sign", signs)):
        word = _SPACE.sub("", m[group] or "")
        if word:
            return table.get(word) or signs.get(word.upper())
    return default


def _groups(m: regex.Match) -> dict[str, str | None]:
    """Each named group's text, its last capture: a name may recur across
    alternatives of one regex."""
    return {k: found[-1] if found else None for k, found in m.capturesdict().items()}


def _value(match: regex.Match, default_currency: str | None) -> MoneyValue:
    m = _groups(match)
    low, high = parse_korean_range(m["n1"])
    currency = _currency(m, default_currency)
    qualifier = _qualifier(m["lead"], m["trail"], m["n1"])
    if m["n2"]:
        low = parse_korean_range(_shared_unit(m["n1"], m["n2"]))[0]
        top = parse_korean_range(m["n2"])[1]
        if top < low:
            raise ValueError("range upside down")
        value = None if is_vague(m["n1"]) else low
        return MoneyValue(value, currency, qualifier, low, top)
    if is_vague(m["n1"]):
        return MoneyValue(None, currency, qualifier or "approx", low, high)
    return MoneyValue(low, currency, qualifier, *_bounds(low, qualifier, m["trail"]))


_UNIT_END, _UNIT_ANY = (
    regex.compile(r"[만억조경]+$"),
    regex.compile(r"[만억조경천백십]"),
)


def _shared_unit(first: str, second: str) -> str:
    """5~10억 is 5억 to 10억: a bare first number takes the second one's unit."""
    unit = _UNIT_END.search(second)
    if unit and not _UNIT_ANY.search(first):
        return first + unit.group()
    return first


def _qualifier(lead: str | None, trail: str | None, numeral: str) -> str | None:
    """A bound (이상, 최대, 여) beats an approximation (약); words beat 여."""
    found = [QUALIFIER_OF.get(_trail_word(w)) for w in (lead, trail) if w]
    found += ["at_least"] if has_more_marker(numeral) else []
    bounds = [q for q in found if q in ("at_least", "at_most")]
    return bounds[-1] if bounds else ("approx" if "approx" in found else None)


def _bounds(value: Decimal, qualifier: str | None, trail: str | None):
    if qualifier == "at_least":
        return value, None
    if qualifier == "at_most":
        return None, value
    if trail == "대":  # 1조원대: from 1조 up to 2조
        return value, value + Decimal(10) ** value.normalize().as_tuple().exponent
    return None, None


_PARTICLE = regex.compile(r"^[을를이가]\s?(?=넘|웃|상회)")


def _trail_word(trail: str) -> str:
    """넘는 from 을 넘는: the qualifier word without its particle."""
    return _PARTICLE.sub("", trail)


_NUMERAL_FIRST = f"{_LEAD}(?P<n1>{NUM})"


def _opening_chars() -> str:
    """Every character but digits and spaces that can open an amount: a lead word,
    a Hangul numeral or unit, a currency sign (escaped for a character class)."""
    chars = set(_SINO + "수몇천백십여만억조경萬億兆")
    chars |= {w[0] for w in LEADS} | {s[0] for s in currency_tables()[1]}
    return "".join(regex.escape(c) for c in sorted(chars))


# What a lead word or numeral is written with, digits, spaces and million's
# letters aside
_NUMERAL_CHARS = frozenset(_SINO + "수몇천백십여만억조경萬億兆,." + "".join(LEADS))


class _Scans(NamedTuple):
    """Where a numeral-first match may end its numeral, each a `re` pattern: it
    looks for the few characters that open such a word far faster. Their `\\s`
    takes four control characters more than `regex`'s, so they find the same
    places or more, never fewer."""

    currency: re.Pattern  # a currency word or a range's tilde
    tilde: re.Pattern  # a range's tilde, or the currency name before it
    sign: re.Pattern  # a sign or code before the number ($, US$, USD)
    bare_unit: re.Pattern  # 억 or 조 followed by what makes a bare 576억 KRW
    run: regex.Pattern  # the numeral characters that end at a place, read backwards


@functools.cache
def _scans() -> _Scans:
    names, codes, signs = currency_regexes()
    name_words, sign_words = currency_tables()
    codes_words = [s for s in sign_words if s.isascii() and s.isalpha()]
    firsts = {w[0] for w in [*name_words, *codes_words]} | set(_TILDES)
    tildes = f"[{_TILDES}]"
    inner_class = "".join(regex.escape(c) for c in sorted(_NUMERAL_CHARS))
    return _Scans(
        starts_of(rf"{_AFTER_RUN}(?:{names}|{codes}|{tildes})", firsts),
        starts_of(rf"{_AFTER_RUN}(?:(?:{names})\s?{tildes}|{tildes})", firsts),
        starts_of(signs, {w[0] for w in sign_words}),
        re.compile(rf"[억조兆](?={_BARE_AFTER})"),
        # the letters are those of million, billion, trillion (matched case-blind)
        regex.compile(rf"(?r)(?:[\d\s{inner_class}]|(?i:[bilmnort]))*"),
    )


# After what an anchor may end a run of numeral characters (`_Scans.run`): not
# after a Hangul syllable no numeral holds, nor after an ASCII character but a
# digit, a space, `,`, `.` or a letter of million's (a superset: the run decides).
_AFTER_RUN = (
    "(?<=[^\\x00-\\x7f가-힣]|[0-9\\s,.bilmnortBILMNORT"
    + "".join(sorted(c for c in _NUMERAL_CHARS if "가" <= c <= "힣"))
    + "])"
)
_LEAD_FIRSTS = frozenset(w[0] for w in LEADS)
# Where a lead word or numeral may open (`_LEAD`, `_START`): a digit after no
# digit, `.` or `,`; another character after no Hangul, and a numeral (not a lead
# word) after no digit either. Any other character (萬, a digit of another
# script) is kept: only what cannot open is left out.
_OPENS = re.compile(
    rf"(?<![0-9.,])[0-9]|(?<![가-힣0-9.,])[^0-9]|(?<![가-힣]){char_class(_LEAD_FIRSTS)}"
    r"|[^\x00-\x7f가-힣]"
)


_START_OF = re.Match.start


def _runs_before(text: str, anchor: re.Pattern, opens: bool = True) -> list[int]:
    """The places, in order, in each run of numeral characters that ends where
    `anchor` matches: those where a lead word or numeral may open (`opens`), or
    all of them and the anchor's place too."""
    run = _scans().run
    found: set[int] = set()
    for m in anchor.finditer(text):
        q = m.start()
        before = text[q - 1] if q else ""
        if "가" <= before <= "힣" and before not in _NUMERAL_CHARS:
            start = q  # a syllable no numeral holds: no run
        else:
            start = run.match(text, 0, q).start()
        if start == q:
            found.update(() if opens else (q,))
        elif opens:
            found.update(map(_START_OF, _OPENS.finditer(text, start, q)))
        else:
            found.update(range(start, q + 1))
    return sorted(found)


def candidates(text: str) -> list[int]:
    """Every place a numeral-first money pattern can match from, in order.

    Such a match is a lead word and a numeral, then a currency word (or a tilde
    before the second numeral of a range): all of its characters before that word
    are digits, Hangul numerals and units, 여, separators, spaces, a lead word's or
    million's letters. So it starts inside the run of such characters that ends
    where a currency word or tilde starts, where a lead word or numeral may open.

    >>> t = "매출 27억5000만달러, 이익 3~4조원"
    >>> [t[p:p + 3] for p in candidates(t)]
    ['27억', '500', '3~4', '4조원']
    """
    return _runs_before(text, _scans().currency)


def range_candidates(text: str) -> list[int]:
    """`candidates` of a range: its first numeral ends at a tilde, or at the
    currency name before one (100억달러~150억달러).

    >>> t = "매출 27억달러, 이익 3~4조원, 1억달러 ~2억달러"
    >>> [t[p:p + 3] for p in range_candidates(t)]
    ['3~4', '1억달']
    """
    return _runs_before(text, _scans().tilde)


def sign_candidates(text: str) -> list[int]:
    """Every place the sign-first pattern can match from, in order: a sign, or a
    lead word in the run of such characters before it ($5억, 약 US$ 5억).

    >>> t = "약 US$ 5억, 3억 달러"
    >>> [t[p:p + 3] for p in sign_candidates(t)]
    ['약 U', ' US', 'US$', 'S$ ', '$ 5']
    """
    return _runs_before(text, _scans().sign, opens=False)


def unit_candidates(text: str) -> list[int]:
    """Every place the pattern of a bare 576억 can match from, in order: its
    digits end at 억 or 조 followed by a deal word or a line's end.

    >>> t = "최대 1,576억 투자, 500억원, 조정"
    >>> [t[p:p + 3] for p in unit_candidates(t)]
    ['최대 ', '1,5']
    """
    return _runs_before(text, _scans().bare_unit)


_SPACE, _DIGIT = regex.compile(r"\s"), regex.compile(r"\d")
_NUMERAL_WORD = regex.compile(rf"{_LEAD}(?P<n>[{_SINO}수몇십백천만억조경여]+)")


# Where each pattern can match from; another one opening with a numeral is tried
# at `candidates`, one opening otherwise everywhere.
_PLACES = {
    "range": range_candidates,
    "sign+num": sign_candidates,
    "num+unit, 원 dropped": unit_candidates,
}


class MoneyExtractor(Extractor):
    """Amounts such as 27억5000만달러, 약 3조7000억원, 1,000억 원, $1.5 billion."""

    kind = "money"
    label = "MONEY"

    def __init__(self) -> None:
        self.PATTERNS = _money_patterns()
        super().__init__()
        self._trail = regex.compile(rf"(?:{_TRAIL})", regex.VERSION1)
        # A pattern opening with a numeral tries its lookbehinds and alternations at
        # every character; a lookahead for a character that can open an amount
        # rejects most places at once (the others open with a sign or a digit,
        # which the engine already finds fast).
        opens = rf"(?=[\d\s{_opening_chars()}])"
        self._compiled = [
            (
                p,
                regex.compile(opens + p.regex)
                if p.regex.startswith(_NUMERAL_FIRST)
                else rx,
            )
            for p, rx in self._compiled
        ]
        self._places = {
            p.name: _PLACES.get(p.name, candidates)
            for p in self.PATTERNS
            if p.name in _PLACES or p.regex.startswith(_NUMERAL_FIRST)
        }

    def matches(self, rx: regex.Pattern, pat: Pattern, text: str):
        """What `rx.finditer(text)` yields. A pattern is tried only where its match
        could start (`candidates` and the like): the engine would otherwise try its
        lookbehinds and alternations at nearly every Hangul syllable."""
        places = self._places.get(pat.name)
        if places is None:
            yield from rx.finditer(text)
            return
        if pat.name == "range" and not any(c in text for c in _TILDES):
            return  # a range is written with a tilde
        yield from matches_at(rx, text, places)

    def make(self, text: str, m: regex.Match, pat: Pattern) -> Mention | None:
        start, end = m.span()
        trail = self._trail.match(text, end)
        meta = {}
        value_end = end
        if trail:
            meta["qualifier_span"] = trail.span("trail")
            value_end = trail.end()
        default = "KRW" if pat.name.endswith("dropped") else None
        try:
            value = parse_money(text[start:value_end], default)
        except ValueError:
            return None
        return Mention(self.label, start, end, m.group(), value,
                       f"{self.kind}:{pat.name}", pat.score, meta)  # fmt: skip

    def validate(self, mention: Mention) -> bool | None:
        """Drop single Hangul digits read as amounts: 구원 (rescue), 사원 (employee)."""
        numeral = _NUMERAL_WORD.match(mention.text)
        if numeral and not _DIGIT.search(mention.text):
            n = numeral["n"]
            if len(n) < 2 and n not in ("천", "만", "백"):
                return False
            if is_vague(n) and not regex.search(r"[수몇][십백천만억조경]", n):
                return False
        return None


_PAIR_GAP = regex.compile(
    r"\s?(?:이상|가량|내외|안팎|정도|규모|상당|어치)?\s?[(（·ㆍ,/]\s?"
    r"(?:(?:한화|원화|우리\s?돈|미화|환산|약)\s?(?:으로|로)?\s?)*"
)


def money_pairs(text: str, mentions: list[Mention]) -> list[tuple[Mention, Mention]]:
    """(amount, its stated conversion) for amounts followed by one in another currency.

    >>> t = "27억5000만달러(약 3조7000억원)를 투자"
    >>> [(a.text, b.text) for a, b in money_pairs(t, MoneyExtractor().find(t))]
    [('27억5000만달러', '약 3조7000억원')]
    """
    pairs = []
    for a, b in zip(mentions, mentions[1:], strict=False):
        if not (a.value and b.value) or a.value.currency == b.value.currency:
            continue
        gap_start = a.meta.get("qualifier_span", (a.end, a.end))[1]
        if _PAIR_GAP.fullmatch(text, gap_start, b.start) or _PAIR_GAP.fullmatch(
            text, a.end, b.start
        ):
            pairs.append((a, b))
    return pairs


def make_money(nlp, name: str, spans_key: str = "money"):
    """spaCy factory `kdeal_money`: MoneyExtractor mentions into doc.spans[spans_key]."""
    from extractors.base import ExtractorPipe

    return ExtractorPipe(name, MoneyExtractor(), spans_key)


register_factory("kdeal_money", make_money, "money")
