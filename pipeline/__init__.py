"""kdeal: Korean news articles in, money-deal records out.

The stages run in one order (STYLE.md §6); each module has one public `run`, taking
and returning an iterator, so a dump streams through with flat memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pydantic stays unloaded until a command needs it (kdeal --help)
    from pipeline.records import Article, DealRecord
    from pipeline.work import Options, Work

STAGES = (
    "ingest",
    "clean",
    "tokenize",
    "extract",
    "assemble",
    "normalize",
    "dedupe",
    "write",
)
__all__ = ["STAGES", "Options", "Work", "run_documents", "process", "extract_records"]


def __getattr__(name: str):
    if name in ("Options", "Work"):
        return getattr(import_module("pipeline.work"), name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")


def run_documents(
    inputs: list[str], opts: Options | None = None, until: str = "dedupe"
) -> Iterator[Work]:
    """Read `inputs` (paths, folders, `-`) and run the stages up to `until`."""
    from pipeline.work import Options

    opts = opts or Options()
    articles = import_module("pipeline.ingest").run(
        inputs, opts.published, opts.on_error
    )
    return process(articles, opts, until)


def process(
    articles: Iterable[Article], opts: Options | None = None, until: str = "dedupe"
) -> Iterator[Work]:
    """Run already-read articles through clean ... `until` (not `write`)."""
    from pipeline.work import Options, Work

    opts = opts or Options()
    state: Iterable = import_module("pipeline.clean").run(articles)
    state = (Work(a) for a in state)
    for name in STAGES[STAGES.index("tokenize") : STAGES.index(until) + 1]:
        if name != "write":
            state = import_module(f"pipeline.{name}").run(state, opts)
    return iter(state)


def extract_records(
    text: str, published: date | str | None = None, doc_id: str = "doc"
) -> list[DealRecord]:
    """The deal records of one article text (library use).

    `published` (a date or an ISO string such as "2024-03-29") resolves relative
    dates such as 지난 27일; without it, and without a date the article shows, they
    stay unresolved.
    """
    if isinstance(published, str):
        published = date.fromisoformat(published[:10])
    from pipeline.ingest import find_published
    from pipeline.records import Article
    from pipeline.work import Options

    art = Article(doc_id, text, published or find_published(text))
    return [r for w in process([art], Options(published=published)) for r in w.records]
