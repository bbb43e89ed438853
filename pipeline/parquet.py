"""`-o deals.parquet`: the deal records as one typed, flat table (pyarrow).

Analytics engines (DuckDB, Spark, pandas) read nested JSON poorly, so each Money
becomes three columns (`amount_value`, `amount_currency`, `amount_text`), `fx` and
`evidence` likewise; investors stay a list of strings. Rows are written in groups
as they come, to a temporary file renamed at the end, like the JSONL writer.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from pipeline.records import DealRecord

ROW_GROUP = 10_000
MONEY = ("amount", "amount_krw", "valuation")


def schema(explain: bool = False):
    """The table's columns, in the record's field order."""
    import pyarrow as pa

    cols = [
        ("schema_version", pa.int16()),
        ("doc_id", pa.string()),
        ("deal_type", pa.string()),
        ("investors", pa.list_(pa.string())),
        ("target", pa.string()),
        *_money("amount"),
        *_money("amount_krw"),
        ("amount_usd", pa.float64()),
        ("krw_source", pa.string()),
        ("fx_base", pa.string()),
        ("fx_quote", pa.string()),
        ("fx_rate", pa.float64()),
        ("fx_date", pa.date32()),
        ("fx_source", pa.string()),
        ("qualifier", pa.string()),
        ("cumulative", pa.bool_()),
        ("status", pa.string()),
        ("date", pa.string()),  # 2024-03-27, 2024-03 or 2024, as date_precision says
        ("date_precision", pa.string()),
        ("date_text", pa.string()),
        ("stake_pct", pa.float64()),
        *_money("valuation"),
        ("evidence_start", pa.int64()),
        ("evidence_end", pa.int64()),
        ("evidence_text", pa.string()),
        ("confidence", pa.float64()),
    ]
    if explain:
        cols.append(("explain", pa.string()))  # the JSON object, as one string
    return pa.schema(cols)


def _money(name: str):
    import pyarrow as pa

    return [
        (f"{name}_value", pa.float64()),
        (f"{name}_currency", pa.string()),
        (f"{name}_text", pa.string()),
    ]


def flatten(r: DealRecord, explain: bool = False) -> dict:
    """One record as a flat row (money split into value/currency/text).

    >>> from pipeline.records import Money
    >>> m = Money(value=2750000000, currency="USD", text="27억5000만달러")
    >>> row = flatten(DealRecord(doc_id="d1", deal_type="investment", amount=m))
    >>> row["amount_value"], row["amount_currency"], row["amount_krw_value"]
    (2750000000.0, 'USD', None)
    """
    from datetime import date

    d = r.model_dump(mode="json")
    row = {k: d[k] for k in ("schema_version", "doc_id", "deal_type", "investors")}
    row["target"] = d["target"]
    for name in MONEY:
        m = d[name] or {}
        value = m.get("value")
        row[f"{name}_value"] = None if value is None else float(value)
        row[f"{name}_currency"] = m.get("currency")
        row[f"{name}_text"] = m.get("text")
    usd = d["amount_usd"]
    row["amount_usd"] = None if usd is None else float(usd)
    row["krw_source"] = d["krw_source"]
    fx = d["fx"] or {}
    for k in ("base", "quote", "rate", "source"):
        row[f"fx_{k}"] = fx.get(k)
    row["fx_date"] = date.fromisoformat(fx["date"]) if fx.get("date") else None
    for k in ("qualifier", "cumulative", "status", "date", "date_precision"):
        row[k] = d[k]
    row["date_text"] = d["date_text"]
    stake = d["stake_pct"]
    row["stake_pct"] = None if stake is None else float(stake)
    ev = d["evidence"] or {}
    for k in ("start", "end", "text"):
        row[f"evidence_{k}"] = ev.get(k)
    row["confidence"] = d["confidence"]
    if explain:
        row["explain"] = json.dumps(d["explain"], ensure_ascii=False)
    return row


@contextlib.contextmanager
def parquet_writer(
    path: str | Path, explain: bool = False
) -> Iterator[Callable[[DealRecord], None]]:
    """Yield a function taking each record; the file appears whole at the end."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    sch = schema(explain)
    rows: list[dict] = []
    try:
        with pq.ParquetWriter(tmp, sch) as writer:

            def flush() -> None:
                writer.write_table(pa.Table.from_pylist(rows, schema=sch))
                rows.clear()

            def add(r: DealRecord) -> None:
                rows.append(flatten(r, explain))
                if len(rows) >= ROW_GROUP:
                    flush()

            yield add
            flush()  # an empty table still writes the schema
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
