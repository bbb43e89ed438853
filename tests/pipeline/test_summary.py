"""The `make run` summary: counts from the output files and the run's error log."""

from __future__ import annotations

import json

from pipeline.summary import summarize


def jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return path


def test_summary_counts_types_errors_and_documents_without_records(tmp_path):
    deals = jsonl(
        tmp_path / "deals.jsonl",
        [
            {"doc_id": "a", "deal_type": "investment", "status": "completed"},
            {"doc_id": "a", "deal_type": "investment", "status": "announced"},
            {"doc_id": "b", "deal_type": "capex", "status": "planned"},
        ],
    )
    ents = jsonl(
        tmp_path / "ents.jsonl",
        [
            {"doc_id": d, "label": lab}
            for d, lab in [("a", "ORG"), ("b", "MONEY"), ("c", "DATE")]
        ],
    )
    log = tmp_path / "run.log"
    errors = [f"kdeal: error: in/x{i}.txt: empty text" for i in range(10)]
    log.write_text("\n".join([*errors, "kdeal: 3 documents, 3 records"]), "utf-8")
    lines = summarize(deals, ents, log).splitlines()
    assert lines[0] == "3 documents read, 10 errors"
    assert lines[1:9] == [f"  {e}" for e in errors[:8]]
    assert lines[9] == f"  ... and 2 more in {log}"
    assert lines[10] == f"{deals}: 3 records in 2 documents"
    assert lines[11:13] == ["  investment       2", "  capex            1"]
    assert "mentions (ORG 1, MONEY 1, DATE 1)" in lines[14]
    assert lines[-2:] == ["  documents with mentions but no record: 1", "    c"]


def test_summary_without_entities_or_log(tmp_path):
    deals = jsonl(tmp_path / "deals.jsonl", [])
    assert summarize(deals) == f"{deals}: 0 records in 0 documents\n  status: none"
