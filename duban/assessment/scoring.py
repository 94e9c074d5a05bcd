"""The score as a pure function of its inputs, and the ranking rule.

Arithmetic (docs/assessment.md repeats it; the drill-down prints it):

* rates: numerator ÷ denominator, rounded half-up to 4 decimals (0.8333 = 83.33%);
* effective weights: a base item the unit has no task for does not apply (by default; the
  method may say "full marks" or "zero"), and the applicable base weights are rescaled to sum
  to exactly 100 (4 decimals, the last applicable item takes the remainder);
* points by the item's form (rate, steps, rank, per event, entered points, veto), each rounded
  half-up to 2 decimals;
* total = the plain sum of the item points (already 2 decimals, so exact; no further rounding).
  A veto item carries the difference that zeroes or caps the total.

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
HUNDRED = Decimal(100)
WEIGHT_STEP = Decimal("0.0001")
RATE_STEP = Decimal("0.0001")
POINT_STEP = Decimal("0.01")


@dataclass(frozen=True)
class ItemInput:
    """What a source function returns for one unit: the figures and what they came from."""

    numerator: Decimal
    denominator: Decimal | None = None
    sources: list[dict[str, Any]] = field(default_factory=list)
    # `sources` as the stored JSON text, when the source wrote it already (the target items
    # do, cheaper than the encoder); None: the engine encodes `sources`.
    sources_json: str | None = None


@dataclass(slots=True)
class ItemResult:
    """One scored item of one unit (not frozen: a frozen dataclass pays for every field of
    the tens of thousands built per computation at province scale)."""

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
    code: str = ""
    role: str = "base"
    applicable: bool = True
    effective_weight: Decimal | None = None
    sources_json: str | None = None  # see ItemInput.sources_json

    @property
    def task_met(self) -> bool:
        """The unit completed this item's task (rate ≥ 100%, or it had none)."""
        return self.rate is None or self.rate >= ONE


def rate_of(inp: ItemInput) -> Decimal | None:
    """numerator ÷ denominator, half-up to 4 decimals; None without a task."""
    if not inp.denominator:
        return None
    return (inp.numerator / inp.denominator).quantize(RATE_STEP, rounding=ROUND_HALF_UP)


def cents(value: Decimal) -> Decimal:
    return value.quantize(POINT_STEP, rounding=ROUND_HALF_UP)


def item_points(
    inp: ItemInput, *, weight: Decimal, capped: bool, mode: str
) -> tuple[Decimal | None, Decimal]:
    """(rate, points) of a completion-rate or entered-points item of an applicable unit."""
    if mode == "points":
        points = inp.numerator
        if capped:
            points = max(min(points, weight), -weight)
        return None, cents(points)
    rate = rate_of(inp)
    if rate is None:
        return None, cents(weight)
    return rate, rate_points(weight, rate, capped=capped)


def rate_points(
    weight: Decimal, rate: Decimal, *, capped: bool, extra_cap: Decimal | None = None
) -> Decimal:
    """weight × rate (capped at 100% when the item says so); with `extra_cap`, the part above
    100% earns weight × (rate − 1) more, up to `extra_cap` points (超额加分)."""
    if extra_cap is not None:
        extra = min(weight * max(rate - ONE, ZERO), extra_cap)
        return cents(weight * min(rate, ONE) + extra)
    return cents(weight * (min(rate, ONE) if capped else rate))


def step_points(weight: Decimal, rate: Decimal, steps: Sequence[Sequence[Any]]) -> Decimal:
    """Steps [[rate threshold, share of the weight], …]: the best step the rate reaches (e.g.
    full marks at ≥ 100%, half at ≥ 80%, none below)."""
    return cents(weight * max(step_shares(steps, rate), default=ZERO))


def parse_steps(steps: Sequence[Sequence[Any]]) -> list[tuple[Decimal, Decimal]]:
    """The steps as Decimals, once per item (not once per unit)."""
    return [(Decimal(str(at)), Decimal(str(share))) for at, share in steps]


def step_shares(steps: Sequence[Sequence[Any]], rate: Decimal) -> list[Decimal]:
    parsed = steps if steps and isinstance(steps[0][0], Decimal) else parse_steps(steps)
    return [share for at, share in parsed if rate >= at]


def rank_points(weight: Decimal, place: int, table: Sequence[Any], rest: Any = 0) -> Decimal:
    """Points by place within the group: `table[place − 1]` × weight, `rest` × weight after."""
    share = Decimal(str(table[place - 1])) if place <= len(table) else Decimal(str(rest))
    return cents(weight * share)


def event_points(role: str, weight: Decimal, events: Decimal, per_event: Decimal) -> Decimal:
    """Per-event points: a base item loses `per_event` for each event down to 0; a deduction
    item takes `per_event` each up to its cap (`weight`); a bonus item gives up to its cap."""
    amount = events * per_event
    if role == "base":
        return cents(max(weight - amount, ZERO))
    sign = -1 if role == "deduction" else 1
    return cents(sign * min(amount, weight))


def veto_points(before: Decimal, events: Decimal, mode: str, cap: Decimal) -> Decimal:
    """一票否决: with an event, the total is zeroed (mode "zero") or limited to `cap`; the item
    carries the difference so the total stays the plain sum of the item points."""
    if not events:
        return ZERO
    target = ZERO if mode == "zero" else min(before, cap)
    return cents(target - before)


def effective_weights(
    items: Sequence[tuple[str, str, Decimal, bool, bool]], policy: str
) -> dict[str, tuple[bool, Decimal]]:
    """{code: (applicable, effective weight)} of one unit's items.

    `items` are (code, role, weight, has_task, has_task_for_this_unit). With the "rescale"
    policy (the default), an item the unit has no task for does not apply and the applicable
    base weights are rescaled so they sum to exactly 100 (4 decimals; the last applicable base
    item takes the rounding remainder). "full" and "zero" keep every item applicable at its
    written weight. Bonus, deduction and veto items keep their written weight (their cap).
    """
    out: dict[str, tuple[bool, Decimal]] = {}
    base = [(c, w) for c, role, w, has, mine in items if role == "base" and (mine or not has)]
    if policy != "rescale":
        return {c: (True, w) for c, _r, w, _h, _m in items}
    total = sum((w for _c, w in base), ZERO)
    if total == HUNDRED:
        # Every base item applies: the written weights stand (the common case, no division).
        return {c: (True, w) for c, _r, w, _h, _m in items}
    if total == 0:
        # Nothing applies to the unit: every base item counts at its written weight (and earns
        # nothing without a task), rather than dividing by zero or handing out full marks.
        return {c: (True, w) for c, _r, w, _h, _m in items}
    applicable_codes = {c for c, _w in base}
    rescaled: dict[str, Decimal] = {}
    if total > 0:
        running = ZERO
        for n, (code, weight) in enumerate(base):
            if n == len(base) - 1:
                rescaled[code] = HUNDRED - running
            else:
                rescaled[code] = (weight * HUNDRED / total).quantize(WEIGHT_STEP, ROUND_HALF_UP)
                running += rescaled[code]
    for code, role, weight, _has, _mine in items:
        if role != "base":
            out[code] = (True, weight)
        elif code in applicable_codes:
            out[code] = (True, rescaled.get(code, ZERO))
        else:
            out[code] = (False, ZERO)
    return out


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
        code=kind,
        effective_weight=weight,
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
    def role(self) -> str: ...
    @property
    def weight(self) -> Decimal: ...
    @property
    def effective_weight(self) -> Decimal | None: ...
    @property
    def applicable(self) -> bool: ...
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
    weight = item.effective_weight if item.effective_weight is not None else item.weight
    if not item.applicable:
        return _("本单位无此项任务，不适用；其余基础分项按比例折算至100分")
    if item.mode == "veto":
        if item.numerator:
            return _("一票否决事项 %(n)s 项 → %(points)s 分") % {
                "n": item.numerator,
                "points": item.points,
            }
        return _("无一票否决事项 → 0 分")
    if item.mode == "event":
        return _("%(n)s 次 → %(points)s 分（上限 %(cap)s 分）") % {
            "n": item.numerator,
            "points": item.points,
            "cap": item.weight,
        }
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
        return _("无分解任务，按办法计 %(points)s 分") % {"points": item.points}
    values = {
        "num": item.numerator,
        "den": item.denominator,
        "rate": f"{item.rate * 100:.2f}%",
        "weight": weight,
        "written": item.weight,
        "points": item.points,
    }
    scaled = _("（原分值 %(written)s，折算 %(weight)s）") % values if weight != item.weight else ""
    head = _("%(num)s ÷ %(den)s = %(rate)s") % values
    if item.mode == "steps":
        return _("%(head)s；按分档 → %(points)s 分%(scaled)s") % {
            "head": head,
            "points": item.points,
            "scaled": scaled,
        }
    if item.mode == "rank":
        return _("%(head)s；按组内名次 → %(points)s 分%(scaled)s") % {
            "head": head,
            "points": item.points,
            "scaled": scaled,
        }
    used = min(item.rate, ONE) if item.capped else item.rate
    cap = _("（封顶100%%）") % {} if item.capped and item.rate > ONE else ""
    return _("%(head)s%(cap)s；%(weight)s × %(used)s = %(points)s 分%(scaled)s") % {
        "head": head,
        "cap": cap,
        "weight": weight,
        "used": used,
        "points": item.points,
        "scaled": scaled,
    }
