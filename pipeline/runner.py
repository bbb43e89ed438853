"""`kdeal run`: stream the stages, write outputs atomically, report progress."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from datetime import date

from pipeline.work import Options, Work
from pipeline.write import atomic_writer, entity_line, record_line


def run_cli(
    inputs,
    output,
    entities,
    published: date | None,
    workers,
    engine,
    scheduler,
    db,
    explain,
    quiet,
    tally,
) -> int:
    """Run the whole job for the CLI; returns the exit status of CLI.md."""
    if workers:
        os.environ["KDEAL_KIWI_THREADS"] = str(workers)
    opts = Options(
        published=published,
        entities=entities is not None,
        explain=explain,
        on_error=tally.error,
    )
    works = documents(inputs, opts, engine, scheduler, db)
    with contextlib.ExitStack() as stack:
        deals_out = stack.enter_context(atomic_writer(output))
        ents_out = stack.enter_context(atomic_writer(entities)) if entities else None
        for w in progress(works, quiet):
            tally.docs += 1
            for r in w.records:
                tally.types[r.deal_type] += 1
                deals_out.write(record_line(r, explain))
            if ents_out is not None:
                ents_out.writelines(entity_line(e) for e in w.entities)
    if not quiet:
        print(tally.summary(), file=sys.stderr)
    if tally.docs == 0:
        if not tally.errors:
            print("kdeal: error: no documents found in the inputs", file=sys.stderr)
        return 1
    return 3 if tally.errors else 0


def documents(inputs, opts: Options, engine: str, scheduler, db) -> Iterator[Work]:
    """The processed documents, in input order, from the chosen engine."""
    from pipeline import run_documents

    return run_documents(list(inputs), opts)


def progress(works: Iterator[Work], quiet: bool) -> Iterator[Work]:
    """A progress line on stderr when it is a terminal."""
    if quiet or not sys.stderr.isatty():
        yield from works
        return
    from rich.progress import (
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    cols = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*cols, transient=True, console=_stderr_console()) as bar:
        task = bar.add_task("articles", total=None)
        for w in works:
            yield w
            bar.advance(task)


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)
