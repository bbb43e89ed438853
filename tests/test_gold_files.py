"""Gold files: schema, offsets, and agreement between entities and deals.

Every `gold/<doc_id>.json` must validate against `GoldFile` and slice back to its
article. Corpus texts ship in `corpus/`; seed and dev-dump texts live in ../shared
and those checks skip when it is absent.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from pipeline.records import GoldFile

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "gold"
CORPUS = ROOT / "corpus"
GOLD_FILES = sorted(GOLD.glob("*.json"))
IDS = [p.stem for p in GOLD_FILES]
DATE_FORMS = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}
BIG_UNITS = {"조": 10**12, "억": 10**8, "만": 10**4}
CURRENCIES = {"달러": "USD", "유로": "EUR", "위안": "CNY", "엔": "JPY", "원": "KRW"}
AMOUNT = re.compile(
    r"^(?:약|최대|최소)?\s?([\d,.\s조억만천]+?)\s?(달러|유로|위안|엔|원)$"
)


def load(doc_id: str) -> dict:
    return json.loads((GOLD / f"{doc_id}.json").read_text("utf-8"))


def source(doc_id: str) -> str:
    spec = yaml.safe_load((GOLD / "src" / f"{doc_id}.yaml").read_text("utf-8"))
    return spec.get("source", "corpus")


def numeral(text: str) -> float:
    """27억5000만 -> 2750000000, 19억4천만 -> 1940000000.

    An independent reading, so a mistyped value in a label fails here.
    """
    total, group, digits = 0.0, 0.0, ""
    for ch in text.replace(",", "").replace(" ", ""):
        if ch == "천":  # 천 multiplies inside a 만/억/조 group
            group += float(digits or 1) * 1000
            digits = ""
        elif ch in BIG_UNITS:
            group += float(digits) if digits else 0.0
            total += (group or 1) * BIG_UNITS[ch]
            group, digits = 0.0, ""
        else:
            digits += ch
    return total + group + (float(digits) if digits else 0.0)


def text_of(doc_id: str, request) -> str:
    """The article the offsets index; ../shared fixtures skip when it is absent."""
    kind = source(doc_id)
    if kind == "corpus":
        return (CORPUS / f"{doc_id}.txt").read_text("utf-8-sig")
    if kind == "seeds":
        return request.getfixturevalue("seeds")[doc_id]
    return request.getfixturevalue("dump_texts")[doc_id]["text"]


def test_every_source_has_a_gold_file():
    built = {p.stem for p in GOLD_FILES}
    written = {p.stem for p in (GOLD / "src").glob("*.yaml")}
    assert written == built


def test_corpus_articles_have_gold():
    published = json.loads((CORPUS / "published.json").read_text("utf-8"))
    articles = {p.stem for p in CORPUS.glob("*.txt")}
    assert len(articles) >= 14
    assert articles == set(published) <= set(IDS)
    for doc_id in articles:
        assert load(doc_id)["published"] == published[doc_id], doc_id


@pytest.mark.parametrize("doc_id", IDS)
def test_gold_validates(doc_id):
    gold = GoldFile.model_validate(load(doc_id))
    assert gold.doc_id == doc_id
    assert all(d.doc_id == doc_id for d in gold.deals)
    assert all(d.evidence is None and d.confidence is None for d in gold.deals)


@pytest.mark.parametrize("doc_id", IDS)
def test_entities_slice_back(doc_id, request):
    text = text_of(doc_id, request)
    for e in load(doc_id)["entities"]:
        assert text[e["start"] : e["end"]] == e["text"], e


@pytest.mark.parametrize("doc_id", IDS)
def test_entities_are_ordered_and_disjoint(doc_id):
    ents = load(doc_id)["entities"]
    for a, b in zip(ents, ents[1:], strict=False):
        assert a["end"] <= b["start"], (a, b)
    # Seed and dump texts must not be committed: spans stay short.
    assert all(len(e["text"]) < 60 for e in ents)


@pytest.mark.parametrize("doc_id", IDS)
def test_entity_values(doc_id):
    for e in load(doc_id)["entities"]:
        if e["label"] == "DATE" and e.get("value") is not None:
            assert re.fullmatch(DATE_FORMS[e["precision"]], e["value"]), e
        if e["label"] == "MONEY":
            assert e.get("currency") in set(CURRENCIES.values()), e
            m = AMOUNT.match(e["text"])
            if m and e.get("value") is not None:
                assert numeral(m[1]) == pytest.approx(e["value"]), e
                assert CURRENCIES[m[2]] == e["currency"], e


@pytest.mark.parametrize("doc_id", IDS)
def test_deals_agree_with_entities(doc_id):
    gold = load(doc_id)
    money = {(e["text"], e.get("value"), e.get("currency")) for e in gold["entities"]}
    dates = {e["text"] for e in gold["entities"] if e["label"] == "DATE"}
    orgs = {e.get("canonical") for e in gold["entities"] if e["label"] == "ORG"}
    for d in gold["deals"]:
        assert d["investors"] == sorted(d["investors"]), d
        assert (d["target"] is None) == (d["deal_type"] == "capex"), d
        assert (set(d["investors"]) | {d["target"]}) - {None} <= orgs, d
        for key in ("amount", "amount_krw", "valuation"):
            if d[key] is not None:
                m = d[key]
                assert (m["text"], m["value"], m["currency"]) in money, (key, d)
        if d["amount_krw"] is not None:
            assert d["amount_krw"]["currency"] == "KRW"
            assert d["krw_source"] == "stated", d
        if d["date"] is not None:
            assert re.fullmatch(DATE_FORMS[d["date_precision"]], d["date"]), d
        if d["date_text"] is not None:
            assert d["date_text"] in dates, d
