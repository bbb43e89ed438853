"""The KLUE NER: reading KLUE, the fixed held-out split, scoring, and the component."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import ner
from extractors.base import Mention
from pipeline import ner_train

KLUE = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / ner_train.KLUE.name
)


@pytest.fixture(scope="module")
def klue():
    if not KLUE.exists():
        pytest.skip("../shared/data/klue-ner-v1.1_dev.tsv is not available")
    return ner_train.read_klue(KLUE)


def test_klue_reads_every_sentence(klue):
    assert len(klue) == 5000
    first = klue[0]
    assert first.sid == "klue-ner-v1_dev_00000-wikitree"
    assert [(first.text[s:e], lab) for s, e, lab in first.spans][:2] == [
        ("경찰", "ORG"),
        ("박", "PER"),
    ]


def test_money_is_a_quantity_ending_in_a_currency(klue):
    money = [s.text[a:b] for s in klue for a, b, lab in s.spans if lab == "MONEY"]
    assert money and all(m.endswith(ner_train.CURRENCY) for m in money)


def test_held_out_split_is_fixed_and_a_fifth(klue):
    train, test = ner_train.split(klue)
    assert len(train) + len(test) == len(klue)
    assert 0.18 < len(test) / len(klue) < 0.22
    assert {s.sid for s in test} == {s.sid for s in klue if ner_train.held_out(s.sid)}
    assert not {s.sid for s in train} & {s.sid for s in test}


# fmt: off
SCORES = [
    # gold spans, predicted spans          exact (p, r)      overlap (p, r)
    ([{(0, 2)}], [{(0, 2)}],               (1.0, 1.0),       (1.0, 1.0)),
    ([{(0, 2)}], [{(0, 3)}],               (0.0, 0.0),       (1.0, 1.0)),
    ([{(0, 2), (5, 7)}], [{(0, 2), (9, 10)}], (0.5, 0.5),    (0.5, 0.5)),
    ([set()], [{(1, 2)}],                  (0.0, None),      (0.0, None)),
]
# fmt: on


@pytest.mark.parametrize("gold,pred,exact,overlap", SCORES)
def test_score_spans(gold, pred, exact, overlap):
    got = ner_train.score_spans(list(zip(gold, pred, strict=True)))
    assert (got["exact"]["p"], got["exact"]["r"]) == exact
    assert (got["overlap"]["p"], got["overlap"]["r"]) == overlap


@pytest.fixture(scope="module")
def tokenizer_nlp():
    pytest.importorskip("kiwipiepy")
    from pipeline.tokenize import make_nlp

    return make_nlp(())


def test_ner_doc_keeps_tokens_and_text(tokenizer_nlp):
    import spacy

    doc = tokenizer_nlp("아마존은 지난 27일 앤스로픽에 투자했다.")
    copy = ner.to_ner_doc(spacy.blank("xx").vocab, doc)
    assert copy.text == doc.text
    assert [t.tag_ for t in copy] == [t.tag_ for t in doc]


@pytest.mark.skipif(not ner.available(), reason="the NER model is not built")
def test_model_finds_an_unlisted_company(tokenizer_nlp):
    doc = tokenizer_nlp(
        "반도체 장비 업체 스마트스코어는 지난해 매출이 늘었다고 밝혔다."
    )
    found = ner.find(doc)
    assert all(doc.text[m.start : m.end] == m.text for m in found)
    assert all(m.source == "ner:klue" for m in found)


def test_acronyms_and_common_nouns_are_not_organisations(tokenizer_nlp):
    from extractors.org import plausible

    doc = tokenizer_nlp("IPO를 앞둔 코스닥 상장사 스마트스코어")
    spans = {"IPO": (0, 3), "코스닥": (8, 11), "스마트스코어": (16, 22)}
    kept = {
        k
        for k, (s, e) in spans.items()
        if plausible(doc, Mention("ORG", s, e, doc.text[s:e], source="ner:klue"))
    }
    assert kept == {"스마트스코어"}
