"""The bad-input suite (tests/data/make_bad.py): each case behaves as CLI.md says.

Ingest is checked case by case; `kdeal run` end to end checks the error lines, the exit
status, that good documents come out as they would alone, and interrupted runs.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from importlib.util import find_spec
from pathlib import Path

import pytest

from pipeline.ingest import run

sys.path.insert(0, str(Path(__file__).parent / "data"))
import make_bad  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
AS_ROOT = os.geteuid() == 0
PIPELINE = all(find_spec(f"extractors.{m}") for m in ("org", "money", "date"))
needs_pipeline = pytest.mark.skipif(
    not PIPELINE, reason="extractors not all present yet"
)


@pytest.fixture(scope="module")
def suite(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("bad")
    make_bad.build(dest)
    return dest


def expected_errors(case: make_bad.Case) -> list[tuple[int | None, str]]:
    return [] if AS_ROOT and not case.root_can_read else case.errors


def expected_ids(case: make_bad.Case) -> list[str] | None:
    if AS_ROOT and not case.root_can_read:  # root reads a chmod 000 file anyway
        return [Path(case.name).stem]
    return case.ids


@pytest.mark.parametrize("case", make_bad.CASES, ids=lambda c: c.name)
def test_ingest_case(suite, case):
    errors: list = []
    articles = list(run([str(suite / case.name)], None, errors.append))
    ids = [a.doc_id for a in articles]
    if expected_ids(case) is None:  # truncated .gz: a non-empty prefix, in order
        assert ids and ids == [f"gz{i:03d}" for i in range(len(ids))]
    else:
        assert ids == expected_ids(case)
    got = sorted(((e.line, e.problem) for e in errors), key=lambda x: (x[0] or 0, x[1]))
    want = sorted(expected_errors(case), key=lambda x: (x[0] or 0, x[1]))
    assert len(got) == len(want), got
    for (line, problem), (want_line, words) in zip(got, want, strict=True):
        assert (line == want_line or want_line is None) and words in problem, (
            line,
            problem,
        )


def test_ingest_suite_text_is_exact(suite):
    """Decoded texts equal what was encoded, BOMs gone, CRLF and emoji kept."""
    texts = {a.doc_id: a.text for a in run([str(suite)], None, lambda e: None)}
    plain = make_bad.PUBLISHED + make_bad.BODY
    for doc_id in ("cp949", "euckr", "utf16le", "utf16be", "utf8bom", "unreadable"):
        assert texts.get(doc_id, plain) == plain, doc_id
    assert texts["crlf"] == plain.replace("\n", "\r\n")
    assert texts["emoji"] == make_bad.MIXED
    assert texts["html"] == make_bad.HTML
    assert len(texts["giant"]) == len(make_bad.DEAL) + 2_000_000
    assert texts["truncated_utf8"] == plain


def test_whole_suite_in_one_ingest_run(suite):
    """One run over the folder: every case's errors, nothing else, and 10,000+ articles."""
    errors: list = []
    articles = list(run([str(suite)], None, errors.append))
    want = sum(len(expected_errors(c)) for c in make_bad.CASES)
    assert len(errors) == want
    assert len(articles) > 10_000
    assert len({a.doc_id for a in articles}) == len(articles)


# end to end through `kdeal run` ----------------------------------------------------


def kdeal(*args: str, timeout: float = 600, **kw) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "pipeline.cli", "run", *args, "--workers", "2"]
    return subprocess.run(
        cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout, **kw
    )


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("kdeal: error: ")]


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


@needs_pipeline
def test_issue_acceptance_folder_of_bad_and_good(tmp_path):
    """Empty, binary, CP949 and a JSONL with one malformed line: 3 error lines, exit 3,
    the good documents' records identical to a run on them alone."""
    mixed, alone = tmp_path / "mixed", tmp_path / "alone"
    mixed.mkdir(), alone.mkdir()
    good_txt = (make_bad.PUBLISHED + make_bad.BODY).encode("cp949")
    rows = [{"id": "j1", "text": make_bad.DEAL, "published": "2024-03-28"},
            {"id": "j2", "text": "LG에너지솔루션이 GM과 합작법인에 2조원을 투자한다."}]  # fmt: skip
    (mixed / "empty.txt").write_bytes(b"")
    (mixed / "binary.txt").write_bytes(make_bad.random_bytes(2048, 7))
    (mixed / "korean.txt").write_bytes(good_txt)
    (alone / "korean.txt").write_bytes(good_txt)
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    (mixed / "dump.jsonl").write_text(f"{lines[0]}\n{{not json\n{lines[1]}\n", "utf-8")
    (alone / "dump.jsonl").write_text(f"{lines[0]}\n{lines[1]}\n", "utf-8")
    bad = kdeal(str(mixed), "-o", str(tmp_path / "mixed.jsonl"))
    good = kdeal(str(alone), "-o", str(tmp_path / "alone.jsonl"))
    assert (bad.returncode, good.returncode) == (3, 0), bad.stderr
    assert error_lines(good.stderr) == []
    assert error_lines(bad.stderr) == [
        f"kdeal: error: {mixed / 'binary.txt'}: binary file (NUL bytes)",
        f"kdeal: error: {mixed / 'dump.jsonl'}:2: malformed JSON: Expecting property name enclosed in double quotes (column 2)",
        f"kdeal: error: {mixed / 'empty.txt'}: empty text",
    ]  # fmt: skip
    assert records(tmp_path / "mixed.jsonl") == records(tmp_path / "alone.jsonl")
    assert records(tmp_path / "alone.jsonl"), "the good documents hold deals"


@needs_pipeline
@pytest.mark.slow
def test_whole_suite_end_to_end(suite, tmp_path):
    """Every case at once (the 2 MB page apart, see below): one error line per bad item,
    exit 3, every output line a valid record of a document that was read."""
    folder = tmp_path / "suite"
    shutil.copytree(
        suite,
        folder,
        symlinks=True,
        ignore=shutil.ignore_patterns("giant.txt", "unreadable.txt"),
    )
    out = tmp_path / "out.jsonl"
    done = kdeal(
        str(folder), "-o", str(out), "--entities", str(tmp_path / "ents.jsonl")
    )
    assert done.returncode == 3, done.stderr[-2000:]
    want = [c for c in make_bad.CASES if c.name not in ("giant.txt", "unreadable.txt")]
    assert len(error_lines(done.stderr)) == sum(len(c.errors) for c in want)
    read = {a.doc_id: a.text for a in run([str(folder)], None, lambda e: None)}
    for rec in records(out):
        ev = rec["evidence"]
        assert rec["doc_id"] in read
        assert ev is None or read[rec["doc_id"]][ev["start"] : ev["end"]] == ev["text"]
    for ent in records(tmp_path / "ents.jsonl"):
        assert read[ent["doc_id"]][ent["start"] : ent["end"]] == ent["text"]


@needs_pipeline
def test_giant_page_in_linear_time(tmp_path):
    """A 30 KB page without a break must take seconds (the 2 MB case scales from it)."""
    page = tmp_path / "giant.txt"
    page.write_text(make_bad.giant_text(30_000), "utf-8")
    try:
        done = kdeal(str(page), "-o", str(tmp_path / "out.jsonl"), timeout=40)
    except subprocess.TimeoutExpired:
        pytest.fail("a 30 KB page took over 40 s")
    assert done.returncode == 0


# interrupted runs -------------------------------------------------------------------


def start(tmp_path: Path, out: Path) -> subprocess.Popen:
    dump = tmp_path / "busy.jsonl"
    make_bad.busy_articles(dump)
    cmd = [
        sys.executable,
        "-m",
        "pipeline.cli",
        "run",
        str(dump),
        "-o",
        str(out),
        "--workers",
        "1",
    ]
    return subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def wait_until_working(proc: subprocess.Popen, out: Path, limit: float = 120) -> None:
    """Until the temporary output exists: the run is past start-up and writing."""
    end = time.monotonic() + limit
    while time.monotonic() < end and proc.poll() is None:
        if any(out.parent.glob(f".{out.name}.*.tmp")):
            time.sleep(1.0)
            return
        time.sleep(0.2)
    pytest.fail("the run never started writing")


@needs_pipeline
@pytest.mark.slow
def test_sigkill_leaves_the_previous_file(tmp_path):
    out = tmp_path / "deals.jsonl"
    out.write_text('{"previous": true}\n', "utf-8")
    proc = start(tmp_path, out)
    wait_until_working(proc, out)
    proc.kill()
    proc.wait(30)
    assert out.read_text("utf-8") == '{"previous": true}\n'


@needs_pipeline
@pytest.mark.slow
def test_sigint_prints_a_summary_and_leaves_consistent_output(tmp_path):
    out = tmp_path / "deals.jsonl"
    proc = start(tmp_path, out)
    wait_until_working(proc, out)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert "Traceback" not in stderr, stderr[-1500:]
    assert "documents" in stderr, stderr[-1500:]  # the run summary
    assert not out.exists() or all(
        json.loads(line) for line in out.read_text("utf-8").splitlines()
    )
    assert not list(tmp_path.glob(".deals.jsonl.*.tmp"))
