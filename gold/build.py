"""Build gold/<doc_id>.json from the hand-written labels in gold/src/<doc_id>.yaml.

Labels are written as short spans in text order; this script finds their offsets in
the article text (corpus/, or ../shared when present), checks every span slices back
to its text, and validates the result against `GoldFile`. Usage:

    python gold/build.py            # every gold/src/*.yaml
    python gold/build.py d0123 ...  # some of them

A source file:

    doc_id: d0123
    source: dev-dump          # corpus | seeds | dev-dump
    published: 2025-02-03     # or null
    entities:                 # in text order: LABEL|text|value[|extra][|@start]
      - ORG|삼성전자|Samsung Electronics
      - MONEY|27억5000만달러|2750000000|USD
      - DATE|지난 27일|2024-03-27|day
      - ORG|삼성전자|Samsung Electronics|@812   # pin the start offset
    deals:                    # DEALS.md §2 records; money may be "text|value|CUR"
      - deal_type: investment
        investors: [Amazon]
        target: Anthropic
        amount: 27억5000만달러|2750000000|USD

Each entity is looked for from the end of the previous one, so order matters.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.records import GoldFile  # noqa: E402

SHARED = ROOT.parent / "shared"
MONEY_FIELDS = ("amount", "amount_krw", "valuation")


def article_text(doc_id: str, source: str) -> str:
    """The decoded text the offsets index."""
    if source == "corpus":
        return (ROOT / "corpus" / f"{doc_id}.txt").read_text("utf-8-sig")
    if source == "seeds":
        return (SHARED / "seeds" / f"{doc_id}.txt").read_text("utf-8-sig")
    with open(SHARED / "articles" / "dev-dump.jsonl", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["id"] == doc_id:
                return row["text"]
    raise SystemExit(f"{doc_id}: not in the dev dump")


def parse_entity(spec: str) -> tuple[dict, int | None]:
    parts = spec.split("|")
    pin = int(parts.pop()[1:]) if parts[-1].startswith("@") else None
    label, text, *rest = parts
    ent: dict = {"label": label, "text": text}
    if label == "ORG":
        ent["canonical"] = rest[0] if rest else text
    elif label == "MONEY":
        ent["value"] = number(rest[0]) if rest and rest[0] else None
        ent["currency"] = rest[1] if len(rest) > 1 else None
    elif label == "DATE":
        ent["value"] = rest[0] if rest and rest[0] else None
        ent["precision"] = rest[1] if len(rest) > 1 and rest[1] else None
    return ent, pin


def number(s: str) -> int | float:
    f = float(s)
    return int(f) if f.is_integer() else f


def place(text: str, specs: list[str], doc_id: str) -> list[dict]:
    pos, out = 0, []
    for spec in specs:
        ent, pin = parse_entity(spec)
        start = pin if pin is not None else text.find(ent["text"], pos)
        if start < 0 or text[start : start + len(ent["text"])] != ent["text"]:
            raise SystemExit(f"{doc_id}: entity {spec!r} not found after offset {pos}")
        ent["start"], ent["end"] = start, start + len(ent["text"])
        pos = ent["end"]
        out.append(ent)
    return out


def money(v):
    if not isinstance(v, str):
        return v
    text, value, cur = v.split("|")
    return {"value": number(value), "currency": cur, "text": text}


def build(src: Path) -> Path:
    spec = yaml.safe_load(src.read_text("utf-8"))
    doc_id = str(spec["doc_id"])
    text = article_text(doc_id, spec.get("source", "corpus"))
    deals = []
    for d in spec.get("deals") or []:
        d = {**d, "doc_id": doc_id}
        for k in MONEY_FIELDS:
            d[k] = money(d.get(k))
        for k in ("date", "published"):
            if d.get(k) is not None:
                d[k] = str(d[k])
        deals.append(d)
    pub = spec.get("published")
    gold = GoldFile(
        doc_id=doc_id,
        published=str(pub) if pub else None,
        entities=place(text, spec.get("entities") or [], doc_id),
        deals=deals,
    )
    out = ROOT / "gold" / f"{doc_id}.json"
    data = gold.model_dump(mode="json", exclude_none=False)
    for e in data["entities"]:
        for k in [k for k, v in e.items() if v is None]:
            del e[k]
    for d in data["deals"]:
        d.pop("explain", None)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return out


def main(argv: list[str]) -> None:
    srcs = sorted((ROOT / "gold" / "src").glob("*.yaml"))
    if argv:
        srcs = [ROOT / "gold" / "src" / f"{a}.yaml" for a in argv]
    for src in srcs:
        print(build(src).relative_to(ROOT))


if __name__ == "__main__":
    main(sys.argv[1:])
