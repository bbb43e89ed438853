"""A Doc keeps the columns it was built from; what the stages read from them must
be what spaCy's own Doc gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.base import (
    COLUMNS_KEY,
    doc_columns,
    sentence_bounds,
    sentence_chars,
    token_starts,
)
from pipeline import assemble

ROOT = Path(__file__).resolve().parents[2]
GLUED = "삼성이 인수했다.이번 거래는 크다.\n\nLG가 샀어요.10억원이다. 끝났다.A사도"


def _texts() -> list[str]:
    paths = sorted((ROOT / "corpus").glob("*.txt"))[:30]
    return [GLUED] + [p.read_text("utf-8-sig") for p in paths]


def plain_sentences(doc, text: str) -> list[tuple[int, int]]:
    """assemble.sentences as defined: spaCy's sentences, cut at GLUED_END."""
    out = []
    for sent in doc.sents:
        start = sent.start_char
        for m in assemble.GLUED_END.finditer(text, start, sent.end_char):
            if m.start() > start:
                out.append((start, m.start()))
                start = m.start()
        out.append((start, sent.end_char))
    return out


@pytest.mark.parametrize("n", range(len(_texts())))
def test_columns_give_what_the_doc_gives(nlp, n) -> None:
    text = _texts()[n]
    doc = nlp(text)
    assert doc_columns(doc) is not None
    assert token_starts(doc) == [t.idx for t in doc]
    assert sentence_bounds(doc) == [(s.start, s.end) for s in doc.sents]
    assert sentence_chars(doc) == [(s.start_char, s.end_char) for s in doc.sents]
    assert list(assemble.sentences(doc, text)) == plain_sentences(doc, text)


def test_a_doc_without_columns_falls_back(nlp) -> None:
    doc = nlp(GLUED)
    del doc.user_data[COLUMNS_KEY]
    assert doc_columns(doc) is None
    assert token_starts(doc) == [t.idx for t in doc]
    assert sentence_chars(doc) == [(s.start_char, s.end_char) for s in doc.sents]
    assert len(list(assemble.sentences(doc, GLUED))) > len(list(doc.sents))
