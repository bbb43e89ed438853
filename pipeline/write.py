"""Stage 8: JSONL (or Parquet) output, written to a temporary file, then renamed.

A run that is killed leaves the previous file or none, never a partial one.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def atomic_writer(path: str | Path | None) -> Iterator[IO[str]]:
    """Yield a text stream; on success it replaces `path` at once (stdout when None)."""
    if path is None or str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, _mode(path))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _mode(path: Path) -> int:
    """The replaced file's mode, else what the umask allows (mkstemp makes 0600)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def record_line(record, explain: bool = False) -> str:
    """One deal record as a JSON line, fields in the spec's order."""
    data = record.model_dump(mode="json", exclude={"explain"} if not explain else None)
    return json.dumps(data, ensure_ascii=False) + "\n"


def entity_line(entity) -> str:
    """One entity as a JSON line, what `json.dumps(model_dump(...))` writes: its
    fields are plain strings and numbers, written here without the dict and the
    encoder made for each of the tens of thousands a dump has."""
    fields = []
    for key, value in entity.__dict__.items():
        if value is None:
            continue
        kind = type(value)
        if kind is str:
            text = _string(value)
        elif kind is int or kind is float:
            text = _number(value)
        else:  # anything else: the general path
            return json.dumps(entity.model_dump(mode="json", exclude_none=True),
                              ensure_ascii=False) + "\n"  # fmt: skip
        fields.append(f'"{key}": {text}')
    return "{" + ", ".join(fields) + "}\n"


_string = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) uses


def _number(value) -> str:
    return json.dumps(value) if value != value or value in _INF else repr(value)


_INF = (float("inf"), float("-inf"))
