"""Scorer on a toy set whose every figure was worked out by hand (see the comments)."""

from __future__ import annotations

import json

import pytest

from pipeline.errors import InputError
from pipeline.records import DealRecord, Entity, GoldFile, Money
from pipeline.score import (
    format_table,
    load_entities,
    load_gold,
    load_predictions,
    main_score,
    plot_pr,
    score,
)


def usd(v: float) -> Money:
    return Money(value=v, currency="USD", text=f"{v} USD")


def deal(doc, kind, investors, target, amount, conf=None, **kw) -> DealRecord:
    return DealRecord(
        doc_id=doc,
        deal_type=kind,
        investors=investors,
        target=target,
        amount=amount,
        confidence=conf,
        **kw,
    )


KRW = Money(value=3.7e12, currency="KRW", text="약 3조7000억원")

# fmt: off
GOLD = [
    GoldFile(doc_id="a", deals=[
        deal("a", "investment", ["Amazon", "Google"], "Anthropic", usd(2.75e9),                # g1
             date="2024-03-27", amount_krw=KRW, amount_usd=2.75e9),
        deal("a", "investment", ["Amazon"], "Anthropic", usd(4e9), cumulative=True),          # g2
        deal("a", "capex", ["Microsoft"], None, None),                                         # g3
    ]),
    GoldFile(doc_id="b", deals=[
        deal("b", "acquisition", ["Samsung"], "Harman", usd(8e9)),                             # g4
        deal("b", "purchase", ["OpenAI"], "Oracle", usd(3e11)),                                # g5
    ]),
    GoldFile(doc_id="c", deals=[]),  # an article with no deal
]
PRED = [
    # investor order swapped, amount 0.36% off: strict TP with g1, but the date is wrong
    deal("a", "investment", ["Google", "Amazon"], "Anthropic", usd(2.76e9), 0.9,
         date="2024-03", amount_krw=KRW, amount_usd=2.76e9),
    # the same deal again: g1 is taken, so a false positive
    deal("a", "investment", ["Amazon", "Google"], "Anthropic", usd(2.76e9), 0.8),
    # 1.25% off g2: outside the tolerance, strict and relaxed
    deal("a", "investment", ["Amazon"], "Anthropic", usd(4.05e9), 0.7),
    # null amount on both sides, no confidence: TP with g3, sorted last
    deal("a", "capex", ["Microsoft"], None, None),
    # right number, wrong currency: FP (g4 missed)
    deal("b", "acquisition", ["Samsung"], "Harman", Money(value=8e9, currency="KRW", text="x"), 0.95),
    # wrong type: strict FP, relaxed TP with g5
    deal("b", "investment", ["OpenAI"], "Oracle", usd(3e11), 0.6),
    # c has a gold file without deals: FP
    deal("c", "investment", ["X"], "Y", usd(1e9), 0.5),
    # z has no gold file: ignored
    deal("z", "investment", ["X"], "Y", usd(1e9), 0.99),
]
# fmt: on


@pytest.fixture
def result_and_errors():
    errors: list = []
    return score(GOLD, PRED, errors=errors), errors


def test_micro_strict_and_relaxed(result_and_errors):
    r, _ = result_and_errors
    # strict: p1-g1 and p4-g3 of 7 predictions and 5 gold deals
    assert r["deals_strict"] == {
        "p": 0.2857,
        "r": 0.4,
        "f": 0.3333,
        "tp": 2,
        "pred": 7,
        "gold": 5,
    }
    # relaxed adds p6-g5 (type ignored)
    assert r["deals_relaxed"] == {
        "p": 0.4286,
        "r": 0.6,
        "f": 0.5,
        "tp": 3,
        "pred": 7,
        "gold": 5,
    }
    assert r["ignored_pred"] == 1
    assert r["gold_docs_without_pred"] == 0


def test_fields_on_strict_matches(result_and_errors):
    r, _ = result_and_errors
    # two matched pairs; only p1's date (2024-03 for 2024-03-27) is wrong
    assert r["fields"] == {
        "amount_krw": 1.0, "amount_usd": 1.0, "qualifier": 1.0, "cumulative": 1.0,
        "status": 1.0, "date": 0.5, "stake_pct": 1.0,
    }  # fmt: skip


def test_per_type_and_per_doc(result_and_errors):
    r, _ = result_and_errors
    t = r["per_type"]
    assert (
        t["investment"]["tp"],
        t["investment"]["pred"],
        t["investment"]["gold"],
    ) == (1, 5, 2)
    assert t["capex"] == {"p": 1.0, "r": 1.0, "f": 1.0, "tp": 1, "pred": 1, "gold": 1}
    assert t["purchase"] == {
        "p": None,
        "r": 0.0,
        "f": 0.0,
        "tp": 0,
        "pred": 0,
        "gold": 1,
    }
    assert t["acquisition"]["p"] == 0.0
    d = r["per_doc"]
    assert d["a"]["strict"] == {
        "p": 0.5,
        "r": 0.6667,
        "f": 0.5714,
        "tp": 2,
        "pred": 4,
        "gold": 3,
    }
    assert d["b"]["relaxed"]["tp"] == 1
    assert d["c"]["strict"] == {
        "p": 0.0,
        "r": None,
        "f": 0.0,
        "tp": 0,
        "pred": 1,
        "gold": 0,
    }
    assert "z" not in d
    # macro: p over a, b, c; r over a, b only (c has no gold deal)
    assert r["deals_macro"] == {"p": 0.1667, "r": 0.3333, "f": 0.1905}


def test_error_objects(result_and_errors):
    _, errors = result_and_errors
    kinds = sorted((e["doc_id"], e["error"], e.get("field")) for e in errors)
    assert kinds == [
        ("a", "FIELD", "date"), ("a", "FN", None), ("a", "FP", None), ("a", "FP", None),
        ("b", "FN", None), ("b", "FN", None), ("b", "FP", None), ("b", "FP", None),
        ("c", "FP", None),
    ]  # fmt: skip
    fn_a = next(e for e in errors if e["doc_id"] == "a" and e["error"] == "FN")
    assert fn_a["record"]["amount"]["value"] == 4e9
    # nearest of g2 is the 4.05e9 prediction: same target, investors and type
    assert fn_a["nearest"]["amount"]["value"] == 4.05e9
    fp_c = next(e for e in errors if e["doc_id"] == "c")
    assert fp_c["nearest"] is None
    json.dumps(errors)  # every object is plain JSON


def test_pr_curve(result_and_errors):
    r, _ = result_and_errors
    pts = r["pr_curve"]["points"]
    # confidence order: .95 F, .9 T, .8 F, .7 F, .6 F, .5 F, None T
    assert [p["threshold"] for p in pts] == [0.95, 0.9, 0.8, 0.7, 0.6, 0.5, None]
    assert [p["tp"] for p in pts] == [0, 1, 1, 1, 1, 1, 2]
    assert pts[1]["p"] == 0.5 and pts[1]["r"] == 0.2
    assert pts[-1] == {
        "threshold": None,
        "p": 0.2857,
        "r": 0.4,
        "f": 0.3333,
        "tp": 2,
        "pred": 7,
    }
    assert r["pr_curve"]["ap"] == round(0.2 * 0.5 + 0.2 * 2 / 7, 4)


def test_empty_predictions():
    errors: list = []
    r = score(GOLD, [], errors=errors)
    assert r["deals_strict"] == {
        "p": None,
        "r": 0.0,
        "f": 0.0,
        "tp": 0,
        "pred": 0,
        "gold": 5,
    }
    assert r["fields"]["date"] is None
    assert r["pr_curve"] == {"points": [], "ap": None}
    assert r["gold_docs_without_pred"] == 3
    assert [e["error"] for e in errors] == ["FN"] * 5
    assert all(e["nearest"] is None for e in errors)


def test_nothing_on_either_side():
    r = score([GoldFile(doc_id="c")], [])
    assert r["deals_strict"] == {
        "p": None,
        "r": None,
        "f": None,
        "tp": 0,
        "pred": 0,
        "gold": 0,
    }


def test_greedy_prefers_higher_confidence():
    gold = [GoldFile(doc_id="a", deals=[deal("a", "capex", ["M"], None, usd(1e9))])]
    low = deal("a", "capex", ["M"], None, usd(1e9), 0.2, status="planned")
    high = deal("a", "capex", ["M"], None, usd(1e9), 0.7, status="planned")
    errors: list = []
    score(gold, [low, high], errors=errors)
    fp = next(e for e in errors if e["error"] == "FP")
    assert fp["record"]["confidence"] == 0.2


# ---------------------------------------------------------------- entities


def ent(doc, label, start, end, source=None, **kw) -> Entity:
    return Entity(
        doc_id=doc,
        label=label,
        start=start,
        end=end,
        text="x" * (end - start),
        source=source,
        **kw,
    )


ENT_GOLD = [
    GoldFile(doc_id="a", entities=[
        ent(None, "ORG", 0, 3, canonical="Amazon"),
        ent(None, "MONEY", 10, 20, value=2.75e9, currency="USD"),
        ent(None, "DATE", 30, 35, value="2024-03-27", precision="day"),
    ]),
    GoldFile(doc_id="b", deals=[]),  # from deal JSONL: no entities, not scored
]  # fmt: skip
ENT_PRED = [
    ent("a", "ORG", 0, 3, "org:alias", canonical="Amazon"),
    ent("a", "ORG", 40, 42, "org:alias", canonical="Google"),
    ent("a", "MONEY", 10, 20, "money:unit", value=2.7e9, currency="USD"),
    ent("a", "DATE", 30, 33, "date:rel", value="2024-03"),
    ent("b", "ORG", 0, 3, "org:alias"),
]


def test_entities():
    e = score(ENT_GOLD, [], entities=ENT_PRED)["entities"]
    assert e["ORG"]["exact"] == {
        "p": 0.5,
        "r": 1.0,
        "f": 0.6667,
        "tp": 1,
        "pred": 2,
        "gold": 1,
    }
    assert e["ORG"]["value_acc"] == 1.0
    assert e["MONEY"]["value_acc"] == 0.0  # 2.7e9 is 1.8% off
    assert e["DATE"]["exact"]["f"] == 0.0
    assert e["DATE"]["overlap"] == {"p": 1.0, "r": 1.0, "f": 1.0}
    assert e["DATE"]["value_acc"] is None  # no exact span to judge
    assert e["by_source"] == {
        "date:rel": {"p": 0.0, "tp": 0, "pred": 1},
        "money:unit": {"p": 1.0, "tp": 1, "pred": 1},
        "org:alias": {"p": 0.5, "tp": 1, "pred": 2},
    }
    assert (e["ignored_pred"], e["docs"]) == (1, 1)


# ---------------------------------------------------------------- files and CLI


def write_jsonl(path, rows) -> None:
    path.write_text("".join(r.model_dump_json() + "\n" for r in rows), "utf-8")


@pytest.fixture
def files(tmp_path):
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    for g in GOLD:
        (gold_dir / f"{g.doc_id}.json").write_text(g.model_dump_json(), "utf-8")
    write_jsonl(tmp_path / "pred.jsonl", PRED)
    return tmp_path


def test_load_gold_folder_and_jsonl(files):
    assert [g.doc_id for g in load_gold(files / "gold")] == ["a", "b", "c"]
    write_jsonl(files / "gold.jsonl", [d for g in GOLD for d in g.deals])
    from_jsonl = load_gold(files / "gold.jsonl")
    assert [(g.doc_id, len(g.deals)) for g in from_jsonl] == [("a", 3), ("b", 2)]
    assert load_predictions(files / "pred.jsonl") == PRED


def test_bad_lines_name_file_and_line(files):
    bad = files / "bad.jsonl"
    bad.write_text(PRED[0].model_dump_json() + '\n\n{"doc_id": "a"}\n', "utf-8")
    with pytest.raises(InputError) as e:
        load_predictions(bad)
    assert (e.value.line, e.value.path) == (3, str(bad))
    (files / "gold" / "c.json").write_text("{not json", "utf-8")
    with pytest.raises(InputError, match=r"c\.json"):
        load_gold(files / "gold")
    with pytest.raises(InputError, match="no gold files"):
        load_gold(files)  # a folder without *.json
    ents = files / "ents.jsonl"
    ents.write_text('{"label": "ORG", "start": 0, "end": 1, "text": "x"}\n', "utf-8")
    with pytest.raises(InputError, match="doc_id"):
        load_entities(ents)


def test_main_score_json_and_errors(files, capsys):
    errors = files / "errors.jsonl"
    assert (
        main_score(files / "gold", files / "pred.jsonl", as_json=True, errors=errors)
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert {
        "deals_strict",
        "deals_relaxed",
        "fields",
        "per_type",
        "pr_curve",
    } <= out.keys()
    assert len(errors.read_text("utf-8").splitlines()) == 9


def test_main_score_table_and_bad_input(files, capsys):
    assert main_score(files / "gold", files / "pred.jsonl") == 0
    table = capsys.readouterr().out
    assert "deals strict" in table and "0.286" in table
    (files / "pred.jsonl").write_text("[]\n", "utf-8")
    assert main_score(files / "gold", files / "pred.jsonl") == 1
    assert "pred.jsonl:1:" in capsys.readouterr().err


def test_format_table_with_entities():
    r = score(ENT_GOLD, [], entities=ENT_PRED)
    text = format_table(r)
    assert "ORG exact" in text and "org:alias" in text


def test_plot_pr(tmp_path):
    pytest.importorskip("matplotlib")
    png = tmp_path / "pr.png"
    plot_pr(score(GOLD, PRED), png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
