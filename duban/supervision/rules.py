"""The light rules as pure functions: numbers in, colour and explanation out.

No database here, so every threshold edge is tested directly and the page can print exactly
the sentence the rule produced. The thresholds themselves are data (`LightRule`, versioned by
effective date); `Thresholds` is the plain copy of one version these functions read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any

from django.utils.translation import gettext_noop

from duban.supervision.choices import Colour

HUNDRED = Decimal(100)
ZERO = Decimal(0)
CENT = Decimal("0.01")
# Percentages are shown with one decimal (the number policy, duban.core.numbers) and judged
# at that same precision.
PERCENT_STEP = Decimal("0.1")
LINEAR = tuple(Decimal(m * 100) / 12 for m in range(1, 13))


def pct(value: Decimal) -> Decimal:
    """Percentages are judged at the precision they are shown (0.1, the product's number
    policy), so the explanation on the page can never contradict the colour (a shown gap of
    10.0 is never yellow)."""
    return value.quantize(PERCENT_STEP, rounding=ROUND_HALF_UP)


def fmt(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return _shown(pct(value))


def _shown(shown: Decimal) -> str:
    """`fmt` of a value already at shown precision (a `pct` result; `pct` is idempotent)."""
    # str() of a value quantized to 0.1 is its plain "f" form (never exponent notation).
    text = str(shown)
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class Thresholds:
    """One version of the district's thresholds (a `LightRule` row, or the built-in default).

    The rule texts are cached on the instance: every light of a computation quotes them.
    """

    version: str
    yellow_gap_pp: Decimal = Decimal(10)
    red_gap_pp: Decimal = Decimal(20)
    node_overdue_yellow_days: int = 0
    node_overdue_red_days: int = 30
    forecast_yellow_ratio: Decimal = Decimal(85)
    forecast_from_month: int = 3
    # Stored in Chinese in the lights' texts; pages translate it when they show it alone.
    curve_name: str = gettext_noop("按月平均（月份/12）")
    shares: tuple[Decimal, ...] = LINEAR

    @classmethod
    def from_rule(cls, rule: Any) -> Thresholds:
        curve = rule.curve
        return cls(
            version=rule.version_label,
            yellow_gap_pp=Decimal(rule.yellow_gap_pp),
            red_gap_pp=Decimal(rule.red_gap_pp),
            node_overdue_yellow_days=rule.node_overdue_yellow_days,
            node_overdue_red_days=rule.node_overdue_red_days,
            forecast_yellow_ratio=Decimal(rule.forecast_yellow_ratio),
            forecast_from_month=rule.forecast_from_month,
            curve_name=curve.name if curve else cls.curve_name,
            shares=tuple(Decimal(str(s)) for s in curve.shares) if curve else LINEAR,
        )

    @cached_property
    def share_rule_text(self) -> str:
        return (
            f"落后序时进度超过{fmt(self.yellow_gap_pp)}个百分点亮黄灯、"
            f"超过{fmt(self.red_gap_pp)}个百分点亮红灯（序时进度：{self.curve_name}）"
        )

    @cached_property
    def node_rule_text(self) -> str:
        return (
            f"计划节点逾期未完成超过{self.node_overdue_yellow_days}天亮黄灯、"
            f"超过{self.node_overdue_red_days}天亮红灯"
        )

    @cached_property
    def forecast_rule_text(self) -> str:
        return (
            f"自{self.forecast_from_month}月起，按序时进度外推的年末值低于目标的"
            f"{fmt(self.forecast_yellow_ratio)}%时，绿灯转黄灯"
        )


def validate_shares(shares: Sequence[Any]) -> list[str]:
    """Problems with a curve as typed by a district, each naming the month (empty if fine)."""
    errors: list[str] = []
    if len(shares) != 12:
        return [f"序时进度曲线应有12个月的数值，现有{len(shares)}个"]
    previous = ZERO
    for month, raw in enumerate(shares, start=1):
        try:
            value = Decimal(str(raw))
        except ArithmeticError:
            errors.append(f"{month}月：不是数字")
            continue
        if not ZERO <= value <= HUNDRED:
            errors.append(f"{month}月：应在0到100之间")
        if value < previous:
            errors.append(f"{month}月：累计进度不能小于上月")
        previous = value
    if not errors and Decimal(str(shares[-1])) != HUNDRED:
        errors.append("12月：累计进度应为100")
    return errors


def expected_share(shares: Sequence[Decimal], month: int, start_month: int = 1) -> Decimal:
    """Cumulative percent of the year's plan expected by the end of `month`.

    With a start month (a project planned to start in June), the curve is rescaled to the
    months from the start on: nothing is expected before it, everything by December.
    """
    if month < start_month:
        return ZERO
    at = shares[min(month, 12) - 1]
    if start_month <= 1:
        return Decimal(at)
    before = shares[start_month - 2]
    if before >= HUNDRED:
        return HUNDRED
    return (Decimal(at) - before) / (HUNDRED - before) * HUNDRED


@dataclass(frozen=True)
class Verdict:
    """A colour with the sentence that justifies it and the rule it applied."""

    colour: str
    reason: str
    rule: str


def share_light(expected: Decimal, actual: Decimal, t: Thresholds) -> Verdict:
    """Compare the actual share of the year with the expected one (both in percent).

    Behind by more than red_gap_pp → red; by more than yellow_gap_pp → yellow; exactly on a
    threshold is still the milder colour (the rule says "more than").
    """
    shown_expected, shown_actual = pct(expected), pct(actual)
    gap = shown_expected - shown_actual
    head = f"序时进度{_shown(shown_expected)}%，实际完成{_shown(shown_actual)}%"
    if gap > t.red_gap_pp:
        return Verdict(
            Colour.RED,
            f"{head}，落后{fmt(gap)}个百分点，超过红灯阈值{fmt(t.red_gap_pp)}个百分点",
            t.share_rule_text,
        )
    if gap > t.yellow_gap_pp:
        return Verdict(
            Colour.YELLOW,
            f"{head}，落后{fmt(gap)}个百分点，超过黄灯阈值{fmt(t.yellow_gap_pp)}个百分点",
            t.share_rule_text,
        )
    if gap > 0:
        tail = f"落后{fmt(gap)}个百分点，未超过黄灯阈值{fmt(t.yellow_gap_pp)}个百分点"
    else:
        tail = "达到或快于序时进度"
    return Verdict(Colour.GREEN, f"{head}，{tail}", t.share_rule_text)


def forecast_value(actual: Decimal, expected_pct: Decimal) -> Decimal | None:
    """Year-end projection: the actual so far divided by the share of the year expected so far
    (the trajectory curve), i.e. "keep the pace you have had against the curve". None before
    anything is expected."""
    if expected_pct <= 0:
        return None
    return (actual * HUNDRED / expected_pct).quantize(CENT, rounding=ROUND_HALF_UP)


def forecast_light(
    forecast: Decimal | None, target: Decimal, month: int, t: Thresholds
) -> Verdict | None:
    """Yellow when the projected year-end falls short of forecast_yellow_ratio % of the target
    (from forecast_from_month on); None when the rule does not apply."""
    if forecast is None or target <= 0 or month < t.forecast_from_month:
        return None
    ratio = pct(forecast * HUNDRED / target)
    if ratio < t.forecast_yellow_ratio:
        return Verdict(
            Colour.YELLOW,
            f"按当前进度预测年末完成目标的{_shown(ratio)}%，低于{fmt(t.forecast_yellow_ratio)}%",
            t.forecast_rule_text,
        )
    return None


@dataclass(frozen=True)
class NodeDate:
    """A planned node of a project: its name, planned date and completion date (or None)."""

    name: str
    planned: dt.date
    completed: dt.date | None


@dataclass(frozen=True)
class OverdueNode:
    name: str
    planned: dt.date
    days: int


def overdue_nodes(nodes: Sequence[NodeDate], as_of: dt.date) -> list[OverdueNode]:
    """Nodes whose planned date has passed by `as_of` without completion (a completion after
    `as_of` did not exist yet as of that day), most overdue first."""
    out = [
        OverdueNode(n.name, n.planned, (as_of - n.planned).days)
        for n in nodes
        if n.planned < as_of and (n.completed is None or n.completed > as_of)
    ]
    return sorted(out, key=lambda o: (-o.days, o.name))


def node_light(nodes: Sequence[NodeDate], as_of: dt.date, t: Thresholds) -> Verdict | None:
    """The colour of the most overdue node; None when no planned node has been missed.

    Overdue by more than node_overdue_red_days → red; by more than node_overdue_yellow_days →
    yellow; exactly on a threshold is the milder colour.
    """
    late = overdue_nodes(nodes, as_of)
    if not late:
        return None
    worst = late[0]
    text = f"计划{worst.name}日期{worst.planned:%Y-%m-%d}已过{worst.days}天仍未完成"
    if worst.days > t.node_overdue_red_days:
        colour, tail = Colour.RED, f"超过红灯阈值{t.node_overdue_red_days}天"
    elif worst.days > t.node_overdue_yellow_days:
        colour, tail = Colour.YELLOW, f"超过黄灯阈值{t.node_overdue_yellow_days}天"
    else:
        colour, tail = Colour.GREEN, f"未超过黄灯阈值{t.node_overdue_yellow_days}天"
    return Verdict(colour, f"{text}，{tail}", t.node_rule_text)
