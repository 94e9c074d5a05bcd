"""Computing one month's scores for a group: sources → pure scoring → ranked rows + hash.

Nothing here writes; `services.compute_month` stores what `compute_group` returns. Each item
kind's source runs once for all units of the group (set-based), so the cost is a fixed number
of GROUP BY queries whatever the number of units.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from duban.assessment import items as item_registry
from duban.assessment.models import AssessmentMethod
from duban.assessment.scoring import ItemInput, ItemResult, rank, score_item, total_of
from duban.core.asof import Month
from duban.orgs.models import Unit


@dataclass(frozen=True)
class UnitResult:
    unit_id: int
    total: Decimal
    rank: int
    position: int
    task_met: bool
    items: list[ItemResult]


@dataclass(frozen=True)
class GroupResult:
    method: AssessmentMethod
    month: Month
    rows: list[UnitResult]
    content_sha256: str
    # What is stored, formatted once and hashed as it is: (unit_id, total, rank, position,
    # task_met) per unit and (unit_id, kind, label, weight, capped, mode, numerator,
    # denominator, rate, points, sources JSON, sort_order) per item; numbers as plain strings.
    unit_rows: list[tuple[Any, ...]]
    item_rows: list[tuple[Any, ...]]


def group_units(group: str) -> list[tuple[int, int, str]]:
    """(id, sort_order, code) of the group's active units: the tie order of the ranking."""
    return list(
        Unit.objects.filter(kind=group, is_active=True)
        .order_by("sort_order", "code")
        .values_list("id", "sort_order", "code")
    )


def compute_group(
    method: AssessmentMethod, month: Month, cache: dict[Any, Any] | None = None
) -> GroupResult:
    """Score every active unit of the method's group; `cache` lets the groups of one month
    share the all-units aggregates."""
    units = group_units(method.group)
    unit_ids = [u[0] for u in units]
    tiebreak = {u[0]: (u[1], u[2]) for u in units}
    per_unit: dict[int, list[ItemResult]] = {uid: [] for uid in unit_ids}
    method_items = list(method.items.all())
    for mi in method_items:
        kind = item_registry.REGISTRY.get(mi.kind)
        if kind is None:
            raise ValueError(f"考评项“{mi.label}”（{mi.kind}）未注册，无法计算")
        params = {
            **kind.default_params,
            **(mi.params or {}),
            "basis": method.target_basis,
            "pace": method.pace,
            "cache": cache,
        }
        inputs = kind.source(unit_ids, month, params) if unit_ids else {}
        for uid in unit_ids:
            inp = inputs.get(uid) or ItemInput(Decimal(0), None, [])
            per_unit[uid].append(
                score_item(
                    inp,
                    kind=mi.kind,
                    label=mi.label,
                    weight=mi.weight,
                    capped=mi.capped,
                    mode=kind.mode,
                )
            )
    ranked = rank([(uid, total_of(per_unit[uid]), tiebreak[uid]) for uid in unit_ids])
    rows = []
    for r in ranked:
        results = per_unit[r.key]
        task = next((i for i in results if i.kind == method.statement_item), None)
        rows.append(
            UnitResult(
                unit_id=r.key,
                total=r.total,
                rank=r.rank,
                position=r.position,
                task_met=task.task_met if task is not None else True,
                items=results,
            )
        )
    unit_rows, item_rows, digest = stored_rows(method, month, rows)
    return GroupResult(method, month, rows, digest, unit_rows, item_rows)


def _num(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


_encode_sources = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str).encode


def stored_rows(
    method: AssessmentMethod, month: Month, rows: list[UnitResult]
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], str]:
    """The rows to store and their sha256: over everything a reader of the scores sees and
    nothing else (no timestamps), one line per unit and item, so the same inputs always give
    the same hash (SECURITY.md F3/F4). The line format is pinned by a test: changing it would
    make every published month look changed."""
    lines = [f"{month}|{method.group}|{method.pk}|{method.version}|{method.pace}\n"]
    unit_rows: list[tuple[Any, ...]] = []
    item_rows: list[tuple[Any, ...]] = []
    for r in rows:
        total = _num(r.total)
        unit_rows.append((r.unit_id, total, r.rank, r.position, r.task_met))
        lines.append(f"U|{r.unit_id}|{total}|{r.rank}|{r.position}|{r.task_met}\n")
        for n, i in enumerate(r.items):
            weight, numerator, denominator = _num(i.weight), _num(i.numerator), _num(i.denominator)
            rate, points, sources = _num(i.rate), _num(i.points), _encode_sources(i.sources)
            item_rows.append(
                (r.unit_id, i.kind, i.label, weight, i.capped, i.mode, numerator, denominator,
                 rate, points, sources, n)
            )  # fmt: skip
            lines.append(
                f"I|{i.kind}|{weight}|{i.capped}|{numerator}|{denominator}|{rate}|{points}|"
                f"{sources}\n"
            )
    digest = hashlib.sha256("".join(lines).encode()).hexdigest()
    return unit_rows, item_rows, digest
