"""The scores and speaking lists as plain rows: what `duban scores` and `duban speaking-lists`
print (JSON), and what other checks read.

A month's scores are the current published run of each group; a group not yet published shows
its newest draft, and a group never computed is computed on the fly (nothing is stored).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from duban.assessment.choices import RunStatus
from duban.assessment.engine import compute_group
from duban.assessment.models import ItemScore, ScoreRun, UnitScore
from duban.assessment.queries import GROUP_ORDER, quarter_end, scores_of, speaking_for
from duban.assessment.services import current_method
from duban.core.asof import Month
from duban.orgs.models import Unit


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def current_runs(month: Month) -> dict[str, ScoreRun]:
    """{group: the run that stands for the month}: the newest published revision, else the
    newest draft."""
    out: dict[str, ScoreRun] = {}
    runs = ScoreRun.objects.filter(year=month.year, month=month.month).select_related("method")
    for run in runs.order_by("group", "status", "revision"):
        # "draft" sorts before "published": a published run, when there is one, comes last.
        if run.group not in out or run.status == RunStatus.PUBLISHED:
            out[run.group] = run
    return out


def _item(code: str, applicable: bool, weight: Any, effective: Any, rate: Any, points: Any) -> Any:
    return {
        "code": code,
        "applicable": applicable,
        "weight": _number(weight),
        "effective_weight": _number(effective),
        "rate": _number(rate),
        "points": _number(points),
    }


def _stored(i: ItemScore) -> Any:
    return _item(i.code or i.kind, i.applicable, i.weight, i.effective_weight, i.rate, i.points)


def score_rows(month: Month) -> list[dict[str, Any]]:
    """One object per unit of every group: unit, group, rank, total, method_version, items."""
    runs = current_runs(month)
    out: list[dict[str, Any]] = []
    shared: dict[Any, Any] = {}
    for group in GROUP_ORDER:
        run = runs.get(group)
        if run is not None:
            scores = (
                UnitScore.objects.filter(run=run)
                .select_related("unit")
                .prefetch_related(Prefetch("items", ItemScore.objects.order_by("sort_order")))
                .order_by("position")
            )
            for s in scores:
                out.append(
                    {
                        "unit": s.unit.name,
                        "group": group,
                        "rank": s.rank,
                        "total": _number(s.total),
                        "method_version": run.method.version,
                        "items": [_stored(i) for i in s.items.all()],
                    }
                )
            continue
        method = current_method(month.year, group)
        if method is None:
            continue
        result = compute_group(method, month, shared)
        names = dict(Unit.objects.filter(kind=group).values_list("id", "name"))
        for r in result.rows:
            out.append(
                {
                    "unit": names[r.unit_id],
                    "group": group,
                    "rank": r.rank,
                    "total": _number(r.total),
                    "method_version": method.version,
                    "items": [
                        _item(i.code, i.applicable, i.weight, i.effective_weight, i.rate, i.points)
                        for i in r.items
                    ],
                }
            )
    return out


def speaking_rows(year: int, quarter: int) -> list[dict[str, Any]]:
    """One object per unit of every group: unit, group, rank, task_met (the task the group's
    rule names), role ("present", "statement" or null), from the quarter's last month."""
    runs = current_runs(quarter_end(year, quarter))
    ordered = [runs[g] for g in GROUP_ORDER if g in runs]
    scores = scores_of(ordered)
    out: list[dict[str, Any]] = []
    for run in ordered:
        lists = speaking_for(run, scores[run.pk])
        for score, met, role in lists.standings:
            out.append(
                {
                    "unit": score.unit.name,
                    "group": run.group,
                    "rank": score.rank,
                    "task_met": met,
                    "role": role,
                }
            )
    return out
