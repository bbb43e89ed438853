"""The README says only what the code does: its examples are run or checked here."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.records import DealRecord

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")
PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", README, re.S)
SHELL_LINES = [
    line
    for block in re.findall(r"```sh\n(.*?)```", README, re.S)
    for line in block.splitlines()
]


def kdeal_calls() -> list[list[str]]:
    """Each `kdeal ...` call of the shell examples, as words (pipes and comments cut)."""
    calls = []
    for line in SHELL_LINES:
        part = line.split("|")[-1].split("#")[0].split(">")[0].strip()
        if part.startswith("kdeal "):
            calls.append(shlex.split(part))
    return calls


@pytest.mark.parametrize("block", PYTHON_BLOCKS)
def test_python_examples_print_what_they_say(block):
    # a fresh interpreter: nothing registered earlier by other tests helps
    proc = subprocess.run(
        [sys.executable, "-c", block], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    said = re.findall(r"^print\(.*\)  # (.*)$", block, re.M)
    assert said, "each example shows its output"
    assert proc.stdout.splitlines() == said


def test_kdeal_examples_use_existing_commands_and_options():
    import typer.main

    from pipeline.cli import app

    commands = typer.main.get_command(app).commands
    calls = kdeal_calls()
    assert len(calls) >= 8
    for words in calls:
        command = commands[words[1]]
        options = {o for p in command.params for o in p.opts}
        used = {w for w in words if w.startswith("-") and w != "-"}
        assert used <= options, words


def test_make_targets_and_repo_paths_exist():
    makefile = (ROOT / "Makefile").read_text("utf-8")
    targets = set(re.findall(r"^([\w-]+):", makefile, re.M))
    for target in set(re.findall(r"`make ([\w-]+)`", README)):
        assert target in targets, target
    for path in re.findall(
        r"\b((?:corpus|gold|pipeline|extractors|tests)/[\w./-]+)", README
    ):
        assert (ROOT / path.rstrip(".")).exists(), path


def test_record_example_is_what_kdeal_writes(nlp):
    """The record shown is the first one kdeal writes for that seed article."""
    shown = json.loads(re.search(r"```json\n(.*?)```", README, re.S)[1])
    DealRecord.model_validate(shown)
    seed = ROOT / ".." / "shared" / "seeds" / f"{shown['doc_id']}.txt"
    if not seed.exists():
        pytest.skip("../shared/seeds is not available")
    from pipeline import Options, run_documents

    (work,) = run_documents([str(seed)], Options())
    first = work.records[0].model_dump(mode="json", exclude={"explain"})
    assert first["evidence"]["text"].startswith(shown["evidence"]["text"].rstrip(". "))
    first["evidence"]["text"] = shown["evidence"]["text"]
    assert first == shown
