"""A one-screen summary of a run's output files (used by `make run`)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path


def summarize(deals: Path, entities: Path | None = None) -> str:
    docs, types, status = set(), Counter(), Counter()
    for line in deals.read_text("utf-8").splitlines():
        r = json.loads(line)
        docs.add(r["doc_id"])
        types[r["deal_type"]] += 1
        status[r["status"]] += 1
    lines = [f"{deals}: {sum(types.values())} records in {len(docs)} documents"]
    lines += [f"  {k:<12} {n:>5}" for k, n in types.most_common()]
    lines.append("  status: " + ", ".join(f"{k} {n}" for k, n in status.most_common()))
    if entities and entities.exists():
        labels = Counter(
            json.loads(x)["label"] for x in entities.open(encoding="utf-8")
        )
        lines.append(
            f"{entities}: " + ", ".join(f"{k} {n}" for k, n in sorted(labels.items()))
        )
    return "\n".join(lines)


if __name__ == "__main__":
    paths = [Path(p) for p in sys.argv[1:3]]
    print(summarize(*paths))
