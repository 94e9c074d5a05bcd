"""The score as a pure function of its inputs, and the ranking rule.

Arithmetic (docs/assessment.md repeats it; the drill-down prints it):

* rate items: rate = numerator ÷ denominator, rounded half-up to 4 decimals (0.8333 = 83.33%);
  a capped item uses min(rate, 1); points = weight × rate, rounded half-up to 2 decimals.
  A unit with no task for the item (denominator 0 or missing) gets the full weight: the seed
  plan only assesses units on the tasks they were given.
* points items (bonus/deduction): points = numerator (the sum of entered points), limited to
  ±weight when the item is capped.
* total = the plain sum of the item points (already 2 decimals, so exact; no further rounding).

Ranking within a group: higher total first; equal totals share a rank and the next rank skips
(1, 2, 2, 4). Display order among equals is the unit's sort order, then its code, so the same
inputs always give the same table.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

from django.utils.translation import gettext as _

ONE = Decimal(1)
ZERO = Decimal(0)
RATE_STEP = Decimal("0.0001")
POINT_STEP = Decimal("0.01")


@dataclass(frozen=True)
class ItemInput:
    """What a source function returns for one unit: the figures and what they came from."""

    numerator: Decimal
    denominator: Decimal | None = None
    sources: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class ItemResult:
    kind: str
    label: str
    weight: Decimal
    capped: bool
    mode: str
    numerator: Decimal
    denominator: Decimal | None
    rate: Decimal | None
    points: Decimal
    sources: list[dict[str, Any]]

    @property
    def task_met(self) -> bool:
        """The unit completed this item's task (rate ≥ 100%, or it had none)."""
        return self.rate is None or self.rate >= ONE


def item_points(
    inp: ItemInput, *, weight: Decimal, capped: bool, mode: str
) -> tuple[Decimal | None, Decimal]:
    """(rate, points) of one item; see the module docstring for the rounding."""
    if mode == "points":
        points = inp.numerator
        if capped:
            points = max(min(points, weight), -weight)
        return None, points.quantize(POINT_STEP, rounding=ROUND_HALF_UP)
    if not inp.denominator:
        return None, weight.quantize(POINT_STEP, rounding=ROUND_HALF_UP)
    rate = (inp.numerator / inp.denominator).quantize(RATE_STEP, rounding=ROUND_HALF_UP)
    used = min(rate, ONE) if capped else rate
    return rate, (weight * used).quantize(POINT_STEP, rounding=ROUND_HALF_UP)


def score_item(
    inp: ItemInput, *, kind: str, label: str, weight: Decimal, capped: bool, mode: str
) -> ItemResult:
    rate, points = item_points(inp, weight=weight, capped=capped, mode=mode)
    return ItemResult(
        kind=kind,
        label=label,
        weight=weight,
        capped=capped,
        mode=mode,
        numerator=inp.numerator,
        denominator=inp.denominator,
        rate=rate,
        points=points,
        sources=inp.sources,
    )


def total_of(items: Iterable[ItemResult]) -> Decimal:
    return sum((i.points for i in items), ZERO)


@dataclass(frozen=True)
class Ranked:
    key: Any
    total: Decimal
    rank: int
    position: int


def rank(rows: Sequence[tuple[Any, Decimal, tuple[Any, ...]]]) -> list[Ranked]:
    """Rank (key, total, tiebreak) rows: ties share a rank (1,2,2,4); tiebreak orders display."""
    ordered = sorted(rows, key=lambda r: (-r[1], r[2]))
    out: list[Ranked] = []
    previous: Decimal | None = None
    current_rank = 0
    for position, (key, total, _tie) in enumerate(ordered, start=1):
        if previous is None or total != previous:
            current_rank = position
            previous = total
        out.append(Ranked(key, total, current_rank, position))
    return out


class ExplainableItem(Protocol):
    """What `explain` reads: satisfied by a fresh ItemResult and a stored ItemScore alike."""

    @property
    def mode(self) -> str: ...
    @property
    def weight(self) -> Decimal: ...
    @property
    def capped(self) -> bool: ...
    @property
    def numerator(self) -> Decimal: ...
    @property
    def denominator(self) -> Decimal | None: ...
    @property
    def rate(self) -> Decimal | None: ...
    @property
    def points(self) -> Decimal: ...


def explain(item: ExplainableItem) -> str:
    """The arithmetic of one item as the drill-down prints it, in the reader's language."""
    if item.mode == "points":
        if item.capped:
            return _("加减分合计 %(sum)s，封顶±%(cap)s → %(points)s 分") % {
                "sum": item.numerator,
                "cap": item.weight,
                "points": item.points,
            }
        return _("加减分合计 %(sum)s → %(points)s 分") % {
            "sum": item.numerator,
            "points": item.points,
        }
    if item.rate is None:
        return _("无分解任务，按满分计 %(points)s 分") % {"points": item.points}
    used = min(item.rate, ONE) if item.capped else item.rate
    values = {
        "num": item.numerator,
        "den": item.denominator,
        "rate": f"{item.rate * 100:.2f}%",
        "weight": item.weight,
        "used": used,
        "points": item.points,
    }
    if item.capped and item.rate > ONE:
        return (
            _("%(num)s ÷ %(den)s = %(rate)s（封顶100%%）；%(weight)s × %(used)s = %(points)s 分")
            % values
        )
    return _("%(num)s ÷ %(den)s = %(rate)s；%(weight)s × %(used)s = %(points)s 分") % values
