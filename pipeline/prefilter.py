"""Tokenize and extract only the sentences that may hold a deal (runs without entities).

Every record comes from a sentence that holds a deal cue (`assemble._cue` and
`_amountless` look for one inside the sentence). So a cheap regex pass cuts each
paragraph chunk (`pipeline.tokenize.chunks`) into sentences at the same sentence ends
the chunker uses, and picks those with a cue, or with the words assemble reads in
the sentences after a deal (backers, a round's cue, a price). Only those reach
Kiwi (with a few words around them as context, see `Plan.context`). Each
article still becomes one Doc over its full text: an unpicked sentence is a single
opaque token that starts a sentence of its own, so every offset indexes the article.

Kiwi reads a word differently with other words around it, so a run of picked
sentences goes to Kiwi with the last words of the sentence before and the first
words of the one after (their tokens are dropped); where Kiwi does not end a
sentence at the run's edge, the run is glued to that neighbour. Money and dates
are found by regex on the whole text, as on the full path. What is not local is
read again after extraction: the topic assemble carries from the last sentence with
a subject (only the two sentences before a deal when it reads the topic only
under assemble's age limit), and names that coref may complete elsewhere; the
article is looked at again until nothing is unknown.
"""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

import regex

from pipeline.tokenize import DocBuilder, chunks, kiwi, sentence_ends
from pipeline.work import Options, Work

SKIP_TAG = "_SKIP"  # an unselected chunk: no morphemes, never a particle or a noun
LOOKAHEAD = ("(?=", "(?!")
LOOKBEHIND = ("(?<=", "(?<!")


def strip_lookarounds(pattern: str) -> str:
    """The pattern without its lookaheads: it matches wherever the original did, in
    any slice of a text (a lookahead cut off at a window's end cannot hide it).
    Lookbehinds stay, whole: they read the text before a match, which is the same
    whatever slice is searched (`search(text, pos)` lets them see before `pos`).

    >>> strip_lookarounds(r"투자(?!자|처)|인수(?!\\s?(?:자|단))")
    '투자|인수'
    >>> strip_lookarounds(r"받(?<=매년[^.]{0,9}?받)(?=았|고)")
    '받(?<=매년[^.]{0,9}?받)'
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
        elif pattern.startswith(LOOKBEHIND, i):
            j = _group_end(pattern, i)
            out.append(pattern[i:j])
            i = j
        elif pattern.startswith(LOOKAHEAD, i):
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
    """Any deal cue of `cues.yaml`, and the words with which a later sentence joins
    a deal assemble keeps open (a round's backers or own cue, a sale's buyer),
    lookaheads dropped: supersets of what assemble matches, taken from its own
    patterns so that new cues count."""
    from pipeline import assemble

    cue = strip_lookarounds(assemble.cues()["any_cue"].pattern)
    names = ("PARTICIPATE", "ROUND_CUE", "BUYER_CUE", "WITHDRAWN")
    after = [getattr(assemble, n) for n in names if hasattr(assemble, n)]
    context = "|".join(f"(?:{strip_lookarounds(p.pattern)})" for p in after)
    return regex.compile(cue), regex.compile(context or "(?!)")


def has_cue(text: str, start: int, end: int) -> bool:
    """`finders()[0].search(text, start, end)` found something: told first by
    plain strings every cue holds (`extractors.gate`), as most sentences hold none."""
    return _gates()[0](text, start, end)


def has_follow_up(text: str, start: int, end: int) -> bool:
    """`finders()[1].search(text, start, end)` found something (see `has_cue`)."""
    return _gates()[1](text, start, end)


@functools.cache
def _gates():
    from extractors.gate import search_gate

    return tuple(search_gate(rx) for rx in finders())


PRICE_REACH = 3  # sentences after a deal whose amount may price it (assemble.price)


@dataclass
class Plan:
    """One article: its sentences (within chunks), the picked ones, and the runs of
    picked sentences with Kiwi's tokens once analysed."""

    text: str
    spans: list[tuple[int, int]]  # the sentences, in order
    chunk: list[int]  # the paragraph chunk of each sentence
    selected: set[int]
    runs: dict[int, int] = field(default_factory=dict)  # first -> last sentence
    analysed: dict[int, tuple[int, list]] = field(default_factory=dict)  # first ->

    @classmethod
    def of(cls, text: str, money=()) -> Plan:
        """Sentences with a cue or a round's follow-up words; the headline; an
        amount shortly after a cue (it may price an amountless deal)."""
        spans, chunk = sentences(text)
        picked = {0} if spans else set()
        cued = [i for i, (s, e) in enumerate(spans) if has_cue(text, s, e)]
        picked.update(cued)
        picked.update(i for i, (s, e) in enumerate(spans) if has_follow_up(text, s, e))
        starts = [s for s, _ in spans]
        cued_at = set(cued)
        for m in money:
            i = bisect_right(starts, m.start) - 1
            if any(i - k in cued_at for k in range(PRICE_REACH + 1)):
                picked.add(i)
        plan = cls(text, spans, chunk, set())
        plan.pick(picked)
        return plan

    def pick(self, new) -> None:
        """Select sentences; new neighbours in one chunk form one run."""
        for i in sorted(set(new) - self.selected):
            self.selected.add(i)
            prev = self._run_of(i - 1)
            if (
                prev is not None
                and prev not in self.analysed
                and self.chunk[i - 1] == self.chunk[i]
            ):
                self.runs[prev] = i
            else:
                self.runs[i] = i

    def glue(self, first: int, side: int) -> None:
        """The run at `first` and its neighbour on `side` (-1, +1) are one stretch
        for Kiwi: analyse them together."""
        last = self.runs.pop(first)
        self.analysed.pop(first, None)
        edge = first - 1 if side < 0 else last + 1
        other = self._run_of(edge)
        if other is None:
            self.selected.add(edge)
            lo, hi = min(first, edge), max(last, edge)
        else:
            olast = self.runs.pop(other)
            self.analysed.pop(other, None)
            lo, hi = min(first, other), max(last, olast)
        self.runs[lo] = hi

    def _run_of(self, i: int) -> int | None:
        if i < 0 or i not in self.selected:
            return None
        return max(f for f in self.runs if f <= i)

    def todo(self) -> list[tuple[int, int]]:
        """Runs not analysed yet."""
        return sorted((f, la) for f, la in self.runs.items() if f not in self.analysed)

    def context(self, first: int, last: int) -> tuple[int, int]:
        """The characters Kiwi reads for a run: the last words of the sentence
        before (Kiwi reads the first words of a text otherwise) and the first words
        of the one after (to see whether it ends the run's last sentence), within
        the chunk."""
        start = self.spans[first][0]
        if first > 0 and self.chunk[first - 1] == self.chunk[first]:
            words = LAST_WORDS.search(self.text, self.spans[first - 1][0], start)
            start = words.start() if words else self.spans[first - 1][0]
        end = self.spans[last][1]
        if last + 1 < len(self.spans) and self.chunk[last + 1] == self.chunk[last]:
            nxt = self.spans[last + 1][1]
            words = FIRST_WORDS.match(self.text, end, nxt)
            end = words.end() if words else nxt
        return start, end


# the words around a run that Kiwi needs to read it as it reads the whole chunk
FIRST_WORDS = regex.compile(r"\s*\S+(?:\s+\S+)?")
LAST_WORDS = regex.compile(r"(?:\S+\s+)?\S+\s*$")


def sentences(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """The chunks of `text` cut at every sentence end the chunker knows, with the
    chunk of each piece.

    >>> sentences("가나다. 라마바.\\n\\n사아.")
    ([(0, 4), (4, 9), (11, 14)], [0, 0, 1])
    """
    spans: list[tuple[int, int]] = []
    chunk: list[int] = []
    ends = sentence_ends(text)
    for n, (cs, ce) in enumerate(chunks(text, ends)):
        start = cs
        i = bisect_right(ends, cs)  # SENT_END's places in (cs, ce)
        while i < len(ends) and ends[i] < ce:
            if ends[i] > start:
                spans.append((start, ends[i]))
                chunk.append(n)
                start = ends[i]
            i += 1
        if ce > start:
            spans.append((start, ce))
            chunk.append(n)
    return spans, chunk


def select(text: str) -> list[tuple[int, int]]:
    """The sentences of `text` Kiwi will see first: the headline and those with a cue.

    >>> select("제목\\n\\n삼성이 웃었다. 날이 좋다.\\n\\n삼성이 하만을 인수했다.")
    [(0, 2), (21, 34)]
    """
    plan = Plan.of(text)
    return [plan.spans[i] for i in sorted(plan.selected)]


def windows(plans: list[Plan]) -> tuple[list, list[str]]:
    """The runs to analyse next, with the text Kiwi reads for each."""
    wanted = [(p, r, p.context(*r)) for p in plans for r in p.todo()]
    return wanted, [p.text[lo:hi] for p, _, (lo, hi) in wanted]


def tokenize(texts: list[str]) -> list:
    return list(kiwi().tokenize(texts)) if texts else []


def analyse(plans: list[Plan]) -> None:
    """Kiwi over every run not yet analysed, with its context, in one call."""
    wanted, texts = windows(plans)
    for (p, run, (lo, _)), morphs in zip(wanted, tokenize(texts), strict=True):
        settle(p, run, lo, morphs)


def settle(p: Plan, run: tuple[int, int], lo: int, morphs) -> None:
    """Keep Kiwi's tokens of a run read from `lo`; a run whose edge is no sentence
    end for Kiwi is glued to its neighbour, to be read again."""
    first, last = run
    if p.runs.get(first) != last:
        return  # glued into a neighbour's run since it was read: read again as that
    start, end = p.spans[first][0], p.spans[last][1]
    kept, before, after = [], None, None
    for m in morphs:
        ms = lo + m.start
        if ms < start:
            before = m
        elif ms < end:
            kept.append(m)
        elif after is None:
            after = m
    # the run's edges must be sentence ends for Kiwi, with no token across them
    cut_before = before is None or (
        lo + before.start + before.len <= start
        and (not kept or before.sent_position != kept[0].sent_position)
    )
    cut_after = after is None or (
        all(lo + m.start + m.len <= end for m in kept)
        and (not kept or after.sent_position != kept[-1].sent_position)
    )
    if not cut_before:
        p.glue(first, -1)
    elif not cut_after:
        p.glue(first, +1)
    else:
        p.analysed[first] = (lo, kept)


def make_doc(vocab, plan: Plan):
    """The article as one Doc: Kiwi tokens for analysed runs, one token for each
    other sentence. Built by the tokenizer's own `DocBuilder`."""
    builder = DocBuilder(plan.text)
    i = 0
    while i < len(plan.spans):
        if i in plan.analysed:
            builder.add_morphs(plan.analysed[i][1], plan.analysed[i][0])
            i = plan.runs[i] + 1
            continue
        s, e = plan.spans[i]
        s = _first_visible(plan.text, s, e)
        if s < e:
            builder.add(s, e, SKIP_TAG, True)
        i += 1
    return builder.build(vocab)


def _first_visible(text: str, start: int, end: int) -> int:
    """Where Kiwi's first token of a sentence would start: past leading white space."""
    while start < end and (text[start].isspace() or text[start] in "\u200b\ufeff"):
        start += 1
    return start


DEFINED_BEFORE = regex.compile(r"\((?:이하\s?|약칭\s?)?$")  # coref.BRACKET's opening


def _named_on(text: str, name: str, start: int, end: int) -> bool:
    """`name` goes on into a longer word (리벨리온 → 리벨리온스) or is defined in
    brackets (…(이하 X)) within [start, end): plain string search, as names are
    new on each article and compiling a pattern for each costs more."""
    at = text.find(name, start, end)
    while at >= 0:
        after = at + len(name)
        if after < end and text[after].isalnum():
            return True
        if DEFINED_BEFORE.search(text, max(start, at - 4), at):
            return True
        at = text.find(name, at + 1, end)
    return False


class TopicRead(Exception):
    """A sentence's deals asked for the topic of the sentences before."""


class TopicProbe:
    """A `Context` for one sentence alone that stops when its topic is asked for
    (or anything else it does not know: then the sentences before may count).
    The last deal's target needs no probe: only picked sentences make deals.
    `age`: how long ago the topic was named (assemble reads it as 0, 1 or more)."""

    target = None

    def __init__(self, age: int) -> None:
        self.age = age

    def __getattr__(self, name: str):
        raise TopicRead(name)


NEAR_AGE = 1  # assemble's oldest topic read under an age limit (topic.age <= 1)


def topic_reach(s, pairs: dict, converted: set) -> str | None:
    """How far back the deals of sentence `s` read the topic carried from before:
    "any" (an old topic too), "near" (only one named in the last two sentences:
    every age limit in assemble is at most NEAR_AGE) or None."""
    for age, reach in ((NEAR_AGE + 1, "any"), (0, "near")):
        try:
            s.deals(pairs, converted, TopicProbe(age))
        except TopicRead:
            return reach
    return None


def widen(plan: Plan, doc, mask=()) -> bool:
    """Pick the unknown sentences that may change what the picked ones yield.

    - the unknown sentences since the last subject before a sentence whose deal
      would take the topic assemble carries: its subject may lie there;
    - unknown sentences where a name not in the gazetteer goes on (리벨리온 ...) or
      is defined in brackets (…(SMC)): coref may give it another canonical name.

    True when the plan grew.
    """
    from extractors.base import doc_text, get_mentions
    from extractors.money import money_pairs
    from pipeline.assemble import MentionIndex, Sentence, Tags, masked

    wanted: set[int] = set()
    kinds = {
        k: [m for m in get_mentions(doc, k) if not masked(m, mask)]
        for k in ("org", "money", "date")
    }
    tags, index = Tags(doc), MentionIndex(kinds)
    text = doc_text(doc)
    pairs = {(a.start, a.end): b for a, b in money_pairs(text, kinds["money"])}
    converted = {(b.start, b.end) for b in pairs.values()}
    starts = [s for s, _ in plan.spans]
    org_at = sorted(m.start for m in kinds["org"])
    unknown: list[int] = []  # opaque sentences since the last subject
    recent: deque = deque(maxlen=NEAR_AGE + 1)  # the last sentences: opaque ones' no.
    for first_tag, lo, hi in _sentences(doc):
        if first_tag == SKIP_TAG:
            unknown.append(bisect_right(starts, lo) - 1)
            recent.append(unknown[-1])
            continue
        here = list(recent)
        recent.append(None)
        k = bisect_left(org_at, lo)
        if (
            not unknown
            or (k == len(org_at) or org_at[k] >= hi)
            and not has_cue(text, lo, hi)
        ):
            continue  # nothing to pick, or no name to be a subject and no cue
        s = Sentence(text, lo, hi, index, tags)
        subjects = s.subjects()
        reach = (
            # A가 지분을 투자해 (assemble._stake_in_topic): a subject, the topic the target
            topic_reach(s, pairs, converted)
            if (s.money or subjects and "지분" in text[lo:hi]) and has_cue(text, lo, hi)
            else None
        )
        if reach == "any":
            wanted.update(unknown)
        elif reach == "near":  # the next round looks again if Kiwi joined them
            wanted.update(i for i in here if i is not None)
        if reach or subjects:
            unknown = []
    unknown_names = {
        m.text
        for m in get_mentions(doc, "org")
        if len(m.text) >= 2 and (m.value is None or str(m.value) == m.text)
    }
    for name in unknown_names:
        for i, (s, e) in enumerate(plan.spans):
            if i not in plan.selected and _named_on(text, name, s, e):
                wanted.add(i)
    wanted -= plan.selected
    plan.pick(wanted)
    return bool(wanted)


def _sentences(doc) -> Iterator[tuple[str, int, int]]:
    """Each sentence's first tag and character span, from the Doc's columns."""
    from extractors.base import doc_columns, sentence_bounds

    cols = doc_columns(doc)
    if cols is None:
        for sent in doc.sents:
            yield sent[0].tag_, sent.start_char, sent.end_char
        return
    idx, words, tags = cols.idx, cols.words, cols.tags
    for a, b in sentence_bounds(doc):
        yield tags[a], idx[a], idx[b - 1] + len(words[b - 1])


@dataclass(eq=False)
class Job:
    """One article on its way: its plan, the mentions found on its text alone, and
    how many of its runs Kiwi has yet to return."""

    work: Work
    plan: Plan
    kept: dict
    waiting: int = 0
    done: bool = False


class Stream:
    """Tokenize + extract for runs without entities, article after article.

    One lazy Kiwi call reads every run to analyse, as the full path reads chunks:
    Kiwi's threads read ahead while this thread extracts. The runs a later round
    asks for (a glued run, a widened plan) go to the same call ahead of the next
    article's; the article waits meanwhile, and articles leave in input order.
    """

    def __init__(self, works: Iterator[Work], pipeline) -> None:
        self.works, self.pipeline = works, pipeline
        self.money = pipeline.get_pipe("kdeal_money")  # its mentions guide the plan
        self.order: deque[Job] = deque()  # not yet left, in input order
        self.queue: deque = deque()  # (job, run, lo, text) still to hand to Kiwi
        self.fed: deque = deque()  # (job, run, lo) handed to Kiwi, in order

    def __iter__(self) -> Iterator[Work]:
        for morphs in kiwi().tokenize(self.feed()):
            job, run, lo = self.fed.popleft()
            self.settled(job, run, lo, morphs)
            yield from self.leave()
        # rounds found after Kiwi's call ended (the last articles): read them here
        while self.queue:
            items = list(self.queue)
            self.queue.clear()
            texts = [text for *_, text in items]
            for (job, run, lo, _), morphs in zip(items, tokenize(texts), strict=True):
                self.settled(job, run, lo, morphs)
        yield from self.leave()

    def feed(self) -> Iterator[str]:
        """Texts for Kiwi: queued later rounds first, then the next article's runs."""
        while True:
            while self.queue:
                job, run, lo, text = self.queue.popleft()
                self.fed.append((job, run, lo))
                yield text
            w = next(self.works, None)
            if w is None:
                return
            text = w.article.text
            found = self.money.extractor.find(text)
            job = Job(w, Plan.of(text, found), {self.money.spans_key: found})
            self.order.append(job)
            self.advance(job)

    def settled(self, job: Job, run, lo: int, morphs) -> None:
        settle(job.plan, run, lo, morphs)
        job.waiting -= 1
        if not job.waiting:
            self.advance(job)

    def advance(self, job: Job) -> None:
        """Queue the runs the plan still needs; with none, extract and widen."""
        while not job.waiting:
            wanted, texts = windows([job.plan])
            if wanted:
                for (_, run, (lo, _)), text in zip(wanted, texts, strict=True):
                    self.queue.append((job, run, lo, text))
                job.waiting = len(wanted)
                return
            plan, mask = job.plan, job.work.article.meta.get("mask", ())
            doc = make_doc(self.pipeline.vocab, plan)
            job.work.doc = extract(self.pipeline, doc, job.kept)
            if not widen(plan, job.work.doc, mask):
                job.done = True
                return

    def leave(self) -> Iterator[Work]:
        while self.order and self.order[0].done:
            yield self.order.popleft().work


def run(works: Iterator[Work], opts: Options) -> Iterator[Work]:
    """Stages tokenize + extract for runs without entities: mentions on each Doc."""
    from pipeline.extract import nlp

    return iter(Stream(iter(works), nlp()))


def extract(pipeline, doc, kept: dict):
    """The pipeline's components over `doc`. A finder that reads only the text
    (money, dates) runs once per article: later Docs of it take its mentions."""
    from extractors.base import ExtractorPipe, get_mentions, set_mentions

    for _, proc in pipeline.pipeline:
        text_only = isinstance(proc, ExtractorPipe) and not hasattr(
            proc.extractor, "find_in_doc"
        )
        if text_only and proc.spans_key in kept:
            set_mentions(doc, proc.spans_key, kept[proc.spans_key])
            continue
        doc = proc(doc)
        if text_only:
            kept[proc.spans_key] = get_mentions(doc, proc.spans_key)
    return doc
