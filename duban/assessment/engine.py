"""Computing one month's scores for a group: sources → pure scoring → ranked rows + hash.

Nothing here writes; `services.compute_month` stores what `compute_group` returns. Each item
kind's source runs once for all units of the group (set-based), so the cost is a fixed number
of GROUP BY queries whatever the number of units.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from duban.assessment import items as item_registry
from duban.assessment.choices import ItemRole, NotApplicable, ScoringForm
from duban.assessment.language import ALL_TASKS, TASK_FORMS, ItemSpec, MethodSpec, spec_of
from duban.assessment.models import AssessmentMethod
from duban.assessment.scoring import (
    ZERO,
    ItemInput,
    ItemResult,
    cents,
    effective_weights,
    event_points,
    item_points,
    parse_steps,
    rank,
    rank_points,
    rate_of,
    rate_points,
    step_points,
    total_of,
    veto_points,
)
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
    spec: MethodSpec
    month: Month
    rows: list[UnitResult]
    content_sha256: str
    # What is stored, formatted once and hashed as it is: (unit_id, total, rank, position,
    # task_met) per unit and (unit_id, kind, label, weight, capped, mode, numerator,
    # denominator, rate, points, sources JSON, sort_order, code, role, applicable,
    # effective_weight) per item; numbers as plain strings.
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
    method: AssessmentMethod | MethodSpec, month: Month, cache: dict[Any, Any] | None = None
) -> GroupResult:
    """Score every active unit of the method's group; `cache` lets the groups of one month
    (and the months of a what-if comparison) share the all-units aggregates."""
    spec = method if isinstance(method, MethodSpec) else spec_of(method)
    units = group_units(spec.group)
    unit_ids = [u[0] for u in units]
    tiebreak = {u[0]: (u[1], u[2]) for u in units}
    inputs: dict[str, dict[int, ItemInput]] = {}
    for item in spec.items:
        kind = item_registry.REGISTRY.get(item.kind)
        if kind is None:
            raise ValueError(f"考评项“{item.label}”（{item.kind}）未注册，无法计算")
        params = {
            **kind.default_params,
            "basis": spec.target_basis,
            "pace": spec.pace,
            **item.params,
            "cache": cache,
        }
        inputs[item.code] = kind.source(unit_ids, month, params) if unit_ids else {}
    empty = ItemInput(Decimal(0), None, [])

    def inp(code: str, uid: int) -> ItemInput:
        return inputs[code].get(uid) or empty

    weights = {
        uid: effective_weights(
            [
                (i.code, i.role, i.weight, i.has_task, bool(inp(i.code, uid).denominator))
                for i in spec.items
            ],
            spec.not_applicable,
        )
        for uid in unit_ids
    }
    places = _rank_places(spec, unit_ids, inp, weights)
    # Parsed once per item, not once per unit.
    steps = {i.code: parse_steps(i.params.get("steps") or []) for i in spec.items}
    per_unit = {uid: _score_unit(spec, uid, inp, weights[uid], places, steps) for uid in unit_ids}
    ranked = rank([(uid, total_of(per_unit[uid]), tiebreak[uid]) for uid in unit_ids])
    task = spec.statement_task
    rows = []
    for r in ranked:
        results = per_unit[r.key]
        rows.append(
            UnitResult(
                unit_id=r.key,
                total=r.total,
                rank=r.rank,
                position=r.position,
                task_met=_met(results, task),
                items=results,
            )
        )
    unit_rows, item_rows, digest = stored_rows(spec, month, rows)
    return GroupResult(spec, month, rows, digest, unit_rows, item_rows)


def item_met(item: ItemResult | Any) -> bool:
    """An item's task is completed when the unit had none or reached 100% of it."""
    return not item.applicable or item.rate is None or item.rate >= 1


def met_by_code(items: Iterable[ItemResult | Any], task_codes: Iterable[str]) -> dict[str, bool]:
    wanted = set(task_codes)
    return {i.code: item_met(i) for i in items if i.code in wanted}


def _met(results: list[ItemResult], task: str) -> bool:
    if not task:
        return True
    tasks = [r for r in results if r.role == ItemRole.BASE and r.mode in TASK_FORMS]
    codes = task.split(",")
    chosen = tasks if task == ALL_TASKS else [r for r in tasks if r.code in codes]
    return all(item_met(r) for r in chosen)


def _rank_places(
    spec: MethodSpec,
    unit_ids: list[int],
    inp: Any,
    weights: dict[int, dict[str, tuple[bool, Decimal]]],
) -> dict[tuple[str, int], int]:
    """{(item code, unit id): place} for rank-form items, among the units it applies to
    (ties share a place, as in the ranking)."""
    places: dict[tuple[str, int], int] = {}
    for item in spec.items:
        if item.form != ScoringForm.RANK:
            continue
        rows = []
        for uid in unit_ids:
            rate = rate_of(inp(item.code, uid))
            if weights[uid][item.code][0] and rate is not None:
                rows.append((uid, rate, (uid,)))
        for r in rank(rows):
            places[(item.code, r.key)] = r.rank
    return places


def _score_unit(
    spec: MethodSpec,
    uid: int,
    inp: Any,
    weights: dict[str, tuple[bool, Decimal]],
    places: dict[tuple[str, int], int],
    steps: dict[str, list[tuple[Decimal, Decimal]]],
) -> list[ItemResult]:
    results: list[ItemResult] = []
    vetoes: list[tuple[int, ItemSpec]] = []
    for n, item in enumerate(spec.items):
        data = inp(item.code, uid)
        applicable, weight = weights[item.code]
        rate = rate_of(data) if item.form in TASK_FORMS else None
        p = item.params
        if item.form == ScoringForm.VETO:
            vetoes.append((n, item))  # applied to the total of the other items, below
            continue
        if not applicable:
            points = ZERO
        elif item.form in TASK_FORMS and rate is None:
            # No task, and the method keeps the item ("full" or "zero").
            points = cents(weight) if spec.not_applicable == NotApplicable.FULL else ZERO
        elif item.form == ScoringForm.RATE and rate is not None:
            extra = p.get("extra_cap")
            points = rate_points(
                weight, rate, capped=item.capped,
                extra_cap=None if extra is None else Decimal(str(extra)),
            )  # fmt: skip
        elif item.form == ScoringForm.STEPS and rate is not None:
            points = step_points(weight, rate, steps[item.code])
        elif item.form == ScoringForm.RANK:
            points = rank_points(weight, places[(item.code, uid)], p["table"], p.get("rest", 0))
        elif item.form == ScoringForm.EVENT:
            events = data.numerator
            if p.get("count") == "missed":
                events = (data.denominator or ZERO) - data.numerator
            points = event_points(item.role, weight, events, Decimal(str(p["per_event"])))
        else:  # entered points (加减分), limited to ±weight when capped
            points = item_points(data, weight=weight, capped=item.capped, mode="points")[1]
        results.append(_result(item, data, rate, points, applicable, weight))
    for n, item in vetoes:
        data = inp(item.code, uid)
        before = total_of(results)
        cap = Decimal(str(item.params.get("cap", 0)))
        points = veto_points(before, data.numerator, item.params.get("mode", "zero"), cap)
        results.insert(n, _result(item, data, None, points, True, item.weight))
    return results


def _result(
    item: ItemSpec,
    data: ItemInput,
    rate: Decimal | None,
    points: Decimal,
    applicable: bool,
    weight: Decimal,
) -> ItemResult:
    return ItemResult(
        kind=item.kind,
        label=item.label,
        weight=item.weight,
        capped=item.capped,
        mode=item.form,
        numerator=data.numerator,
        denominator=data.denominator,
        rate=rate,
        points=points,
        sources=data.sources,
        code=item.code,
        role=item.role,
        applicable=applicable,
        effective_weight=weight,
    )


def _num(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


_encode_sources = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str).encode


def stored_rows(
    method: MethodSpec, month: Month, rows: list[UnitResult]
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], str]:
    """The rows to store and their sha256: over everything a reader of the scores sees and
    nothing else (no timestamps), one line per unit and item, so the same inputs always give
    the same hash (SECURITY.md F3/F4). The line format is pinned by a test: changing it would
    make every published month look changed."""
    lines = [f"{month}|{method.group}|{method.method_id}|{method.version}|{method.pace}\n"]
    unit_rows: list[tuple[Any, ...]] = []
    item_rows: list[tuple[Any, ...]] = []
    for r in rows:
        total = _num(r.total)
        unit_rows.append((r.unit_id, total, r.rank, r.position, r.task_met))
        lines.append(f"U|{r.unit_id}|{total}|{r.rank}|{r.position}|{r.task_met}\n")
        for n, i in enumerate(r.items):
            weight, numerator, denominator = _num(i.weight), _num(i.numerator), _num(i.denominator)
            rate, points, sources = (
                _num(i.rate),
                _num(i.points),
                _encode_sources(i.sources) if i.sources else "[]",
            )
            effective = _num(i.effective_weight)
            item_rows.append(
                (r.unit_id, i.kind, i.label, weight, i.capped, i.mode, numerator, denominator,
                 rate, points, sources, n, i.code, i.role, i.applicable, effective)
            )  # fmt: skip
            # The line of an item the old language could say (its kind once, applicable, at
            # its written weight) is unchanged, so months published before stay as they were.
            extra = (
                ""
                if i.code == i.kind and i.applicable and i.effective_weight == i.weight
                and i.mode in ("rate", "points")
                else f"|{i.code}|{i.role}|{i.mode}|{i.applicable}|{effective}"
            )  # fmt: skip
            lines.append(
                f"I|{i.kind}|{weight}|{i.capped}|{numerator}|{denominator}|{rate}|{points}|"
                f"{sources}{extra}\n"
            )
    digest = hashlib.sha256("".join(lines).encode()).hexdigest()
    return unit_rows, item_rows, digest
