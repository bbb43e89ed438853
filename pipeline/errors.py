"""One error base for kdeal; each error prints as one line naming what failed."""

from __future__ import annotations


class KdealError(Exception):
    """Base of every error kdeal raises on purpose."""


class InputError(KdealError):
    """A file, line or record that could not be read: `PATH[:LINE]: problem`."""

    def __init__(self, path: str, problem: str, line: int | None = None) -> None:
        self.path = str(path)
        self.problem = problem
        self.line = line
        super().__init__(self.where() + ": " + problem)

    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path


class UsageError(KdealError):
    """The command line itself is wrong (exit status 1)."""
