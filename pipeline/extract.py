"""Stage 4: run the registered extractor components over the tokenized Docs.

Each component writes `doc.spans[kind]` and keeps the exact mentions in the Doc's
user data (`extractors.base.get_mentions`).
"""

from __future__ import annotations

import functools
import os
from collections import deque
from collections.abc import Iterator
from importlib.util import find_spec

from pipeline.tokenize import DEFAULT_COMPONENTS, make_nlp
from pipeline.work import Options, Work


@functools.cache
def components() -> tuple[str, ...]:
    """The trained NER (when asked for: `--ner`), then the default components."""
    # the NER runs first so that the org component vets its spans (org.plausible)
    # off by default: on the gold it moves ORG F1 by 0.005 and doubles the run time
    wanted = os.environ.get("KDEAL_NER", "0") == "1"
    ner = (
        ("kdeal_ner",)
        if wanted and find_spec("extractors.ner") and _ner_ready()
        else ()
    )
    return ner + DEFAULT_COMPONENTS


def _ner_ready() -> bool:
    from extractors import ner

    return bool(getattr(ner, "available", lambda: False)())


def nlp():
    return make_nlp(components())


def run(works: Iterator[Work], opts: Options) -> Iterator[Work]:
    """Docs in, the same Docs with mentions out; spaCy sees prebuilt Docs only.

    Docs stream through one by one (components with a `pipe` batch by
    `opts.batch_size`), so Kiwi's threads keep reading ahead meanwhile.
    """
    pipeline = nlp()
    pending: deque = deque()

    def docs():
        for w in works:
            pending.append(w)
            yield w.doc

    for doc in pipeline.pipe(docs(), batch_size=opts.batch_size):
        w = pending.popleft()
        w.doc = doc
        yield w
