"""`kdeal normalize`: numbers, amounts and dates as the JSON objects of CLI.md.

A text that cannot be read gives the same object with `value: null` and an `error`;
nothing here raises on user text.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from extractors.date import parse_date
from extractors.money import parse_money
from extractors.numerals import parse_korean_number


def json_number(v: Decimal | None) -> int | float | None:
    """int when whole (2750000000), else float (1.5); None stays None.

    >>> json_number(Decimal("2750000000")), json_number(Decimal("1.5")), json_number(None)
    (2750000000, 1.5, None)
    """
    if v is None:
        return None
    return int(v) if v == v.to_integral_value() else float(v)


def normalize_number(text: str, published: date | None = None) -> dict:
    return {"text": text, "value": json_number(parse_korean_number(text))}


def normalize_money(text: str, published: date | None = None) -> dict:
    m = parse_money(text)
    return {"text": text, "value": json_number(m.value), "currency": m.currency,
            "qualifier": m.qualifier, "min": json_number(m.min),
            "max": json_number(m.max)}  # fmt: skip


def normalize_date(text: str, published: date | None = None) -> dict:
    d = parse_date(text, published)
    return {"text": text, "value": d.value, "precision": d.precision}


NORMALIZERS = {"number": normalize_number, "money": normalize_money,
               "date": normalize_date}  # fmt: skip
EMPTY = {"number": {"value": None},
         "money": dict.fromkeys(("value", "currency", "qualifier", "min", "max")),
         "date": {"value": None, "precision": None}}  # fmt: skip


def normalize_texts(kind: str, texts: list[str], published: date | None) -> list[dict]:
    """One CLI.md object per text, in order.

    >>> normalize_texts("money", ["27억5000만달러", "회사"], None)  # doctest: +ELLIPSIS
    [{'text': '27억5000만달러', 'value': 2750000000, 'currency': 'USD', ...}, {...'error': ...}]
    >>> normalize_texts("date", ["지난해 9월"], date(2024, 3, 29))
    [{'text': '지난해 9월', 'value': '2023-09', 'precision': 'month'}]
    """
    if kind not in NORMALIZERS:
        raise ValueError(f"kind must be one of {', '.join(NORMALIZERS)}: {kind!r}")
    return [_one(kind, text, published) for text in texts]


def _one(kind: str, text: str, published: date | None) -> dict:
    try:
        return NORMALIZERS[kind](text, published)
    except (ValueError, ArithmeticError) as e:  # OverflowError, InvalidOperation
        return {"text": text, **EMPTY[kind], "error": str(e)}
