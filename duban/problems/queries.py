"""Named reads of problems: the lists pages show, the overdue ones the board and the screen
show, and the figures the assessment scores (problem closure per coordinating department).

Problems are counted for the COORDINATING DEPARTMENT (the unit that must solve them), because
closure measures the service a department gives to projects and enterprises ("各街镇、园区和
区直有关部门服务企业和项目情况纳入考评"); a unit that raises a problem is not penalised for
another's slowness. As of a month: a problem counts when raised by the month's end; it is
closed when resolved (or confirmed) by then. Each scoring query is set-based.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from duban.core.actors import Viewer
from duban.core.asof import Month, today
from duban.core.scoping import restrict
from duban.core.tallies import empty_tallies
from duban.problems.choices import CLOSED_PROBLEM_STATES, OPEN_PROBLEM_STATES
from duban.problems.models import Problem


def problems_qs(user: Viewer) -> QuerySet[Problem]:
    return restrict(
        Problem.objects.select_related(
            "project", "enterprise", "owner_unit", "department", "leader"
        ),
        user,
        "problem.view",
    )


def overdue_problems(user: Viewer, on: dt.date | None = None) -> QuerySet[Problem]:
    on = on or today()
    return problems_qs(user).filter(status__in=OPEN_PROBLEM_STATES, deadline__lt=on)


def leader_problems(user: Viewer, leader_id: int, on: dt.date | None = None) -> list[Problem]:
    """A leader's problems: overdue open ones first (most overdue first), then other open ones
    by deadline, then the closed ones."""
    on = on or today()
    rows = list(problems_qs(user).filter(leader_id=leader_id))

    def key(p: Problem) -> tuple[int, dt.date, int]:
        if p.is_overdue(on):
            return (0, p.deadline, p.pk)
        return (1 if p.is_open() else 2, p.deadline, p.pk)

    return sorted(rows, key=key)


def overdue_rows(month: Month, limit: int = 12) -> list[dict[str, Any]]:
    """Open problems past their deadline at the month's end (or today, if earlier), most
    overdue first, as the screen and the bulletin print them. Units only, no people's names:
    the public screen shows just the count."""
    on = min(month.last_day, today())
    rows = (
        Problem.objects.filter(status__in=OPEN_PROBLEM_STATES, deadline__lt=on)
        .select_related("owner_unit", "department")
        .order_by("deadline", "pk")[:limit]
    )
    return [
        {
            "title": p.title,
            "unit": p.owner_unit.label,
            "department": p.department.label if p.department_id else "",
            "type": p.get_type_display(),
            "overdue_days": (on - p.deadline).days,
        }
        for p in rows
    ]


def problem_closure(unit_ids: list[int], month: Month) -> dict[int, dict[str, Any]]:
    """Per coordinating department: problems closed by the month's end / problems raised."""
    end = month.last_day
    out = empty_tallies(unit_ids)
    rows = (
        Problem.objects.filter(department_id__in=unit_ids, raised_on__lte=end)
        .order_by("department_id", "id")
        .values_list("pk", "department_id", "title", "status", "resolved_on")
    )
    for pk, unit_id, title, status, resolved_on in rows:
        closed = status in CLOSED_PROBLEM_STATES and resolved_on is not None and resolved_on <= end
        entry = out[unit_id]
        entry["denominator"] += 1
        entry["numerator"] += 1 if closed else 0
        entry["sources"].append(
            {
                "type": "problem",
                "id": pk,
                "label": title,
                "value": f"已办结（{resolved_on:%Y-%m-%d}）" if closed else "未办结",
            }
        )
    return out


def closure_stats_by_department(year: int, month: Month) -> list[dict[str, Any]]:
    """Closure rate and average days to close per coordinating department, for problems raised
    in `year` up to the month's end (one query)."""
    end = month.last_day
    rows = (
        Problem.objects.filter(raised_on__year=year, raised_on__lte=end)
        .select_related("department")
        .order_by("department__kind", "department__sort_order", "department_id")
    )
    stats: dict[int, dict[str, Any]] = {}
    for p in rows.filter(Q(department__isnull=False)):
        s = stats.setdefault(
            p.department_id,
            {"unit_id": p.department_id, "unit": p.department.label, "total": 0, "closed": 0,
             "days": 0, "overdue": 0},
        )  # fmt: skip
        s["total"] += 1
        if p.status in CLOSED_PROBLEM_STATES and p.resolved_on is not None and p.resolved_on <= end:
            s["closed"] += 1
            s["days"] += (p.resolved_on - p.raised_on).days
        elif p.deadline < end:
            s["overdue"] += 1
    for s in stats.values():
        s["rate"] = (Decimal(s["closed"]) * 100 / s["total"]).quantize(Decimal("0.1"))
        s["avg_days"] = (
            (Decimal(s["days"]) / s["closed"]).quantize(Decimal("0.1")) if s["closed"] else None
        )
        del s["days"]
    return list(stats.values())
