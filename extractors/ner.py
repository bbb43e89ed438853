"""The statistical NER: spaCy `ner` trained on KLUE-NER over Kiwi tokens.

The model (`extractors/models/klue_ner`, built by `python -m pipeline.ner_train
train`) runs on a copy of the pipeline's Doc in its own vocab: same words, spaces
and Kiwi tags, so it sees exactly the tokens it was trained on. Its ORG spans join
the org mentions with source "ner:klue"; DATE and MONEY spans stay under "ner"
for whoever wants a second opinion. Without the model the component does nothing.
"""

from __future__ import annotations

import functools
from pathlib import Path

from spacy.language import Language

from extractors.base import Mention, doc_text, get_mentions, set_mentions

MODEL_DIR = Path(__file__).resolve().parent / "models" / "klue_ner"
SOURCE = "ner:klue"
SCORE = 0.6  # the transition parser gives no per-span probability
KEEP = {"ORG", "DATE", "MONEY"}


@functools.cache
def load_model(path: Path = MODEL_DIR):
    """The trained pipeline, or None when it has not been built."""
    if not (path / "meta.json").exists():
        return None
    import spacy

    return spacy.load(path)


def available() -> bool:
    """Whether the trained model is on disk (the pipeline adds `kdeal_ner` then)."""
    return (MODEL_DIR / "meta.json").exists()


def to_ner_doc(vocab, doc):
    """The same tokens (words, spaces, Kiwi tags) as a Doc in the model's vocab."""
    from spacy.tokens import Doc

    return Doc(
        vocab,
        words=[t.text for t in doc],
        spaces=[bool(t.whitespace_) for t in doc],
        tags=[t.tag_ or "_" for t in doc],
    )


def find(doc, model=None) -> list[Mention]:
    """NER mentions (ORG, DATE, MONEY) with exact offsets into `doc.text`."""
    model = model if model is not None else load_model()
    if model is None:
        return []
    tagged = to_ner_doc(model.vocab, doc)
    for _, proc in model.pipeline:
        tagged = proc(tagged)
    return [_mention(doc_text(doc), e) for e in tagged.ents if e.label_ in KEEP]


def _mention(text: str, ent) -> Mention:
    start, end = ent.start_char, ent.end_char
    return Mention(ent.label_, start, end, text[start:end], None, SOURCE, SCORE)


class NerPipe:
    """Component `kdeal_ner`: NER spans under "ner", ORG ones merged into "org"."""

    def __init__(self, name: str, spans_key: str = "ner", org_key: str = "org") -> None:
        self.name = name
        self.spans_key = spans_key
        self.org_key = org_key

    def __call__(self, doc):
        found = find(doc)
        set_mentions(doc, self.spans_key, found)
        if self.org_key in doc.spans:  # the org extractor ran first: merge into it
            from extractors.org import merge, org_mention

            orgs = [org_mention(doc_text(doc), m) for m in found if m.label == "ORG"]
            set_mentions(
                doc, self.org_key, merge(get_mentions(doc, self.org_key) + orgs)
            )
        return doc


@Language.factory(
    "kdeal_ner",
    assigns=["doc.spans"],
    default_config={"spans_key": "ner", "org_key": "org"},
)
def make_ner(nlp: Language, name: str, spans_key: str, org_key: str):
    return NerPipe(name, spans_key, org_key)
