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
    assert ("스마트스코어", "ORG") in {(m.text, m.label) for m in found}


@pytest.mark.skipif(not ner.available(), reason="the NER model is not built")
@pytest.mark.parametrize(
    "text,name",
    [
        ("코어위브는 엔비디아와 손잡고 데이터센터를 짓는다.", "코어위브"),
        ("주성씨앤에어는 30억원 규모의 투자를 유치했다고 밝혔다.", "주성씨앤에어"),
    ],
)
def test_model_names_unknown_companies_without_particles(tokenizer_nlp, text, name):
    found = {(m.text, m.label) for m in ner.find(tokenizer_nlp(text))}
    assert (name, "ORG") in found


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


def test_ner_doc_carries_kiwi_oov(tokenizer_nlp):
    import spacy

    doc = tokenizer_nlp("반도체 업체 스마트스코어는 매출이 늘었다.")
    copy = ner.to_ner_doc(spacy.blank("xx").vocab, doc)
    assert [bool(t.morph.get("Oov")) for t in copy] == [t._.kiwi_oov for t in doc]
    assert any(t._.kiwi_oov for t in doc)  # 스마트스코어 is a word Kiwi does not know


def test_token_features_read_first_and_last_syllables():
    import spacy
    from spacy.tokens import Doc

    doc = Doc(
        spacy.blank("xx").vocab,
        words=["스마트스코어", "는"],
        tags=["NNP", "JX"],
        morphs=[ner.OOV, ""],
    )
    feats = [dict(zip(ner.FEATURES, ner.token_features(t), strict=True)) for t in doc]
    assert feats[0]["first2"] == "스마" and feats[0]["last2"] == "코어"
    assert (feats[0]["tag"], feats[0]["oov"]) == ("NNP", "1")
    assert (feats[1]["last"], feats[1]["oov"]) == ("는", "0")


def test_korean_embed_gives_one_vector_a_token():
    import spacy
    from spacy.tokens import Doc

    model = ner.korean_embed(16, [50] * len(ner.FEATURES))
    docs = [Doc(spacy.blank("xx").vocab, words=["오픈AI", "에", "투자"])]
    model.initialize(X=docs)
    assert model.predict(docs)[0].shape == (3, 16)
    with pytest.raises(ValueError):
        ner.korean_embed(16, [50] * (len(ner.FEATURES) + 1))


def test_error_classes():
    pairs = [({(0, 2), (5, 7), (9, 12)}, {(0, 2), (5, 8), (20, 22)})]
    got = ner_train.error_classes(pairs)
    assert got == {"exact": 1, "boundary": 1, "missed": 1, "false": 1}


def test_gold_training_sentences_leave_the_held_out_articles_alone():
    train = ner_train.gold_sentences()
    held = ner_train.gold_sentences(held=True)
    if not train or not held:
        pytest.skip("the gold articles' texts are not available")
    train_ids = {s.sid.split("#")[0] for s in train}
    held_ids = {s.sid.split("#")[0] for s in held}
    assert not train_ids & held_ids
    assert all(ner_train.held_out(d) for d in held_ids)
    assert not any(ner_train.held_out(d) for d in train_ids)
    for sent in train + held:
        assert all(0 <= s < e <= len(sent.text) for s, e, _ in sent.spans)
    assert any(lab == "ORG" for s in train for _, _, lab in s.spans)


@pytest.mark.skipif(not ner.available(), reason="the NER model is not built")
def test_model_keeps_no_training_text():
    import json

    strings = json.loads((ner.MODEL_DIR / "vocab" / "strings.json").read_text("utf-8"))
    assert set(strings) <= {"ORG", "PER", "LOC", "DATE", "MONEY"}


def test_prune_strings_keeps_the_labels_only(tmp_path):
    import json

    (tmp_path / "vocab").mkdir()
    (tmp_path / "vocab" / "strings.json").write_text('["ORG", "https://x.y/123"]')
    ner_train.prune_strings(tmp_path, ("ORG", "PER"))
    assert json.loads((tmp_path / "vocab" / "strings.json").read_text()) == [
        "ORG",
        "PER",
    ]
