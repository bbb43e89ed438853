"""Stage 7: one record per distinct deal.

Repeats (headline, lead, body) merge; an amountless retelling merges into the deal
with an amount; a figure that only adds up other records of the article is dropped
(DEALS.md §1). Tranches and running totals stay apart (`cumulative`).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from pipeline.records import DealRecord
from pipeline.work import Options, Work

FILL = (
    "amount_krw",
    "krw_source",
    "fx",
    "amount_usd",
    "date",
    "date_precision",
    "date_text",
    "stake_pct",
    "valuation",
    "qualifier",
)


def run(works: Iterator[Work], opts: Options) -> Iterator[Work]:
    for w in works:
        w.records = dedupe(w.records)
        yield w


def key(r: DealRecord) -> tuple:
    """Same parties and amount: the same deal, whether told as a tranche or a total."""
    amt = (round(float(r.amount.value), 2), r.amount.currency) if r.amount else None
    return r.deal_type, r.target, tuple(r.investors), amt


def dedupe(records: list[DealRecord]) -> list[DealRecord]:
    merged: dict[tuple, DealRecord] = {}
    for r in records:
        k = key(r)
        merged[k] = merge(merged[k], r) if k in merged else r
    kept = [r for r in merged.values() if not retold(r, merged.values())]
    kept = [r for r in kept if not typed_elsewhere(r, kept)]
    kept = [r for r in kept if not group_of_another(r, kept)]
    kept = fold_unnamed(kept)
    kept = [r for r in kept if not in_won_elsewhere(r, kept)]
    kept = [r for r in kept if not rounded(r, kept)]
    return [r for r in kept if not sums_others(r, kept)]


def merge(a: DealRecord, b: DealRecord) -> DealRecord:
    """The more confident record, its gaps filled from the other."""
    best, other = (a, b) if (a.confidence or 0) >= (b.confidence or 0) else (b, a)
    return fill(best, other)


def fill(best: DealRecord, other: DealRecord) -> DealRecord:
    """`best` with the fields it lacks taken from `other`."""
    update = {
        f: getattr(other, f)
        for f in FILL
        if getattr(best, f) is None and getattr(other, f) is not None
    }
    if update.get("amount_krw") is not None and other.krw_source:
        update["krw_source"] = other.krw_source
    if (
        other.cumulative and not best.cumulative
    ):  # "총 20억달러" told again as "20억달러"
        update["cumulative"] = True
    return best.model_copy(update=update) if update else best


def retold(r: DealRecord, records) -> bool:
    """An amountless record told again with an amount elsewhere in the article."""
    if r.amount is not None:
        return False
    told = [
        o
        for o in records
        if o.amount is not None and o.deal_type == r.deal_type and o.target == r.target
    ]
    # A와 B가 투자한 C: retold where A and B each put in an amount (각각 X, Y)
    return bool(told) and set(r.investors) <= {i for o in told for i in o.investors}


def typed_elsewhere(r: DealRecord, records) -> bool:
    """`SMC가 영풍 지분을 매입` told again where the stake shows it a minority one
    (`지분 10.3%를 취득`, an investment): one deal, the record with the stake."""
    if r.amount is not None or r.stake_pct is not None:
        return False
    kinds = {"acquisition", "investment"}
    return r.deal_type in kinds and any(
        o is not r
        and o.deal_type in kinds - {r.deal_type}
        and o.stake_pct is not None
        and o.target == r.target
        and set(r.investors) <= set(o.investors)
        for o in records
    )


GROUP_ENDS = (" Group", " Holdings", "그룹", "홀딩스")


def group_of_another(r: DealRecord, records) -> bool:
    """`한화그룹이 아워홈 인수를 확정` told again as the affiliate's deal (한화호텔앤드
    리조트가 … 인수 계약): one deal, the record of the company that signs."""
    if len(r.investors) != 1:
        return False
    name = r.investors[0]
    stem = next((name[: -len(e)] for e in GROUP_ENDS if name.endswith(e)), None)
    if stem is None and " " not in name:
        stem = name  # Samsung, 한화: the group's short name
    if not stem:
        return False
    kinds = {"acquisition", "investment"}
    return any(
        o is not r
        # the group's amountless takeover told as the affiliate's priced stake
        and (
            o.deal_type == r.deal_type
            or r.amount is None
            and {o.deal_type, r.deal_type} <= kinds
        )
        and o.target == r.target
        and (r.amount is None or key(o)[3] == key(r)[3])
        and any(i != name and i.startswith(stem) for i in o.investors)
        for o in records
    )


def in_won_elsewhere(r: DealRecord, records: list[DealRecord]) -> bool:
    """A headline's 31조원 for the body's 210억달러 (its won value within 10%)."""
    if r.amount is None or r.amount.currency != "KRW":
        return False
    v = float(r.amount.value)
    return any(
        o is not r
        and o.amount is not None
        and o.amount.currency != "KRW"
        and o.amount_krw is not None
        and o.deal_type == r.deal_type
        and o.target == r.target
        and set(r.investors) <= set(o.investors)
        and abs(float(o.amount_krw.value) - v) <= 0.1 * v
        for o in records
    )


def fold_unnamed(records: list[DealRecord]) -> list[DealRecord]:
    """A headline's "B, X 유치" (no investors) is the body's "A 등으로부터 X 유치"."""
    records, dropped = list(records), set()
    for i, r in enumerate(records):
        for j, o in enumerate(records):
            if (
                i != j
                and j not in dropped
                and same_deal(o, r)
                and (set(r.investors) < set(o.investors))
            ):
                records[j] = fill(o, r)
                dropped.add(i)
                break
    return [r for i, r in enumerate(records) if i not in dropped]


def same_deal(a: DealRecord, b: DealRecord) -> bool:
    """Same type, target, amount and tranche/total: investors aside."""
    return key(a)[:2] == key(b)[:2] and key(a)[3:] == key(b)[3:]


def rounded(r: DealRecord, records: list[DealRecord]) -> bool:
    """`40조원대` retold exactly as 43조8000억원 elsewhere: keep the exact one."""
    if r.amount is None or r.qualifier is None:
        return False
    v = float(r.amount.value)
    return any(
        o is not r
        and o.amount is not None
        and o.qualifier is None
        and o.amount.currency == r.amount.currency
        and o.deal_type == r.deal_type
        and o.target == r.target
        and set(o.investors) >= set(r.investors)
        and o.cumulative == r.cumulative
        and v <= float(o.amount.value) <= 1.25 * v
        for o in records
    )


def same_sentence(a: DealRecord, b: DealRecord) -> bool:
    ea, eb = a.evidence, b.evidence
    return (
        ea is not None and eb is not None and (ea.start, ea.end) == (eb.start, eb.end)
    )


def sums_others(r: DealRecord, records: list[DealRecord]) -> bool:
    """True when r's amount is the sum of 2-4 other records' (a summary figure); a
    total (`총`) counts only as the sum of parts its own sentence lists
    (`각각 263억원과 254억원을 출자해 총 517억원`)."""
    if r.amount is None:
        return False
    others = [
        o
        for o in records
        if o is not r
        and o.amount is not None
        and o.amount.currency == r.amount.currency
        and not o.cumulative
        and o.deal_type == r.deal_type
        and (not r.cumulative or same_sentence(o, r))
    ]
    total = float(r.amount.value)
    for n in range(2, min(4, len(others)) + 1):
        for combo in combinations(others, n):
            backers = {i for o in combo for i in o.investors}
            if r.investors and not backers <= set(r.investors):
                continue  # 각각 1조원, 5000억원 …: a part of its own, not their total
            s = sum(float(o.amount.value) for o in combo)
            if abs(s - total) <= 0.01 * total or (
                r.qualifier == "at_least" and total <= s <= 1.1 * total
            ):
                return True
    return False
