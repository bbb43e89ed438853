"""No seed or dev-dump passage is committed: gold keeps offsets and short spans only.

Every 60-character run of a seed article is looked up in every repository file. The
dev dump is larger, so its runs are taken every `STRIDE` characters: any copied
passage of 60 + STRIDE - 1 characters or more contains one of them. Both skip when
../shared is absent.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTH = 60  # the longest allowed span is shorter than this
STRIDE = 20
SKIP_DIRS = {".git", ".venv", "out", "build", ".hypothesis", ".ruff_cache"}


def repo_files() -> list[Path]:
    """The tracked files (every file outside build and cache folders without git)."""
    try:
        names = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout.split(b"\0")
        return [ROOT / n.decode() for n in names if n]
    except (OSError, subprocess.CalledProcessError):
        return [
            p
            for p in ROOT.rglob("*")
            if p.is_file() and not SKIP_DIRS & set(p.relative_to(ROOT).parts)
        ]


def windows(text: str, stride: int) -> set[str]:
    """Runs of `WIDTH` characters starting every `stride`, whitespace-only ones left out.

    >>> sorted(windows("a" * 61, 1)) == ["a" * 60]
    True
    """
    runs = (text[i : i + WIDTH] for i in range(0, len(text) - WIDTH + 1, stride))
    return {r for r in runs if r.strip()}


def leaks(runs: set[str]) -> list[tuple[str, str]]:
    """(file, passage) for every repository file holding one of `runs`."""
    found = []
    for path in repo_files():
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):  # binary files (the NER weights)
            continue
        for i in range(len(text) - WIDTH + 1):
            if text[i : i + WIDTH] in runs:
                found.append((str(path.relative_to(ROOT)), text[i : i + WIDTH]))
                break
    return found


def test_the_check_finds_a_passage(tmp_path, monkeypatch):
    passage = "가" * 30 + "나" * 40
    (tmp_path / "leak.txt").write_text(f"앞 {passage} 뒤", "utf-8")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    monkeypatch.setattr(f"{__name__}.repo_files", lambda: [tmp_path / "leak.txt"])
    assert leaks(windows(passage, STRIDE)) == [("leak.txt", passage[:WIDTH])]


def test_no_seed_passage_is_committed(seeds):
    runs = set().union(*(windows(t, 1) for t in seeds.values()))
    assert runs
    assert leaks(runs) == []


def test_no_dev_dump_passage_is_committed(dump_texts):
    runs = set().union(*(windows(r["text"], STRIDE) for r in dump_texts.values()))
    assert runs
    assert leaks(runs) == []
