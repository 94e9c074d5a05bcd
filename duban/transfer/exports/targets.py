"""Targets with their decomposition (任务分解表), one row per district target and per part."""

from __future__ import annotations

from decimal import Decimal

from duban.accounts.models import User
from duban.audit.services import record
from duban.core.money import WAN_PER_YI
from duban.core.scoping import restrict
from duban.orgs.models import Unit
from duban.targets.models import Target
from duban.transfer.exports import new_book, to_bytes, write_table

HEADERS = [
    ("目标编号", 10),
    ("目标任务", 40),
    ("指标", 20),
    ("项目类别", 10),
    ("计量单位", 8),
    ("全区目标值", 12),
    ("责任单位", 16),
    ("分解目标值", 12),
]


def _money_unit(values: list[Decimal], unit: str) -> tuple[Decimal, str]:
    """Money targets are printed in 亿元 as the plans write them, unless a value of the group
    (the district target and its parts) would need more than the two decimals the number
    policy allows there (78,112万元 is 7.8112亿元): then the whole group stays in 万元, exact.
    The row's 计量单位 column says which, and the import reads it back."""
    if unit != "万元":
        return Decimal(1), unit
    if all(v % 100 == 0 for v in values if v is not None):
        return WAN_PER_YI, "亿元"
    return Decimal(1), "万元"


def _unit_of(part: Target) -> Unit:
    """A target's part always names its unit; only a district target has none."""
    if part.unit is None:
        raise ValueError(f"target part {part.pk} (of target {part.parent_id}) has no unit")
    return part.unit


def export_targets(user: User, *, year: int) -> tuple[bytes, int]:
    targets = (
        restrict(Target.objects.filter(year=year), user, "target.view")
        .select_related("metric", "category", "unit", "parent")
        .order_by("metric__sort_order", "category__sort_order", "id")
    )
    district = [t for t in targets if t.unit_id is None]
    parts: dict[int, list[Target]] = {}
    for t in targets:
        if t.parent_id:
            parts.setdefault(t.parent_id, []).append(t)
    rows = []
    for t in district:
        units = [(p, _unit_of(p)) for p in parts.get(t.pk, [])]
        divisor, unit = _money_unit([t.value, *(p.value for p, _ in units)], t.metric.unit)
        value = t.value / divisor
        base = [t.pk, t.display_title, t.metric.name, t.category.name if t.category else "", unit]
        rows.append([*base, value, "全区", None])
        for part, part_unit in sorted(units, key=lambda pu: (pu[1].sort_order, pu[1].code)):
            rows.append([*base, value, part_unit.name, part.value / divisor])
    book = new_book()
    ws = book.create_sheet("任务分解表")
    write_table(
        ws,
        f"{year}年目标任务分解表",
        HEADERS,
        rows,
        formats={6: "#,##0.##", 8: "#,##0.##"},
        subtitle="金额类指标单位为亿元（不足0.01亿元的以万元列示，见“计量单位”）；"
        "“责任单位”为“全区”的行是全区目标"
        # Invented splits (a demo's) say so on paper too, not only on the page.
        + (
            "；各单位分解数为示例数据（方案的任务分解表未提供），并非方案原文"
            if any(t.illustrative for t in targets)
            else ""
        ),
    )
    record(
        "export.targets",
        actor=user,
        object_type="targets.target",
        object_repr=f"{year} 目标任务分解表",
        detail={"year": year, "rows": len(rows)},
    )
    return to_bytes(book), len(rows)
