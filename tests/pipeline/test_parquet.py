"""-o deals.parquet: the JSONL records as a typed, flat table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import runner
from pipeline.cli import Tally

ROOT = Path(__file__).resolve().parents[2]


def test_parquet_reads_back_as_the_jsonl(tmp_path, nlp):
    pq = pytest.importorskip("pyarrow.parquet")
    out = {}
    for name in ("deals.jsonl", "deals.parquet"):
        code = runner.run_cli(
            [str(ROOT / "corpus")], tmp_path / name, None, None, None, "local",
            None, None, False, True, Tally(),
        )  # fmt: skip
        assert code == 0
        out[name] = tmp_path / name
    records = [json.loads(line) for line in out["deals.jsonl"].open(encoding="utf-8")]
    table = pq.read_table(out["deals.parquet"])
    assert table.schema.field("amount_value").type == "double"
    assert str(table.schema.field("fx_date").type) == "date32[day]"
    rows = table.to_pylist()
    assert len(rows) == len(records) > 0
    for rec, row in zip(records, rows, strict=True):
        assert row["doc_id"] == rec["doc_id"] and row["investors"] == rec["investors"]
        for money in ("amount", "amount_krw", "valuation"):
            m = rec[money] or {}
            assert row[f"{money}_value"] == m.get("value")
            assert row[f"{money}_currency"] == m.get("currency")
            assert row[f"{money}_text"] == m.get("text")
        fx = rec["fx"] or {}
        assert row["fx_rate"] == fx.get("rate")
        assert (row["fx_date"] and row["fx_date"].isoformat()) == fx.get("date")
        ev = rec["evidence"]
        assert (row["evidence_start"], row["evidence_end"], row["evidence_text"]) == (
            ev["start"], ev["end"], ev["text"],
        )  # fmt: skip
        for k in ("deal_type", "target", "amount_usd", "status", "date", "stake_pct",
                  "cumulative", "qualifier", "confidence", "krw_source"):  # fmt: skip
            assert row[k] == rec[k], k
    assert not list(tmp_path.glob(".*.tmp"))


def test_empty_run_still_writes_a_table(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    from pipeline.parquet import parquet_writer

    with parquet_writer(tmp_path / "none.parquet"):
        pass
    assert pq.read_table(tmp_path / "none.parquet").num_rows == 0
