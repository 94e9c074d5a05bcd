"""The one number policy for printing (duban.core.numbers) and its template filters."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from duban.core.numbers import (
    format_count,
    format_percent,
    format_ratio,
    format_score,
    percent_number,
    plain,
    score_number,
)

D = Decimal


def test_scores_always_have_two_decimals() -> None:
    assert format_score(D("94.785")) == "94.79"  # half up, as the method rounds
    assert format_score(72) == "72.00"
    assert format_score(None) == "—"


def test_rates_are_percentages_with_one_decimal() -> None:
    assert format_percent(11.19751166407465) == "11.2%"  # what the Q3 bulletin printed
    assert format_percent(D("100")) == "100.0%"
    assert format_ratio(D("0.8333")) == "83.3%"
    assert format_percent(D("-0.04")) == "0.0%"  # never "-0.0%"


def test_counts_are_integers() -> None:
    assert format_count(D("12.00")) == "12"
    assert format_count(168) == "168"


def test_typed_values_never_print_in_exponent_notation() -> None:
    # Decimal("40").normalize() is Decimal("4E+1"): the intake page showed "4E+1".
    assert plain(D("40").normalize()) == "40"
    assert plain(D("1E-7"), places=None) == "0.0000001"
    assert plain(D("0.125"), places=None) == "0.125"  # a value put back into a form keeps it
    assert plain(D("0.125")) == "0.13"  # a value shown keeps two decimals at most


def test_json_numbers_carry_no_more_digits_than_shown() -> None:
    assert score_number(D("94.789")) == 94.79
    assert percent_number(11.19751166407465) == 11.2
    assert percent_number(None) is None


@given(st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, places=6))
def test_no_printed_number_has_an_exponent_or_too_many_digits(value: Decimal) -> None:
    for text, most in ((format_score(value), 2), (plain(value), 2), (format_percent(value), 1)):
        assert "E" not in text and "e" not in text
        decimals = text.rstrip("%").partition(".")[2]
        assert len(decimals) <= most


@pytest.mark.parametrize(
    ("source", "value", "printed"),
    [
        ("{{ v|score }}", D("94.785"), "94.79"),
        ("{{ v|percent }}", D("11.19751"), "11.2%"),
        ("{{ v|ratio_percent }}", D("0.9524"), "95.2%"),
        ("{{ v|count }}", D("7.00"), "7"),
        ("{{ v|plain }}", D("4E+1"), "40"),
        ("{{ v|wan }}", D("12345.678"), "1.23亿元"),
    ],
)
def test_templates_print_through_the_policy(source: str, value: Decimal, printed: str) -> None:
    assert Template("{% load duban %}" + source).render(Context({"v": value})) == printed
