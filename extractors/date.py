"""Dates: found in running text, resolved against the article's publication date.

Korean forms are data (`extractors/data/dates_ko.yaml`): each rule rewrites a form to
canonical tokens (지난해 -> `year=-1`, 9월 -> `M=9`), and one language-blind
`resolve` does the arithmetic, as dateparser does with its ko.yaml.

Spans follow gold/README.md: the date expression without brackets or particles.
`지난 27일(현지시간)` gives the mention `지난 27일`; the end offset with the bracketed
note is kept in `Mention.meta["note_end"]` so that a record's `date_text` can show it.
`이날`, `당일`, `전날`, `다음날` and a bare quarter or half (`2분기 매출`) are not
entities (gold/README.md), though `parse_date` reads them.
Mention.value stays None: the publication date is applied later, by `parse_date`.

Resolution: `지난 27일` is the latest 27th on or before the publication day, `오는
27일` the next one on or after it, a bare `27일` the 27th of the publication month
(news writes 지난/오는 for other months); a quarter without a year (`4분기`) the latest one begun. A month without a year
(`3월`, `5월 20일`) is in the publication year; with 지난/오는 the latest/next. Halves, quarters and 연초/연말 keep year precision, `N월 초`
month precision. Two-digit years (`24년`) are 20xx unless that lies over 20 years
ahead. No publication date: relative forms resolve to `DateValue(None, None)`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta

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
from extractors.gate import required_strings

# A digit may follow Hangul (crawled text glues sentences: 말했다.5일), a word may not.
_START = r"(?:(?<!\d|\d[.,])(?=\d)|(?<![가-힣\d])(?=\D))"
# Coarse to fine: a run is cut where a field comes again or a coarser one follows.
RANK = {"Y": 0, "YY": 0, "year": 0, "M": 1, "month": 1, "week": 1, "part": 4,
        "D": 2, "day": 2, "wd": 3}  # fmt: skip
NOT_ENTITIES = {
    "이날",
    "당일",
    "전날",
    "다음날",
}  # the story's days, not calendar dates
# Tokens that only modify a date: a run needs at least one other token.
MODIFIERS = {"past", "future", "note", "part=early", "part=mid", "part=late",
             "part=season"}  # fmt: skip
# What may directly follow a date in running text: a particle or a non-Hangul char.
_AFTER = (
    r"(?=[^가-힣]|$|에|의|은|는|이|가|을|를|부터|까지|로|으로|도|만|과|와|께|경|쯤|엔"
    r"|보다|중|내|간에|대비)"
)


@dataclass(frozen=True, slots=True)
class DateValue:
    """`value` is YYYY-MM-DD, YYYY-MM or YYYY with the matching precision, or None."""

    value: str | None
    precision: str | None


_TOKEN = regex.compile(r"[a-zA-Z]+(?:=[-+]?\w+)?")
_INT = regex.compile(r"[-+]?\d+")


@functools.cache
def rules() -> tuple[tuple[regex.Pattern, str], ...]:
    return tuple((regex.compile(r), t) for r, t in load("dates_ko.yaml")["rules"])


def translate(text: str) -> list[str]:
    """Canonical tokens of a date text; ValueError if anything is left unread.

    >>> translate("지난해 9월")
    ['year=-1', 'M=9']
    >>> translate("지난 27일(현지시간)")
    ['past', 'D=27', 'note']
    """
    return list(_translated(text))


@functools.cache
def _gated_rules() -> tuple[tuple[regex.Pattern, str, frozenset[str] | None], ...]:
    """Each rule with characters one of which every match of it holds (None when
    unknown): a rule whose characters a text lacks cannot rewrite it."""
    return tuple((rx, token, _needed_chars(rx)) for rx, token in rules())


def _needed_chars(rx: regex.Pattern) -> frozenset[str] | None:
    """A non-ASCII character of each string one of which every match holds
    (`extractors.gate.required_strings`); None unless each has one."""
    strings = required_strings(rx, prefer=lambda s: not s.isascii())
    if not strings or any(s.isascii() for s in strings):
        return None
    return frozenset(next(c for c in s if not c.isascii()) for s in strings)


@functools.cache
def _written() -> frozenset[str]:
    """Characters a rewrite may add: its token's own and the spaces around it (the
    rest of a rewrite is the matched text's own)."""
    return frozenset(" " + "".join(token for _, token in rules()))


@functools.lru_cache(maxsize=4096)
def _translated(text: str) -> tuple[str, ...]:
    """`translate`, kept: a dump repeats the same date words (2024년, 지난해) and
    every rule rewrites the whole text. A rule is skipped when none of its needed
    characters stands in the text or can be written into it."""
    present = _written().union(text)
    for rx, token, needed in _gated_rules():
        if needed is None or not needed.isdisjoint(present):
            text = rx.sub(lambda m, t=token: f" {m.expand(t)} ", text)
    tokens = text.split()
    bad = [t for t in tokens if not _TOKEN.fullmatch(t)]
    if bad or not tokens:
        raise ValueError(f"unread date words: {bad or text!r}")
    return tuple(tokens)


@functools.lru_cache(maxsize=4096)  # an article repeats its dates; the value is frozen
def parse_date(text: str, published: date | None) -> DateValue:
    """The date a Korean date text means, in an article published on `published`.

    >>> p = date(2024, 3, 29)
    >>> parse_date("지난 27일", p), parse_date("지난해 9월", p)
    (DateValue(value='2024-03-27', precision='day'), DateValue(value='2023-09', precision='month'))
    >>> parse_date("지난 27일", date(2024, 4, 2)).value, parse_date("이날", p).value
    ('2024-03-27', '2024-03-29')
    >>> parse_date("2024년 5월 20일", None), parse_date("올해 상반기", p)
    (DateValue(value='2024-05-20', precision='day'), DateValue(value='2024', precision='year'))
    >>> parse_date("지난 27일", None)
    DateValue(value=None, precision=None)
    """
    return resolve(translate(text), published)


def _fields(tokens: list[str]) -> dict:
    fields: dict = {}
    for t in tokens:
        key, _, arg = t.partition("=")
        if key in fields and key not in ("part",):
            raise ValueError(f"{key} given twice")
        fields[key] = int(arg) if _INT.fullmatch(arg) else arg or True
    return fields


def resolve(tokens: list[str], published: date | None) -> DateValue:
    """Language-blind arithmetic over canonical tokens (see dates_ko.yaml)."""
    f = _fields(tokens)
    if not f.keys() - {"past", "future", "note", "part"} and "part" not in f:
        raise ValueError("no date in tokens")
    relative = f.keys() & {"day", "week", "wd", "year", "month"}
    if published is None and (relative or "Y" not in f and "YY" not in f):
        return DateValue(None, None)
    if "day" in f:
        return _day(published + timedelta(days=f["day"]))
    if "week" in f or "wd" in f:
        return _weekday(f, published)
    year, month = _year_month(f, published)
    if "D" in f:
        return _with_day(f, year, month, published)
    if month is not None:
        return DateValue(f"{year:04d}-{month:02d}", "month")
    return DateValue(f"{year:04d}", "year")


def _day(d: date) -> DateValue:
    return DateValue(d.isoformat(), "day")


def _weekday(f: dict, pub: date) -> DateValue:
    if "wd" not in f:  # 지난주 alone: the month that week began in
        monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=f["week"])
        return DateValue(monday.strftime("%Y-%m"), "month")
    if "week" in f:
        monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=f["week"])
        return _day(monday + timedelta(days=f["wd"]))
    back = (pub.weekday() - f["wd"]) % 7
    if f.get("past") and back == 0:
        back = 7
    if f.get("future"):
        return _day(pub + timedelta(days=(f["wd"] - pub.weekday()) % 7 or 7))
    return _day(pub - timedelta(days=back))


def _year_month(f: dict, pub: date | None) -> tuple[int, int | None]:
    """Year and month from absolute fields, shifts, or the nearest month."""
    if "month" in f and "Y" not in f:
        shifted = pub.year * 12 + pub.month - 1 + f["month"]
        return shifted // 12, shifted % 12 + 1
    month = f.get("M")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"no month {month}")
    if "Y" in f:
        return f["Y"], month
    if "YY" in f:
        return _century(f["YY"], pub), month
    if "year" in f:
        return pub.year + f["year"], month
    quarter = regex.fullmatch(r"Q([1-4])", str(f.get("part", "")))
    if month is None and quarter:  # 4분기 in February: last year's, already reported
        return pub.year - (3 * int(quarter[1]) - 2 > pub.month), None
    if month is None:  # 27일, 상반기: this month, this year
        return pub.year, None
    return _nearest_year(month, f.get("D", 1), f, pub), month


def _century(yy: int, pub: date | None) -> int:
    horizon = (pub.year if pub else date.today().year) + 20
    return 2000 + yy if 2000 + yy <= horizon else 1900 + yy


def _nearest_year(month: int, day: int, f: dict, pub: date) -> int:
    if f.get("past"):
        return pub.year if (month, day) <= (pub.month, pub.day) else pub.year - 1
    if f.get("future"):
        return pub.year if (month, day) >= (pub.month, pub.day) else pub.year + 1
    return pub.year


def _with_day(f: dict, year: int, month: int | None, pub: date | None) -> DateValue:
    if month is not None:
        return _day(date(year, month, f["D"]))
    if pub is None or f.keys() & {"Y", "YY", "year"}:
        raise ValueError("a day with a year but no month")
    if f.get("past") or f.get("future"):
        return _day(_nearest_day(f["D"], pub, future=bool(f.get("future"))))
    try:  # news writes 지난/오는 for other months; a bare day is this month's
        return _day(pub.replace(day=f["D"]))
    except ValueError:
        return _day(_nearest_day(f["D"], pub, future=False))


def _nearest_day(day: int, pub: date, future: bool) -> date:
    """The latest `day` on or before pub (or the next on or after it)."""
    if not 1 <= day <= 31:
        raise ValueError(f"no day {day}")
    step = 1 if future else -1
    y, m = pub.year, pub.month
    for _ in range(3):  # a 31st may skip a month
        try:
            d = date(y, m, day)
            if (d >= pub) if future else (d <= pub):
                return d
        except ValueError:
            pass
        m += step
        y, m = (y + 1, 1) if m == 13 else (y - 1, 12) if m == 0 else (y, m)
    raise ValueError(f"no day {day} near {pub}")


@functools.cache
def _token_regex() -> str:
    return "|".join(f"(?:{r.pattern})" for r, _ in rules() if "note" not in _)


def _without_groups(pattern: str) -> str:
    """`pattern` with its capturing groups made non-capturing: finding dates reads
    only spans, and a match costs about half as much without groups to fill.

    >>> print(_without_groups(r"(\\d+)\\(?[(]([^]]+)"))
    (?:\\d+)\\(?[(](?:[^]]+)
    """
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = piece = pattern[i]
        if c == "\\":  # an escape, kept whole
            piece = pattern[i : i + 2]
        elif in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern.startswith(("]", "^]"), i + 1):  # a ] first is a member
                piece = pattern[i : pattern.index("]", i + 1) + 1]
        elif c == "(" and not pattern.startswith("?", i + 1):
            out.append("(?:")
            i += 1
            continue
        out.append(piece)
        i += len(piece)
    return "".join(out)


def _compiled_without_groups(pattern: str) -> regex.Pattern:
    """The pattern compiled without its groups (the same pattern if that fails)."""
    try:
        rx = regex.compile(_without_groups(pattern))
    except regex.error:
        rx = None
    return rx if rx is not None and rx.groups == 0 else regex.compile(pattern)


def _openers(token: regex.Pattern) -> set[str] | None:
    """The characters that can open a date word, found by trying each character
    Korean text and the rules can show; None when that test cannot be trusted: a
    rule that opens with a lookbehind needs what comes before, and a broad class
    would accept characters the trial never saw."""
    if "(?<=" in token.pattern:
        return None
    seen = {chr(c) for c in range(0x20, 0x7F)} | set(token.pattern)
    seen |= {chr(c) for c in range(0xAC00, 0xD7A4)}  # Hangul syllables
    opens = {c for c in seen if token.match(c, partial=True)}
    if any(c.isascii() and c.isalpha() for c in opens) or len(opens) > 200:
        return None
    return opens


# Characters no rule writes, each standing for a broad class (Hangul, CJK, Latin,
# spaces, signs): a rule that accepts one accepts characters untried.
_SENTINELS = "꿹ㄱ中Жx \t\u3000%"


def _is_hangul(c: str) -> bool:
    return "가" <= c <= "힣"


def _nexts(token: regex.Pattern, head: str, chars: set[str]) -> set[str] | None:
    """The characters of `chars` that can follow `head` in a date word; None when
    `head` may be a whole word (말 alone) or a sentinel may follow."""
    if token.match(head) or any(
        (m := token.match(head + c)) and m.end() == len(head) for c in chars
    ):
        return None
    nexts = {c for c in chars if token.match(head + c, partial=True)}
    return None if nexts & set(_SENTINELS) else nexts


def _after_digits(token: regex.Pattern, chars: set[str]) -> dict[int, set[str]]:
    """For runs of 1 to 8 digits, what can follow them in a date word after at
    most one space (2024년, 3 월, 2024.3); a length left out may be followed by
    anything. Runs of 1s stand for all: the rules ask for digits, not for
    particular ones ([1-4] takes 1); one that did would need its own trial."""
    after = {}
    for k in range(1, 9):
        digits = "1" * k
        if token.match(digits + "  ", partial=True):
            continue  # more than one space may follow
        found = {
            c
            for c in chars
            if not (c.isdigit() or c.isspace())
            and (
                token.match(digits + c, partial=True)
                or token.match(digits + " " + c, partial=True)
            )
        }
        if not found & set(_SENTINELS):
            after[k] = found
    return after


_OTHER_DIGIT = regex.compile(r"(?![0-9])\d")  # ٣, ３: what `_start_scan` does not read


def _start_scan(token: regex.Pattern, opens: set[str]) -> re.Pattern:
    """Where a run of date words can start (`re`: its scan for a literal is far
    faster): a run of ASCII digits followed by what a date word has after as many
    digits, a word-initial opening word (지난, 이번, 말), another opening character
    with what may follow it. `opens`: the opening characters (`_openers`)."""
    chars = set(token.pattern) | set(_SENTINELS) | set("0123456789")
    follow = _after_digits(token, chars)
    words, others = set(), []
    for c in opens:
        if c.isdigit():
            continue
        nexts = _nexts(token, c, chars)
        if _is_hangul(c):  # a word is Hangul only: nothing inside it can start
            ok = nexts and all(_is_hangul(n) for n in nexts)
            words |= {c + n for n in nexts} if ok else {c}
        elif nexts and all(n.isdigit() for n in nexts):
            others.append(f"{re.escape(c)}(?=[0-9])")  # '24
        else:
            others.append(re.escape(c))
    runs = []  # runs of k digits, then what may follow them
    for k in range(1, 10):
        after = follow.get(k)
        tail = "" if after is None else rf"(?=\s?{char_class(after)})"
        if runs and runs[-1][2] == tail and runs[-1][1] == k - 1:
            runs[-1][1] = k  # as the run before: one {m,n}
        else:
            runs.append([k, k, tail])
    runs[-1][1] = ""  # 9 or more digits: anything may follow
    digits = [rf"[0-9]{{{a},{b}}}(?![0-9]){tail}" for a, b, tail in runs]
    scan = [rf"(?<![0-9])(?:{'|'.join(digits)})"]
    if words:
        ordered = sorted(words, key=lambda w: (-len(w), w))
        scan.append(rf"(?<![가-힣0-9])(?:{'|'.join(ordered)})")
    scan += others
    # Every alternative opens with one of these: consumed, `re` skips to it fast;
    # the lookbehind then tries the alternatives from there.
    firsts = {w[0] for w in words} | {c for c in opens if not _is_hangul(c)}
    firsts |= set("0123456789")
    return starts_of("|".join(scan), firsts)


class DateExtractor(Extractor):
    """Date expressions: 2024년 3월 27일, 지난 27일, 지난해 9월, 올해 상반기."""

    kind = "date"
    label = "DATE"

    def __init__(self) -> None:
        token = _token_regex()
        run = rf"{_START}(?:{token})(?:\s?(?:{token}))*{_AFTER}"
        self.PATTERNS = [Pattern("ko-date", run, 0.8)]
        super().__init__()
        self._piece = _compiled_without_groups(token)
        opens = _openers(self._piece)
        if opens is not None:
            # most places fail at once: the scan is 2x faster, and a run stops
            # sooner where no further date word opens
            first = f"(?=[\\d{''.join(regex.escape(c) for c in sorted(opens))}])"
            fast = rf"{first}{_START}(?:{token})(?:\s?{first}(?:{token}))*{_AFTER}"
            self._compiled = [(self.PATTERNS[0], _compiled_without_groups(fast))]
        self._note = regex.compile(r"\s?\(현지\s?(?:시간|시각)\)")
        self._starts = None if opens is None else _start_scan(self._piece, opens)

    def runs(self, text: str):
        """What the run pattern's `finditer(text)` yields. The pattern is tried only
        where `_start_scan` finds a run may start: tried everywhere, it costs most
        at the many syllables that open a date word only sometimes (이, 지, 전)."""
        rx = self._compiled[0][1]
        if self._starts is None or _OTHER_DIGIT.search(text):  # scanned for 0-9
            yield from rx.finditer(text)
            return
        yield from matches_at(rx, text, self._start_places)

    def _start_places(self, text: str) -> list[int]:
        return [m.start() for m in self._starts.finditer(text)]

    def find(self, text: str) -> list[Mention]:
        """Runs of date words, cut where a new date starts (지난 11일 | 2024년 매출)."""
        found = []
        for m in self.runs(text):
            for start, end in self._split(text, m.start(), m.end()):
                mention = self.make(text, start, end)
                if mention is not None and self.validate(mention) is not False:
                    found.append(mention)
        return found

    def _split(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        spans, finest = [[start, start]], -1
        for piece in self._piece.finditer(text, start, end):
            ranks = _ranks(piece.group())
            if ranks and min(ranks) <= finest:  # a coarser or equal field again
                spans.append([piece.start(), piece.start()])
                finest = -1
            finest = max([finest, *ranks])
            spans[-1][1] = piece.end()
        return [(s, e) for s, e in spans if e > s]

    def make(self, text: str, start: int, end: int) -> Mention | None:
        pat = self.PATTERNS[0]
        while end > start and text[end - 1].isspace():
            end -= 1
        meta = {}
        note = self._note.match(text, end)
        if note:
            meta["note_end"] = note.end()
        return Mention(self.label, start, end, text[start:end], None,
                       f"{self.kind}:{pat.name}", pat.score, meta)  # fmt: skip

    def validate(self, mention: Mention) -> bool | None:
        """Keep calendar expressions; drop 이날, bare modifiers and lone 2-digit years."""
        return _valid(mention.text)


@functools.lru_cache(maxsize=4096)  # a dump repeats its date texts
def _ranks(piece: str) -> tuple[int, ...]:
    """The RANK of each field a date word sets; none for a word that is no date."""
    try:
        return tuple(RANK[t.partition("=")[0]] for t in _translated(piece))
    except (ValueError, KeyError):
        return ()


@functools.lru_cache(maxsize=4096)
def _valid(text: str) -> bool | None:
    """`DateExtractor.validate` of a mention with this text."""
    if text.replace(" ", "") in NOT_ENTITIES:
        return False
    try:
        tokens = _translated(text)
    except ValueError:
        return False
    anchors = [t for t in tokens if t not in MODIFIERS]
    if not anchors or all(t.startswith("part=") for t in anchors):
        return False  # 2분기 매출: a quarter with no year word is no date entity
    if all(t.startswith("YY=") for t in anchors):  # 10년 is mostly a duration
        return bool(regex.search("['‘’]", text))
    return None


def make_date(nlp, name: str, spans_key: str = "date"):
    """spaCy factory `kdeal_date`: DateExtractor mentions into doc.spans[spans_key]."""
    from extractors.base import ExtractorPipe

    return ExtractorPipe(name, DateExtractor(), spans_key)


register_factory("kdeal_date", make_date, "date")
