"""`sentence_ends` finds SENT_END's places by what comes before them: it must find
every place a scan of the whole text finds, and a slice's places must be those in it."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.tokenize import MAX_CHUNK, PARA, SENT_END, _cut, chunks, sentence_ends

ROOT = Path(__file__).resolve().parents[2]
ALPHABET = "가나다 .?!。\"'”’)]([<“‘\n\t1a\u3000\x1cᄀㄱ"  # rarer spaces, jamo


def _every(text: str, pos: int = 0, endpos: int | None = None) -> list[int]:
    end = len(text) if endpos is None else endpos
    return [m.start() for m in SENT_END.finditer(text, pos, end)]


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40), st.data())
def test_sentence_ends_are_the_scans_places(text, data) -> None:
    ends = sentence_ends(text)
    assert ends == _every(text)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    assert [p for p in ends if a <= p < b] == _every(text, a, b)


def plain_chunks(text: str) -> list[tuple[int, int]]:
    """The definition: paragraphs, long ones cut at the last sentence end a window
    of MAX_CHUNK characters holds (else at a space, else hard)."""
    out = []
    for para in PARA.finditer(text):
        if not para.group().strip():
            continue
        start, end = para.span()
        while end - start > MAX_CHUNK:
            ends = _every(text, start + 1, start + MAX_CHUNK)
            cut = (
                ends[-1] if ends else text.rfind(" ", start + 1, start + MAX_CHUNK) + 1
            )
            cut = cut if cut > start else start + MAX_CHUNK
            out.append((start, cut))
            start = cut
        out.append((start, end))
    return out


def test_corpus_sentence_ends_and_chunks() -> None:
    texts = [p.read_text("utf-8-sig") for p in sorted((ROOT / "corpus").glob("*.txt"))]
    long = "가나다라마바사. " * (3 * MAX_CHUNK // 9) + "끝이다.\n" + "아자차 " * 400
    texts += [long, "가" * (2 * MAX_CHUNK + 5)]
    for text in texts:
        assert sentence_ends(text) == _every(text)
        assert chunks(text) == plain_chunks(text)
        assert chunks(text, sentence_ends(text)) == plain_chunks(text)
    assert len(chunks(long)) > 3


def test_cut_at_a_space_or_hard_without_sentence_ends() -> None:
    text = "가" * (MAX_CHUNK + 10)
    assert list(_cut(text, 0, len(text), [])) == [
        (0, MAX_CHUNK),
        (MAX_CHUNK, len(text)),
    ]
    text = "가나 " * 300
    spans = list(_cut(text, 0, len(text), sentence_ends(text)))
    assert all(e - s <= MAX_CHUNK for s, e in spans)
    assert spans[0][1] == text.rfind(" ", 1, MAX_CHUNK) + 1
