"""Data files of the extractors, read once through `load(name)`.

Each file opens with `#` header lines naming its source and format; they are skipped.
Rows are shared between callers: treat them as read-only.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from pathlib import Path

import yaml

from pipeline.errors import InputError

DATA_DIR = Path(__file__).resolve().parent


def _body(path: Path) -> str:
    """The file's text with leading `#` header lines blanked (line numbers kept)."""
    lines = path.read_text("utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if not line.startswith("#"):
            break
        lines[i] = "\n"
    return "".join(lines)


def _jsonl(path: Path) -> tuple:
    rows = []
    for n, line in enumerate(_body(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            raise InputError(str(path), f"bad JSON ({e.msg}): {line!r}", n) from None
    return tuple(rows)


def _yaml(path: Path):
    try:
        return yaml.safe_load(_body(path))
    except yaml.YAMLError as e:
        raise InputError(str(path), f"bad YAML: {e}") from None


def _csv(path: Path) -> tuple:
    return tuple(csv.DictReader(io.StringIO(_body(path).lstrip("\n"))))


READERS = {".jsonl": _jsonl, ".yaml": _yaml, ".yml": _yaml, ".csv": _csv}


@functools.cache
def load(name: str):
    """Read `extractors/data/<name>` once; later calls share the parsed rows."""
    path = DATA_DIR / name
    try:
        reader = READERS[path.suffix]
    except KeyError:
        raise InputError(str(path), "unknown data file kind") from None
    return reader(path)
