"""Score deal records and entity mentions against gold files (`DEALS.md` §5).

Shaped like spaCy's scorer (`tp`/`pred`/`gold` summed per type, `None` rather than 0
when a figure is undefined) and keeps its mistakes like presidio-research's
`ModelError`: one object per false positive, false negative or wrong field, with the
record, its nearest counterpart and the evidence text. Pure Python: no Kiwi, no spaCy.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from pydantic import BaseModel, ValidationError

from pipeline.errors import InputError, KdealError, UsageError
from pipeline.records import DealRecord, Entity, GoldFile

AMOUNT_TOL = 0.01  # amounts within 1% of the gold value count as equal
FIELDS = (
    "amount_krw",
    "amount_usd",
    "qualifier",
    "cumulative",
    "status",
    "date",
    "stake_pct",
)
# Gold leaves a converted amount null (the rate is the pipeline's business, gold/README.md):
# these fields are judged only on the matches whose gold states them.
JUDGED_WHEN_STATED = ("amount_krw", "amount_usd")
LABELS = ("ORG", "MONEY", "DATE")


# ---------------------------------------------------------------- loading


def load_gold(path: Path) -> list[GoldFile]:
    """A folder of `<doc_id>.json` gold files, or a JSONL file of gold deal records.

    From JSONL the entities are empty and a document with no deal has no gold.
    """
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.json"))
        if not files:
            raise InputError(path, "no gold files (*.json) in this folder")
        return [_read_gold_file(p) for p in files]
    if not path.is_file():
        raise InputError(path, "no such file or folder")
    by_doc: dict[str, list[DealRecord]] = defaultdict(list)
    for rec in _read_jsonl(path, DealRecord):
        by_doc[rec.doc_id].append(rec)
    return [GoldFile(doc_id=d, deals=deals) for d, deals in by_doc.items()]


def load_predictions(path: Path) -> list[DealRecord]:
    """Deal records, one JSON object a line; a bad line raises `InputError` with its number."""
    return list(_read_jsonl(Path(path), DealRecord))


def load_entities(path: Path) -> list[Entity]:
    """Entity lines as `kdeal run --entities` writes them; each must carry `doc_id`."""
    ents = list(_read_jsonl(Path(path), Entity))
    for i, e in enumerate(ents):
        if not e.doc_id:
            raise InputError(path, "entity without doc_id", _nth_line(path, i))
    return ents


def _read_gold_file(path: Path) -> GoldFile:
    try:
        return GoldFile.model_validate_json(path.read_bytes())
    except ValidationError as e:
        raise InputError(path, _first_error(e)) from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(path, str(e)) from None


def _read_jsonl(path: Path, model: type[BaseModel]) -> Iterator:
    try:
        lines = path.read_text("utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(path, str(e)) from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield model.model_validate_json(line)
        except ValidationError as e:
            raise InputError(path, _first_error(e), n) from None


def _first_error(e: ValidationError) -> str:
    err = e.errors()[0]
    where = ".".join(str(x) for x in err["loc"])
    return f"{where}: {err['msg']}" if where else err["msg"]


def _nth_line(path: Path, index: int) -> int:
    """1-based number of the `index`-th non-blank line (for error messages)."""
    lines = Path(path).read_text("utf-8-sig").splitlines()
    numbers = [n for n, line in enumerate(lines, 1) if line.strip()]
    return numbers[index]


# ---------------------------------------------------------------- arithmetic


@dataclass
class PRF:
    """Counts of one comparison; figures are `None` when their denominator is 0."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    def __iadd__(self, other: PRF) -> PRF:
        self.tp, self.pred, self.gold = (
            self.tp + other.tp,
            self.pred + other.pred,
            self.gold + other.gold,
        )
        return self

    def as_dict(self) -> dict:
        """`{"p", "r", "f", "tp", "pred", "gold"}`.

        F1 is 2tp / (pred + gold): the harmonic mean where p and r exist, and still
        defined (0) when one side is empty.

        >>> PRF(tp=1, pred=2, gold=4).as_dict()
        {'p': 0.5, 'r': 0.25, 'f': 0.3333, 'tp': 1, 'pred': 2, 'gold': 4}
        >>> PRF(tp=0, pred=0, gold=3).as_dict()["p"] is None
        True
        """
        return {
            "p": _ratio(self.tp, self.pred),
            "r": _ratio(self.tp, self.gold),
            "f": _ratio(2 * self.tp, self.pred + self.gold),
            "tp": self.tp,
            "pred": self.pred,
            "gold": self.gold,
        }


def _ratio(num: float, den: float) -> float | None:
    return round(num / den, 4) if den else None


def close(a: float | None, b: float | None, tol: float = AMOUNT_TOL) -> bool:
    """Both null, or `a` within `tol` of `b` (relative to `b`, the gold side).

    >>> close(2_760_000_000, 2_750_000_000), close(2_790_000_000, 2_750_000_000)
    (True, False)
    >>> close(None, None), close(0, None), close(0, 0)
    (True, False, True)
    """
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= tol * abs(b)


def same_money(p, g) -> bool:
    """Same currency and value within 1%, or both null."""
    if p is None or g is None:
        return p is None and g is None
    return p.currency == g.currency and close(p.value, g.value)


# ---------------------------------------------------------------- deal matching


def strict_match(p: DealRecord, g: DealRecord) -> bool:
    return (
        p.deal_type == g.deal_type
        and p.target == g.target
        and set(p.investors) == set(g.investors)
        and same_money(p.amount, g.amount)
    )


def relaxed_match(p: DealRecord, g: DealRecord) -> bool:
    return p.target == g.target and same_money(p.amount, g.amount)


def judged(field: str, g: DealRecord) -> bool:
    return field not in JUDGED_WHEN_STATED or getattr(g, field) is not None


def field_errors(p: DealRecord, g: DealRecord) -> list[str]:
    """Names of the `FIELDS` on which a matched prediction differs from its gold."""
    return [
        f
        for f in FIELDS
        if judged(f, g) and not FIELD_EQ[f](getattr(p, f), getattr(g, f))
    ]


FIELD_EQ: dict[str, Callable] = {f: (lambda a, b: a == b) for f in FIELDS} | {
    "amount_krw": same_money,
    "amount_usd": close,
}


def by_confidence(preds: list[DealRecord]) -> list[DealRecord]:
    """Highest confidence first, `None` last, input order among equals."""
    return sorted(preds, key=lambda p: (p.confidence is None, -(p.confidence or 0)))


def greedy_match(
    preds: list[DealRecord], gold: list[DealRecord], same: Callable
) -> list:
    """Pairs `(pred, gold or None)` in confidence order; each gold deal is used once.

    Among several matching gold deals the one agreeing on most fields is taken, so a
    duplicate prediction is a false positive rather than stealing a better pair.
    """
    free = list(range(len(gold)))
    pairs = []
    for p in by_confidence(preds):
        cands = [i for i in free if same(p, gold[i])]
        best = min(
            cands, key=lambda i: (len(field_errors(p, gold[i])), i), default=None
        )
        if best is not None:
            free.remove(best)
        pairs.append((p, None if best is None else gold[best]))
    return pairs


def similarity(a: DealRecord, b: DealRecord) -> int:
    """How alike two records are, to name the nearest counterpart of an error."""
    return (
        4 * (a.target == b.target)
        + 3 * same_money(a.amount, b.amount)
        + 2 * (set(a.investors) == set(b.investors))
        + (a.deal_type == b.deal_type)
    )


def nearest(rec: DealRecord, others: list[DealRecord]) -> DealRecord | None:
    return max(others, key=lambda o: similarity(rec, o), default=None)


# ---------------------------------------------------------------- errors


def _dump(rec: DealRecord | None) -> dict | None:
    return None if rec is None else rec.model_dump(mode="json", exclude_none=True)


def _evidence(*recs: DealRecord | None) -> str | None:
    return next((r.evidence.text for r in recs if r is not None and r.evidence), None)


def doc_errors(doc_id: str, pairs: list, gold: list[DealRecord]) -> list[dict]:
    """FP, FN and FIELD error objects of one document's strict matching."""
    preds = [p for p, _ in pairs]
    matched = [g for _, g in pairs if g is not None]
    out = []
    for p, g in pairs:
        if g is None:
            out.append(_error(doc_id, "FP", p, nearest(p, gold)))
        for f in field_errors(p, g) if g is not None else []:
            out.append(_error(doc_id, "FIELD", p, g, field=f))
    for g in gold:
        if not any(g is m for m in matched):
            out.append(_error(doc_id, "FN", g, nearest(g, preds)))
    return out


def _error(doc_id: str, kind: str, rec, other, field: str | None = None) -> dict:
    err = {"doc_id": doc_id, "error": kind}
    if field:
        err["field"] = field
    err |= {"record": _dump(rec), "nearest": _dump(other)}
    ev = _evidence(rec, other)
    if ev:
        err["evidence"] = ev
    return err


# ---------------------------------------------------------------- deals


def score(
    gold: list[GoldFile],
    pred: list[DealRecord],
    entities: list[Entity] | None = None,
    errors: list | None = None,
) -> dict:
    """Every `DEALS.md` §5 figure as one JSON-ready dict (see `kdeal score --json`).

    Only documents with a gold file count; other predictions go to `ignored_pred`.
    """
    gold_by_doc = {g.doc_id: g for g in gold}
    preds = _group(p for p in pred if p.doc_id in gold_by_doc)
    result = _score_deals(gold_by_doc, preds, errors)
    result["ignored_pred"] = sum(p.doc_id not in gold_by_doc for p in pred)
    # a gold document without any record may be a miss, or was not run at all
    result["gold_docs_without_pred"] = sum(d not in preds for d in gold_by_doc)
    if entities is not None:
        result["entities"] = score_entities(gold, entities)
    return result


def _group(preds: Iterable[DealRecord]) -> dict[str, list[DealRecord]]:
    out: dict[str, list[DealRecord]] = defaultdict(list)
    for p in preds:
        out[p.doc_id].append(p)
    return out


def _score_deals(gold_by_doc: dict, preds: dict, errors: list | None) -> dict:
    strict, relaxed = PRF(), PRF()
    per_type: dict[str, PRF] = defaultdict(PRF)
    field_ok: Counter = Counter()
    field_n: Counter = Counter()
    per_doc, ranked = {}, []
    for doc_id, g in gold_by_doc.items():
        p = preds.get(doc_id, [])
        pairs = greedy_match(p, g.deals, strict_match)
        s, r = (
            _counts(pairs, g.deals),
            _counts(greedy_match(p, g.deals, relaxed_match), g.deals),
        )
        strict += s
        relaxed += r
        per_doc[doc_id] = {"strict": s.as_dict(), "relaxed": r.as_dict()}
        _add_types(per_type, pairs, g.deals)
        field_ok.update(
            f
            for q, m in pairs
            if m
            for f in FIELDS
            if judged(f, m) and f not in field_errors(q, m)
        )
        field_n.update(f for _, m in pairs if m for f in FIELDS if judged(f, m))
        ranked += [(q.confidence, m is not None) for q, m in pairs]
        if errors is not None:
            errors.extend(doc_errors(doc_id, pairs, g.deals))
    return {
        "deals_strict": strict.as_dict(),
        "deals_relaxed": relaxed.as_dict(),
        "deals_macro": _macro(per_doc),
        "fields": {f: _ratio(field_ok[f], field_n[f]) for f in FIELDS},
        "per_type": {t: c.as_dict() for t, c in sorted(per_type.items())},
        "per_doc": per_doc,
        "pr_curve": pr_curve(ranked, strict.gold),
    }


def _counts(pairs: list, gold: list) -> PRF:
    return PRF(tp=sum(g is not None for _, g in pairs), pred=len(pairs), gold=len(gold))


def _add_types(per_type: dict, pairs: list, gold: list[DealRecord]) -> None:
    for p, g in pairs:
        per_type[p.deal_type] += PRF(tp=g is not None, pred=1)
    for g in gold:
        per_type[g.deal_type] += PRF(gold=1)


def _macro(per_doc: dict) -> dict:
    """Per-document strict p, r, f averaged over the documents where each is defined."""
    out = {}
    for k in ("p", "r", "f"):
        vals = [d["strict"][k] for d in per_doc.values() if d["strict"][k] is not None]
        out[k] = round(sum(vals) / len(vals), 4) if vals else None
    return out


def pr_curve(ranked: list[tuple[float | None, bool]], n_gold: int) -> dict:
    """Strict precision and recall keeping only predictions at or above each confidence.

    Greedy matching walks predictions in confidence order, so the pairs above a
    threshold are exactly those of the full matching: one pass gives every point.
    Predictions without a confidence join last (threshold `None`).

    >>> c = pr_curve([(0.9, True), (0.5, False), (0.5, True), (None, False)], 4)
    >>> [(pt["threshold"], pt["p"], pt["r"]) for pt in c["points"]]
    [(0.9, 1.0, 0.25), (0.5, 0.6667, 0.5), (None, 0.5, 0.5)]
    >>> c["ap"]
    0.4167
    """
    order = sorted(ranked, key=lambda x: (x[0] is None, -(x[0] or 0)))
    points, tp = [], 0
    for i, (conf, hit) in enumerate(order):
        tp += hit
        if i + 1 < len(order) and order[i + 1][0] == conf:
            continue  # one point per distinct threshold
        prf = PRF(tp=tp, pred=i + 1, gold=n_gold).as_dict()
        points.append(
            {"threshold": conf} | {k: prf[k] for k in ("p", "r", "f", "tp", "pred")}
        )
    return {"points": points, "ap": _average_precision(points)}


def _average_precision(points: list[dict]) -> float | None:
    """Area under the stepwise curve: precision at each point times the recall it adds."""
    if not points or points[0]["r"] is None:
        return None
    area, last_r = 0.0, 0.0
    for pt in points:
        area += (pt["r"] - last_r) * pt["p"]
        last_r = pt["r"]
    return round(area, 4)


# ---------------------------------------------------------------- entities


def score_entities(gold: list[GoldFile], pred: list[Entity]) -> dict:
    """Per label exact and overlapping spans, value accuracy, and precision per source.

    Only gold files that list entities count: gold read from deal JSONL has none.
    """
    gold_ents = {g.doc_id: g.entities for g in gold if g.entities}
    scored = [e for e in pred if e.doc_id in gold_ents]
    out = {lab: _score_label(lab, gold_ents, scored) for lab in LABELS}
    out["by_source"] = _by_source(gold_ents, scored)
    out["ignored_pred"] = len(pred) - len(scored)
    out["docs"] = len(gold_ents)
    return out


def _score_label(label: str, gold_ents: dict, pred: list[Entity]) -> dict:
    gold = [(d, e) for d, ents in gold_ents.items() for e in ents if e.label == label]
    mine = [(e.doc_id, e) for e in pred if e.label == label]
    exact = {(d, e.start, e.end): e for d, e in gold}
    hits = [(e, exact[k]) for d, e in mine if (k := (d, e.start, e.end)) in exact]
    over_p = sum(any(_overlaps(e, g, d, h) for h, g in gold) for d, e in mine)
    over_r = sum(any(_overlaps(g, e, h, d) for d, e in mine) for h, g in gold)
    n_exact = len({(e.start, e.end, e.doc_id) for e, _ in hits})
    return {
        "exact": PRF(tp=n_exact, pred=len(mine), gold=len(exact)).as_dict(),
        "overlap": _overlap_prf(over_p, over_r, len(mine), len(gold)),
        "value_acc": _ratio(sum(_same_value(label, e, g) for e, g in hits), len(hits)),
    }


def _overlaps(a: Entity, b: Entity, doc_a: str, doc_b: str) -> bool:
    return doc_a == doc_b and a.start < b.end and b.start < a.end


def _overlap_prf(hit_pred: int, hit_gold: int, n_pred: int, n_gold: int) -> dict:
    """Share of predicted spans touching a gold span, and of gold spans touched."""
    p, r = _ratio(hit_pred, n_pred), _ratio(hit_gold, n_gold)
    f = (
        round(2 * p * r / (p + r), 4)
        if p is not None and r is not None and p + r
        else None
    )
    if f is None and p is not None and r is not None:
        f = 0.0
    return {"p": p, "r": r, "f": f}


def _same_value(label: str, p: Entity, g: Entity) -> bool:
    """ORG: the canonical name; MONEY: value within 1% and currency; DATE: the value."""
    if label == "ORG":
        return (p.canonical or p.value) == g.canonical
    if label == "MONEY":
        both_numbers = all(isinstance(x, int | float) for x in (p.value, g.value))
        return p.currency == g.currency and (
            close(p.value, g.value) if both_numbers else p.value == g.value
        )
    return p.value == g.value


def _by_source(gold_ents: dict, pred: list[Entity]) -> dict:
    """Exact-span precision of each rule or model that produced spans."""
    exact = {
        (d, e.label, e.start, e.end) for d, ents in gold_ents.items() for e in ents
    }
    counts: dict[str, PRF] = defaultdict(PRF)
    for e in pred:
        counts[e.source or "unknown"] += PRF(
            tp=(e.doc_id, e.label, e.start, e.end) in exact, pred=1
        )
    return {
        s: {"p": _ratio(c.tp, c.pred), "tp": c.tp, "pred": c.pred}
        for s, c in sorted(counts.items())
    }


# ---------------------------------------------------------------- reports


def format_table(result: dict) -> str:
    """The figures of `score()` as plain-text tables."""
    rows = [
        ("deals strict", result["deals_strict"]),
        ("deals relaxed", result["deals_relaxed"]),
    ]
    rows += [(f"  {t}", c) for t, c in result["per_type"].items()]
    parts = [_prf_table("deals", rows)]
    parts.append(_kv_table("field accuracy (strict matches)", result["fields"]))
    pr = result["pr_curve"]
    parts.append(
        f"documents: {len(result['per_doc'])} (without any record: "
        f"{result['gold_docs_without_pred']})   ignored predictions: "
        f"{result['ignored_pred']}   average precision: {_fmt(pr['ap'])}"
    )
    if "entities" in result:
        parts.append(_entity_tables(result["entities"]))
    return "\n\n".join(parts) + "\n"


def _fmt(x) -> str:
    return "-" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)


def _prf_table(title: str, rows: list[tuple[str, dict]]) -> str:
    lines = [f"{title:<24}{'P':>8}{'R':>8}{'F':>8}{'TP':>7}{'PRED':>7}{'GOLD':>7}"]
    for name, c in rows:
        figures = "".join(f"{_fmt(c[k]):>8}" for k in "prf")
        counts = "".join(f"{c.get(k, ''):>7}" for k in ("tp", "pred", "gold"))
        lines.append(f"{name:<24}{figures}{counts}")
    return "\n".join(lines)


def _kv_table(title: str, values: dict) -> str:
    return "\n".join([title] + [f"  {k:<22}{_fmt(v):>8}" for k, v in values.items()])


def _entity_tables(ents: dict) -> str:
    rows = []
    for lab in LABELS:
        rows += [
            (f"{lab} exact", ents[lab]["exact"]),
            (f"{lab} overlap", ents[lab]["overlap"]),
        ]
    table = _prf_table("entities", rows)
    acc = {lab: ents[lab]["value_acc"] for lab in LABELS}
    src = "\n".join(
        f"  {s:<30}{_fmt(c['p']):>8}{c['tp']:>7}{c['pred']:>7}"
        for s, c in ents["by_source"].items()
    )
    return "\n\n".join(
        [
            table,
            _kv_table("value accuracy (exact spans)", acc),
            f"precision by source{'':<13}{'P':>8}{'TP':>7}{'PRED':>7}\n{src}",
        ]
    )


def plot_pr(result: dict, path: Path) -> None:
    """Write the strict precision-recall curve as a PNG (needs the `plot` extra)."""
    try:
        import matplotlib

        matplotlib.use("Agg")  # no display needed: a file is the only output
        import matplotlib.pyplot as plt
    except ImportError:
        raise UsageError("--plot needs matplotlib: pip install 'kdeal[plot]'") from None
    pts = [pt for pt in result["pr_curve"]["points"] if pt["p"] is not None]
    fig, ax = plt.subplots(figsize=(5, 4))
    ax.step(
        [pt["r"] or 0 for pt in pts], [pt["p"] for pt in pts], where="post", marker="."
    )
    ax.set(
        xlabel="recall",
        ylabel="precision",
        xlim=(0, 1.02),
        ylim=(0, 1.02),
        title=f"deals, strict (AP {_fmt(result['pr_curve']['ap'])})",
    )
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def write_errors(errors: list[dict], path: Path) -> None:
    """One JSON object a line, written to a temp file then renamed (never partial)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        for e in errors:
            f.write(json.dumps(e, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def main_score(
    gold: Path,
    pred: Path,
    entities: Path | None = None,
    as_json: bool = False,
    errors: Path | None = None,
    plot: Path | None = None,
    out: TextIO | None = None,
) -> int:
    """`kdeal score`: load, score, print; returns the exit status (1 on bad input)."""
    out = out or sys.stdout
    try:
        errs: list | None = [] if errors else None
        ents = load_entities(entities) if entities else None
        result = score(load_gold(gold), load_predictions(pred), ents, errs)
        if errors:
            write_errors(errs or [], errors)
        if plot:
            plot_pr(result, plot)
    except KdealError as e:
        print(f"kdeal: error: {e}", file=sys.stderr)
        return 1
    out.write(
        json.dumps(result, ensure_ascii=False) + "\n"
        if as_json
        else format_table(result)
    )
    return 0
