"""The statistical NER: spaCy `beam_ner` over Kiwi tokens, from KLUE-NER and gold/.

The model (`extractors/models/klue_ner`, built by `python -m pipeline.ner_train
train`) runs on a copy of the pipeline's Doc in its own vocab: same words, spaces,
Kiwi tags and oov marks, so it sees exactly the tokens it was trained on. Its
embedding (`kdeal.KoreanEmbed.v1`, registered here so that loading the model finds
it) reads each token's first and last syllables: Korean names and company words show
there, and most of them are tokens no training sentence had. Its ORG spans join
the org mentions with source "ner:klue"; DATE and MONEY spans stay under "ner"
for whoever wants a second opinion. Without the model the component does nothing.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy
from spacy.language import Language
from spacy.strings import hash_string
from spacy.util import registry

from extractors.base import Mention, doc_text, get_mentions, set_mentions

MODEL_DIR = Path(__file__).resolve().parent / "models" / "klue_ner"
SOURCE = "ner:klue"
SCORE = 0.6  # one score for all: the parses are not calibrated per span
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
    """The same tokens (words, spaces, Kiwi tags, oov as `Oov=Yes`) as a Doc in the
    model's vocab."""
    from spacy.tokens import Doc, Token

    oov = Token.has_extension("kiwi_oov")
    return Doc(
        vocab,
        words=[t.text for t in doc],
        spaces=[bool(t.whitespace_) for t in doc],
        tags=[t.tag_ or "_" for t in doc],
        morphs=[OOV if oov and t._.kiwi_oov else "" for t in doc],
    )


OOV = "Oov=Yes"
FEATURES = ("norm", "first", "first2", "last", "last2", "tag", "shape", "oov")


def token_features(tok) -> tuple[str, ...]:
    """What the embedding reads of a token, in the order of `FEATURES`."""
    norm = tok.norm_
    oov = "1" if tok.morph.get("Oov") else "0"
    return (norm, norm[:1], norm[:2], norm[-1:], norm[-2:], tok.tag_, tok.shape_, oov)


@functools.lru_cache(maxsize=100_000)
def _feature_hashes(*feats: str) -> tuple[int, ...]:
    """The hashed features of one kind of token (tokens repeat: hash them once)."""
    return tuple(hash_string(f"{j}:{f}") for j, f in enumerate(feats))


def _feature_ids(n: int):
    from thinc.api import Model

    def forward(model, docs, is_train):
        out = []
        for doc in docs:
            rows = [_feature_hashes(*token_features(t)[:n]) for t in doc]
            ids = numpy.array(rows, dtype="uint64").reshape((len(doc), n))
            out.append(model.ops.asarray(ids))
        return out, lambda d_out: []

    return Model("kdeal_token_features", forward)


@registry.architectures("kdeal.KoreanEmbed.v1")
def korean_embed(width: int, rows: list[int]):
    """One hashed table per feature (`rows` gives their sizes, in `FEATURES` order),
    concatenated and mixed down to `width`, like spaCy's MultiHashEmbed."""
    from thinc.api import (
        HashEmbed,
        Maxout,
        chain,
        concatenate,
        list2ragged,
        ragged2list,
        with_array,
    )

    if not 0 < len(rows) <= len(FEATURES):
        raise ValueError(f"1 to {len(FEATURES)} feature tables, not {len(rows)}")
    tables = [HashEmbed(width, r, column=i, seed=7 + i) for i, r in enumerate(rows)]
    mix = Maxout(width, width * len(rows), nP=3, normalize=True)
    return chain(
        _feature_ids(len(rows)),
        list2ragged(),
        with_array(chain(concatenate(*tables), mix)),
        ragged2list(),
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
