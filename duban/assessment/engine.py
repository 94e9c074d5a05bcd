"""Computing one month's scores for a group: sources → pure scoring → ranked rows + hash.

Nothing here writes; `services.compute_month` stores what `compute_group` returns. Each item
kind's source runs once for all units of the group (set-based), so the cost is a fixed number
of GROUP BY queries whatever the number of units.
"""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from duban.assessment import items as item_registry
from duban.assessment.choices import ItemRole, NotApplicable, ScoringForm
from duban.assessment.language import ALL_TASKS, TASK_FORMS, ItemSpec, MethodSpec, spec_of
from duban.assessment.models import AssessmentMethod
from duban.assessment.scoring import (
    RATE_STEP,
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


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the duration (when it was on).

    A computation builds some 100,000 small containers at province scale (sources, items,
    rows) that all live until the rows are written and form no reference cycles; the collector
    would traverse them over and over (a hundred collections a month, a quarter of the Python
    time) to free nothing. Reference counting still frees everything as usual; the collector
    runs again afterwards. Nested pauses leave it to the outermost.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def compute_group(
    method: AssessmentMethod | MethodSpec, month: Month, cache: dict[Any, Any] | None = None
) -> GroupResult:
    """Score every active unit of the method's group; `cache` lets the groups of one month
    (and the months of a what-if comparison) share the all-units aggregates."""
    with gc_paused():
        return _compute_group(method, month, cache)


def _compute_group(
    method: AssessmentMethod | MethodSpec, month: Month, cache: dict[Any, Any] | None
) -> GroupResult:
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

    # Each unit's inputs in the method's item order, read once.
    columns = [inputs[i.code] for i in spec.items]
    data = {uid: [col.get(uid) or empty for col in columns] for uid in unit_ids}
    weights = _weights_by_unit(spec, data)
    places = _rank_places(spec, unit_ids, inp, weights)
    plans = [_plan(item) for item in spec.items]
    per_unit = {
        uid: _score_unit(spec, plans, data[uid], weights[uid], places, uid) for uid in unit_ids
    }
    ranked = rank([(uid, total_of(per_unit[uid]), tiebreak[uid]) for uid in unit_ids])
    # The items the group's speaking rule names, by position (a unit's results follow the
    # method's items one for one).
    named = _task_positions(spec)
    rows = []
    for r in ranked:
        results = per_unit[r.key]
        rows.append(
            UnitResult(
                unit_id=r.key,
                total=r.total,
                rank=r.rank,
                position=r.position,
                task_met=all(item_met(results[n]) for n in named),
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


def _task_positions(spec: MethodSpec) -> list[int]:
    """Where the items `_met` reads for the group's statement task sit in a unit's results."""
    task = spec.statement_task
    if not task:
        return []
    codes = task.split(",")
    return [
        n
        for n, i in enumerate(spec.items)
        if i.role == ItemRole.BASE
        and i.form in TASK_FORMS
        and (task == ALL_TASKS or i.code in codes)
    ]


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


def _weights_by_unit(
    spec: MethodSpec, data: dict[int, list[ItemInput]]
) -> dict[int, dict[str, tuple[bool, Decimal]]]:
    """{unit id: its effective weights}. They depend only on which items the unit has a task
    for, so units with the same pattern share one computation (a group has a handful of
    patterns, not thousands); the shared dicts are read, never changed."""
    written = [(i.code, i.role, i.weight, i.has_task) for i in spec.items]
    by_pattern: dict[tuple[bool, ...], dict[str, tuple[bool, Decimal]]] = {}
    out: dict[int, dict[str, tuple[bool, Decimal]]] = {}
    for uid, row in data.items():
        pattern = tuple(bool(d.denominator) for d in row)
        weights = by_pattern.get(pattern)
        if weights is None:
            weights = by_pattern[pattern] = effective_weights(
                [(c, r, w, h, mine) for (c, r, w, h), mine in zip(written, pattern, strict=True)],
                spec.not_applicable,
            )
        out[uid] = weights
    return out


@dataclass(frozen=True)
class _Plan:
    """What scoring an item needs that does not change from unit to unit, resolved once per
    item (the forms as plain flags, the parameters as Decimals) instead of once per unit."""

    item: ItemSpec
    form: str
    task_form: bool
    extra_cap: Decimal | None
    steps: list[tuple[Decimal, Decimal]]
    per_event: Decimal | None
    count_missed: bool
    veto_cap: Decimal
    veto_mode: str


_RATE, _STEPS, _RANK, _EVENT, _VETO = (
    str(ScoringForm.RATE),
    str(ScoringForm.STEPS),
    str(ScoringForm.RANK),
    str(ScoringForm.EVENT),
    str(ScoringForm.VETO),
)


def _plan(item: ItemSpec) -> _Plan:
    """An item's plan; each parameter is read only for the form that uses it (as before)."""
    p = item.params
    form = str(item.form)
    extra = p.get("extra_cap") if form == _RATE else None
    per_event = p.get("per_event") if form == _EVENT else None
    veto = form == _VETO
    return _Plan(
        item=item,
        form=form,
        task_form=form in TASK_FORMS,
        extra_cap=None if extra is None else Decimal(str(extra)),
        steps=parse_steps(p.get("steps") or []),
        per_event=None if per_event is None else Decimal(str(per_event)),
        count_missed=p.get("count") == "missed",
        veto_cap=Decimal(str(p.get("cap", 0))) if veto else ZERO,
        veto_mode=p.get("mode", "zero") if veto else "zero",
    )


def _score_unit(
    spec: MethodSpec,
    plans: list[_Plan],
    data: list[ItemInput],
    weights: dict[str, tuple[bool, Decimal]],
    places: dict[tuple[str, int], int],
    uid: int,
) -> list[ItemResult]:
    """One unit's items, in the method's order (`data[n]` is the input of `plans[n]`)."""
    results: list[ItemResult] = []
    vetoes: list[int] = []
    full = spec.not_applicable == NotApplicable.FULL
    for n, plan in enumerate(plans):
        item, form, inp = plan.item, plan.form, data[n]
        if form == _VETO:
            vetoes.append(n)  # applied to the total of the other items, below
            continue
        applicable, weight = weights[item.code]
        rate = (
            (inp.numerator / inp.denominator).quantize(RATE_STEP, rounding=ROUND_HALF_UP)
            if plan.task_form and inp.denominator
            else None
        )  # = rate_of(inp) for the forms that compare with a task
        if not applicable:
            points = ZERO
        elif plan.task_form and rate is None:
            # No task, and the method keeps the item ("full" or "zero").
            points = cents(weight) if full else ZERO
        elif form == _RATE and rate is not None:
            points = rate_points(weight, rate, capped=item.capped, extra_cap=plan.extra_cap)
        elif form == _STEPS and rate is not None:
            points = step_points(weight, rate, plan.steps)
        elif form == _RANK:
            p = item.params
            points = rank_points(weight, places[(item.code, uid)], p["table"], p.get("rest", 0))
        elif form == _EVENT:
            events = inp.numerator
            if plan.count_missed:
                events = (inp.denominator or ZERO) - inp.numerator
            per_event = plan.per_event
            if per_event is None:  # a method without it fails as before
                per_event = Decimal(str(item.params["per_event"]))
            points = event_points(item.role, weight, events, per_event)
        else:  # entered points (加减分), limited to ±weight when capped
            points = item_points(inp, weight=weight, capped=item.capped, mode="points")[1]
        results.append(_result(item, inp, rate, points, applicable, weight))
    for n in vetoes:
        plan, inp = plans[n], data[n]
        before = total_of(results)
        points = veto_points(before, inp.numerator, plan.veto_mode, plan.veto_cap)
        results.insert(n, _result(plan.item, inp, None, points, True, plan.item.weight))
    return results


def _result(
    item: ItemSpec,
    data: ItemInput,
    rate: Decimal | None,
    points: Decimal,
    applicable: bool,
    weight: Decimal,
) -> ItemResult:
    # Positional: keyword passing costs measurably at 14,000 items a computation.
    return ItemResult(
        item.kind, item.label, item.weight, item.capped, item.form, data.numerator,
        data.denominator, rate, points, data.sources, item.code, item.role, applicable, weight,
        data.sources_json,
    )  # fmt: skip


def _num(value: Decimal | None) -> str | None:
    """A number as stored and hashed: plain notation, every digit kept (format "f").

    `str()` gives the same text for every value it writes without an exponent, five times
    cheaper; an exponent (1E+1, 1E-7) falls back to `format`. At 14,000 items × 6 numbers a
    computation the difference is a tenth of the bare scan.
    """
    if value is None:
        return None
    text = str(value)
    return format(value, "f") if "E" in text or "e" in text else text


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
    num = _num
    # The written weights are the method's own Decimals, formatted once; an effective weight
    # that is the written one (every item applies, or a bonus/veto item) reuses its text.
    written = [(item.weight, num(item.weight)) for item in method.items]
    count = len(written)
    for r in rows:
        total = num(r.total)
        unit_id = r.unit_id
        unit_rows.append((unit_id, total, r.rank, r.position, r.task_met))
        lines.append(f"U|{unit_id}|{total}|{r.rank}|{r.position}|{r.task_met}\n")
        for n, i in enumerate(r.items):
            w, e = i.weight, i.effective_weight
            weight = written[n][1] if n < count and written[n][0] is w else num(w)
            effective = weight if e is w else num(e)
            numerator, denominator, rate, points = (
                num(i.numerator), num(i.denominator), num(i.rate), num(i.points),
            )  # fmt: skip
            sources = i.sources_json
            if sources is None:
                sources = _encode_sources(i.sources) if i.sources else "[]"
            item_rows.append(
                (unit_id, i.kind, i.label, weight, i.capped, i.mode, numerator, denominator,
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
