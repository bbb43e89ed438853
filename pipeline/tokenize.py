"""Stage 3: Kiwi morphemes -> spaCy Docs whose text equals the article exactly.

Kiwi returns morphemes whose spans can overlap (했 = 하+었) or be empty (이/VCP), so
they are merged into non-overlapping tokens first (STYLE.md §4). Articles are cut into
paragraph chunks and fed to Kiwi as one iterable, so its worker threads share the
batch; long paragraphs are cut at sentence ends because Kiwi's time grows faster
than the length.
"""

from __future__ import annotations

import functools
import os
from bisect import bisect_left
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import compress, count

import regex

MAX_CHUNK = 600  # characters; Kiwi slows down superlinearly past a few hundred
# a sentence end: 다/요/음... + period, or ?/! (also glued: 마쳤다.이날)
_STOP, _CLOSE = "[.?!。]", r"[\"'”’)\]]"  # a terminator; a closing quote or bracket
_AHEAD = r"(?=\s|\p{Hangul}|[\"'“‘(\[<])"
SENT_END = regex.compile(rf"(?<={_STOP}{_CLOSE}?){_AHEAD}")
PARA = regex.compile(r"[^\n]+")

UPOS = {
    "NNG": "NOUN",
    "NNB": "NOUN",
    "NR": "NUM",
    "NP": "PRON",
    "NNP": "PROPN",
    "VV": "VERB",
    "VA": "ADJ",
    "VX": "AUX",
    "VCP": "AUX",
    "VCN": "AUX",
    "MM": "DET",
    "MAG": "ADV",
    "MAJ": "CCONJ",
    "IC": "INTJ",
    "SN": "NUM",
    "SL": "X",
    "SH": "X",
    "SF": "PUNCT",
    "SP": "PUNCT",
    "SS": "PUNCT",
    "SSO": "PUNCT",
    "SSC": "PUNCT",
    "SE": "PUNCT",
    "SO": "PUNCT",
    "SW": "SYM",
    "SB": "SYM",
    "W_URL": "X",
    "W_EMAIL": "X",
    "W_HASHTAG": "X",
    "W_MENTION": "X",
    "W_SERIAL": "NUM",
}


def upos(tag: str) -> str:
    """A coarse UPOS tag for a Kiwi tag (particles are ADP, endings PART)."""
    head = tag.split("+")[0].split("-")[0]
    if head.startswith("J"):
        return "ADP"
    if head.startswith(("E", "XS")):
        return "PART"
    return UPOS.get(head, "X")


@functools.cache
def kiwi():
    """The process's one Kiwi, created on first use and seeded with the org aliases."""
    from kiwipiepy import Kiwi

    k = Kiwi(num_workers=int(os.environ.get("KDEAL_KIWI_THREADS", "0")) or None)
    try:
        from extractors.org import seed_kiwi
    except ImportError:  # the gazetteer module is optional for bare tokenization
        seed_kiwi = None
    if seed_kiwi is not None:
        seed_kiwi(k)
    return k


def chunks(text: str, ends: list[int] | None = None) -> list[tuple[int, int]]:
    """Paragraph spans, long ones cut at sentence ends (offsets into `text`);
    `ends`: `sentence_ends(text)`, when the caller has them.

    >>> chunks("가나다.\\n\\n라마바.")
    [(0, 4), (6, 10)]
    """
    out = []
    for para in PARA.finditer(text):
        if para.group().strip():
            start, end = para.span()
            if end - start > MAX_CHUNK and ends is None:
                ends = sentence_ends(text)
            out.extend(_cut(text, start, end, ends))
    return out


# SENT_END's places, by what comes before them: a terminator, or a terminator and a
# closing mark. No place is both: a closing mark is not a terminator.
_ENDS = (regex.compile(_STOP + _AHEAD), regex.compile(_STOP + _CLOSE + _AHEAD))


def sentence_ends(text: str) -> list[int]:
    """Every place SENT_END matches in `text`, in order: the ends of `_ENDS`'
    matches, one scan each (trying every place with the lookbehind costs more).
    `SENT_END.finditer(text, a, b)` gives those in [a, b).

    >>> sentence_ends("됐다. 이번에.\\n끝")
    [3, 8]
    """
    out = [m.end() for m in _ENDS[0].finditer(text)]
    out += [m.end() for m in _ENDS[1].finditer(text)]
    out.sort()
    return out


def _cut(text: str, start: int, end: int, ends) -> Iterator[tuple[int, int]]:
    while end - start > MAX_CHUNK:
        # the last sentence end in (start, start + MAX_CHUNK)
        i = bisect_left(ends, start + MAX_CHUNK) - 1
        if i >= 0 and ends[i] > start:
            cut = ends[i]
        else:
            cut = text.rfind(" ", start + 1, start + MAX_CHUNK) + 1
        if cut <= start:
            cut = start + MAX_CHUNK
        yield start, cut
        start = cut
    yield start, end


class KiwiTokenizer:
    """A spaCy tokenizer built on Kiwi (`kdeal.KiwiTokenizer.v1`)."""

    def __init__(self, vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str):
        return next(self.pipe([text]))

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator:
        """Docs in input order. One Kiwi call reads the chunks of every text lazily,
        so its threads analyse the next chunks while the caller works on a Doc."""
        return self.pipe_chunks((t, chunks(t)) for t in texts)

    def pipe_chunks(self, items: Iterable[tuple[str, list[tuple[int, int]]]]):
        """(text, chunk spans) in, one Doc per text out; see `pipe`."""
        pending: deque = deque()  # (text, spans) handed to Kiwi, not yet built

        def feed() -> Iterator[str]:
            for text, spans in items:
                pending.append((text, spans))
                for s, e in spans:
                    yield text[s:e]

        analysed = iter(kiwi().tokenize(feed()))
        done: list = []  # Kiwi's results for pending[0] onwards
        while True:
            while pending and len(done) >= len(pending[0][1]):
                text, spans = pending.popleft()
                n = len(spans)
                starts = [s for s, _ in spans]
                yield self.make_doc(text, list(zip(starts, done[:n], strict=True)))
                del done[:n]
            try:
                done.append(next(analysed))
            except StopIteration:
                break
        # Kiwi never saw the texts without a chunk that came after its last one
        for text, _ in pending:
            yield self.make_doc(text, [])

    def make_doc(self, text: str, analysed: list[tuple[int, list]]):
        """Build the Doc; gaps between tokens keep every character of `text`."""
        builder = DocBuilder(text)
        for offset, morphs in analysed:
            builder.add_morphs(morphs, offset)
        return builder.build(self.vocab)

    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs):
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs):
        return self


class DocBuilder:
    """The columns of a Doc under construction, token after token; the characters
    between tokens become spaces or tokens of their own, so `doc.text == text`.

    The Doc keeps the columns (`extractors.base.COLUMNS_KEY`): the rules read them
    as plain lists instead of converting the Doc's arrays back."""

    def __init__(self, text: str) -> None:
        self.text, self.pos = text, 0
        self.idx: list[int] = []  # each token's start offset
        self.words: list[str] = []
        self.spaces: list[bool] = []
        self.tags: list[str] = []
        self.starts: list[bool] = []
        self.oov: list[int] = []  # indices of Kiwi's unknown words

    def add_morphs(self, morphs, offset: int) -> None:
        """One chunk's Kiwi morphemes; a new Kiwi sentence starts a Doc sentence.

        Overlapping morphemes merge into one token (했 = 하+었); a zero-length one
        (이/VCP) adds nothing. Each token is added at its first morpheme and grown
        by those that overlap it; `_add_plain` when the chunk's first morpheme
        would step back before the last token's end (or adds nothing).
        """
        pos = self.pos
        if not morphs or not morphs[0].len or offset + morphs[0].start < pos:
            self._add_plain(morphs, offset)
            return
        text, idx, words, spaces, tags, starts, oov = (
            self.text, self.idx, self.words, self.spaces, self.tags, self.starts,
            self.oov,
        )  # fmt: skip
        s = e = pos  # the last token's start and end
        sent = None  # its Kiwi sentence
        for m in morphs:
            start = offset + m.start
            if start < e:  # overlaps the last token: 했 = 하+었
                end = start + m.len
                if end > e:
                    e = end
                    words[-1] = text[s:e]
                tags[-1] += "+" + m.tag
                continue
            end = start + m.len
            if start == end:
                continue
            if start != e:
                if start == e + 1 and text[e] == " " and words and not spaces[-1]:
                    spaces[-1] = True  # one space joins tokens: most gaps
                else:
                    self._gap(e, start)
            if m.oov:
                oov.append(len(words))
            idx.append(start)
            words.append(text[start:end])
            spaces.append(False)
            tags.append(m.tag)
            sent_no = m.sent_position
            starts.append(sent_no != sent)
            s, e, sent = start, end, sent_no
        self.pos = e

    def _add_plain(self, morphs, offset: int) -> None:
        """`add_morphs` as defined: morphemes grouped while each overlaps the group
        before, then each group added as a token, clipped where it overlaps the
        tokens before (dropped if inside them)."""
        groups: list[list] = []  # start, end, tags, first morpheme
        for m in morphs:
            start = offset + m.start
            end = start + m.len
            if groups and start < groups[-1][1]:
                groups[-1][1] = max(groups[-1][1], end)
                groups[-1][2].append(m.tag)
            elif start < end:
                groups.append([start, end, [m.tag], m])
        sent = None
        for start, end, tags, first in groups:
            if end > self.pos:
                is_start = first.sent_position != sent
                tag = "+".join(tags)
                self.add(max(start, self.pos), end, tag, is_start, first.oov)
                sent = first.sent_position

    def add(self, start: int, end: int, tag: str, sent_start: bool, oov=False) -> None:
        if start > self.pos:
            self._gap(self.pos, start)
        if oov:
            self.oov.append(len(self.words))
        self.idx.append(start)
        self.words.append(self.text[start:end])
        self.spaces.append(False)
        self.tags.append(tag)
        self.starts.append(sent_start)
        self.pos = end

    def _gap(self, start: int, end: int) -> None:
        """Characters Kiwi did not cover: one space joins tokens, the rest are tokens."""
        gap = self.text[start:end]
        if self.words and gap[0] == " " and not self.spaces[-1]:
            self.spaces[-1] = True
            gap = gap[1:]
            start += 1
        if gap:
            self.idx.append(start)
            self.words.append(gap)
            self.spaces.append(False)
            self.tags.append("_SP" if not gap.strip() else "SW")
            self.starts.append(False)

    def build(self, vocab):
        from spacy.tokens import Doc

        from extractors.base import COLUMNS_KEY, TEXT_KEY, Columns

        if self.pos < len(self.text):
            self._gap(self.pos, len(self.text))
        if self.starts:
            self.starts[0] = True
        table = _table(vocab)
        doc = Doc(vocab, words=table.orths(self.words), spaces=self.spaces)
        if self.words:
            doc.from_array(_ATTRS, table.columns(self.tags, self.starts))
        doc.user_data[TEXT_KEY] = self.text  # see extractors.base.doc_text
        doc.user_data[COLUMNS_KEY] = Columns(
            self.idx, self.words, self.tags, self.spaces, self.starts, self.oov
        )
        return doc


_ATTRS = ("TAG", "POS", "SENT_START")
_TABLES: dict[int, _VocabTable] = {}  # id(vocab) -> its table


def _table(vocab) -> _VocabTable:
    table = _TABLES.get(id(vocab))
    if table is None or table.vocab is not vocab:
        table = _TABLES[id(vocab)] = _VocabTable(vocab)
    return table


class _VocabTable:
    """What a vocab gives the Docs built on it, kept: each word's string id, and each
    tag's row with its TAG and POS string ids. Rows are small ints, which numpy takes
    fast; the 64-bit ids themselves go through numpy only once."""

    # past it the word ids start over: each sentence the prefilter skips is one word,
    # seldom seen twice
    MAX_WORDS = 1 << 18

    def __init__(self, vocab) -> None:
        self.vocab = vocab
        self.orth: dict[str, int] = {}
        self.row: dict[str, int] = {}
        self.ids: list[tuple[int, int]] = []
        self.array = None

    def orths(self, words: list[str]) -> list[int]:
        """Each word's string id, added to the vocab's strings: a Doc made from ids
        looks its lexemes up by them, where from strings it hashes each word again
        through a Python-level call."""
        orth = self.orth
        try:
            return list(map(orth.__getitem__, words))
        except KeyError:
            if len(orth) > self.MAX_WORDS:
                orth.clear()
            get = orth.get
            return [get(w) or self._add(w) for w in words]

    def _add(self, word: str) -> int:
        orth = self.orth[word] = self.vocab.strings.add(word)
        return orth

    def rows(self, tags: list[str]):
        """Each tag's row, as an index array."""
        import numpy

        try:
            return numpy.fromiter(
                map(self.row.__getitem__, tags), numpy.intp, len(tags)
            )
        except KeyError:
            self._add_tags(tags)
            return self.rows(tags)

    def _add_tags(self, tags: list[str]) -> None:
        row, strings = self.row, self.vocab.strings
        for tag in tags:
            if tag not in row:
                row[tag] = len(self.ids)
                self.ids.append((strings.add(tag), strings.add(upos(tag))))
        self.array = None

    def columns(self, tags: list[str], starts: list[bool]):
        """TAG, POS and SENT_START of each token as `Doc.from_array` takes them: what
        `Doc(tags=, pos=, sent_starts=)` sets, without its per-token Python work."""
        import numpy

        rows = self.rows(tags)
        if self.array is None:
            self.array = numpy.array(self.ids, dtype=numpy.uint64)
        arr = numpy.empty((len(tags), 3), dtype=numpy.uint64)
        arr[:, :2] = self.array[rows]
        # spaCy's sentence flags: 1 starts a sentence, -1 (as uint64) does not
        arr[:, 2] = 2**64 - 1
        arr[list(compress(count(), starts)), 2] = 1
        return arr


def create_kiwi_tokenizer():
    """spaCy registry entry: `@tokenizers = "kdeal.KiwiTokenizer.v1"`."""

    def make(nlp):
        _register()  # the Token extensions it sets, also when built from a config
        return KiwiTokenizer(nlp.vocab)

    return make


def kiwi_oov(token) -> bool:
    """`token._.kiwi_oov`: Kiwi did not know the word (its `oov` flag)."""
    from extractors.base import doc_columns

    cols = doc_columns(token.doc)
    return cols is not None and token.i in cols.oov


def _register() -> None:
    from spacy.tokens import Token
    from spacy.util import registry

    if not Token.has_extension("kiwi_oov"):
        # read from the columns the Doc was built from: setting it on each unknown
        # word made a Token and a user-data entry for each (16 µs a word)
        Token.set_extension("kiwi_oov", getter=kiwi_oov)
    registry.tokenizers.register("kdeal.KiwiTokenizer.v1", func=create_kiwi_tokenizer)


DEFAULT_COMPONENTS = ("kdeal_org", "kdeal_money", "kdeal_date")


@functools.cache
def make_nlp(components: tuple[str, ...] = DEFAULT_COMPONENTS):
    """A Korean spaCy Language on Kiwi tokens with the given kdeal components."""
    import spacy

    _register()
    import_components(components)
    cfg = {"nlp": {"tokenizer": {"@tokenizers": "kdeal.KiwiTokenizer.v1"}}}
    nlp = spacy.blank("ko", config=cfg)
    # a new word's lexeme runs every getter (shape, like_num, stop...) and no rule
    # reads them (the NER copies tokens into its own vocab); an unpicked sentence of
    # the prefilter is one such new word
    nlp.vocab.lex_attr_getters = {}
    for name in components:
        nlp.add_pipe(name)
    return nlp


def import_components(components: Iterable[str]) -> None:
    """Import the modules whose import registers the kdeal factories."""
    from importlib import import_module

    modules = {
        "kdeal_org": "extractors.org",
        "kdeal_money": "extractors.money",
        "kdeal_date": "extractors.date",
        "kdeal_ner": "extractors.ner",
    }
    for name in components:
        if name in modules:
            import_module(modules[name])


def run(works, opts) -> Iterator:
    """Stage entry: give each Work its Doc; Kiwi reads ahead across articles."""
    from pipeline.extract import nlp

    tokenizer = nlp().tokenizer
    pending: deque = deque()

    def texts():
        for w in works:
            pending.append(w)
            yield w.article.text

    for doc in tokenizer.pipe(texts()):
        w = pending.popleft()
        w.doc = doc
        yield w
