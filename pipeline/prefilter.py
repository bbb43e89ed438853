"""Tokenize and extract only the chunks that may hold a deal (runs without entities).

Every record comes from a sentence that holds a deal cue (`assemble._cue` and
`_amountless` look for one inside the sentence), and a sentence never crosses a
paragraph chunk (`pipeline.tokenize.chunks`). So a cheap regex pass picks the chunks
with a cue; only those reach Kiwi. Each article still becomes one Doc over its full
text: an unselected chunk is a single opaque token that starts its own sentence, so
every offset indexes the article and the selected sentences keep exactly the tokens,
sentence ends and trailing gaps of the full path.

Money and dates are found by regex on the whole text, so pairs and mentions are the
same as on the full path. What is not local is the topic that assemble carries from
the last sentence with a subject: when a sentence with an amount has no subject of
its own and an unselected chunk lies between it and the last known subject, that
chunk is analysed too, and the article is looked at again, until nothing is unknown.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

import regex

from pipeline.tokenize import DocBuilder, chunks, kiwi
from pipeline.work import Options, Work, batched

SKIP_TAG = "_SKIP"  # an unselected chunk: no morphemes, never a particle or a noun
LOOKAROUND = ("(?=", "(?!", "(?<=", "(?<!")


def strip_lookarounds(pattern: str) -> str:
    """The pattern without lookaround groups: it matches wherever the original did,
    in any slice of a text (a lookahead cut off at a window's end cannot hide it).

    >>> strip_lookarounds(r"투자(?!자|처)|인수(?!\\s?(?:자|단))")
    '투자|인수'
    >>> strip_lookarounds(r"a[(?!]b\\(?!c")
    'a[(?!]b\\\\(?!c'
    """
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i : i + 2])
            i += 2
        elif c == "[":
            j = _class_end(pattern, i)
            out.append(pattern[i:j])
            i = j
        elif pattern.startswith(LOOKAROUND, i):
            i = _group_end(pattern, i)
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _class_end(p: str, i: int) -> int:
    j = i + 1
    if j < len(p) and p[j] == "^":
        j += 1
    if j < len(p) and p[j] == "]":
        j += 1
    while j < len(p) and p[j] != "]":
        j += 2 if p[j] == "\\" else 1
    return j + 1


def _group_end(p: str, i: int) -> int:
    depth, j = 0, i
    while j < len(p):
        c = p[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":
            j = _class_end(p, j)
            continue
        depth += (c == "(") - (c == ")")
        j += 1
        if depth == 0:
            return j
    return j


@functools.cache
def finders() -> tuple[regex.Pattern, regex.Pattern]:
    """Any deal cue of `cues.yaml`, and any backer word (`assemble.LEAD_AFTER`,
    `assemble.PARTICIPATE`), lookarounds dropped: supersets of what assemble matches."""
    from pipeline.assemble import LEAD_AFTER, PARTICIPATE, cues

    cue = strip_lookarounds(cues()["any_cue"].pattern)
    backers = "|".join(
        f"(?:{strip_lookarounds(p.pattern)})" for p in (LEAD_AFTER, PARTICIPATE)
    )
    return regex.compile(cue), regex.compile(backers)


@dataclass
class Plan:
    """One article: its chunks, which are selected, and Kiwi's analyses so far."""

    text: str
    spans: list[tuple[int, int]]
    selected: set[int]
    analysed: dict[int, list] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str) -> Plan:
        """Chunks with a cue; the headline; the chunk after one with a cue when it
        may name the backers of a round (assemble's `open_round`)."""
        spans = chunks(text)
        ends = [s for s, _ in spans[1:]] + [len(text)]
        cue, backers = finders()
        picked = {
            i
            for i, ((s, _), nxt) in enumerate(zip(spans, ends, strict=True))
            if cue.search(text, s, nxt)
        }
        picked |= {
            i + 1
            for i in picked
            if i + 1 < len(spans) and backers.search(text, spans[i + 1][0], ends[i + 1])
        }
        return cls(text, spans, picked | ({0} if spans else set()))

    def todo(self) -> list[int]:
        return sorted(i for i in self.selected if i not in self.analysed)


def select(text: str) -> list[tuple[int, int]]:
    """The chunks of `text` Kiwi will see first: the headline and those with a cue.

    >>> select("제목\\n\\n삼성이 웃었다.\\n\\n삼성이 하만을 인수했다.")
    [(0, 2), (14, 27)]
    """
    plan = Plan.of(text)
    return [plan.spans[i] for i in sorted(plan.selected)]


def analyse(plans: list[Plan]) -> None:
    """Kiwi over every selected, not yet analysed chunk of the batch, in one call."""
    wanted = [(p, i) for p in plans for i in p.todo()]
    texts = [p.text[p.spans[i][0] : p.spans[i][1]] for p, i in wanted]
    for (p, i), morphs in zip(
        wanted, kiwi().tokenize(texts) if texts else [], strict=True
    ):
        p.analysed[i] = morphs


def make_doc(vocab, plan: Plan):
    """The article as one Doc: Kiwi tokens for analysed chunks, one token each else.

    Built by the tokenizer's own `DocBuilder`, so analysed chunks come out alike.
    """
    builder = DocBuilder(plan.text)
    for i, (cs, ce) in enumerate(plan.spans):
        if i in plan.analysed:
            builder.add_morphs(plan.analysed[i], cs)
            continue
        s = _first_visible(plan.text, cs, ce)
        if s < ce:
            builder.add(s, ce, SKIP_TAG, True)
    return builder.build(vocab)


def _first_visible(text: str, start: int, end: int) -> int:
    """Where Kiwi's first token of a chunk would start: past leading white space."""
    while start < end and (text[start].isspace() or text[start] in "\u200b\ufeff"):
        start += 1
    return start


def widen(plan: Plan, doc, mask=()) -> bool:
    """Select the unknown chunks that may change what the selected ones yield.

    - the nearest unknown chunk before a subjectless sentence with an amount: the
      topic assemble carries may lie there;
    - unknown chunks where a name not in the gazetteer goes on (리벨리온 ...): coref
      may give it the canonical name of a fuller mention there.

    True when the plan grew.
    """
    from extractors.base import doc_text, get_mentions
    from pipeline.assemble import Sentence, masked

    before = set(plan.selected)
    kinds = {
        k: [m for m in get_mentions(doc, k) if not masked(m, mask)]
        for k in ("org", "money", "date")
    }
    tags = {t.idx: t for t in doc}
    last_unknown = None  # chunk of the latest opaque token since the last subject
    for sent in doc.sents:
        if sent[0].tag_ == SKIP_TAG:
            last_unknown = _chunk_at(plan, sent[0].idx)
            continue
        s = Sentence(doc_text(doc), sent.start_char, sent.end_char, kinds, tags)
        if s.subjects():
            last_unknown = None
        elif s.money and last_unknown is not None:
            plan.selected.add(last_unknown)
            last_unknown = None
    unknown_names = {
        m.text
        for m in get_mentions(doc, "org")
        if len(m.text) >= 2 and (m.value is None or str(m.value) == m.text)
    }
    for name in unknown_names:
        longer = regex.compile(regex.escape(name) + r"[\p{L}\p{N}]")
        for i, (s, e) in enumerate(plan.spans):
            if i not in plan.analysed and longer.search(plan.text, s, e):
                plan.selected.add(i)
    return plan.selected != before


def _chunk_at(plan: Plan, pos: int) -> int:
    """Index of the chunk holding `pos`."""
    return bisect_right(plan.spans, (pos, len(plan.text) + 1)) - 1


def run(works: Iterator[Work], opts: Options) -> Iterator[Work]:
    """Stages tokenize + extract for runs without entities: mentions on each Doc."""
    from pipeline.extract import nlp

    pipeline = nlp()
    for batch in batched(works, opts.batch_size):
        plans = [Plan.of(w.article.text) for w in batch]
        docs: list = [None] * len(batch)
        pending = list(range(len(batch)))
        while pending:
            analyse([plans[i] for i in pending])
            made = [make_doc(pipeline.vocab, plans[i]) for i in pending]
            for i, doc in zip(pending, pipeline.pipe(made), strict=True):
                docs[i] = doc
            pending = [
                i
                for i in pending
                if widen(plans[i], docs[i], batch[i].article.meta.get("mask", ()))
            ]
        for w, doc in zip(batch, docs, strict=True):
            w.doc = doc
            yield w
