"""The state one article carries from stage to stage."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from pipeline.errors import InputError
from pipeline.records import Article, DealRecord, Entity


def _ignore(err: InputError) -> None:
    return None


@dataclass(slots=True)
class Options:
    """What a run was asked for; stages read it, none changes it."""

    published: date | None = None
    entities: bool = False
    explain: bool = False
    batch_size: int = 64
    on_error: Callable[[InputError], None] = _ignore
    prefilter: bool = True  # without entities, only sentences that may hold a deal


@dataclass(slots=True)
class Work:
    """One article on its way through the stages."""

    article: Article
    doc: object = None  # spaCy Doc after tokenize
    candidates: list = field(default_factory=list)  # assemble.Candidate
    records: list[DealRecord] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)


def batched(items, n: int):
    """Lists of up to `n` items, in order (itertools.batched arrived in 3.12)."""
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= n:
            yield batch
            batch = []
    if batch:
        yield batch
