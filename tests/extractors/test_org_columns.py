"""The org rules' fast paths must give what the plain definitions give: noun runs
found in a range alone, merge by bisection, and the columns a Doc keeps from its
build against the Doc's own arrays."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import org
from extractors.base import Mention
from extractors.org import NOUNISH, TRAIL_WORDS, Tokens

HEADS = ["NNP", "NNG", "SL", "SN", "SH", "JKS", "SW", "VV"]
WORDS = ["가", "등", "측", "AB", "1"]


def plain_runs(t: Tokens, lo: int, hi: int, latin_spaces: bool) -> list[list[int]]:
    """The definition: maximal runs of name-like tokens in [lo, hi)."""
    runs: list[list[int]] = []
    last = -2
    for i in range(lo, hi):
        head = t.heads[i]
        if head not in NOUNISH or t.words[i] in TRAIL_WORDS:
            continue
        if last == i - 1 and (
            not t.spaced[last]
            or (latin_spaces and head == "SL" and t.heads[last] == "SL")
        ):
            runs[-1].append(i)
        else:
            runs.append([i])
        last = i
    return runs


tokens = st.lists(
    st.tuples(st.sampled_from(HEADS), st.sampled_from(WORDS), st.booleans()),
    max_size=30,
)


@settings(max_examples=400, deadline=None)
@given(tokens, st.data())
def test_noun_runs_cut_from_the_docs_runs(cols, data) -> None:
    n = len(cols)
    t = Tokens(
        "",
        list(range(n)),
        [w for _, w, _ in cols],
        [h for h, _, _ in cols],
        [s for _, _, s in cols],
        frozenset(),
    )
    for _ in range(5):
        lo = data.draw(st.integers(0, n))
        hi = data.draw(st.integers(lo, n))
        latin = data.draw(st.booleans())
        assert t.noun_runs(lo, hi, latin) == plain_runs(t, lo, hi, latin)


def plain_merge(mentions: list[Mention]) -> list[Mention]:
    """The definition: rank, then keep what overlaps nothing kept before."""

    def rank(m: Mention) -> int:
        r = org.PRIORITY.get(m.source, 0)
        if m.source in (org.CORP_FORM, org.CORP_SUFFIX) and any(
            o.source == org.GAZETTEER
            and m.start <= o.start
            and o.end <= m.end
            and (o.end - o.start) < (m.end - m.start)
            for o in mentions
        ):
            r = org.PRIORITY[org.GAZETTEER] + 1
        return r

    ranked = sorted(mentions, key=lambda m: (-rank(m), -(m.end - m.start), m.start))
    kept: list[Mention] = []
    for m in ranked:
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


mentions = st.lists(
    st.tuples(
        st.integers(0, 30),
        st.sampled_from([0, 1, 2, 3, 5, 8]),
        st.sampled_from([*org.PRIORITY, "other"]),
    ),
    max_size=14,
)


@settings(max_examples=400, deadline=None)
@given(mentions)
def test_merge_keeps_what_the_definition_keeps(rows) -> None:
    ms = [
        Mention("ORG", s, s + n, f"m{i}", None, src, 0.5)
        for i, (s, n, src) in enumerate(rows)
    ]
    assert [id(m) for m in org.merge(ms)] == [id(m) for m in plain_merge(ms)]


def test_columns_match_the_docs_arrays(nlp) -> None:
    text = "㈜한국테크는 오픈AI에 10억원을 투자했다.\n\n앤스로픽사  측은  밝혔다 ."
    doc = nlp(text)
    kept = Tokens.of(doc)
    rebuilt = Tokens._of_arrays(doc, text)
    for name in ("idx", "words", "heads", "spaced", "_oov"):
        assert getattr(kept, name) == getattr(rebuilt, name), name
    assert org.sentence_bounds(doc) == [(s.start, s.end) for s in doc.sents]


def test_token_span_is_char_span(nlp) -> None:
    text = "㈜한국테크는 오픈AI에  10억원을 투자했다.\n\nSB오픈AI재팬 측은 밝혔다."
    doc = nlp(text)
    toks = Tokens.of(doc)
    for start in range(len(text) + 1):
        for end in range(start + 1, len(text) + 1):
            span = doc.char_span(start, end)
            want = None if span is None else (span.start, span.end)
            assert toks.span(start, end) == want, (start, end)


def test_ruler_tokens_are_the_rulers_spans(nlp) -> None:
    from pathlib import Path

    texts = sorted(Path(__file__).resolve().parents[2].glob("corpus/*.txt"))[:40]
    ruler = nlp.get_pipe("kdeal_org").extractor.ruler
    seen = 0
    for path in texts:
        doc = nlp.make_doc(path.read_text("utf-8"))
        want = [(s.start, s.end, s.id_) for s in ruler.match(doc)]
        assert org.ruler_tokens(ruler, doc) == want, path.name
        seen += len(want)
    assert seen > 0
