"""--db: unchanged documents are re-emitted, changed ones recomputed, a killed run
resumes to exactly the records of an uninterrupted one."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.records import Article, DealRecord, Evidence, Money
from pipeline.store import Store, doc_hash, through_store
from pipeline.work import Work
from pipeline.write import record_line

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


def fake_engine(calls: list):
    """Stands in for the stages: one record per article, its text length as amount."""

    def run(articles):
        for a in articles:
            calls.append(a.doc_id)
            w = Work(a)
            w.records = [
                DealRecord(
                    doc_id=a.doc_id,
                    deal_type="investment",
                    amount=Money(value=len(a.text) * 1.5, currency="KRW", text="x"),
                    evidence=Evidence(start=0, end=1, text=a.text[:1]),
                    explain={"status": "default"},
                )
            ]
            yield w

    return run


def lines(works) -> list[str]:
    return [record_line(r) for w in works for r in w.records]


def test_hash_changes_with_text_title_date_and_version():
    a = Article("d1", "본문", None, "제목")
    assert doc_hash(a, "v") != doc_hash(Article("d1", "본문2", None, "제목"), "v")
    assert doc_hash(a, "v") != doc_hash(Article("d1", "본문", None, "제목2"), "v")
    assert doc_hash(a, "v") != doc_hash(a, "w")


def test_rerun_skips_unchanged_and_keeps_order(tmp_path):
    arts = [Article(f"d{i}", "가" * (i + 1)) for i in range(7)]
    calls: list = []
    store = Store(tmp_path / "s.db", version="v1")
    first = lines(through_store(iter(arts), store, fake_engine(calls), False, 3))
    assert calls == [a.doc_id for a in arts] and store.count() == 7
    arts[2] = Article("d2", "바뀐 본문")  # edited: recomputed, others re-emitted
    calls.clear()
    again = lines(through_store(iter(arts), store, fake_engine(calls), False, 3))
    assert calls == ["d2"]
    assert again[:2] == first[:2] and again[3:] == first[3:] and again[2] != first[2]
    assert store.count() == 7  # the stale row of d2 is gone
    calls.clear()
    lines(
        through_store(
            iter(arts), Store(tmp_path / "s.db", "v2"), fake_engine(calls), False, 3
        )
    )
    assert len(calls) == 7  # a new pipeline version invalidates everything


def test_entities_missing_from_store_are_recomputed(tmp_path):
    arts = [Article("d1", "가나")]
    calls: list = []
    store = Store(tmp_path / "s.db", version="v1")
    list(through_store(iter(arts), store, fake_engine(calls), False, 8))
    list(through_store(iter(arts), store, fake_engine(calls), True, 8))
    list(through_store(iter(arts), store, fake_engine(calls), True, 8))
    assert calls == ["d1", "d1"]


def test_wal_mode(tmp_path):
    Store(tmp_path / "s.db", version="v").close()
    mode = sqlite3.connect(tmp_path / "s.db").execute("PRAGMA journal_mode").fetchone()
    assert mode[0] == "wal"


def _dump(tmp_path: Path, copies: int) -> Path:
    """The corpus articles, `copies` times over with distinct ids, as one JSONL."""
    published = json.loads((CORPUS / "published.json").read_text("utf-8"))
    out = tmp_path / "dump.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for n in range(copies):
            for p in sorted(CORPUS.glob("*.txt")):
                row = {"id": f"{p.stem}-{n}", "text": p.read_text("utf-8-sig")}
                if p.stem in published:
                    row["published"] = published[p.stem]
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return out


def _kdeal(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", "run", *args, "-q"]


def _rows(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as c:
            return c.execute("SELECT count(*) FROM docs").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_sigkill_then_rerun_equals_uninterrupted_run(tmp_path):
    pytest.importorskip("kiwipiepy")
    dump = _dump(tmp_path, copies=4)
    total = sum(1 for _ in dump.open(encoding="utf-8"))
    env = {**os.environ, "KDEAL_BATCH_SIZE": "2"}
    plain = tmp_path / "plain.jsonl"
    subprocess.run(_kdeal(str(dump), "-o", str(plain)), check=True, env=env, cwd=ROOT)

    db, out = tmp_path / "run.db", tmp_path / "deals.jsonl"
    proc = subprocess.Popen(
        _kdeal(str(dump), "-o", str(out), "--db", str(db)), env=env, cwd=ROOT
    )
    deadline = time.monotonic() + 300
    while _rows(db) < 4 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL, "the run ended before it could be killed"
    kept = _rows(db)
    assert 0 < kept < total  # killed halfway: some batches committed, not all
    assert not out.exists()  # no partial output file

    subprocess.run(
        _kdeal(str(dump), "-o", str(out), "--db", str(db)),
        check=True,
        env=env,
        cwd=ROOT,
    )
    assert out.read_bytes() == plain.read_bytes()
    assert _rows(db) == total
