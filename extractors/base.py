"""What every extractor shares: named patterns as data, and the Mention it returns."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import compress, count
from typing import Any, ClassVar, NamedTuple

import regex


@dataclass(slots=True)
class Mention:
    """A found span with exact offsets into the article and where it came from.

    `value` depends on the kind: a canonical name (ORG), a `MoneyValue` (MONEY) or the
    date text's parse (DATE). `meta` carries kind-specific extras.
    """

    label: str
    start: int
    end: int
    text: str
    value: Any = None
    source: str = ""
    score: float = 0.5
    meta: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Pattern:
    """A named regular expression with the score a match starts from."""

    name: str
    regex: str
    score: float


class Extractor:
    """Finds mentions in raw text; subclasses set `kind`, `label` and `PATTERNS`."""

    kind: ClassVar[str] = ""
    label: ClassVar[str] = ""
    PATTERNS: ClassVar[list[Pattern]] = []

    def __init__(self) -> None:
        self._compiled = [(p, regex.compile(p.regex)) for p in self.PATTERNS]

    def find(self, text: str) -> list[Mention]:
        """Every validated match, longest first where they overlap, in text order."""
        found = []
        for pat, rx in self._compiled:
            for m in self.matches(rx, pat, text):
                mention = self.make(text, m, pat)
                if mention is not None and self.validate(mention) is not False:
                    found.append(mention)
        return drop_overlaps(found)

    def matches(self, rx: regex.Pattern, pat: Pattern, text: str):
        """The pattern's matches in `text`; a subclass may skip places it knows
        cannot match."""
        return rx.finditer(text)

    def make(self, text: str, m: regex.Match, pat: Pattern) -> Mention | None:
        return Mention(
            self.label,
            m.start(),
            m.end(),
            m.group(),
            None,
            f"{self.kind}:{pat.name}",
            pat.score,
        )

    def validate(self, mention: Mention) -> bool | None:
        """None: no opinion; False: drop the mention."""
        return None


def char_class(chars) -> str:
    """A `re` character class of exactly `chars`."""
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


def starts_of(words: str, firsts) -> re.Pattern:
    """Each place the pattern `words` matches from, found by its opening character
    (one of `firsts`): consumed, `re` skips to it fast; the lookbehind then reads
    the whole word from there, so words that overlap are all found."""
    return re.compile(f"{char_class(firsts)}(?<=(?=(?:{words})).)")


def matches_at(
    rx: regex.Pattern, text: str, places: Callable[[str], list[int]]
) -> Iterator[regex.Match]:
    """What `rx.finditer(text)` yields, `rx` tried only at `places(text)` (in
    order, every place a match can start): a match resumes the search at its end."""
    resume = 0
    for p in places(text):
        if p >= resume:
            m = rx.match(text, p)
            if m is not None:
                yield m
                resume = m.end()


def drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the longest (then highest-scoring) of overlapping mentions, in text order."""
    ranked = sorted(mentions, key=lambda m: (-(m.end - m.start), -m.score, m.start))
    kept: list[Mention] = []
    for m in ranked:
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


MENTIONS_KEY = "kdeal_mentions"
TEXT_KEY = "kdeal_text"
COLUMNS_KEY = "kdeal_columns"
BOUNDS_KEY, CHARS_KEY = "kdeal_sentence_bounds", "kdeal_sentence_chars"


class Columns(NamedTuple):
    """The token columns a Doc was built from (`pipeline.tokenize.DocBuilder`),
    kept on it: plain lists read faster than the Doc's arrays converted back."""

    idx: list[int]  # start offset of each token
    words: list[str]
    tags: list[str]
    spaces: list[bool]  # a space follows
    starts: list[bool]  # starts a sentence
    oov: list[int]  # indices of Kiwi's unknown words


def doc_columns(doc) -> Columns | None:
    """The Doc's build columns, when it still has the tokens they describe."""
    cols = doc.user_data.get(COLUMNS_KEY)
    if cols is None or len(cols.words) != len(doc):
        return None
    return cols


def sentence_bounds(doc) -> list[tuple[int, int]]:
    """Each sentence's [start, end) token indices (`doc.sents` without its Spans).
    Made once per Doc's columns (every stage reads them): not to be changed."""
    cols = doc_columns(doc)
    if cols is None:
        return [(s.start, s.end) for s in doc.sents]
    return _kept(doc, cols, BOUNDS_KEY, _bounds)


def sentence_chars(doc) -> list[tuple[int, int]]:
    """Each sentence's `(start_char, end_char)`, as `doc.sents` gives them. Made
    once per Doc's columns: not to be changed."""
    cols = doc_columns(doc)
    if cols is None:
        return [(s.start_char, s.end_char) for s in doc.sents]
    return _kept(doc, cols, CHARS_KEY, _chars)


def _kept(doc, cols: Columns, key: str, make: Callable):
    """`make(doc, cols)`, kept on the Doc for the columns it was made from."""
    kept = doc.user_data.get(key)
    if kept is None or kept[0] is not cols:
        kept = doc.user_data[key] = (cols, make(doc, cols))
    return kept[1]


def _bounds(doc, cols: Columns) -> list[tuple[int, int]]:
    firsts = list(compress(count(), cols.starts))
    if not firsts:
        return []
    return list(zip(firsts, firsts[1:] + [len(cols.starts)], strict=True))


def _chars(doc, cols: Columns) -> list[tuple[int, int]]:
    idx, words = cols.idx, cols.words
    return [(idx[a], idx[b - 1] + len(words[b - 1])) for a, b in sentence_bounds(doc)]


def token_starts(doc) -> list[int]:
    """Each token's start offset (`token.idx`)."""
    cols = doc_columns(doc)
    if cols is not None:
        return cols.idx
    from spacy.attrs import IDX

    return doc.to_array([IDX]).tolist() if len(doc) else []


def doc_text(doc) -> str:
    """The Doc's text, kept once: spaCy rebuilds `doc.text` from tokens on each call."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def set_mentions(doc, kind: str, mentions: list[Mention]) -> None:
    """Store mentions on a spaCy Doc: exact ones in user_data, token spans in doc.spans.

    Span boundaries snap outwards to tokens (`alignment_mode="expand"`); the exact
    character offsets stay on the Mention, which is what records and entities use.
    """
    doc.user_data.setdefault(MENTIONS_KEY, {})[kind] = mentions
    spans = []
    for m in mentions:
        span = doc.char_span(m.start, m.end, label=m.label, alignment_mode="expand")
        if span is not None:
            if isinstance(m.value, str) and m.label == "ORG":
                span.id_ = m.value
            spans.append(span)
    doc.spans[kind] = spans


def get_mentions(doc, kind: str) -> list[Mention]:
    """The exact mentions an extractor component stored on the Doc."""
    return doc.user_data.get(MENTIONS_KEY, {}).get(kind, [])


class ExtractorPipe:
    """A spaCy component that runs one Extractor and stores its mentions."""

    def __init__(self, name: str, extractor: Extractor, spans_key: str) -> None:
        self.name = name
        self.extractor = extractor
        self.spans_key = spans_key

    def __call__(self, doc):
        finder = getattr(self.extractor, "find_in_doc", None)
        found = finder(doc) if finder else self.extractor.find(doc_text(doc))
        set_mentions(doc, self.spans_key, found)
        return doc


def register_factory(name: str, make, spans_key: str) -> None:
    """Declare `make` as the spaCy factory `name` writing `doc.spans[spans_key]`.

    Done only when spaCy imports, so the pure parsers of a module work without it.
    """
    try:
        from spacy.language import Language
    except ImportError:
        return
    if not Language.has_factory(name):
        config = {"spans_key": spans_key}
        Language.factory(name, assigns=["doc.spans"], default_config=config)(make)
