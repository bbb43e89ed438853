"""KiwiTokenizer: the Doc's text is the input, morphemes merged into clean tokens."""

from __future__ import annotations

from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.tokenize import MAX_CHUNK, chunks

KOREANISH = st.text(
    alphabet=st.sampled_from(
        list("가나다라마바사아자차카타파하했지난친구다은는이가에를의")
        + list("0123456789억만조원달러.,·()[]% \n\t\u00a0\u200bAIMS")
    ),
    max_size=300,
)


@settings(max_examples=1000)
@given(KOREANISH)
def test_doc_text_equals_input(tokenizer, text):
    assert tokenizer(text).text == text


@settings(max_examples=200)
@given(st.text(max_size=200))
def test_doc_text_equals_any_unicode(tokenizer, text):
    assert tokenizer(text).text == text


# fmt: off
MERGES = [
    # text             a token that must exist
    ("투자했다.",        "했"),    # 하 + 었 on one character
    ("지난 27일",        "지난"),  # 지나 + ᆫ on the second character
    ("친구다",           "친구"),  # zero-length 이/VCP adds nothing
]
# fmt: on


@pytest.mark.parametrize("text,token", MERGES)
def test_overlapping_morphemes_merge(tokenizer, text, token):
    doc = tokenizer(text)
    assert token in [t.text for t in doc]
    assert doc.text == text


def test_particles_are_tokens_with_kiwi_tags(tokenizer):
    doc = tokenizer("아마존은 앤스로픽에 투자했다.")
    tags = {t.text: t.tag_ for t in doc}
    assert tags["은"] == "JX" and tags["에"] == "JKB"


def test_glued_sentences_split(tokenizer):
    doc = tokenizer("지수는 1% 올라 장을 마쳤다.이날 연준의 발표가 있었다.")
    assert [s.text for s in doc.sents] == [
        "지수는 1% 올라 장을 마쳤다.",
        "이날 연준의 발표가 있었다.",
    ]


def test_long_paragraph_is_cut_with_offsets_kept(tokenizer):
    text = "삼성전자가 공장에 투자했다." * 200
    assert all(e - s <= MAX_CHUNK for s, e in chunks(text))
    doc = tokenizer(text)
    assert doc.text == text
    assert len(list(doc.sents)) == 200


def test_batch_equals_one_by_one(tokenizer):
    texts = [
        "아마존은 투자했다.",
        "",
        "오픈AI는\n\n마이크로소프트와 협의 중이다.",
        "  ",
    ]
    batch = [d.text for d in tokenizer.pipe(texts)]
    assert batch == texts
    assert [[t.text for t in d] for d in tokenizer.pipe(texts)] == [
        [t.text for t in tokenizer(x)] for x in texts
    ]


@settings(max_examples=200)
@given(KOREANISH)
def test_doc_from_word_ids_is_the_doc_from_words(tokenizer, text):
    """The Doc is made from each word's string id: the same lexemes as from the
    words themselves."""
    from spacy.tokens import Doc

    from extractors.base import doc_columns

    doc = tokenizer(text)
    cols = doc_columns(doc)
    plain = Doc(tokenizer.vocab, words=cols.words, spaces=cols.spaces)
    assert [(t.orth, t.text, t.whitespace_) for t in doc] == [
        (t.orth, t.text, t.whitespace_) for t in plain
    ]


def test_word_ids_start_over_past_their_limit(tokenizer, monkeypatch):
    from pipeline import tokenize

    monkeypatch.setattr(tokenize._VocabTable, "MAX_WORDS", 2)
    # words earlier tests added would spare these texts the lookup that starts over
    tokenize._table(tokenizer.vocab).orth.clear()
    for text in [
        "아마존은 앤스로픽에 투자했다.",
        "오픈AI는 새 모델을 냈다.",
        "아마존은 샀다.",
    ]:
        doc = tokenizer(text)
        assert doc.text == text
        assert [t.orth for t in doc] == [tokenizer.vocab.strings[t.text] for t in doc]
    assert len(tokenize._table(tokenizer.vocab).orth) <= 2 + len(doc)


class _Morph(NamedTuple):
    start: int
    len: int
    tag: str
    oov: bool
    sent_position: int


@st.composite
def _chunks(draw):
    """A text, the tokens already built, and Kiwi-like morphemes for some chunks:
    overlapping, empty, stepping back, unknown, several sentences."""
    text = draw(st.text(alphabet="가나 .다\n", max_size=30))
    built = draw(st.integers(0, len(text)))
    chunks = []
    for _ in range(draw(st.integers(0, 3))):
        offset = draw(st.integers(0, len(text)))
        n, morphs = len(text) - offset, []
        for _ in range(draw(st.integers(0, 8))):
            start = draw(st.integers(0, n))
            length = draw(st.integers(0, n - start))
            tag = draw(st.sampled_from(["NNG", "JKS", "EP", "VCP"]))
            sent = draw(st.integers(0, 2))
            morphs.append(_Morph(start, length, tag, draw(st.booleans()), sent))
        if draw(st.booleans()):  # mostly in order, as Kiwi gives them
            morphs.sort(key=lambda m: m.start)
        chunks.append((offset, morphs))
    return text, built, draw(st.booleans()), chunks


def _columns(builder) -> tuple:
    b = builder
    return b.idx, b.words, b.spaces, b.tags, b.starts, b.oov, b.pos


@settings(max_examples=1000)
@given(_chunks())
def test_add_morphs_is_the_plain_definition(case):
    """Tokens added as morphemes come equal those of grouping them first."""
    from pipeline.tokenize import DocBuilder

    text, built, spaced, chunks = case
    fast, plain = DocBuilder(text), DocBuilder(text)
    for b in (fast, plain):
        if built:
            b.add(built // 2, built, "SW", True)
            b.spaces[-1] = spaced
    for offset, morphs in chunks:
        fast.add_morphs(morphs, offset)
        plain._add_plain(morphs, offset)
        assert _columns(fast) == _columns(plain)
