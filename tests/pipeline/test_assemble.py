"""assemble's shortcuts against the plain definitions they stand for."""

from __future__ import annotations

import copy

from hypothesis import given
from hypothesis import strategies as st

from extractors.base import Mention
from pipeline.assemble import Candidate, Context, Sentence, idle, step

NAMES = ["A", "B"]
# words each rule of `step` looks for; the sentences hold no name and no amount
WORDS = [
    "이번 투자에는",  # THIS_DEAL
    "SPA를 체결했으며",  # SIGNED
    "참여할 뜻이 없다고",  # WITHDRAWN
    "투자를 유치했다",  # ROUND_CUE
    "시리즈A 투자를 받았다",
    "우선협상대상자로 선정했다",  # BUYER_CUE
    "계약 금액은 총",  # PRICE_BEFORE
    "추가로 참여했다",  # PARTICIPATE
    "후속 투자를 단행했다",  # FOLLOW_ON
    "주요 투자자로는",  # BACKERS_ARE
    "인수를 추진 중이다",
    "회사는",
    "다.",
    ",",
]
texts = st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join)


def org(name: str) -> Mention:
    return Mention("ORG", 0, 1, name, name)


def money(value: int) -> Mention:
    return Mention("MONEY", 0, 1, str(value), value)


candidates = st.builds(
    Candidate,
    deal_type=st.sampled_from(["investment", "acquisition", "purchase"]),
    investors=st.lists(st.sampled_from(NAMES).map(org), max_size=2),
    target=st.sampled_from(NAMES).map(org),
    amount=st.none() | st.integers(1, 3).map(money),
    status=st.sampled_from(["in_talks", "announced", "completed"]),
    pending=st.booleans(),
    explain=st.just({"status": "default"}),
)
ages = st.integers(0, 10)
contexts = st.builds(
    Context,
    topic=st.lists(st.sampled_from(NAMES).map(org), max_size=2),
    age=ages,
    target=st.none() | st.sampled_from(NAMES).map(org),
    target_age=ages,
    open_round=st.none() | candidates,
    round_age=ages,
    # a sale stays open only while its buyer is unknown
    open_sale=st.none() | candidates.filter(lambda c: c.pending),
    main_round=st.none() | candidates,
    unpriced=st.lists(candidates, max_size=2),
    priced_age=ages,
    supply=st.none() | candidates,
    supply_age=ages,
    last_found=st.lists(candidates, max_size=2),
)


@given(contexts, texts)
def test_idle_is_step_without_mentions(ctx, text):
    """A sentence with no name and no amount changes the context as `step` would."""
    plain, fast = copy.deepcopy(ctx), copy.deepcopy(ctx)
    nothing = {"org": [], "money": [], "date": []}
    s = Sentence(text, 0, len(text), nothing, {})
    assert step(plain, s, {}, set(), []) == []
    idle(fast, text, 0, len(text))
    assert fast == plain


# fmt: off
CUE_PIECES = ["투자", "재투자", "시설", " ", "인수", "자", "매년", "받았", "품", "제품", "었", "."]
# fmt: on


@given(st.lists(st.sampled_from(CUE_PIECES), max_size=12).map("".join), st.data())
def test_cues_are_the_cue_patterns_matches(text, data):
    """Sentence._cues, told first by the gate, finds what `any_cue` finds."""
    from extractors.gate import plain_strings
    from pipeline.assemble import cues

    assert plain_strings(cues()["any_cue"]) is not None  # the gate is in use
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    nothing = {"org": [], "money": [], "date": []}
    got = [m.span() for m in Sentence(text, start, end, nothing, {})._cues()]
    want = [m.span() for m in cues()["any_cue"].finditer(text, start, end)]
    assert got == want


def test_deals_gate_drops_only_sentences_without_deals(nlp, seeds, dump_texts):
    """`deals` without the cue-and-backers gate finds the same candidates."""
    from pipeline.assemble import BACKERS_ARE, INVESTOR_AS, assemble

    rows = list(dump_texts.values())
    named = [
        r
        for r in rows
        if INVESTOR_AS.search(r["text"]) or BACKERS_ARE.search(r["text"])
    ]
    texts = list(seeds.values()) + [r["text"] for r in rows[:40] + named[:40]]
    # backers named as such, in a sentence with no cue string
    texts.append(
        "삼성전자는 리벨리온에 100억원을 투자했다. 주주 가운데 카카오, 네이버 등이 있다."
    )
    plain = Sentence._cue_or_backers
    for text in texts:
        fast = assemble(nlp(text))
        Sentence._cue_or_backers = lambda self: True
        try:
            assert assemble(nlp(text)) == fast
        finally:
            Sentence._cue_or_backers = plain


@given(st.integers(-3, 40), st.integers(-3, 40))
def test_tags_between_asks_every_offset(nlp, lo, hi):
    """Tags.between and Tags.last find what asking each offset of the range finds."""
    from pipeline.assemble import Tags

    tags = Tags(nlp("삼성전자는 리벨리온에 100억원을 투자했다."))
    plain = [(p, tags[p]) for p in range(lo, hi) if p in tags]
    assert [(p, t.i) for p, t in tags.between(lo, hi)] == [(p, t.i) for p, t in plain]
    last = tags.last(lo, hi)
    assert (last.i if last is not None else None) == (plain[-1][1].i if plain else None)
