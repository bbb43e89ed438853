"""Data files stay consistent: one canonical name per alias, every row complete."""

from __future__ import annotations

from collections import defaultdict

from extractors import data
from extractors.org import _key, alias_rows

ORG_HEADER = "# organisations: alias -> canonical name; written by hand from public company names"


def test_org_file_names_its_source():
    first = (data.DATA_DIR / "orgs.jsonl").read_text("utf-8").splitlines()[0]
    assert first == ORG_HEADER


def test_org_rows_are_complete():
    for row in alias_rows():
        assert set(row) == {"label", "pattern", "id"}, row
        assert row["label"] == "ORG" and row["pattern"].strip() and row["id"].strip()
        assert row["pattern"] == row["pattern"].strip(), row


def test_no_alias_maps_to_two_canonical_names():
    names = defaultdict(set)
    for row in alias_rows():
        names[_key(row["pattern"])].add(row["id"])  # case and spaces do not count
    assert {k: v for k, v in names.items() if len(v) > 1} == {}


def test_gazetteer_is_large_enough():
    assert len({row["id"] for row in alias_rows()}) >= 300


def test_deals_spec_names():
    """DEALS.md §3: the canonical names the contract spells out."""
    want = {
        "앤스로픽": "Anthropic",
        "앤트로픽": "Anthropic",
        "Anthropic": "Anthropic",
        "오픈AI": "OpenAI",
        "OpenAI": "OpenAI",
        "마이크로소프트": "Microsoft",
        "MS": "Microsoft",
        "아마존": "Amazon",
        "아마존닷컴": "Amazon",
        "아마존웹서비스": "Amazon Web Services",
        "AWS": "Amazon Web Services",
        "구글": "Google",
        "엔비디아": "Nvidia",
    }
    have = {row["pattern"]: row["id"] for row in alias_rows()}
    assert {k: have.get(k) for k in want} == want


def test_no_alias_ends_in_a_trailer():
    """사, 측 and 등 are never inside a span, so never inside an alias either."""
    bad = [r["pattern"] for r in alias_rows() if r["pattern"].endswith(("측", "등"))]
    assert bad == []
