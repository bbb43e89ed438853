"""Korean numerals to exact Decimals: 27억5000만, 1,000억, 삼십이억, 수십억, 100여억.

A numeral is a run of groups, each a coefficient followed by a big unit (경 조 억 만,
or million/billion/trillion); a coefficient is Arabic digits (with `,` thousands
separators and a `.` decimal part), Sino-Korean or Hanja digits with the small units
천 백 십, or a mix (6천400). Full-width forms are folded by NFKC first.

Vague 수/몇 ("several") stands for a digit from 2 to 9 when it leads (수십억 = 20억 to
90억) and from 1 to 9 after 십 (십수억 = 11억 to 19억): `parse_korean_range` gives both
ends, `parse_korean_number` the lower one. 여/餘 ("and more", 100여억) is read as the
number before it; money.py turns it into the `at_least` qualifier.

Only the text given is read, and all of it: 일억이 is 100,000,002 here, so running
text goes through an extractor first, which locates 일억 and leaves the particle 이.
"""

from __future__ import annotations

import functools
import unicodedata
from decimal import Decimal

import regex

BIG_UNITS = {
    "경": 10**16, "조": 10**12, "억": 10**8, "만": 10**4,
    "京": 10**16, "兆": 10**12, "億": 10**8, "萬": 10**4, "万": 10**4,
    "trillion": 10**12, "billion": 10**9, "million": 10**6, "thousand": 10**3,
    "tn": 10**12, "bn": 10**9, "mn": 10**6,
}  # fmt: skip
SMALL_UNITS = {"천": 1000, "백": 100, "십": 10, "千": 1000, "百": 100, "十": 10}
DIGITS = {
    "영": 0, "공": 0, "일": 1, "이": 2, "삼": 3, "사": 4, "오": 5,
    "육": 6, "륙": 6, "칠": 7, "팔": 8, "구": 9,
    "〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
VAGUE = {"수", "몇", "數"}  # "several": 수십억, 몇백만
MORE = {"여", "餘"}  # "and more": 100여억, 10억여
# Native counts (한, 스물다섯): tens and ones, read only when the whole text is native.
NATIVE_TENS = {"열": 10, "스물": 20, "스무": 20, "서른": 30, "마흔": 40, "쉰": 50,
               "예순": 60, "일흔": 70, "여든": 80, "아흔": 90}  # fmt: skip
NATIVE_ONES = {"하나": 1, "한": 1, "둘": 2, "두": 2, "셋": 3, "세": 3, "석": 3,
               "넷": 4, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8,
               "아홉": 9}  # fmt: skip

_ARABIC = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+"
_WORDS = sorted((w for w in BIG_UNITS if w.isascii()), key=len, reverse=True)
_TOKEN = regex.compile(
    rf"(?P<num>{_ARABIC})|(?P<word>{'|'.join(_WORDS)})\b|(?P<ch>\S)|(?P<sp>\s+)",
    regex.IGNORECASE,
)
_NATIVE = regex.compile(
    rf"(?P<tens>{'|'.join(NATIVE_TENS)})?(?P<ones>{'|'.join(NATIVE_ONES)})?"
)


def parse_korean_number(text: str) -> Decimal:
    """Value of a numeral written with digits, 조/억/만 units or Sino-Korean words.

    >>> parse_korean_number("27억5000만")
    Decimal('2750000000')
    >>> parse_korean_number("1,000억")
    Decimal('100000000000')
    >>> parse_korean_number("3억 2천만")
    Decimal('320000000')
    >>> parse_korean_number("1억6천400만")
    Decimal('164000000')
    >>> parse_korean_number("삼십이억")
    Decimal('3200000000')
    >>> parse_korean_number("이천칠백사십오만")
    Decimal('27450000')
    >>> parse_korean_number("２７억")
    Decimal('2700000000')
    >>> parse_korean_number("1.5조"), parse_korean_number("3,000")
    (Decimal('1500000000000'), Decimal('3000'))
    >>> parse_korean_number("100여억"), parse_korean_number("수십억")
    (Decimal('10000000000'), Decimal('2000000000'))
    >>> parse_korean_number("스물다섯"), parse_korean_number("1.5 billion")
    (Decimal('25'), Decimal('1500000000'))
    >>> parse_korean_number("회사")
    Traceback (most recent call last):
    ValueError: not a numeral: '회사'
    """
    return parse_korean_range(text)[0]


@functools.lru_cache(maxsize=4096)  # news repeats its numerals; Decimals are frozen
def parse_korean_range(text: str) -> tuple[Decimal, Decimal]:
    """Lowest and highest value of a numeral; they differ only for vague 수/몇.

    >>> parse_korean_range("수십억")
    (Decimal('2000000000'), Decimal('9000000000'))
    >>> parse_korean_range("십수조")
    (Decimal('11000000000000'), Decimal('19000000000000'))
    >>> parse_korean_range("27억")
    (Decimal('2700000000'), Decimal('2700000000'))
    """
    folded = unicodedata.normalize("NFKC", text).strip()
    native = _native(folded)
    if native is not None:
        return native, native
    tokens = _tokens(folded, text)
    if all(kind == "more" for kind, _ in tokens):  # empty, or 여 alone
        raise ValueError(f"not a numeral: {text!r}")
    try:
        low = _tidy(_fold(tokens, low=True))
        if all(kind != "vague" for kind, _ in tokens):  # both ends are one number
            return low, low
        return low, _tidy(_fold(tokens, low=False))
    except ValueError:
        raise ValueError(f"not a numeral: {text!r}") from None


def has_more_marker(text: str) -> bool:
    """Whether the numeral says "and more" (100여억, 10억여).

    >>> has_more_marker("100여억"), has_more_marker("27억")
    (True, False)
    """
    return not MORE.isdisjoint(text)


def is_vague(text: str) -> bool:
    """Whether the numeral is a vague 수/몇 one (수십억, 몇백만).

    >>> is_vague("수십억"), is_vague("27억")
    (True, False)
    """
    return not VAGUE.isdisjoint(text)


def _tidy(value: Decimal) -> Decimal:
    """1.5조 is 1500000000000, not 1500000000000.0; 0.50 is 0.5."""
    whole = value.to_integral_value()
    return whole if value == whole else value.normalize()


def _native(text: str) -> Decimal | None:
    if text[:1].isdigit():  # every native word is Hangul
        return None
    m = _NATIVE.fullmatch(text)
    if m is None or not m.group():
        return None
    value = NATIVE_TENS.get(m["tens"] or "", 0) + NATIVE_ONES.get(m["ones"] or "", 0)
    return Decimal(value)


def _tokens(folded: str, original: str) -> list[tuple[str, object]]:
    """(kind, value) tokens; kinds: num digit vague small big more."""
    out: list[tuple[str, object]] = []
    for num, word, ch, space in _TOKEN.findall(folded):  # "" for a group unused
        if space:
            continue
        if num:
            out.append(("num", Decimal(num.replace(",", ""))))
        elif word:
            out.append(("big", BIG_UNITS[word.lower()]))
        else:
            out.append(_char_token(ch, original))
    return out


def _char_token(ch: str, original: str) -> tuple[str, object]:
    if ch in DIGITS:
        return "digit", DIGITS[ch]
    if ch in SMALL_UNITS:
        return "small", SMALL_UNITS[ch]
    if ch in BIG_UNITS:
        return "big", BIG_UNITS[ch]
    if ch in VAGUE:
        return "vague", None
    if ch in MORE:
        return "more", None
    raise ValueError(f"not a numeral: {original!r}")


class _Group:
    """The part below the next big unit: 6천400 in 1억6천400만."""

    def __init__(self) -> None:
        self.total = Decimal(0)  # from small units already closed (6천 -> 6000)
        self.pending: Decimal | None = None  # a coefficient not yet given a unit
        self.last_small: int | None = None
        self.vague_after_ten = False

    def add_number(self, value: Decimal) -> None:
        if self.pending is not None:
            raise ValueError("two numbers in a row")
        if self.last_small is not None and value >= self.last_small:
            raise ValueError("number too big after a small unit")
        self.pending = value

    def add_small(self, unit: int) -> None:
        if self.last_small is not None and unit >= self.last_small:
            raise ValueError("small units out of order")
        if self.pending is not None and self.pending >= 10:
            raise ValueError("coefficient too big for a small unit")
        coefficient = Decimal(1) if self.pending is None else self.pending
        self.total += coefficient * unit
        self.pending, self.last_small = None, unit

    def value(self) -> Decimal:
        return self.total + (self.pending or 0)

    def empty(self) -> bool:
        return self.pending is None and self.last_small is None


def _fold(tokens: list[tuple[str, object]], low: bool) -> Decimal:
    total, group = Decimal(0), _Group()
    last_big, seen_more = None, False
    for kind, value in tokens:
        if seen_more and kind != "big":
            raise ValueError("여 only before a unit or at the end")
        if kind == "num":
            group.add_number(value)
        elif kind == "digit":
            group.add_number(Decimal(value))
        elif kind == "vague":
            after_ten = group.last_small == 10 and group.pending is None
            group.add_number(Decimal((1 if after_ten else 2) if low else 9))
        elif kind == "small":
            group.add_small(value)
        elif kind == "more":
            seen_more = True
            continue
        else:  # a big unit closes the group
            if last_big is not None and value >= last_big:
                raise ValueError("big units out of order")
            coefficient = Decimal(1) if group.empty() else group.value()
            total += coefficient * value
            group, last_big = _Group(), value
        seen_more = False
    return total + group.value()
