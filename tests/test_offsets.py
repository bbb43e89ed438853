"""Every output span slices back to its article: records' evidence and entities.

The whole pipeline (`run_documents` with entities) runs once per source over the
corpus (always) and the seeds (skipped when ../shared is absent). Gold files are
checked the same way in tests/test_gold_files.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import Options, run_documents
from pipeline.ingest import run as ingest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEEDS = ROOT / ".." / "shared" / "seeds"


def outputs(folder: Path) -> list[tuple[str, list, list]]:
    """(text, records, entities) of every article in `folder`, as `kdeal run` reads it."""
    errors: list = []
    texts = {a.doc_id: a.text for a in ingest([str(folder)], None, errors.append)}
    opts = Options(entities=True, on_error=errors.append)
    works = list(run_documents([str(folder)], opts))
    assert not errors, errors
    assert [w.article.doc_id for w in works] == list(texts)
    # the text a stage carries is the text that was read, unchanged
    assert all(w.article.text == texts[w.article.doc_id] for w in works)
    return [(w.article.text, w.records, w.entities) for w in works]


@pytest.fixture(scope="module", params=["corpus", "seeds"])
def run(request, nlp):
    folder = CORPUS if request.param == "corpus" else SEEDS
    if not folder.is_dir():
        pytest.skip(f"{request.param} folder is not available")
    return outputs(folder)


def test_something_was_found(run):
    # an empty output would make the checks below pass vacuously
    assert sum(len(records) for _, records, _ in run) > 0
    assert all(entities for _, _, entities in run)


def test_evidence_slices_back(run):
    for text, records, _ in run:
        for r in records:
            ev = r.evidence
            assert 0 <= ev.start < ev.end <= len(text), r
            assert text[ev.start : ev.end] == ev.text, r


def test_amounts_lie_inside_the_evidence(run):
    for _, records, _ in run:
        for r in records:
            if r.amount is not None:
                assert r.amount.text in r.evidence.text, r
            if r.krw_source == "stated":
                assert r.amount_krw.text in r.evidence.text, r


def test_entities_slice_back(run):
    for text, _, entities in run:
        for e in entities:
            assert 0 <= e.start < e.end <= len(text), e
            assert text[e.start : e.end] == e.text, e
