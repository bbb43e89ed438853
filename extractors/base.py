"""What every extractor shares: named patterns as data, and the Mention it returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import regex


@dataclass(slots=True)
class Mention:
    """A found span with exact offsets into the article and where it came from.

    `value` depends on the kind: a canonical name (ORG), a `MoneyValue` (MONEY) or the
    date text's parse (DATE). `meta` carries kind-specific extras.
    """

    label: str
    start: int
    end: int
    text: str
    value: Any = None
    source: str = ""
    score: float = 0.5
    meta: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Pattern:
    """A named regular expression with the score a match starts from."""

    name: str
    regex: str
    score: float


class Extractor:
    """Finds mentions in raw text; subclasses set `kind`, `label` and `PATTERNS`."""

    kind: ClassVar[str] = ""
    label: ClassVar[str] = ""
    PATTERNS: ClassVar[list[Pattern]] = []

    def __init__(self) -> None:
        self._compiled = [(p, regex.compile(p.regex)) for p in self.PATTERNS]

    def find(self, text: str) -> list[Mention]:
        """Every validated match, longest first where they overlap, in text order."""
        found = []
        for pat, rx in self._compiled:
            for m in rx.finditer(text):
                mention = self.make(text, m, pat)
                if mention is not None and self.validate(mention) is not False:
                    found.append(mention)
        return drop_overlaps(found)

    def make(self, text: str, m: regex.Match, pat: Pattern) -> Mention | None:
        return Mention(self.label, m.start(), m.end(), m.group(), None,
                       f"{self.kind}:{pat.name}", pat.score)

    def validate(self, mention: Mention) -> bool | None:
        """None: no opinion; False: drop the mention."""
        return None


def drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the longest (then highest-scoring) of overlapping mentions, in text order."""
    ranked = sorted(mentions, key=lambda m: (-(m.end - m.start), -m.score, m.start))
    kept: list[Mention] = []
    for m in ranked:
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)
