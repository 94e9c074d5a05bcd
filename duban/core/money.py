"""Money is kept in 万元 as Decimal and always printed with its unit.

Plans speak in 亿元 and ledgers in 万元; confusing the two is the classic ledger error (a factor
of 10,000), so there is exactly one place that converts and every printed figure carries 万元 or
亿元 beside it.

Pages in English print the same amounts in million or billion yuan (1亿 = 100 million, 10亿 =
1 billion): `display_wan` / `display_quantity` shift the decimal point of the Chinese figure,
so the English figure is exactly the Chinese one, never re-rounded. Formal documents, exports,
stored texts (a letter's wording) and the CLI keep 万元/亿元 through `format_wan`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import get_language

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


def _english() -> bool:
    return (get_language() or "").startswith("en")


def display_wan(value: Decimal | int | None, *, unit: str = "auto", places: int = 2) -> str:
    """An amount held in 万元 as a page shows it: `format_wan` in Chinese; in English the same
    figure in million yuan, or billion yuan from 10亿 up (docs/i18n.md)."""
    if not _english() or value is None:
        return format_wan(value, unit=unit, places=places)
    amount = Decimal(value)
    if unit == "auto":
        unit = "亿元" if abs(amount) >= WAN_PER_YI else "万元"
    if unit == "亿元":
        yi = quantize(amount / WAN_PER_YI, places)
        if abs(yi) >= 10:
            return f"{_trim(yi.scaleb(-1))} billion yuan"
        return f"{_trim(yi.scaleb(2))} million yuan"
    if unit == "万元":
        return f"{_trim(quantize(amount, places).scaleb(-2))} million yuan"
    raise ValueError(f"不是金额单位: {unit}")


def display_quantity(value: Decimal | int | None, unit: str) -> str:
    """A target or actual as a page shows it (money through `display_wan`)."""
    if value is not None and unit in MONEY_UNITS:
        return display_wan(value)
    return format_quantity(value, unit)
