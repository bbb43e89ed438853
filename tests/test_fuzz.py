"""Hypothesis fuzzing: ingest on random bytes, chrome masks and the whole pipeline on
random Korean-like text. Nothing raises; every offset slices back to its text.

`make test` runs at least 1,000 examples each; `make fuzz` (HYPOTHESIS_PROFILE=fuzz)
runs the profile's many more.
"""

from __future__ import annotations

import codecs
import json
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.clean import chrome_mask
from pipeline.errors import InputError
from pipeline.ingest import decode, find_published, is_blank, run

EXAMPLES = max(1000, settings.default.max_examples)

# Pieces of real-looking news text: names, amounts, dates, chrome, odd characters.
# fmt: off
PIECES = [
    "삼성전자", "오픈AI", "앤스로픽", "아마존", "카카오", "SK하이닉스", "미스트랄AI", "소프트뱅크",
    "가", "은", "는", "이", "가 ", "에 ", "을 ", "를 ", "과 ", "로부터 ", "의 ",
    "투자", "인수", "유치", "매각", "지분", "계약", "했다", "한다고 밝혔다", "추진", "협의 중",
    "27억5000만달러", "약 3조7000억원", "1,000억 원", "6억유로", "42억위안", "100억 달러 이상",
    "1조4천억", "3.5%", "10만주", "2조", "억", "만", "원", "달러", "엔", "0", "12", "999999999999",
    "지난 27일", "지난해 9월", "올해 3월", "2024. 9. 2.", "2024.03.28", "(현지시간)", "15:34",
    "(서울=연합뉴스) 홍길동 기자 = ", "[디지털데일리 권하영기자]", "hong@yna.co.kr",
    "무단 전재 및 재배포 금지", "ⓒ News1", "<사진=연합뉴스>", "<앵커>", "입력 ", "승인 : ",
    ".", ". ", "다.이날", ",", "·", "(", ")", "[", "]", "<", ">", "\"", "'", "“", "”", "~",
    " ", "  ", "\n", "\n\n", "\r\n", "\t", "\u00a0", "\u200b", "\ufeff", "\u3000",
    "😀", "🇰🇷", "\u0301", "A", "ab", "ソフトバンク", "软银", "<p>", "&nbsp;", "\x00", "\x1b",
]
# fmt: on
# any character but lone surrogates, which ingest refuses before the pipeline sees them
chars = st.text(st.characters(exclude_categories=["Cs"]), max_size=4)
korean_like = st.lists(st.one_of(st.sampled_from(PIECES), chars), max_size=60).map(
    "".join
)


# ingest -------------------------------------------------------------------------

SUFFIXES = [".txt", ".jsonl", ".csv", ".jsonl.gz", ".bin"]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp949", "latin-1"]


@st.composite
def file_bytes(draw) -> bytes:
    """Random bytes, or Korean-like text in a random encoding, maybe cut short."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=600))
    text = draw(korean_like)
    if draw(st.booleans()):  # a dump line around it
        text = json.dumps(
            {"id": draw(st.text(max_size=5)), "text": text},
            ensure_ascii=draw(st.booleans()),
        )
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    return data[: draw(st.integers(0, len(data)))] if draw(st.booleans()) else data


@settings(max_examples=EXAMPLES)
@given(data=file_bytes(), suffix=st.sampled_from(SUFFIXES))
def test_ingest_never_raises(data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"f{suffix}"
        path.write_bytes(data)
        errors: list = []
        articles = list(run([str(path), tmp], date(2024, 1, 1), errors.append))
    assert all(isinstance(e, InputError) and e.path.startswith(tmp) for e in errors)
    for a in articles:
        assert not is_blank(a.text) and a.doc_id
        a.text.encode("utf-8")  # no lone surrogates reach the pipeline
        assert a.published is not None  # the argument is the last resort


@settings(max_examples=EXAMPLES)
@given(data=st.binary(max_size=400))
def test_decode_is_total(data):
    text, problem, keep = decode(data)
    assert keep or (text == "" and problem)
    if keep and problem is None:  # decoded whole: encoding it again loses nothing
        assert text.encode("utf-8").decode("utf-8") == text


@settings(max_examples=EXAMPLES)
@given(text=korean_like, encoding=st.sampled_from(["utf-8", "utf-16"]))
def test_clean_text_round_trips_through_a_txt(text, encoding):
    """What ingest decodes is exactly what was written (BOM aside)."""
    data = (
        codecs.BOM_UTF8 + text.encode()
        if encoding == "utf-8"
        else text.encode("utf-16")
    )
    got, problem, keep = decode(data)
    if "\x00" not in text:
        assert got == text or problem


@settings(max_examples=EXAMPLES)
@given(text=korean_like, title=st.none() | korean_like)
def test_chrome_mask_spans_are_sorted_disjoint_in_bounds(text, title):
    spans = chrome_mask(text, title)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))


@settings(max_examples=EXAMPLES)
@given(text=korean_like)
def test_find_published_total(text):
    found = find_published(text)
    assert found is None or 1900 <= found.year <= 2099


# the whole pipeline ---------------------------------------------------------------


@pytest.fixture(scope="module")
def pipeline_process():
    pytest.importorskip("kiwipiepy")
    from pipeline import process
    from pipeline.records import Article
    from pipeline.work import Options

    opts = Options(published=date(2024, 3, 28), entities=True)

    def one(text: str):
        (work,) = list(process([Article("fuzz", text, date(2024, 3, 28))], opts))
        return work

    one("삼성전자가 하만을 80억달러에 인수했다.")  # load Kiwi and spaCy once
    return one


@settings(max_examples=EXAMPLES)
@given(text=korean_like)
def test_pipeline_never_raises_and_offsets_slice_back(pipeline_process, text):
    work = pipeline_process(text)
    assert work.article.text == text
    for ent in work.entities:
        assert text[ent.start : ent.end] == ent.text
    for rec in work.records:
        rec.model_dump_json()  # every record serialises
        if rec.evidence is not None:
            assert text[rec.evidence.start : rec.evidence.end] == rec.evidence.text
