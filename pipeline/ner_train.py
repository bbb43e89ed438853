"""Train and evaluate the Korean NER (spaCy `ner` over Kiwi tokens) on KLUE-NER.

    python -m pipeline.ner_train train   # -> extractors/models/klue_ner
    python -m pipeline.ner_train eval    # ORG exact/overlap P/R/F on the held-out 20 %
    python -m pipeline.ner_train eval-gold [errors.jsonl]   # the org extractor on gold/

KLUE-NER v1.1 dev (CC BY-SA 4.0) stays in ../shared/data; it is read, never copied.
Each sentence is tokenized by the pipeline's own Kiwi tokenizer, so training and
inference see the same tokens. A fixed 20 % of sentences, chosen by a hash of the
sentence id, is held out for evaluation only; 10 % of the rest picks the best epoch.
"""

from __future__ import annotations

import functools
import hashlib
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
KLUE = SHARED / "data" / "klue-ner-v1.1_dev.tsv"
MODEL_DIR = ROOT / "extractors" / "models" / "klue_ner"
DUMP = SHARED / "articles" / "dev-dump.jsonl"
CURRENCY = (
    "원",
    "달러",
    "유로",
    "엔",
    "위안",
    "파운드",
    "프랑",
    "루블",
    "페소",
    "엔화",
)
# KLUE tags -> ours. PS and LC stay as labels: knowing people and places keeps
# them out of ORG; DT and money QT feed the date and money extractors' checks.
LABELS = {"OG": "ORG", "DT": "DATE", "PS": "PER", "LC": "LOC"}
SEED = 20250205


@dataclass(frozen=True, slots=True)
class Sentence:
    sid: str
    text: str
    spans: tuple[tuple[int, int, str], ...]  # (start, end, label), char offsets


def read_klue(path: Path = KLUE) -> list[Sentence]:
    """KLUE's char-per-line BIO file -> sentences with char-offset spans."""
    sentences, sid, chars, tags = [], None, [], []
    for line in [*path.read_text("utf-8").split("\n"), ""]:
        if line.startswith("## klue"):
            sid = line[3:].split("\t", 1)[0]
        elif line.startswith("##"):
            continue
        elif not line:
            if sid and chars:
                sentences.append(_sentence(sid, chars, tags))
            sid, chars, tags = None, [], []
        else:
            char, tag = line.rsplit("\t", 1)
            chars.append(char)
            tags.append(tag)
    return sentences


def _sentence(sid: str, chars: list[str], tags: list[str]) -> Sentence:
    text = "".join(chars)
    spans, start, kind = [], None, None
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and not tag.startswith("I-"):
            spans.append((start, i, kind))
            start = None
        if tag.startswith("B-"):
            start, kind = i, tag[2:]
    return Sentence(sid, text, tuple(_relabel(text, s, e, k) for s, e, k in spans))


def _relabel(text: str, start: int, end: int, kind: str) -> tuple[int, int, str]:
    if kind == "QT":
        return start, end, "MONEY" if text[start:end].endswith(CURRENCY) else ""
    return start, end, LABELS.get(kind, "")


def held_out(sid: str) -> bool:
    """The fixed 20 %: the sentence id's hash, not a random draw."""
    return int(hashlib.sha1(sid.encode()).hexdigest(), 16) % 5 == 0


def split(sentences: list[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    train = [s for s in sentences if not held_out(s.sid)]
    test = [s for s in sentences if held_out(s.sid)]
    return train, test


def kiwi_docs(texts: list[str]):
    """The pipeline's own tokenization (the seeded Kiwi), sentence by sentence."""
    from pipeline.tokenize import make_nlp

    return list(make_nlp(()).tokenizer.pipe(texts))


# hashed-table sizes for extractors.ner.FEATURES: form, first 1-2 and last 1-2
# syllables, Kiwi tag, shape, oov
ROWS = [10000, 3000, 5000, 3000, 5000, 300, 200, 4]


def tok2vec_config(width: int = 96, depth: int = 3, window: int = 2) -> dict:
    """Syllable-affix embeddings and a CNN two tokens wide each side: Kiwi cuts
    words into morphemes, so a name's context lies several tokens away."""
    return {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {
            "@architectures": "kdeal.KoreanEmbed.v1",
            "width": width,
            "rows": ROWS,
        },
        "encode": {
            "@architectures": "spacy.MaxoutWindowEncoder.v2",
            "width": width,
            "depth": depth,
            "window_size": window,
            "maxout_pieces": 3,
        },
    }


BEAM_WIDTH = 4


def training_config() -> dict:
    """spaCy's `beam_ner`: four parses are kept, so an early wrong action (a name's
    first syllable read as a person) can still lose to a better reading."""
    return {
        "beam_width": BEAM_WIDTH,
        "model": {
            "@architectures": "spacy.TransitionBasedParser.v2",
            "state_type": "ner",
            "extra_state_tokens": False,
            "hidden_width": 64,
            "maxout_pieces": 2,
            "use_upper": True,
            "nO": None,
            "tok2vec": tok2vec_config(),
        },
    }


def examples(nlp, sentences: list[Sentence]):
    """spaCy Examples; spans cutting through a Kiwi token become missing, not O."""
    import warnings

    from spacy.training import Example

    from extractors.ner import to_ner_doc

    out = []
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"\[W030")
        for sent, kdoc in zip(
            sentences, kiwi_docs([s.text for s in sentences]), strict=True
        ):
            doc = to_ner_doc(nlp.vocab, kdoc)
            ents = [(s, e, lab) for s, e, lab in sent.spans if lab]
            out.append(Example.from_dict(doc, {"entities": ents}))
    return out


def gold_sentences(held: bool = False) -> list[Sentence]:
    """Body sentences of the labelled articles with their ORG, DATE and MONEY spans.

    Articles whose id falls in the held-out fifth (the KLUE hash) are left out, or
    are the only ones kept with `held`: they measure the extractor on text the NER
    never saw. Page chrome is unlabelled, so its sentences are skipped.
    """
    from pipeline.clean import chrome_mask, masked
    from pipeline.tokenize import make_nlp

    tokenizer = make_nlp(()).tokenizer
    out = []
    for doc_id, text, gold_file in _gold_files():
        if held_out(doc_id) != held:
            continue
        mask = chrome_mask(text, _titles().get(doc_id))
        ents = [
            (e["start"], e["end"], e["label"])
            for e in gold_file["entities"]
            if e["label"] in ("ORG", "DATE", "MONEY")
        ]
        for n, sent in enumerate(tokenizer(text).sents):
            a, b = sent.start_char, sent.end_char
            if not sent.text.strip() or masked(mask, a, b):
                continue
            spans = tuple(
                (s - a, e - a, lab) for s, e, lab in ents if a <= s and e <= b
            )
            out.append(Sentence(f"{doc_id}#{n}", sent.text, spans))
    return out


def train(out: Path = MODEL_DIR, epochs: int = 10, budget_s: float = 420.0) -> dict:
    """Train on 80 % of KLUE plus the gold articles outside the held-out fifth; the
    epoch with the best ORG overlap F1 on a tenth of the KLUE part is saved."""
    import spacy
    from spacy.util import minibatch

    import extractors.ner  # noqa: F401  registers kdeal.KoreanEmbed.v1

    random.seed(SEED)
    spacy.util.fix_random_seed(SEED)
    train_s, _ = split(read_klue())
    random.shuffle(train_s)
    n_dev = len(train_s) // 10
    nlp = spacy.blank("xx")
    nlp.add_pipe("beam_ner", name="ner", config=training_config())
    train_ex = examples(nlp, train_s[n_dev:] + gold_sentences())
    dev_s = train_s[:n_dev]
    dev_gold = [{(s, e) for s, e, lab in x.spans if lab == "ORG"} for x in dev_s]
    dev_docs = [ex.predicted for ex in examples(nlp, dev_s)]
    optimizer = nlp.initialize(lambda: train_ex)
    best, started, log = -1.0, time.monotonic(), []
    for epoch in range(epochs):
        random.shuffle(train_ex)
        losses: dict = {}
        for batch in minibatch(train_ex, size=16):
            nlp.update(batch, drop=0.2, sgd=optimizer, losses=losses)
        with nlp.use_params(optimizer.averages):
            pred = [
                {(e.start_char, e.end_char) for e in d.ents if e.label_ == "ORG"}
                for d in nlp.pipe(d.copy() for d in dev_docs)
            ]
            f = score_spans(list(zip(dev_gold, pred, strict=True)))["overlap"]["f"]
            log.append(
                {
                    "epoch": epoch,
                    "loss": round(float(losses["ner"]), 1),
                    "dev_org_overlap_f": f,
                    "seconds": round(time.monotonic() - started),
                }
            )
            print(json.dumps(log[-1]), file=sys.stderr)
            if f is not None and f > best:
                best = f
                nlp.to_disk(out)
                prune_strings(out, nlp.get_pipe("ner").labels)
        if time.monotonic() - started > budget_s:
            break
    return {
        "train_sentences": len(train_ex),
        "best_dev_org_overlap_f": best,
        "epochs": log,
    }


def prune_strings(model_dir: Path, keep) -> None:
    """Save only the labels in the model's string store: the features are hashes of
    the token texts, and the store would otherwise hold every training token (long
    ones such as an article's URL included)."""
    path = model_dir / "vocab" / "strings.json"
    path.write_text(json.dumps(sorted(keep), ensure_ascii=False), "utf-8")


def prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> dict:
    p = tp_p / n_pred if n_pred else None
    r = tp_g / n_gold if n_gold else None
    f = (
        2 * p * r / (p + r)
        if p and r
        else (0.0 if p is not None and r is not None else None)
    )
    return {"p": _r(p), "r": _r(r), "f": _r(f), "pred": n_pred, "gold": n_gold}


def _r(x):
    return None if x is None else round(x, 4)


def score_spans(pairs: list[tuple[set, set]]) -> dict:
    """Exact and overlap P/R/F over (gold spans, predicted spans) per sentence."""
    n_gold = sum(len(g) for g, _ in pairs)
    n_pred = sum(len(p) for _, p in pairs)
    exact = sum(len(g & p) for g, p in pairs)
    hit_p = sum(any(_overlap(x, y) for y in g) for g, p in pairs for x in p)
    hit_g = sum(any(_overlap(x, y) for y in p) for g, p in pairs for x in g)
    return {
        "exact": prf(exact, n_pred, exact, n_gold),
        "overlap": prf(hit_p, n_pred, hit_g, n_gold),
    }


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate() -> dict:
    """ORG scores on the held-out 20 %: the NER alone, and the product's whole org
    extractor (gazetteer + rules + the NER spans it vets, as `kdeal run --ner`)."""
    from extractors.base import get_mentions
    from pipeline.tokenize import make_nlp

    _, test = split(read_klue())
    gold = [{(s, e) for s, e, lab in sent.spans if lab == "ORG"} for sent in test]
    nlp = make_nlp(("kdeal_ner", "kdeal_org"))
    ner_pred, org_pred, cut = [], [], 0
    for doc, g in zip(nlp.pipe([s.text for s in test]), gold, strict=True):
        ner_pred.append(
            {(m.start, m.end) for m in get_mentions(doc, "ner") if m.label == "ORG"}
        )
        org_pred.append({(m.start, m.end) for m in get_mentions(doc, "org")})
        cut += sum(doc.char_span(s, e) is None for s, e in g)
    ner_pairs = list(zip(gold, ner_pred, strict=True))
    return {
        "sentences": len(test),
        "gold_org_spans_cutting_a_token": cut,
        "ner_org": score_spans(ner_pairs),
        "ner_org_errors": error_classes(ner_pairs),
        "org_extractor_with_ner": score_spans(list(zip(gold, org_pred, strict=True))),
    }


def error_classes(pairs: list[tuple[set, set]]) -> dict:
    """Gold spans found exactly, found with other bounds, or missed; predictions
    that overlap no gold span."""
    out = {"exact": 0, "boundary": 0, "missed": 0, "false": 0}
    for gold, pred in pairs:
        for g in gold:
            if g in pred:
                out["exact"] += 1
            elif any(_overlap(g, p) for p in pred):
                out["boundary"] += 1
            else:
                out["missed"] += 1
        out["false"] += sum(not any(_overlap(p, g) for g in gold) for p in pred)
    return out


def gold_text(doc_id: str) -> str | None:
    """The article a gold file indexes: corpus/, the seeds or the dev dump."""
    for path in (ROOT / "corpus" / f"{doc_id}.txt", SHARED / "seeds" / f"{doc_id}.txt"):
        if path.exists():
            return path.read_text("utf-8-sig")
    return _dump().get(doc_id)


@functools.cache
def _dump_rows() -> tuple[dict, ...]:
    path = DUMP
    if not path.exists():
        return ()
    with open(path, encoding="utf-8") as f:
        return tuple(map(json.loads, f))


def _dump() -> dict[str, str]:
    return {r["id"]: r["text"] for r in _dump_rows()}


def _titles() -> dict[str, str]:
    """Dump headlines: the pipeline masks their repeats as chrome."""
    return {r["id"]: r["title"] for r in _dump_rows()}


def _gold_files():
    """(doc_id, article text, gold file) for each gold file whose article is here."""
    for path in sorted((ROOT / "gold").glob("*.json")):
        gold_file = json.loads(path.read_text("utf-8"))
        text = gold_text(gold_file["doc_id"])
        if text is not None:
            yield gold_file["doc_id"], text, gold_file


def evaluate_gold(errors: Path | None = None) -> dict:
    """ORG exact/overlap P/R/F of the org extractor on gold/*.json, and canonical
    accuracy on exact matches; misses and false hits go to `errors` (JSONL).

    The NER trains on the gold articles outside the held-out fifth, so the scores
    are also given for the held-out ones alone (`held_out_documents`)."""
    from extractors.base import get_mentions
    from pipeline.clean import chrome_mask, masked
    from pipeline.tokenize import make_nlp

    nlp = make_nlp(("kdeal_ner", "kdeal_org"))
    pairs, held, right, wrong, errs = [], [], 0, 0, []
    for doc_id, text, gold_file in _gold_files():
        gold = {
            (e["start"], e["end"]): e["canonical"]
            for e in gold_file["entities"]
            if e["label"] == "ORG"
        }
        mask = chrome_mask(text, _titles().get(doc_id))
        pred = {
            (m.start, m.end): m
            for m in get_mentions(nlp(text), "org")
            if not masked(mask, m.start, m.end)
        }
        pairs.append((set(gold), set(pred)))
        if held_out(doc_id):
            held.append(pairs[-1])
        for span in set(gold) & set(pred):
            ok = pred[span].value == gold[span]
            right, wrong = right + ok, wrong + (not ok)
        errs += _errors(doc_id, text, gold, pred)
    if errors:
        errors.write_text(
            "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errs)
        )
    result = score_spans(pairs)
    result["canonical_acc"] = _r(right / (right + wrong)) if right + wrong else None
    result["documents"] = len(pairs)
    result["held_out_documents"] = {"documents": len(held), **score_spans(held)}
    return result


def _errors(doc_id: str, text: str, gold: dict, pred: dict) -> list[dict]:
    out = [
        {"doc_id": doc_id, "error": "FN", "span": s, "text": text[s[0] : s[1]]}
        for s in gold
        if s not in pred
    ]
    out += [
        {"doc_id": doc_id, "error": "FP", "span": s, "text": m.text, "source": m.source}
        for s, m in pred.items()
        if s not in gold
    ]
    return out


def main(argv: list[str]) -> int:
    if not KLUE.exists():
        print(f"ner_train: {KLUE.name} not found in ../shared/data", file=sys.stderr)
        return 1
    command = argv[0] if argv else "eval"
    if command == "train":
        result = train(Path(argv[1]) if len(argv) > 1 else MODEL_DIR)
    elif command == "eval-gold":
        result = evaluate_gold(Path(argv[1]) if len(argv) > 1 else None)
    else:
        result = evaluate()
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
