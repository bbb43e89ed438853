"""Fixtures of the extractor tests: labelled articles whose text is at hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / ".." / "shared"


def _text(doc_id: str) -> str | None:
    for path in (ROOT / "corpus" / f"{doc_id}.txt", SHARED / "seeds" / f"{doc_id}.txt"):
        if path.exists():
            return path.read_text("utf-8")
    return None


@pytest.fixture(scope="module")
def gold_texts():
    """(gold file, article text) for every gold file whose text is at hand."""
    dump = SHARED / "articles" / "dev-dump.jsonl"
    texts = {}
    if dump.exists():
        with dump.open(encoding="utf-8") as f:
            texts = {o["id"]: o["text"] for o in map(json.loads, f)}
    pairs = []
    for path in sorted((ROOT / "gold").glob("*.json")):
        gold = json.loads(path.read_text("utf-8"))
        text = _text(gold["doc_id"]) or texts.get(gold["doc_id"])
        if text is not None:
            pairs.append((gold, text))
    if not pairs:
        pytest.skip("no gold article texts at hand")
    return pairs
