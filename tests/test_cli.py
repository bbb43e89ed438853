"""`kdeal` as a user calls it: a subprocess, its exit status, stdout, stderr, files.

The articles are sentences written for these tests. The folder of bad and good items
of the acceptance, and killed runs, are in tests/test_bad_input.py.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
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


def write_good(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cp949.txt").write_bytes(CP949_TEXT.encode("cp949"))
    (folder / "utf8.txt").write_text(UTF8_TEXT, "utf-8")
    lines = [json.dumps(r, ensure_ascii=False) for r in GOOD_ROWS]
    (folder / "dump.jsonl").write_text("\n".join(lines) + "\n", "utf-8")


def write_bad(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(random.Random(7).randbytes(4096))


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory):
    """One run over good articles (one in CP949) with -o and --entities."""
    base = tmp_path_factory.mktemp("cli")
    write_good(base / "in")
    out = base / "out"
    deals, ents = out / "deals.jsonl", out / "entities.jsonl"
    proc = kdeal("run", str(base / "in"), "-o", str(deals), "--entities", str(ents))
    return proc, deals, ents


def test_good_run_exits_0_and_reads_everything(clean_run):
    proc, deals, ents = clean_run
    assert proc.returncode == 0, proc.stderr
    assert error_lines(proc.stderr) == []
    records = [json.loads(x) for x in deals.read_text("utf-8").splitlines()]
    entity_docs = {
        json.loads(x)["doc_id"] for x in ents.read_text("utf-8").splitlines()
    }
    assert entity_docs == {"cp949", "utf8", "j1", "j3"}
    # the CP949 article was decoded: its amount reads back in Korean
    (kakao,) = [r for r in records if r["doc_id"] == "cp949"]
    assert kakao["amount"]["text"] == "1조2500억원"
    assert kakao["amount"]["value"] == 1_250_000_000_000


def test_output_written_atomically(clean_run):
    """Outputs appear under their names only; no temporary file is left beside them."""
    proc, deals, _ = clean_run
    assert sorted(p.name for p in deals.parent.iterdir()) == [
        "deals.jsonl",
        "entities.jsonl",
    ]
    assert proc.stdout == ""  # records went to the file only


def test_nothing_readable_exits_1(tmp_path):
    write_bad(tmp_path / "in")
    missing = tmp_path / "no-such-file.txt"
    proc = kdeal("run", str(tmp_path / "in"), str(missing))
    assert proc.returncode == 1, proc.stderr
    assert len(error_lines(proc.stderr)) == 3
    assert proc.stdout == ""


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
