"""D4: values typed by people: numbers (full-width, separators, Chinese numerals), money in
万元/亿元 exactly, months valid. Property tests show no unhandled exception."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.asof import Month
from duban.core.money import format_quantity, format_wan, quantize, to_wan
from duban.core.numbers import normalize_digits, parse_number

FULLWIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")
MONEY = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2,
                    allow_nan=False, allow_infinity=False)  # fmt: skip


@given(st.text(max_size=40))
def test_d4_parse_number_never_raises(text: str) -> None:
    result = parse_number(text)
    assert result is None or isinstance(result, Decimal)


@given(MONEY)
def test_d4_full_width_digits_read_the_same_as_half_width(value: Decimal) -> None:
    text = f"{value:,f}"
    assert parse_number(text) == value
    assert parse_number(text.translate(FULLWIDTH)) == value
    assert normalize_digits(text.translate(FULLWIDTH)) == text


@given(MONEY)
def test_d4_money_conversion_is_exact(value: Decimal) -> None:
    assert to_wan(value, "亿元") == value * 10000
    assert to_wan(to_wan(value, "亿元"), "万元") / 10000 == value
    assert quantize(value) == value
    text = format_wan(value)
    assert "万元" in text or "亿元" in text


@given(st.one_of(st.none(), MONEY), st.sampled_from(["万元", "亿元", "%", "个", "家"]))
def test_d4_formatting_never_raises_and_keeps_the_unit(value: Decimal | None, unit: str) -> None:
    text = format_quantity(value, unit)
    if value is None:
        return
    if unit in ("万元", "亿元"):
        assert "万元" in text or "亿元" in text  # shown as 亿元 from 1亿 up
    else:
        assert unit in text


def test_d4_an_unknown_money_unit_is_refused() -> None:
    with pytest.raises(ValueError):
        to_wan(1, "美元")


@given(st.integers(min_value=1900, max_value=2998), st.integers(min_value=1, max_value=12))
def test_d4_months_round_trip_and_step(year: int, month: int) -> None:
    m = Month(year, month)
    assert Month.parse(str(m)) == m
    assert Month.parse(m.label) == m
    assert m.next().previous() == m
    assert m.first_day <= m.last_day
    assert (m.last_day + dt.timedelta(days=1)) == m.next().first_day


@given(st.text(max_size=20))
def test_d4_a_malformed_month_is_a_value_error_never_anything_else(text: str) -> None:
    try:
        m = Month.parse(text)
    except ValueError:
        return
    assert 1 <= m.month <= 12


@given(st.integers(), st.integers())
def test_d4_out_of_range_months_are_refused(year: int, month: int) -> None:
    if 1900 <= year <= 2999 and 1 <= month <= 12:
        assert Month(year, month).month == month
    else:
        with pytest.raises(ValueError):
            Month(year, month)
