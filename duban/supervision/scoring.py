"""Figures the assessment scores (考评办法): problem closure and letter replies per unit.

Problems are counted for the COORDINATING DEPARTMENT (the unit that must solve them), because
closure measures the service a department gives to projects and enterprises ("各街镇、园区和
区直有关部门服务企业和项目情况纳入考评"); a unit that raises a problem is not penalised for
another's slowness. Letters are counted for the unit they are addressed to.

As of a month: a problem counts when raised by the month's end; it is closed when resolved
(or confirmed) by then. A letter counts when its reply deadline falls by the month's end
(cancelled ones never count); it is answered on time when replied on or before the deadline.
Each query is set-based: one query per function, whatever the number of units.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from duban.core.asof import Month
from duban.supervision.choices import LetterStatus, ProblemStatus
from duban.supervision.models import Problem, SupervisionLetter

CLOSED = [ProblemStatus.RESOLVED, ProblemStatus.CONFIRMED]


def _empty(unit_ids: list[int]) -> dict[int, dict[str, Any]]:
    return {
        uid: {"numerator": Decimal(0), "denominator": Decimal(0), "sources": []} for uid in unit_ids
    }


def problem_closure(unit_ids: list[int], month: Month) -> dict[int, dict[str, Any]]:
    """Per coordinating department: problems closed by the month's end / problems raised."""
    end = month.last_day
    out = _empty(unit_ids)
    rows = (
        Problem.objects.filter(department_id__in=unit_ids, raised_on__lte=end)
        .order_by("department_id", "id")
        .values_list("pk", "department_id", "title", "status", "resolved_on")
    )
    for pk, unit_id, title, status, resolved_on in rows:
        closed = status in CLOSED and resolved_on is not None and resolved_on <= end
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


def letter_reply(unit_ids: list[int], month: Month) -> dict[int, dict[str, Any]]:
    """Per addressed unit: letters replied on time / letters due by the month's end."""
    end = month.last_day
    out = _empty(unit_ids)
    rows = (
        SupervisionLetter.objects.filter(unit_id__in=unit_ids, deadline__lte=end)
        .exclude(status=LetterStatus.CANCELLED)
        .order_by("unit_id", "year", "serial")
        .values_list("pk", "unit_id", "number", "deadline", "replied_at")
    )
    for pk, unit_id, number, deadline, replied_at in rows:
        on_time = replied_at is not None and timezone.localdate(replied_at) <= deadline
        entry = out[unit_id]
        entry["denominator"] += 1
        entry["numerator"] += 1 if on_time else 0
        if on_time:
            value = "按期回函"
        elif replied_at is not None:
            value = "逾期回函"
        else:
            value = "未回函"
        entry["sources"].append({"type": "letter", "id": pk, "label": number, "value": value})
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
        if p.status in CLOSED and p.resolved_on is not None and p.resolved_on <= end:
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
