"""`kdeal` as a user calls it: a subprocess, its exit status, stdout, stderr, files.

The articles are sentences written for these tests. The bad-input folder holds an
empty file, a binary file, a CP949 article and a JSONL dump with one malformed line
(CLI.md: one stderr line per bad item, exit 3, the rest processed).
"""

from __future__ import annotations

import json
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ERROR = re.compile(r"^kdeal: error: (?P<path>.+?)(?::(?P<line>\d+))?: (?P<problem>.+)$")

CP949_TEXT = (
    "입력 2024.03.28 10:12\n"
    "카카오는 SM엔터테인먼트 지분 39.9%를 1조2500억원에 인수했다.\n"
)
UTF8_TEXT = "SK하이닉스는 용인 반도체 클러스터에 120조원을 투자할 계획이다.\n"
GOOD_ROWS = [
    {
        "id": "j1",
        "text": "아마존은 앤스로픽에 27억5000만달러를 투자했다.",
        "published": "2024-03-29",
    },
    {
        "id": "j3",
        "text": "미스트랄AI는 엔비디아 등으로부터 6억유로를 유치했다.",
        "published": "2024-06-11",
    },
]
MALFORMED = '{"id": "j2", "text": "끝나지 않은'  # cut inside a string


def command() -> list[str]:
    """The installed `kdeal` script, or the module when no script is beside Python."""
    script = Path(sys.executable).with_name("kdeal")
    return [str(script)] if script.exists() else [sys.executable, "-m", "pipeline.cli"]


def kdeal(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*command(), *args],
        cwd=ROOT,
        input=stdin,
        stdin=subprocess.DEVNULL if stdin is None else None,
        capture_output=True,
        text=True,
        timeout=300,
    )


def error_lines(stderr: str) -> list[re.Match]:
    lines = [x for x in stderr.splitlines() if x.startswith("kdeal: error:")]
    matches = [ERROR.match(x) for x in lines]
    assert all(matches), lines  # every error line has the PATH[:LINE]: form
    return matches


def write_good(folder: Path, with_malformed: bool) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cp949.txt").write_bytes(CP949_TEXT.encode("cp949"))
    (folder / "utf8.txt").write_text(UTF8_TEXT, "utf-8")
    lines = [json.dumps(r, ensure_ascii=False) for r in GOOD_ROWS]
    if with_malformed:
        lines.insert(1, MALFORMED)  # line 2
    (folder / "dump.jsonl").write_text("\n".join(lines) + "\n", "utf-8")


def write_bad(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(random.Random(7).randbytes(4096))


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """One run over the mixed folder and one over its good documents alone."""
    base = tmp_path_factory.mktemp("cli")
    mixed, clean = base / "mixed", base / "clean"
    write_good(mixed, with_malformed=True)
    write_bad(mixed)
    write_good(clean, with_malformed=False)
    out = {}
    for name, folder in (("mixed", mixed), ("clean", clean)):
        deals, ents = base / f"{name}.jsonl", base / f"{name}.ents.jsonl"
        proc = kdeal("run", str(folder), "-o", str(deals), "--entities", str(ents))
        out[name] = (proc, deals, ents, folder)
    return out


def test_bad_items_one_stderr_line_each(runs):
    proc, _, _, folder = runs["mixed"]
    errors = error_lines(proc.stderr)
    got = sorted((m["path"], m["line"]) for m in errors)
    expected = [
        (str(folder / "binary.txt"), None),
        (str(folder / "dump.jsonl"), "2"),
        (str(folder / "empty.txt"), None),
    ]
    assert got == expected, proc.stderr


def test_partial_failure_exits_3_and_clean_run_exits_0(runs):
    assert runs["mixed"][0].returncode == 3, runs["mixed"][0].stderr
    assert runs["clean"][0].returncode == 0, runs["clean"][0].stderr
    assert error_lines(runs["clean"][0].stderr) == []


def test_good_documents_same_as_alone(runs):
    _, deals, ents, _ = runs["mixed"]
    _, clean_deals, clean_ents, _ = runs["clean"]
    assert deals.read_bytes() == clean_deals.read_bytes()
    assert ents.read_bytes() == clean_ents.read_bytes()


def test_good_documents_all_read(runs):
    _, deals, ents, _ = runs["clean"]
    records = [json.loads(x) for x in deals.read_text("utf-8").splitlines()]
    entity_docs = {
        json.loads(x)["doc_id"] for x in ents.read_text("utf-8").splitlines()
    }
    assert entity_docs == {"cp949", "utf8", "j1", "j3"}
    # the CP949 article was decoded: its amount reads back in Korean
    (kakao,) = [r for r in records if r["doc_id"] == "cp949"]
    assert kakao["amount"]["text"] == "1조2500억원"
    assert kakao["amount"]["value"] == 1_250_000_000_000


def test_nothing_readable_exits_1(tmp_path):
    write_bad(tmp_path / "in")
    missing = tmp_path / "no-such-file.txt"
    proc = kdeal("run", str(tmp_path / "in"), str(missing))
    assert proc.returncode == 1, proc.stderr
    assert len(error_lines(proc.stderr)) == 3
    assert proc.stdout == ""


def test_output_written_atomically(runs):
    """Outputs appear under their names only; no temporary file is left beside them."""
    proc, deals, _, _ = runs["clean"]
    names = sorted(p.name for p in deals.parent.iterdir() if p.is_file())
    assert names == sorted(f"{n}{x}" for n in runs for x in (".jsonl", ".ents.jsonl"))
    assert proc.stdout == ""  # records went to the file only


def test_killed_run_leaves_the_previous_file(tmp_path):
    """Killed while writing: the output path still holds the previous run's file."""
    dump = tmp_path / "big.jsonl"
    row = GOOD_ROWS[0]
    with dump.open("w", encoding="utf-8") as f:
        for i in range(3000):
            f.write(json.dumps({**row, "id": f"a{i}"}, ensure_ascii=False) + "\n")
    target = tmp_path / "deals.jsonl"
    target.write_text("previous\n", "utf-8")
    proc = subprocess.Popen(
        [*command(), "run", str(dump), "-o", str(target), "--quiet"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not _partial(tmp_path, target) and time.monotonic() < deadline:
            assert proc.poll() is None, "the run ended before it was killed"
            time.sleep(0.05)
        assert _partial(tmp_path, target), "no records were being written"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert target.read_text("utf-8") == "previous\n"


def _partial(folder: Path, target: Path) -> bool:
    """A temporary output beside `target` that already holds some records."""
    return any(
        p != target and p.name.startswith(f".{target.name}") and p.stat().st_size
        for p in folder.iterdir()
    )


def test_help_and_schema():
    help_ = kdeal("--help")
    assert help_.returncode == 0
    for command in ("run", "score", "normalize", "show", "schema"):
        assert command in help_.stdout
    schema = kdeal("schema")
    assert schema.returncode == 0
    schemas = json.loads(schema.stdout)
    assert set(schemas) == {"deal_record", "entity", "gold_file"}
    assert "evidence" in schemas["deal_record"]["properties"]
    assert "deals" in schemas["gold_file"]["properties"]


def test_normalize_money():
    proc = kdeal("normalize", "money", "27억5000만달러", "약 3조7000억원")
    assert proc.returncode == 0, proc.stderr
    first, second = map(json.loads, proc.stdout.splitlines())
    assert (first["value"], first["currency"]) == (2_750_000_000, "USD")
    assert (second["value"], second["currency"]) == (3_700_000_000_000, "KRW")
    assert second["qualifier"] == "approx"


def test_stdin_dump():
    rows = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in GOOD_ROWS)
    proc = kdeal("run", "-", "--quiet", stdin=rows)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # --quiet: nothing but errors
    docs = {json.loads(x)["doc_id"] for x in proc.stdout.splitlines()}
    assert docs == {"j1", "j3"}
