"""Organisation cases: gazetteer, company forms, particles and 등/측/사, canonicals.

Cases come from the issue (mixed names, particles) and from shapes seen in the seeds
and the dev dump (credits, 한화 meaning 'in won', glued subsidiaries).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import org
from extractors.base import Mention, get_mentions
from extractors.org import (
    OrgExtractor,
    Tokens,
    alias_rows,
    canonical,
    merge,
    seed_kiwi,
)


@pytest.fixture(scope="module")
def org_nlp():
    pytest.importorskip("kiwipiepy")
    from pipeline.tokenize import make_nlp

    return make_nlp(("kdeal_org",))


def orgs(nlp, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.value) for m in get_mentions(nlp(text), "org")]


# fmt: off
MIXED_NAMES = [
    # text                                   (surface, canonical) in text order
    ("오픈AI는 새 모델을 공개했다",            [("오픈AI", "OpenAI")]),
    ("미스트랄AI는 6억유로를 유치했다",        [("미스트랄AI", "Mistral AI")]),
    ("SK하이닉스가 용인에 투자한다",           [("SK하이닉스", "SK Hynix")]),
    ("LG에너지솔루션은 공장을 짓는다",         [("LG에너지솔루션", "LG Energy Solution")]),
    ("LG엔솔과 SK온이 경쟁한다",               [("LG엔솔", "LG Energy Solution"), ("SK온", "SK On")]),
    ("퓨리오사 AI 대표가 말했다",              [("퓨리오사 AI", "FuriosaAI")]),
    ("아마존웹서비스(AWS)를 통해 투자했다",    [("아마존웹서비스", "Amazon Web Services"),
                                                ("AWS", "Amazon Web Services")]),
    ("Thrive Capital이 주도했다",              [("Thrive Capital", "Thrive Capital")]),
]
PARTICLES = [
    ("아마존은 앤스로픽에 투자했다",           [("아마존", "Amazon"), ("앤스로픽", "Anthropic")]),
    ("삼성전자가 하만을 인수했다",             [("삼성전자", "Samsung Electronics"), ("하만", "Harman")]),
    ("엔비디아·MS와 앤트로픽은 합의했다",      [("엔비디아", "Nvidia"), ("MS", "Microsoft"),
                                                ("앤트로픽", "Anthropic")]),
    ("오픈AI로부터 받았다",                    [("오픈AI", "OpenAI")]),
    ("마이크로소프트(MS)가 오픈AI의 지분을",   [("마이크로소프트", "Microsoft"), ("MS", "Microsoft"),
                                                ("오픈AI", "OpenAI")]),
]
TRAILERS = [  # 등, 측 and 사 never inside a span
    ("오픈AI측은 부인했다",                    [("오픈AI", "OpenAI")]),
    ("MS 측은 밝혔다",                         [("MS", "Microsoft")]),
    ("삼성과 엔비디아 등으로부터 유치했다",    [("삼성", "Samsung"), ("엔비디아", "Nvidia")]),
    ("앤스로픽사는 부인했다",                  [("앤스로픽", "Anthropic")]),
    ("KB금융 등은 참여했다",                   [("KB금융", "KB Financial Group")]),
]
RULES = [  # names the list lacks keep their surface form
    ("㈜한국테크가 공시했다",                  [("한국테크", "한국테크")]),
    ("(주)대한바이오와 계약했다",              [("대한바이오", "대한바이오")]),
    ("미래에셋캐피탈이 출자했다",              [("미래에셋캐피탈", "미래에셋캐피탈")]),
    ("주성씨앤에어가 오르비텍을 인수했다",     [("주성씨앤에어", "주성씨앤에어"), ("오르비텍", "오르비텍")]),
    ("소프트뱅크는 합작사 SB오픈AI재팬을 세운다", [("소프트뱅크", "SoftBank Group"),
                                                ("SB오픈AI재팬", "SB OpenAI Japan")]),
    ("815생활건강 외 2인과 계약을 체결했다",   [("815생활건강", "815생활건강")]),
    ("한국투자액셀러레이터가 참여했다",        [("한국투자액셀러레이터", "한국투자액셀러레이터")]),
    # names listed with a known one before 등에 투자: list members are companies
    ("센트로이드PE는 솔리드이엔지, 코오롱화이버, 웅진북센 등에 투자했다",
                                              [("센트로이드PE", "센트로이드인베스트먼트파트너스"),
                                               ("솔리드이엔지", "솔리드이엔지"),
                                               ("코오롱화이버", "코오롱화이버"),
                                               ("웅진북센", "웅진북센")]),
    # a numbered fund is one name, its manager's inside it included
    ("한울파트너스제3호성장펀드에 출자했다",   [("한울파트너스제3호성장펀드", "한울파트너스제3호성장펀드")]),
    ("‘한국그로스제2호사모투자합자회사’를 세웠다", [("한국그로스제2호사모투자합자회사",
                                                "한국그로스제2호사모투자합자회사")]),
]
NOT_ORGS = [  # generic words, 한화 meaning 'in won', credits
    ("빅테크의 투자 러시가 이어진다",          []),
    ("2억달러(한화 약 2900억원)를 투자했다",   []),
    ("핀테크 기업에 투자했다",                 []),
    ("공장 전경. /두산에너빌리티 제공",        []),
    ("[서울경제] 삼성전자가 발표했다",         [("삼성전자", "Samsung Electronics")]),
    ("개인들이 5만전자에 베팅했다",            []),  # a price nickname, not a name
    ("2024생활건강 부문에 투자했다",           []),  # a year is no name's start
    ("삼성전자, 반도체, 배터리 등에 투자했다",  [("삼성전자", "Samsung Electronics")]),
    ("스타필드 1호점과 새울 2호기를 살폈다",   []),  # a store and a reactor, no funds
]
# fmt: on


@pytest.mark.parametrize(
    "text,expected", MIXED_NAMES + PARTICLES + TRAILERS + RULES + NOT_ORGS
)
def test_orgs(org_nlp, text, expected):
    assert orgs(org_nlp, text) == expected


def test_spans_carry_canonical_ids(org_nlp):
    doc = org_nlp("아마존은 앤트로픽에 투자했다")
    assert [(s.text, s.id_) for s in doc.spans["org"]] == [
        ("아마존", "Amazon"),
        ("앤트로픽", "Anthropic"),
    ]


def test_sources_and_scores(org_nlp):
    found = get_mentions(org_nlp("㈜한국테크와 오픈AI가 계약했다"), "org")
    assert [m.source for m in found] == ["org:rule:corp-form", "org:gazetteer"]
    assert all(0 <= m.score <= 1 for m in found)


def test_seed_offsets_slice_back(org_nlp, seeds):
    for text in seeds.values():
        found = get_mentions(org_nlp(text), "org")
        assert found
        for m in found:
            assert text[m.start : m.end] == m.text
            assert not m.text.endswith((" 등", "측")) and m.text == m.text.strip()


def test_seed_kiwi_makes_one_token():
    kiwipiepy = pytest.importorskip("kiwipiepy")
    kiwi = kiwipiepy.Kiwi()
    seed_kiwi(kiwi)
    tokens = kiwi.tokenize("미스트랄AI는 오픈AI에")
    assert [(t.form, t.tag) for t in tokens] == [
        ("미스트랄AI", "NNP"),
        ("는", "JX"),
        ("오픈AI", "NNP"),
        ("에", "JKB"),
    ]
    assert tokens[0].user_value == {"id": "Mistral AI"}


# fmt: off
CANONICAL = [
    ("앤스로픽", "Anthropic"), ("앤트로픽", "Anthropic"), ("Anthropic", "Anthropic"),
    ("오픈AI", "OpenAI"), ("OpenAI", "OpenAI"), ("마이크로소프트", "Microsoft"),
    ("MS", "Microsoft"), ("아마존", "Amazon"), ("아마존닷컴", "Amazon"),
    ("아마존웹서비스", "Amazon Web Services"), ("AWS", "Amazon Web Services"),
    ("구글", "Google"), ("엔비디아", "Nvidia"), ("국민연금", "National Pension Service"),
    ("스라이브 캐피털", "Thrive Capital"), ("엔비디아와", "Nvidia"),
    ("코어위브가", "CoreWeave"), ("오르비텍을", "오르비텍"), ("삼성전자 측은", "Samsung Electronics"),
]
# fmt: on


@pytest.mark.parametrize("surface,name", CANONICAL)
def test_canonical(surface, name):
    assert canonical(surface) == name


def test_merge_prefers_listed_names_then_longer():
    listed = Mention(
        "ORG", 0, 4, "삼성전자", "Samsung Electronics", "org:gazetteer", 0.95
    )
    ner = Mention("ORG", 0, 7, "삼성전자 반도", None, "ner:klue", 0.6)
    other = Mention("ORG", 9, 12, "오르비", None, "ner:klue", 0.6)
    assert merge([ner, other, listed]) == [listed, other]


def test_rules_are_data():
    assert "자산운용" in OrgExtractor.SUFFIXES and "빅테크" in OrgExtractor.NOT_NAMES
    assert len(alias_rows()) > 300


# fmt: off
CONTEXT_NAMES = [  # names only the words around them make companies
    ("배터리 소재 업체 한빛머티가 지분을 매각했다.",
     [("한빛머티", "org:rule:appositive")]),
    ("SK온이 손자회사인 누리온을 300억원에 매각한다.",
     [("SK온", "org:gazetteer"), ("누리온", "org:rule:appositive")]),
    ("친환경 스타트업 ‘푸른그릇’이 투자를 유치했다.",
     [("푸른그릇", "org:rule:appositive")]),
    ("[단독] 누리온, 500억 규모 공급계약 체결\n\n누리온이 공장을 짓는다.",
     [("누리온", "org:rule:headline"), ("누리온", "org:rule:same-name")]),
    ("제이케이툴스가 투자를 유치했다.", [("제이케이툴스", "org:rule:corp-suffix")]),
]
NOT_CONTEXT_NAMES = [
    "정부의 기업 밸류업 정책에 투자가 몰렸다.",  # 기업 modifies, describes nothing
    "사업과 무관한 기업 인수자금에 투자했다.",
    "스타트업 대표 김민수가 투자를 유치했다.",  # a person after a role
    "누리온, 신작 흥행에 웃었다\n\n누리온이 공장을 짓는다.",  # no deal in the headline
    "에코텍(AA-)과 바이텍(A+)이 회사채를 발행했다.",  # ratings, not aliases
    "미국, 반도체 관세 압박에 투자 늘려\n\n미국이 투자를 늘렸다.",  # a country
    "날씨가 맑았다. 게임 업체 누리온이 신작을 냈다. 누리온은 흥행했다.",  # no deal
]
# fmt: on


@pytest.mark.parametrize("text,expected", CONTEXT_NAMES)
def test_context_names(org_nlp, text, expected):
    found = get_mentions(org_nlp(text), "org")
    assert [(m.text, m.source) for m in found] == expected


@pytest.mark.parametrize("text", NOT_CONTEXT_NAMES)
def test_not_context_names(org_nlp, text):
    assert orgs(org_nlp, text) == []


def test_bracketed_latin_name_is_the_same_organisation(org_nlp):
    text = (
        "고려아연은 손자회사 한빛메탈홀딩스(HMH)가 지분을 샀다고 밝혔다. HMH는 답했다."
    )
    found = get_mentions(org_nlp(text), "org")
    assert [(m.text, m.value) for m in found if m.text == "HMH"] == [
        ("HMH", "한빛메탈홀딩스"),
        ("HMH", "한빛메탈홀딩스"),
    ]


def test_a_found_name_counts_wherever_it_stands_as_a_word(org_nlp):
    text = "날씨가 맑았다. 게임 업체 누리온이 지분을 인수했다. 누리온은 컸고 누리온스는 아니다."
    found = get_mentions(org_nlp(text), "org")
    assert [(text[m.start : m.end], m.source) for m in found] == [
        ("누리온", "org:rule:appositive"),
        ("누리온", "org:rule:same-name"),
    ]


def test_weak_cue_names_count_elsewhere_only_as_companies(org_nlp):
    alone = "퀀텀릭스가 투자를 받았다. 오늘 퀀텀릭스는 웃었다."
    assert [m.source for m in get_mentions(org_nlp(alone), "org")] == [
        "org:rule:oov-cue"
    ]
    treated = (
        "퀀텀릭스가 투자를 받았다. 퀀텀릭스 대표는 웃었다. 오늘 퀀텀릭스는 웃었다."
    )
    assert [m.source for m in get_mentions(org_nlp(treated), "org")] == [
        "org:rule:oov-cue",
        "org:rule:same-name",
        "org:rule:same-name",
    ]


def test_a_bracketed_product_or_group_is_no_alias(org_nlp):
    products = "클라우드 업체들은 엔비디아(GPU)나 구글(TPU) 같은 칩에 투자한다."
    assert [m.text for m in get_mentions(org_nlp(products), "org")] == [
        "엔비디아",
        "구글",
    ]


# --- fast paths against their plain definitions ---------------------------------

# tokens as (word, head, space after); words written so that trail characters and
# suffixes fall at, before and inside token ends
FAST_WORDS = ["가", "사", "측", "회사", "게임사", "앤스로픽사", "A등", "쪽쪽쪽", "캐피탈",
              "에셋캐피탈", "탈", "테크", "바이오", "로직스", "그룹", "PE", "E", "홀딩"]  # fmt: skip
FAST_HEADS = ["NNP", "NNG", "SL", "SL", "SN", "JKS", "SW"]


def fast_tokens(cols):
    """Tokens over a text built from (word, head, spaced) columns."""
    idx, pos, text = [], 0, ""
    for word, _, spaced in cols:
        idx.append(pos)
        text += word + (" " if spaced else "")
        pos = len(text)
    words = [w for w, _, _ in cols]
    return Tokens(
        text, idx, words, [h for _, h, _ in cols], [s for *_, s in cols], frozenset()
    )


fast_cols = st.lists(
    st.tuples(st.sampled_from(FAST_WORDS), st.sampled_from(FAST_HEADS), st.booleans()),
    max_size=25,
)


@settings(max_examples=300, deadline=None)
@given(fast_cols)
def test_trailed_tokens_are_the_words_ending_so(cols):
    toks = fast_tokens(cols)
    plain = [
        i
        for i, w in enumerate(toks.words)
        if w.endswith(("사", "측", "등", "쪽")) and len(w) > 2
    ]
    assert toks.trailed() == plain


@settings(max_examples=300, deadline=None)
@given(fast_cols)
def test_suffix_candidates_are_the_runs_ending_in_a_suffix(cols):
    toks = fast_tokens(cols)
    ex = OrgExtractor()
    runs = toks.noun_runs(0, len(toks))
    plain = [r for r in runs if toks.text.endswith(ex._suffix_ends, 0, toks.end(r[-1]))]
    assert ex._suffix_candidates(toks.text, toks) == plain


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="테크놀로지바이오스인베트먼E P", max_size=30))
def test_suffix_ends_are_every_place_a_suffix_ends(text):
    ex = OrgExtractor()
    plain = [p for p in range(len(text) + 1) if text.endswith(ex._suffix_ends, 0, p)]
    assert ex._suffix_ends_in(text) == plain


@settings(max_examples=300, deadline=None)
@given(fast_cols, st.data())
def test_run_ends_are_those_of_the_run_holding_the_token(cols, data):
    toks = fast_tokens(cols)
    runs = toks.noun_runs(0, len(toks))
    for i in range(len(toks)):
        assert toks.in_run(i) == (run_holding(runs, i) is not None)
        if toks.in_run(i):
            ends = toks.run_first(i, 0), toks.run_last(i, len(toks))
            assert ends == (run_holding(runs, i)[0], run_holding(runs, i)[-1])


def run_holding(runs, i):
    return next((r for r in runs if r[0] <= i <= r[-1]), None)


@settings(max_examples=300, deadline=None)
@given(fast_cols, st.data())
def test_particle_runs_are_the_runs_a_particle_follows(cols, data):
    toks = fast_tokens(cols)
    n = len(toks)
    lo = data.draw(st.integers(0, n))
    hi = data.draw(st.integers(lo, n))
    plain = [
        r
        for r in toks.noun_runs(lo, hi)
        if r[-1] + 1 < n
        and not toks.spaced[r[-1]]
        and toks.heads[r[-1] + 1].startswith("J")
    ]
    assert toks.particle_runs(lo, hi) == plain
    ends = data.draw(st.sets(st.sampled_from(sorted(org.NOUNISH))))
    last_in = [r for r in plain if toks.heads[r[-1]] in ends]
    assert toks.particle_runs(lo, hi, frozenset(ends)) == last_in


def plain_extend(ex, doc, m, toks):
    """`_extend` over the run holding the name, cut to three tokens either side."""
    span = toks.span(m.start, m.end)
    if span is None:
        return m
    first, end = span
    run = run_holding(toks.noun_runs(0, len(toks)), first)
    if run is None or run[-1] < end - 1:
        return m
    lo, hi = max(0, first - 3), min(len(toks), end + 3)
    run = [i for i in run if lo <= i < hi]
    if len(run) == end - first:
        return m
    extra = [i for i in run if i < first or i >= end]
    if any(not toks.name_part(i) or org._key(toks.words[i]) in org._aliases()
           for i in extra):  # fmt: skip
        return m
    return ex._make(doc, toks.idx[run[0]], toks.end(run[-1]), org.GLUED)


# mostly glued name-like tokens: long runs around the name
glued_cols = st.lists(
    st.tuples(
        st.sampled_from(FAST_WORDS),
        st.sampled_from(["NNP", "NNP", "SL", "NNG", "JKS"]),
        st.sampled_from([False, False, False, True]),
    ),
    max_size=25,
)


@settings(max_examples=300, deadline=None)
@given(glued_cols, st.data())
def test_extend_reads_the_run_around_the_name(cols, data):
    from types import SimpleNamespace

    from extractors.base import TEXT_KEY

    toks = fast_tokens(cols)
    doc = SimpleNamespace(user_data={TEXT_KEY: toks.text})
    ex = OrgExtractor()
    for _ in range(4):
        first = data.draw(st.integers(0, len(toks)))
        last = data.draw(st.integers(first, len(toks))) - 1
        if last < first:
            continue
        start, end = toks.idx[first], toks.end(last)
        m = Mention("ORG", start, end, toks.text[start:end], None, org.GAZETTEER, 0.9)
        assert ex._extend(doc, m, toks) == plain_extend(ex, doc, m, toks)


def plain_merge(mentions):
    """merge's definition: by rank, then length; keep what overlaps nothing kept."""

    def rank(m):
        inside = (
            o.source == org.GAZETTEER
            and m.start <= o.start
            and o.end <= m.end
            and o.end - o.start < m.end - m.start
            for o in mentions
        )
        if m.source in (org.CORP_FORM, org.CORP_SUFFIX) and any(inside):
            return org.PRIORITY[org.GAZETTEER] + 1
        return org.PRIORITY.get(m.source, 0)

    ranked = sorted(mentions, key=lambda m: (-rank(m), m.start - m.end, m.start))
    kept = []
    for m in ranked:
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(-1, 3), st.integers(0, 3), st.sampled_from(sorted(org.PRIORITY))
        ),
        max_size=8,
    ),
    st.randoms(),
)
def test_merge_of_disjoint_mentions_is_their_text_order(rows, rnd):
    """Disjoint names (the usual merge: a few new ones beside those kept) skip the
    ranking; with an empty or overlapping one they take it."""
    ms, pos = [], 0
    for gap, length, source in rows:  # mostly disjoint; length 0 makes an empty one
        pos = max(0, pos + gap)
        ms.append(Mention("ORG", pos, pos + length, "x", None, source, 0.5))
        pos += length
    rnd.shuffle(ms)
    assert [id(m) for m in merge(ms)] == [id(m) for m in plain_merge(ms)]


CUE_PIECES = ["투", "자", "투자자로", "품", "었", "는", " ", "시설", "받", "공급", "계약",
              "지분", "을", "매수", "했", "x", "A", "시리즈 ", "IPO", "최대", "주주", ".",
              "프리", "경영권", "추가로 ", "주요", "기존"]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(CUE_PIECES), max_size=16), st.data())
def test_cued_is_the_cue_patterns_search(pieces, data):
    """The plain-string scans tell what the deal cue's own search tells, also where
    a sentence's end cuts a cue (시설 투|자, 품|었)."""
    pytest.importorskip("spacy")
    from extractors.gate import plain_strings
    from pipeline.prefilter import finders

    assert plain_strings(finders()[0]) is not None  # the gate is in use
    text = "".join(pieces)
    for _ in range(6):
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, len(text)))
        want = finders()[0].search(text, start, end) is not None
        assert org.cued(text, start, end) == want, (text, start, end)


def test_required_strings_pass_over_what_has_no_width():
    from re import _parser

    from extractors.gate import _required

    found = _required(_parser.parse(r"(?<=지분)확보|\b인수(?!자)|품(?<!제품)었"))
    assert found == {"확보", "인수", "품었"}
    with pytest.raises(ValueError):
        _required(_parser.parse(r"(?i:spa)"))


LOOKBEHIND_CUE = r"투자(?<!재투자)|받(?<=매년[^.]{0,9}?받)|품(?<![제상]품)(?:었|는)"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["재", "투자", "재투자", "매년", "받", "제", "품", "었", " ", "."]),
                max_size=14), st.data())  # fmt: skip
def test_cued_with_lookbehinds_is_the_patterns_search(pieces, data):
    """A cue by itself (투자) can be no cue where a lookbehind reads what precedes
    it (재투자): the pattern decides, also when the sentence starts after that."""
    import regex

    from extractors.gate import plain_strings, search_gate

    text = "".join(pieces)
    cue = regex.compile(LOOKBEHIND_CUE)
    assert plain_strings(cue) is not None
    found = search_gate(cue)
    for _ in range(6):
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, len(text)))
        want = cue.search(text, start, end) is not None
        assert found(text, start, end) == want, (text, start, end)


@settings(max_examples=300, deadline=None)
@given(fast_cols, st.data())
def test_latin_run_is_the_latin_spaced_run_it_ends(cols, data):
    """cue_rules joins only the runs a particle may follow to the Latin words
    spaced before them: the same runs as `noun_runs(..., latin_spaces=True)`."""
    toks = fast_tokens(cols)
    lo = data.draw(st.integers(0, len(toks)))
    hi = data.draw(st.integers(lo, len(toks)))
    plain = {r[-1]: r for r in toks.noun_runs(lo, hi)}
    for run in toks.noun_runs(lo, hi, latin_spaces=True):
        assert toks.latin_run(plain[run[-1]], lo) == run


REQUIRED_PATTERNS = [
    r"품(?:었|으며|는다|에\s?안)|넘[기겼긴]",
    r"(?:주식|지분)(?:을|를)?\s?매수(?:했|를\s?(?:완료|결정))",
    r"시리즈\s?[A-C]|(?:가|나)+다|라{2,}마",
    r"(?:가나|가다)다?라",
]


REQUIRED_PIECES = ["품", "었", "으며", "는다", "에", "안", "넘", "기", "겼", "주식", "지분", "을",
                   "매수", "했", "를", "완료", "시리즈", "A", "가", "나", "다", "라", "마", " "]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(REQUIRED_PIECES), max_size=12))
def test_required_strings_stand_in_every_match(pieces):
    text = "".join(pieces)
    from re import _parser

    import regex

    from extractors.gate import _required

    for pattern in REQUIRED_PATTERNS:
        strings = _required(_parser.parse(pattern))
        for m in regex.finditer(pattern, text, overlapped=True):
            assert any(s in m.group() for s in strings), (pattern, m.group(), strings)
