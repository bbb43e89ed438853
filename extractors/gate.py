"""A regex search told first by plain strings: `search_gate(rx)(text, start, end)`
is `rx.search(text, start, end) is not None`, several times faster where most
slices hold none of the strings every match must hold.

The strings are read from the pattern's tree by the standard library's parser
(`re._parser`); a pattern it cannot read, or one ignoring case, is searched as
it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import regex


def search_gate(rx: regex.Pattern) -> Callable[[str, int, int], bool]:
    """Whether `rx` matches in text[start:end], told first by scans for plain
    strings (`plain_strings`): every match holds one of them, and where one that
    is a match by itself stands, the pattern is asked from there on (a match there
    is one in the slice: lookbehinds read the same text before it whatever the
    search's start). Where only the other strings stand, no match starts more
    than the pattern's longest match before the first of them."""
    words = plain_strings(rx)
    if words is None:
        return lambda text, start, end: rx.search(text, start, end) is not None
    alone, parts = words
    reach = longest_match(rx)

    def found(text: str, start: int, end: int) -> bool:
        hit = alone.search(text, start, end)
        if hit:
            return bool(
                rx.search(text, hit.start(), end) or rx.search(text, start, end)
            )
        part = parts.search(text, start, end)
        if part is None:
            return False
        since = start if reach is None else max(start, part.start() - reach)
        return rx.search(text, since, end) is not None

    return found


def longest_match(rx: regex.Pattern) -> int | None:
    r"""The most characters a match of `rx` spans (lookarounds span none); None
    when unbounded or when the standard parser cannot read the pattern.

    >>> longest_match(regex.compile(r"(?:시설|설비)\s?투자(?<!재투자)"))
    5
    >>> longest_match(regex.compile(r"\d+")) is None
    True
    """
    tree = _parsed(rx)
    if tree is None:
        return None
    from re import _constants

    widest = tree.getwidth()[1]
    return None if widest >= _constants.MAXREPEAT else widest


def required_search(rx: regex.Pattern) -> Callable[[str], object]:
    r"""A test `rx.search(s)` needs, for short texts: a `re` search for the strings
    one of which every match holds (`required_strings`); where it finds none, `rx`
    finds nothing. A pattern that cannot tell gives a test always passed.

    >>> hint = required_search(regex.compile(r"사진\s?=|제공"))
    >>> bool(hint("연합뉴스 제공")), bool(hint("투자했다"))
    (True, False)
    """
    strings = required_strings(rx)
    if not strings:
        return lambda s: True
    return _alternation(sorted(strings)).search


def plain_strings(rx: regex.Pattern) -> tuple[re.Pattern, re.Pattern] | None:
    """Plain strings of `rx`, one of which every match holds, split into those
    that are a match by themselves (where no lookaround says otherwise) and the
    rest, each as one `re` alternation; None when the pattern is not plain enough
    to tell."""
    strings = required_strings(rx, lambda s: rx.search(s) is not None)
    if not strings:
        return None
    alone = [w for w in strings if rx.search(w)]
    parts = [w for w in strings if not rx.search(w)]
    return _alternation(alone), _alternation(parts)


def required_strings(rx: regex.Pattern, prefer=None) -> set[str] | None:
    r"""Plain strings one of which every match of `rx` holds (of the sets that
    would do, one whose strings are all `prefer`red when there is one); None
    when the pattern is not plain enough to tell.

    >>> sorted(required_strings(regex.compile(r"(\d+)\s?년\s?(?:후|뒤)")))
    ['년']
    >>> required_strings(regex.compile(r"\d+")) is None
    True
    """
    tree = _parsed(rx)
    try:
        return None if tree is None else _required(tree, prefer)
    except (AttributeError, ValueError, re.error):  # e.g. ignored case inside
        return None


def _parsed(rx: regex.Pattern):
    """The pattern's tree by the standard library's parser (`re._parser`); None
    for syntax only the `regex` module knows, or ignored case or verbose flags."""
    if rx.flags & (regex.IGNORECASE | regex.VERBOSE):
        return None
    if regex.search(r"\{(?!\d*,?\d*\})", rx.pattern):
        return None  # `{` other than a count: the `regex` module's own syntax
    try:
        from re import _parser

        tree = _parser.parse(rx.pattern)
    except (ImportError, AttributeError, ValueError, re.error):
        return None
    return None if tree.state.flags & (re.IGNORECASE | re.VERBOSE) else tree


def _alternation(strings: list[str]) -> re.Pattern:
    if not strings:
        return re.compile("(?!)")
    return re.compile("|".join(map(re.escape, sorted(strings, key=len, reverse=True))))


def _required(items, enough=None) -> set[str] | None:
    r"""Strings one of which every match of a parsed sequence holds; None when none
    is known. Lookarounds, anchors and back references add none (they read text
    or repeat it, and a match's own text holds the others'); ignored case raises
    ValueError. Of the sets that would do, one whose strings are all `enough` is
    taken, else the one with the longest shortest string: the fewest places to
    look at again.

    >>> from re import _parser
    >>> sorted(_required(_parser.parse(r"(?:시설|설비)\s?투자|인수|품(?:었|는)")))
    ['인수', '투자', '품는', '품었']
    >>> _required(_parser.parse(r"[A-Z]+|계약")) is None
    True
    """
    from re import _constants as op

    repeats = (op.MAX_REPEAT, op.MIN_REPEAT)
    found: list[set[str]] = []
    spelled = {""}  # the ways the current stretch of single characters is written
    for code, arg in [*items, (None, None)]:
        if code in (op.AT, op.ASSERT, op.ASSERT_NOT):  # no width: the stretch goes on
            continue
        chars = _chars(code, arg)
        if chars and len(spelled) * len(chars) <= _MAX_SPELLINGS:
            spelled = {s + c for s in spelled for c in chars}
            continue
        if spelled != {""}:
            found.append(spelled)
            starts = _starts(code, arg)  # and what the next element starts with
            if starts and len(spelled) * len(starts) <= _MAX_SPELLINGS:
                found.append({s + t for s in spelled for t in starts})
        spelled = set(chars or [""])
        sub = None
        if code is op.SUBPATTERN:
            if arg[1] & re.IGNORECASE:  # (?i:...)
                raise ValueError(code)
            sub = _required(arg[-1], enough)
        elif code is op.BRANCH:
            each = [_required(branch, enough) for branch in arg[1]]
            sub = None if any(b is None for b in each) else set().union(*each)
        elif code in repeats and arg[0] >= 1:
            sub = _required(arg[2], enough)
        if sub:
            found.append(sub)
    if not found:
        return None
    suffices = enough or (lambda s: False)
    return min(
        found, key=lambda f: (not all(map(suffices, f)), -min(map(len, f)), len(f))
    )


_MAX_SPELLINGS = 64  # a stretch written more ways than this is cut


def _chars(code, arg) -> list[str] | None:
    """The characters a parsed element matches, when it is one of a few plain ones."""
    from re import _constants as op

    if code is op.LITERAL:
        return [chr(arg)]
    if code is op.IN and all(c is op.LITERAL for c, _ in arg):  # [기겼긴]
        return [chr(a) for _, a in arg]
    return None


def _starts(code, arg) -> set[str] | None:
    """Strings one of which every match of a parsed element starts with."""
    from re import _constants as op

    if code is op.SUBPATTERN:
        return _seq_starts(arg[-1])
    if code is op.BRANCH:
        each = [_seq_starts(branch) for branch in arg[1]]
        return None if any(b is None for b in each) else set().union(*each)
    if code in (op.MAX_REPEAT, op.MIN_REPEAT) and arg[0] >= 1:
        return _seq_starts(arg[2])
    chars = _chars(code, arg)
    return set(chars) if chars else None


def _seq_starts(items) -> set[str] | None:
    from re import _constants as op

    spelled = {""}
    for code, arg in items:
        if code in (op.AT, op.ASSERT, op.ASSERT_NOT):
            continue
        chars = _chars(code, arg)
        if not chars or len(spelled) * len(chars) > _MAX_SPELLINGS:
            break
        spelled = {s + c for s in spelled for c in chars}
    if spelled != {""}:
        return spelled
    return _starts(*items[0]) if len(items) else None
