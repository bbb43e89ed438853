"""The prefilter: records identical to the full path, with less text through Kiwi."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import regex

from pipeline.prefilter import Plan, strip_lookarounds
from pipeline.records import Article
from pipeline.work import Options
from pipeline.write import record_line

ROOT = Path(__file__).resolve().parents[2]

# fmt: off
LOOKAROUNDS = [
    # pattern                              without lookaheads      text, still found
    (r"투자(?!자|처)",                      "투자",                 "투자자"),
    (r"인수(?!\s?(?:자|단|의향))",          "인수",                 "인수 의향"),
    # a lookbehind reads the same text whatever slice is searched: it stays
    (r"(?<=[가-힣])매각(?!세)",             r"(?<=[가-힣])매각",    "가매각세"),
    (r"확보(?<=지분(?:(?!팔)[^.])*확보)(?=했)", r"확보(?<=지분(?:(?!팔)[^.])*확보)",
     "지분을 확보할"),
    (r"[(?!]x",                             r"[(?!]x",              "(x"),
    (r"a\(?!b",                             r"a\(?!b",              "a(!b"),
]
# fmt: on


@pytest.mark.parametrize("pattern,stripped,text", LOOKAROUNDS)
def test_strip_lookarounds(pattern, stripped, text):
    assert strip_lookarounds(pattern) == stripped
    assert regex.search(strip_lookarounds(pattern), text)


def test_a_kept_lookbehind_reads_before_the_slice():
    rx = regex.compile(strip_lookarounds(r"받(?<=매년[^.]{0,9}?받)(?=았)"))
    text = "매년 로열티를 받는다."
    assert rx.search(text, text.index("로열티"))  # 매년 lies before the slice
    assert not rx.search("로열티를 받는다.")


def records(articles, opts: Options, prefilter: bool) -> list[list[str]]:
    from pipeline import process
    from pipeline.engines import stages

    run = stages if prefilter else process
    return [[record_line(r, True) for r in w.records] for w in run(articles, opts)]


def assert_same(make_articles) -> None:
    opts = Options(explain=True)
    full = records(make_articles(), opts, prefilter=False)
    fast = records(make_articles(), opts, prefilter=True)
    arts = make_articles()
    bad = [a.doc_id for a, x, y in zip(arts, full, fast, strict=True) if x != y]
    assert not bad, f"prefilter changed the records of {bad}"
    assert sum(map(len, full)) > 0


def corpus_articles() -> list[Article]:
    from pipeline.ingest import run

    return list(run([str(ROOT / "corpus")]))


def test_corpus_records_identical(nlp):
    assert_same(corpus_articles)


def test_seed_records_identical(nlp, seeds):
    assert_same(lambda: [Article(k, v) for k, v in seeds.items()])


def dump_articles(rows) -> list[Article]:
    return [
        Article(r["id"], r["text"], date.fromisoformat(r["published"]), r["title"])
        for r in rows
    ]


def test_dev_dump_sample_identical_and_skips_text(nlp, dump_texts):
    rows = list(dump_texts.values())[::50]  # 30 articles across the dates
    assert_same(lambda: dump_articles(rows))
    plans = [Plan.of(r["text"]) for r in rows]
    read = sum(hi - lo for p in plans for lo, hi in (p.context(*r) for r in p.todo()))
    assert read < 0.75 * sum(len(r["text"]) for r in rows)


def test_unpicked_sentences_are_one_token_each(nlp):
    from pipeline.prefilter import SKIP_TAG, analyse, make_doc

    text = (
        "제목이다.\n\n날씨가 맑았다. 삼성전자가 하만을 인수했다. 주가는 올랐다.\n\n끝."
    )
    plan = Plan.of(text)
    while plan.todo():
        analyse([plan])
    doc = make_doc(nlp.vocab, plan)
    assert doc.text == text
    skipped = [t.text for t in doc if t.tag_ == SKIP_TAG]
    assert "주가는 올랐다." in skipped and "끝." in skipped
    assert "인수" in [t.text for t in doc]


@pytest.mark.slow
def test_dev_dump_records_identical(nlp, dump_texts):
    rows = list(dump_texts.values())
    for start in range(0, len(rows), 250):  # bounded memory: Docs are not kept
        part = rows[start : start + 250]
        assert_same(lambda part=part: dump_articles(part))


def test_a_run_glued_away_while_read_is_read_again_as_the_glued_run():
    """Two runs of one article are read at once; the first's reading runs on
    into the second, so the two are glued: the second's own reading, back later,
    is dropped and the glued run stays to be read (no KeyError, no stale tokens)."""
    from types import SimpleNamespace as Morph

    from pipeline.prefilter import settle

    text = "가나다. 라마바."
    plan = Plan(text, [(0, 4), (4, 9)], [0, 0], {0, 1}, runs={0: 0, 1: 1})
    across = [  # a token over the run's edge, the sentence going on after it
        Morph(start=0, len=6, sent_position=0, tag="NNG"),
        Morph(start=6, len=2, sent_position=0, tag="NNG"),
    ]
    settle(plan, (0, 0), 0, across)
    assert plan.runs == {0: 1} and plan.todo() == [(0, 1)]
    alone = [Morph(start=1, len=3, sent_position=0, tag="NNG")]
    settle(plan, (1, 1), 4, alone)
    assert plan.runs == {0: 1} and plan.todo() == [(0, 1)] and not plan.analysed


class _Reads:
    """A sentence whose deals read the carried topic as `how` says."""

    def __init__(self, how: str) -> None:
        self.how = how

    def deals(self, pairs, converted, topic):
        if self.how == "any" or self.how == "near" and topic.age <= 1:
            return list(topic.topic)
        return []


@pytest.mark.parametrize(
    "how,reach", [("any", "any"), ("near", "near"), ("none", None)]
)
def test_topic_reach_tells_how_far_back_a_deal_reads(how, reach):
    from pipeline.prefilter import topic_reach

    assert topic_reach(_Reads(how), {}, set()) == reach
