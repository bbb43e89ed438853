"""Shared fixtures: Kiwi and spaCy load once per session; ../shared is optional."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DUMP = SHARED / "articles" / "dev-dump.jsonl"

settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fuzz",
    deadline=None,
    max_examples=20000,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def nlp():
    """The full kdeal Language (Kiwi tokenizer and extractor components), built once."""
    pytest.importorskip("kiwipiepy")
    pytest.importorskip("spacy")
    from pipeline.extract import nlp as make

    return make()


@pytest.fixture(scope="session")
def tokenizer():
    """The bare Kiwi tokenizer (no extractor components)."""
    pytest.importorskip("kiwipiepy")
    from pipeline.tokenize import make_nlp

    return make_nlp(()).tokenizer


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    """Seed article texts by doc_id; skips when ../shared is absent."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not available")
    return {p.stem: p.read_text("utf-8-sig") for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def dump_texts() -> dict[str, dict]:
    """Dev-dump rows by id; skips when ../shared is absent."""
    if not DUMP.is_file():
        pytest.skip("../shared/articles/dev-dump.jsonl is not available")
    rows = (json.loads(line) for line in DUMP.open(encoding="utf-8"))
    return {r["id"]: r for r in rows}
