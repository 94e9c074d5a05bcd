"""Money is 万元 Decimal; 亿元 and 万元 are never confused and the unit is always printed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from duban.core.money import format_quantity, format_wan, to_wan


def test_yi_converts_to_ten_thousand_wan_exactly() -> None:
    assert to_wan("26", "亿元") == Decimal(260000)
    assert to_wan(Decimal("0.5"), "亿元") == Decimal(5000)
    assert to_wan("5000", "万元") == Decimal(5000)


def test_an_unknown_money_unit_is_refused_not_guessed() -> None:
    with pytest.raises(ValueError):
        to_wan("3", "千元")


def test_amounts_from_one_yi_print_as_yi_and_below_as_wan() -> None:
    assert format_wan(Decimal(260000)) == "26亿元"
    assert format_wan(Decimal(10000)) == "1亿元"
    assert format_wan(Decimal(9999)) == "9,999万元"
    assert format_wan(Decimal("213412.5")) == "21.34亿元"


def test_the_unit_is_always_printed_and_can_be_forced() -> None:
    assert format_wan(Decimal(260000), unit="万元") == "260,000万元"
    assert format_wan(Decimal(5000), unit="亿元") == "0.5亿元"
    assert format_wan(None) == "—"


def test_quantities_carry_their_unit() -> None:
    assert format_quantity(Decimal(168), "个") == "168个"
    assert format_quantity(Decimal(15), "%") == "15%"
    assert format_quantity(Decimal(200000), "万元") == "20亿元"
