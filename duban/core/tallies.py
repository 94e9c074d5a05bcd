"""The shape in which an app hands per-unit counts to the assessment: numerator, denominator
and the sources behind them (so every score explains itself down to its rows)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

Tally = dict[str, Any]


def empty_tallies(unit_ids: list[int]) -> dict[int, Tally]:
    """A zero tally per unit: a unit with nothing counted still appears, with 0 / 0."""
    return {
        uid: {"numerator": Decimal(0), "denominator": Decimal(0), "sources": []} for uid in unit_ids
    }
