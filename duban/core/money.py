"""Money is kept in 万元 as Decimal and always printed with its unit.

Plans speak in 亿元 and ledgers in 万元; confusing the two is the classic ledger error (a factor
of 10,000), so there is exactly one place that converts and every printed figure carries 万元 or
亿元 beside it.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

WAN_PER_YI = Decimal(10000)
MONEY_UNITS = ("万元", "亿元")


def to_wan(value: Decimal | int | str, unit: str) -> Decimal:
    """Convert an amount written in 万元 or 亿元 into 万元, exactly."""
    amount = Decimal(str(value))
    if unit == "万元":
        return amount
    if unit == "亿元":
        return amount * WAN_PER_YI
    if unit == "元":
        return amount / WAN_PER_YI
    raise ValueError(f"不是金额单位: {unit}")


def quantize(value: Decimal, places: int = 2) -> Decimal:
    step = Decimal(1).scaleb(-places)
    return value.quantize(step, rounding=ROUND_HALF_UP)


def _trim(value: Decimal) -> str:
    text = f"{value:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_wan(value: Decimal | int | None, *, unit: str = "auto", places: int = 2) -> str:
    """Print an amount held in 万元: as 亿元 when it is at least 1亿, else as 万元.

    `unit="万元"` or `unit="亿元"` forces one; the unit is always part of the text.
    """
    if value is None:
        return "—"
    amount = Decimal(value)
    if unit == "auto":
        unit = "亿元" if abs(amount) >= WAN_PER_YI else "万元"
    if unit == "亿元":
        return f"{_trim(quantize(amount / WAN_PER_YI, places))}亿元"
    if unit == "万元":
        return f"{_trim(quantize(amount, places))}万元"
    raise ValueError(f"不是金额单位: {unit}")


def format_quantity(value: Decimal | int | None, unit: str) -> str:
    """A target or actual with its unit; money units go through format_wan."""
    if value is None:
        return "—"
    if unit in MONEY_UNITS:
        return format_wan(value)
    if unit == "%":
        return f"{_trim(quantize(Decimal(value), 1))}%"
    return f"{_trim(quantize(Decimal(value), 2))}{unit}"
