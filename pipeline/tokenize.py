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
from collections.abc import Iterable, Iterator

import regex

MAX_CHUNK = 600  # characters; Kiwi slows down superlinearly past a few hundred
# a sentence end: 다/요/음... + period, or ?/! (also glued: 마쳤다.이날)
SENT_END = regex.compile(r"(?<=[.?!。][\"'”’)\]]?)(?=\s|\p{Hangul}|[\"'“‘(\[<])")
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


def chunks(text: str) -> list[tuple[int, int]]:
    """Paragraph spans, long ones cut at sentence ends (offsets into `text`).

    >>> chunks("가나다.\\n\\n라마바.")
    [(0, 4), (6, 10)]
    """
    out = []
    for para in PARA.finditer(text):
        if para.group().strip():
            out.extend(_cut(text, para.start(), para.end()))
    return out


def _cut(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while end - start > MAX_CHUNK:
        ends = [
            m.start() for m in SENT_END.finditer(text, start + 1, start + MAX_CHUNK)
        ]
        cut = ends[-1] if ends else text.rfind(" ", start + 1, start + MAX_CHUNK) + 1
        if cut <= start:
            cut = start + MAX_CHUNK
        yield start, cut
        start = cut
    yield start, end


def merge_morphs(morphs, offset: int = 0) -> list[list]:
    """Kiwi morphemes -> ordered, non-empty [start, end, tags, oov, sentence no.].

    했 = 하+었 and 지난 = 지나+ᆫ overlap and merge; a zero-length 이/VCP adds nothing.
    """
    spans: list[list] = []
    for m in morphs:
        start, end = offset + m.start, offset + m.start + m.len
        if spans and start < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
            spans[-1][2].append(m.tag)
        elif start < end:
            oov = bool(getattr(m, "oov", False))
            spans.append([start, end, [m.tag], oov, m.sent_position])
    return spans


class KiwiTokenizer:
    """A spaCy tokenizer built on Kiwi (`kdeal.KiwiTokenizer.v1`)."""

    def __init__(self, vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str):
        return next(self.pipe([text]))

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator:
        batch: list[str] = []
        for text in texts:
            batch.append(text)
            if len(batch) >= batch_size:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def _batch(self, texts: list[str]) -> Iterator:
        cuts = [chunks(t) for t in texts]
        flat = [t[s:e] for t, cs in zip(texts, cuts, strict=True) for s, e in cs]
        analysed = iter(kiwi().tokenize(flat) if flat else [])
        for text, cs in zip(texts, cuts, strict=True):
            yield self.make_doc(text, [(s, next(analysed)) for s, _ in cs])

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
    between tokens become spaces or tokens of their own, so `doc.text == text`."""

    def __init__(self, text: str) -> None:
        self.text, self.pos = text, 0
        self.words: list[str] = []
        self.spaces: list[bool] = []
        self.tags: list[str] = []
        self.starts: list[bool] = []
        self.oov: list[bool] = []

    def add_morphs(self, morphs, offset: int) -> None:
        """One chunk's Kiwi morphemes; a new Kiwi sentence starts a Doc sentence."""
        sent = None
        for s, e, mtags, is_oov, sent_no in merge_morphs(morphs, offset):
            if s < self.pos:  # never step back: clip a span overlapping the last token
                s = self.pos
                if s >= e:
                    continue
            self.add(s, e, "+".join(mtags), sent_no != sent, is_oov)
            sent = sent_no

    def add(self, start: int, end: int, tag: str, sent_start: bool, oov=False) -> None:
        cols = (self.words, self.spaces, self.tags, self.starts, self.oov)
        _gap(self.text, self.pos, start, *cols)
        self.words.append(self.text[start:end])
        self.spaces.append(False)
        self.tags.append(tag)
        self.starts.append(sent_start)
        self.oov.append(oov)
        self.pos = end

    def build(self, vocab):
        from spacy.tokens import Doc

        cols = (self.words, self.spaces, self.tags, self.starts, self.oov)
        _gap(self.text, self.pos, len(self.text), *cols)
        if self.starts:
            self.starts[0] = True
        doc = Doc(
            vocab,
            words=self.words,
            spaces=self.spaces,
            tags=self.tags,
            pos=[upos(t) for t in self.tags],
            sent_starts=self.starts,
        )
        doc.user_data["kdeal_text"] = self.text  # see extractors.base.doc_text
        for tok, flag in zip(doc, self.oov, strict=True):
            if flag:
                tok._.kiwi_oov = True
        return doc


def _gap(text, start, end, words, spaces, tags, starts, oov) -> None:
    """Characters Kiwi did not cover: one space joins tokens, the rest are tokens."""
    if start >= end:
        return
    gap = text[start:end]
    if words and gap[0] == " " and not spaces[-1]:
        spaces[-1] = True
        gap = gap[1:]
    if gap:
        words.append(gap)
        spaces.append(False)
        tags.append("_SP" if not gap.strip() else "SW")
        starts.append(False)
        oov.append(False)


def create_kiwi_tokenizer():
    """spaCy registry entry: `@tokenizers = "kdeal.KiwiTokenizer.v1"`."""

    def make(nlp):
        _register()  # the Token extensions it sets, also when built from a config
        return KiwiTokenizer(nlp.vocab)

    return make


def _register() -> None:
    from spacy.tokens import Token
    from spacy.util import registry

    if not Token.has_extension("kiwi_oov"):
        Token.set_extension("kiwi_oov", default=False)
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
    """Stage entry: give each Work its Doc, articles fed to Kiwi in batches."""
    from pipeline.extract import nlp
    from pipeline.work import batched

    tokenizer = nlp().tokenizer
    for batch in batched(works, opts.batch_size):
        docs = tokenizer.pipe([w.article.text for w in batch], batch_size=len(batch))
        for w, doc in zip(batch, docs, strict=True):
            w.doc = doc
            yield w
