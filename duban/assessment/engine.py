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
    # Each item's sources serialised once: hashed here and stored as they are.
    sources_json: dict[tuple[int, str], str]


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
    sources_json = {
        (r.unit_id, i.kind): json.dumps(i.sources, ensure_ascii=False, sort_keys=True, default=str)
        for r in rows
        for i in r.items
    }
    return GroupResult(
        method, month, rows, content_hash(method, month, rows, sources_json), sources_json
    )


def _num(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def content_hash(
    method: AssessmentMethod,
    month: Month,
    rows: list[UnitResult],
    sources_json: dict[tuple[int, str], str],
) -> str:
    """sha256 over everything a reader of the scores sees and nothing else (no timestamps), one
    line per unit and item, so the same inputs always give the same hash (SECURITY.md F3/F4)."""
    digest = hashlib.sha256()
    digest.update(f"{month}|{method.group}|{method.pk}|{method.version}|{method.pace}\n".encode())
    for r in rows:
        digest.update(
            f"U|{r.unit_id}|{_num(r.total)}|{r.rank}|{r.position}|{r.task_met}\n".encode()
        )
        for i in r.items:
            line = (
                f"I|{i.kind}|{_num(i.weight)}|{i.capped}|{_num(i.numerator)}|"
                f"{_num(i.denominator)}|{_num(i.rate)}|{_num(i.points)}|"
                f"{sources_json[(r.unit_id, i.kind)]}\n"
            )
            digest.update(line.encode())
    return digest.hexdigest()
