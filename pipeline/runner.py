"""`kdeal run`: stream the stages, write outputs atomically, report progress."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sys
from collections.abc import Callable, Iterator
from datetime import date

from pipeline.records import DealRecord
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
        # articles per Kiwi batch and per --db commit
        batch_size=int(os.environ.get("KDEAL_BATCH_SIZE", "0")) or 64,
    )
    if engine == "local":
        settle_heap()
    try:
        write_all(
            documents(inputs, opts, engine, scheduler, db),
            output,
            entities,
            explain,
            quiet,
            tally,
        )
    except KeyboardInterrupt:
        # the writers removed their temporary files: earlier outputs stay as they were
        print(f"{tally.summary()}; interrupted, outputs not written", file=sys.stderr)
        return 130
    if not quiet:
        print(tally.summary(), file=sys.stderr)
    if tally.docs == 0:
        if not tally.errors:
            print("kdeal: error: no documents found in the inputs", file=sys.stderr)
        return 1
    return 3 if tally.errors else 0


def settle_heap() -> None:
    """Load the pipeline, then keep the collector off what lives as long as the run.

    Kiwi, spaCy and the rule tables stay until the process ends; each article makes
    thousands of short-lived objects, which reference counting frees. Frozen, the
    long-lived heap is not walked again by each full collection, and a larger first
    generation collects less often: about 0.1 CPU s less over 1,500 articles.
    """
    import gc

    from pipeline.extract import nlp

    nlp()
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def write_all(works, output, entities, explain: bool, quiet: bool, tally) -> None:
    """Stream the documents into the deal (and entity) outputs."""
    with contextlib.ExitStack() as stack:
        deals_out = stack.enter_context(deal_sink(output, explain))
        ents_out = stack.enter_context(atomic_writer(entities)) if entities else None
        for w in progress(works, quiet):
            tally.docs += 1
            for r in w.records:
                tally.types[r.deal_type] += 1
                deals_out(r)
            if ents_out is not None:
                ents_out.writelines(entity_line(e) for e in w.entities)


@contextlib.contextmanager
def deal_sink(output, explain: bool) -> Iterator[Callable[[DealRecord], None]]:
    """A function taking each record: JSONL lines, or Parquet rows for `.parquet`."""
    if output is not None and str(output).endswith(".parquet"):
        from pipeline.parquet import parquet_writer

        with parquet_writer(output, explain) as add:
            yield add
        return
    with atomic_writer(output) as out:
        yield lambda r: out.write(record_line(r, explain))


def documents(
    inputs, opts: Options, engine: str = "local", scheduler=None, db=None
) -> Iterator[Work]:
    """The processed documents, in input order, from the chosen engine.

    With a store, records are always computed with their `explain`, so that a row
    serves runs with and without `--explain` (the writer drops it when not asked).
    """
    from functools import partial

    from pipeline import engines
    from pipeline.ingest import run as ingest

    articles = ingest(list(inputs), opts.published, opts.on_error)
    inner = dataclasses.replace(opts, explain=True) if db else opts
    if engine == "dask":
        run = partial(engines.dask, opts=inner, scheduler=scheduler)
    else:
        run = partial(engines.local, opts=inner)
    if not db:
        return run(articles)
    return _stored(articles, run, db, opts)


def _stored(articles, run, db, opts: Options) -> Iterator[Work]:
    from pipeline.store import Store, through_store

    store = Store(db)
    try:
        yield from through_store(articles, store, run, opts.entities, opts.batch_size)
    finally:
        store.close()


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
