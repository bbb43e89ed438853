"""Where the stages run: in this process (Kiwi's own threads) or on a Dask cluster.

An engine turns an iterator of Articles into an iterator of Works, in input order,
reading its input lazily so that a dump streams through with flat memory.

Locally one process feeds Kiwi's worker threads (`KDEAL_KIWI_THREADS`, set from
`--workers`) one batch of paragraph chunks after another; bench/README.md has the
figures for why that is not a process pool. On Dask, batches of articles travel to
the workers, which build their Kiwi and spaCy pipeline once per process (Kiwi
objects cannot be pickled, so nothing heavy is ever sent) and send back only
records and entities; futures are collected in submission order.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from importlib import import_module

from pipeline.records import Article
from pipeline.work import Options, Work, batched

AFTER_TOKENIZE = ("assemble", "normalize", "dedupe")


def stages(articles: Iterable[Article], opts: Options) -> Iterator[Work]:
    """clean ... dedupe; without entities, only pre-filtered chunks reach Kiwi."""
    if opts.entities or not opts.prefilter:
        from pipeline import process

        return process(articles, opts)
    state: Iterable = import_module("pipeline.clean").run(articles)
    state = import_module("pipeline.prefilter").run((Work(a) for a in state), opts)
    for name in AFTER_TOKENIZE:
        state = import_module(f"pipeline.{name}").run(state, opts)
    return iter(state)


def local(articles: Iterable[Article], opts: Options) -> Iterator[Work]:
    """Every stage in this process; Kiwi parallelises each batch on its threads."""
    return stages(articles, opts)


# -- Dask ------------------------------------------------------------------------

_LOCK = threading.Lock()  # one batch at a time per worker process: spaCy is not
# thread-safe, and Kiwi already uses every core


def run_batch(articles: list[Article], opts: Options) -> list[tuple[list, list]]:
    """Worker side: (records, entities) of each article of one batch, in order."""
    with _LOCK:
        return [(w.records, w.entities) for w in stages(articles, opts)]


def portable(opts: Options) -> Options:
    """Options without the local error callback (ingest runs here, not there)."""
    return dataclasses.replace(opts, on_error=Options().on_error)


def dask(
    articles: Iterable[Article],
    opts: Options,
    scheduler: str,
    ahead: int | None = None,
) -> Iterator[Work]:
    """Batches of articles processed on the cluster at `scheduler`, in input order.

    At most `ahead` batches are in flight (default: two per worker thread), so
    memory stays flat however long the input.
    """
    from distributed import Client

    client = Client(scheduler)
    try:
        threads = sum(client.nthreads().values()) or 1
        ahead = ahead or 2 * threads
        remote = portable(opts)
        inflight: deque = deque()
        for batch in batched(articles, opts.batch_size):
            inflight.append(
                (batch, client.submit(run_batch, batch, remote, pure=False))
            )
            if len(inflight) >= ahead:
                yield from _collect(*inflight.popleft())
        while inflight:
            yield from _collect(*inflight.popleft())
    finally:
        client.close()


def _collect(batch: list[Article], future) -> Iterator[Work]:
    for article, (records, entities) in zip(batch, future.result(), strict=True):
        yield Work(article, records=records, entities=entities)
