"""Stage 6: candidates -> DealRecords: canonical names, Money, KRW/USD, dates.

Stated won amounts are kept as written (`krw_source: "stated"`); others are converted
with the ECB rate of the deal's date (`extractors.fx`), and the rate is recorded.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from extractors.base import Mention, get_mentions
from pipeline.assemble import Candidate
from pipeline.records import DealRecord, Entity, Evidence, Fx, Money
from pipeline.work import Options, Work


def run(works: Iterator[Work], opts: Options) -> Iterator[Work]:
    for w in works:
        pub = w.article.published
        text = w.article.text
        w.records = [to_record(c, w.article.doc_id, text, pub) for c in w.candidates]
        for r in w.records:
            if not opts.explain:
                r.explain = None
        if opts.entities:
            w.entities = entities(
                w.doc, w.article.doc_id, pub, w.article.meta.get("mask", ())
            )
        yield w


def number(v: Decimal | float | int | None) -> int | float | None:
    """A JSON number: int when whole (2750000000), else float."""
    if v is None:
        return None
    d = Decimal(v)
    return int(d) if d == d.to_integral_value() else float(d)


def money(m: Mention | None) -> Money | None:
    if m is None or m.value is None or m.value.value is None or not m.value.currency:
        return None
    return Money(value=number(m.value.value), currency=m.value.currency, text=m.text)


def names(mentions: list[Mention]) -> list[str]:
    return sorted({str(m.value or m.text) for m in mentions})


def deal_date(c: Candidate, published: date | None):
    """(value, precision, text) of the candidate's date mention."""
    from extractors.date import parse_date

    if c.date is None:
        return None, None, None
    try:
        d = parse_date(c.date.text, published)
    except ValueError:
        return None, None, c.date.text
    return d.value, d.precision, c.date.text


def to_record(
    c: Candidate, doc_id: str, text: str, published: date | None
) -> DealRecord:
    amount = money(c.amount)
    when, precision, when_text = deal_date(c, published)
    rec = DealRecord(
        doc_id=doc_id,
        deal_type=c.deal_type,
        investors=names(c.investors),
        target=None if c.target is None else names([c.target])[0],
        amount=amount,
        qualifier=c.amount.value.qualifier if amount else None,
        cumulative=c.cumulative,
        status=c.status,
        date=when,
        date_precision=precision,
        date_text=when_text,
        stake_pct=c.stake_pct,
        valuation=money(c.valuation),
        evidence=evidence(text, *c.sentence),
        confidence=c.confidence,
        explain=c.explain or None,
    )
    if amount is not None:
        fill_conversions(rec, money(c.amount_krw), fx_day(when, published))
    return rec


def evidence(text: str, start: int, end: int) -> Evidence:
    """The sentence without the blank lines and spaces Kiwi leaves around it."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Evidence(start=start, end=end, text=text[start:end])


def fx_day(when: str | None, published: date | None) -> date | None:
    """The day whose rate converts: the deal's date, else publication, else latest."""
    if when:
        parts = [int(p) for p in when.split("-")] + [1, 1]
        return date(*parts[:3])
    return published


def fill_conversions(
    rec: DealRecord, stated_krw: Money | None, day: date | None
) -> None:
    """amount_krw and amount_usd: stated when the article gives them, else converted."""
    from extractors.fx import convert

    amt = rec.amount
    rates = []
    if amt.currency == "KRW":
        rec.amount_krw, rec.krw_source = amt, "stated"
    elif stated_krw is not None and stated_krw.currency == "KRW":
        rec.amount_krw, rec.krw_source = stated_krw, "stated"
    else:
        got = convert(Decimal(str(amt.value)), amt.currency, "KRW", day)
        if got is not None:
            value, rate = got
            rec.amount_krw = Money(
                value=number(value.quantize(Decimal(1))), currency="KRW", text=""
            )
            rec.krw_source = "converted"
            rates.append(rate)
    if amt.currency == "USD":
        rec.amount_usd = amt.value
    else:
        got = convert(Decimal(str(amt.value)), amt.currency, "USD", day)
        if got is not None:
            rec.amount_usd = number(got[0].quantize(Decimal(1)))
            rates.append(got[1])
    if rates:
        rec.fx = Fx(**rates[0])


def entities(doc, doc_id: str, published: date | None, mask=()) -> list[Entity]:
    """Every ORG, MONEY and DATE mention outside page chrome, in text order."""
    from extractors.date import parse_date

    chrome = _overlap_test(mask)
    validate = Entity.__pydantic_validator__.validate_python  # what Entity(**e) runs
    out = []
    for kind in ("org", "money", "date"):
        for m in get_mentions(doc, kind):
            if chrome(m.start, m.end):
                continue
            # every field at once: one validation, no assignments after it
            e = {"label": m.label, "start": m.start, "end": m.end, "text": m.text,
                 "doc_id": doc_id, "source": m.source, "score": round(m.score, 3)}  # fmt: skip
            if kind == "org":
                e["canonical"] = str(m.value or m.text)
            elif kind == "money" and m.value is not None:
                e["value"], e["currency"] = number(m.value.value), m.value.currency
            elif kind == "date":
                try:
                    d = parse_date(m.text, published)
                    e["value"], e["precision"] = d.value, d.precision
                except ValueError:
                    pass
            out.append(validate(e))
    return sorted(out, key=lambda e: (e.start, e.end))


def _overlap_test(mask):
    """Whether [start, end) overlaps a span of `mask`. The spans `clean.chrome_mask`
    gives are sorted and apart: then only the two around `start` can overlap."""
    spans = [(s, e) for s, e in mask]
    if not spans:
        return lambda start, end: False
    if any(s > e for s, e in spans) or any(
        a[1] > b[0] for a, b in zip(spans, spans[1:], strict=False)
    ):
        return lambda start, end: any(s < end and start < e for s, e in spans)

    def overlaps(start: int, end: int) -> bool:
        i = bisect_right(spans, (start, float("inf")))
        return (i > 0 and spans[i - 1][1] > start) or (
            i < len(spans) and spans[i][0] < end
        )

    return overlaps
