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


def training_config(width: int = 96) -> dict:
    """A small CNN tok2vec inside the NER: Kiwi's tags are a feature of their own."""
    embed = {
        "@architectures": "spacy.MultiHashEmbed.v2",
        "width": width,
        "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE", "TAG"],
        "rows": [10000, 2500, 5000, 500, 200],
        "include_static_vectors": False,
    }
    encode = {
        "@architectures": "spacy.MaxoutWindowEncoder.v2",
        "width": width,
        "depth": 4,
        "window_size": 1,
        "maxout_pieces": 3,
    }
    return {
        "model": {
            "@architectures": "spacy.TransitionBasedParser.v2",
            "state_type": "ner",
            "extra_state_tokens": False,
            "hidden_width": 64,
            "maxout_pieces": 2,
            "use_upper": True,
            "nO": None,
            "tok2vec": {
                "@architectures": "spacy.Tok2Vec.v2",
                "embed": embed,
                "encode": encode,
            },
        }
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


def train(out: Path = MODEL_DIR, epochs: int = 30, budget_s: float = 420.0) -> dict:
    """Train on 80 % of KLUE, keep the epoch best on a slice of it, save the model."""
    import spacy
    from spacy.util import minibatch

    random.seed(SEED)
    spacy.util.fix_random_seed(SEED)
    train_s, _ = split(read_klue())
    random.shuffle(train_s)
    n_dev = len(train_s) // 10
    nlp = spacy.blank("xx")
    nlp.add_pipe("ner", config=training_config())
    train_ex, dev_ex = examples(nlp, train_s[n_dev:]), examples(nlp, train_s[:n_dev])
    optimizer = nlp.initialize(lambda: train_ex)
    best, started, log = -1.0, time.monotonic(), []
    for epoch in range(epochs):
        random.shuffle(train_ex)
        losses: dict = {}
        for batch in minibatch(train_ex, size=16):
            nlp.update(batch, drop=0.2, sgd=optimizer, losses=losses)
        f = nlp.evaluate(dev_ex)["ents_per_type"].get("ORG", {}).get("f", 0.0)
        log.append(
            {
                "epoch": epoch,
                "loss": round(float(losses["ner"]), 1),
                "dev_org_f": round(float(f), 4),
                "seconds": round(time.monotonic() - started),
            }
        )
        print(json.dumps(log[-1]), file=sys.stderr)
        if f > best:
            best = f
            with nlp.use_params(optimizer.averages):
                nlp.to_disk(out)
        if time.monotonic() - started > budget_s:
            break
    return {"best_dev_org_f": round(float(best), 4), "epochs": log}


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
    """ORG scores on the held-out 20 %: the NER alone, and the whole org extractor."""
    from pipeline.tokenize import make_nlp

    _, test = split(read_klue())
    gold = [{(s, e) for s, e, lab in sent.spans if lab == "ORG"} for sent in test]
    nlp = make_nlp(("kdeal_ner", "kdeal_org"))
    from extractors.base import get_mentions

    ner_pred, org_pred = [], []
    for doc in nlp.pipe([s.text for s in test]):
        ner_pred.append(
            {(m.start, m.end) for m in get_mentions(doc, "ner") if m.label == "ORG"}
        )
        org_pred.append({(m.start, m.end) for m in get_mentions(doc, "org")})
    return {
        "sentences": len(test),
        "ner_org": score_spans(list(zip(gold, ner_pred, strict=True))),
        "extractor_org": score_spans(list(zip(gold, org_pred, strict=True))),
    }


def gold_text(doc_id: str) -> str | None:
    """The article a gold file indexes: corpus/, the seeds or the dev dump."""
    for path in (ROOT / "corpus" / f"{doc_id}.txt", SHARED / "seeds" / f"{doc_id}.txt"):
        if path.exists():
            return path.read_text("utf-8-sig")
    return _dump().get(doc_id)


@functools.cache
def _dump_rows() -> tuple[dict, ...]:
    path = SHARED / "articles" / "dev-dump.jsonl"
    if not path.exists():
        return ()
    with open(path, encoding="utf-8") as f:
        return tuple(map(json.loads, f))


def _dump() -> dict[str, str]:
    return {r["id"]: r["text"] for r in _dump_rows()}


def _titles() -> dict[str, str]:
    """Dump headlines: the pipeline masks their repeats as chrome."""
    return {r["id"]: r["title"] for r in _dump_rows()}


def evaluate_gold(errors: Path | None = None) -> dict:
    """ORG exact/overlap P/R/F of the org extractor on gold/*.json, and canonical
    accuracy on exact matches; misses and false hits go to `errors` (JSONL)."""
    from extractors.base import get_mentions
    from pipeline.clean import chrome_mask, masked
    from pipeline.tokenize import make_nlp

    nlp = make_nlp(("kdeal_ner", "kdeal_org"))
    pairs, right, wrong, errs = [], 0, 0, []
    for path in sorted((ROOT / "gold").glob("*.json")):
        gold_file = json.loads(path.read_text("utf-8"))
        text = gold_text(gold_file["doc_id"])
        if text is None:
            continue
        gold = {
            (e["start"], e["end"]): e["canonical"]
            for e in gold_file["entities"]
            if e["label"] == "ORG"
        }
        mask = chrome_mask(text, _titles().get(gold_file["doc_id"]))
        pred = {
            (m.start, m.end): m
            for m in get_mentions(nlp(text), "org")
            if not masked(mask, m.start, m.end)
        }
        pairs.append((set(gold), set(pred)))
        for span in set(gold) & set(pred):
            ok = pred[span].value == gold[span]
            right, wrong = right + ok, wrong + (not ok)
        errs += _errors(gold_file["doc_id"], text, gold, pred)
    if errors:
        errors.write_text(
            "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errs)
        )
    result = score_spans(pairs)
    result["canonical_acc"] = _r(right / (right + wrong)) if right + wrong else None
    result["documents"] = len(pairs)
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
