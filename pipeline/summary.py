"""A one-screen summary of a run's output files (used by `make run`).

    python -m pipeline.summary DEALS.jsonl [ENTITIES.jsonl [RUN.log]]

RUN.log is `kdeal run`'s standard error: its closing count line gives the number
of documents read, and its error lines are shown (the first few) and counted.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

SHOWN = 8  # ids and error lines listed before "... and N more"
TALLY = re.compile(r"^kdeal: (\d+) documents, ")


def read_jsonl(path: Path | None) -> list[dict]:
    if path is None or not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def counts(counter: Counter) -> str:
    """`Counter` -> "a 3, b 1", largest first.

    >>> counts(Counter({"ORG": 5, "DATE": 2}))
    'ORG 5, DATE 2'
    """
    return ", ".join(f"{k} {n}" for k, n in counter.most_common()) or "none"


def listed(items: list[str], shown: int = SHOWN) -> str:
    """The first `shown` items and how many more.

    >>> listed(["a", "b", "c"], 2)
    'a, b ... and 1 more'
    """
    more = f" ... and {len(items) - shown} more" if len(items) > shown else ""
    return ", ".join(items[:shown]) + more


def read_log(log: Path | None) -> tuple[int | None, list[str]]:
    """(documents read, error lines) from `kdeal run`'s standard error."""
    if log is None or not log.exists():
        return None, []
    lines = log.read_text("utf-8", errors="replace").splitlines()
    docs = [int(m[1]) for m in map(TALLY.match, lines) if m]
    errors = [x for x in lines if x.startswith("kdeal: error:")]
    return (docs[-1] if docs else None), errors


def summarize(
    deals: Path, entities: Path | None = None, log: Path | None = None
) -> str:
    records, mentions = read_jsonl(deals), read_jsonl(entities)
    read, errors = read_log(log)
    with_records = {r["doc_id"] for r in records}
    seen = list(dict.fromkeys(e["doc_id"] for e in mentions))
    lines = [] if read is None else [f"{read} documents read, {len(errors)} errors"]
    lines += [f"  {x}" for x in errors[:SHOWN]]
    if len(errors) > SHOWN:
        lines.append(f"  ... and {len(errors) - SHOWN} more in {log}")
    lines.append(f"{deals}: {len(records)} records in {len(with_records)} documents")
    types = Counter(r["deal_type"] for r in records)
    lines += [f"  {k:<12} {n:>5}" for k, n in types.most_common()]
    lines.append("  status: " + counts(Counter(r["status"] for r in records)))
    if entities is not None and entities.exists():
        labels = Counter(e["label"] for e in mentions)
        lines.append(f"{entities}: {len(mentions)} mentions ({counts(labels)})")
        without = [d for d in seen if d not in with_records]
        lines.append(f"  documents with mentions but no record: {len(without)}")
        if without:
            lines.append(f"    {listed(without)}")
    return "\n".join(lines)


if __name__ == "__main__":
    paths = [Path(p) for p in sys.argv[1:4]]
    print(summarize(*paths))
