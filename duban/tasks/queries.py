"""Named reads of tasks: the lists pages show, a unit's month, the overdue ones the lights
use, and the rows `duban tasks` prints. Every read for a person goes through scoping."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from duban.core.actors import Viewer
from duban.core.asof import Month, today
from duban.core.scoping import restrict
from duban.orgs.models import Unit
from duban.tasks.choices import Standing, TaskStatus
from duban.tasks.models import Task, TaskProgress


def reference_day(month: Month) -> dt.date:
    """The day a month's standing is judged on: its last day, or today if that is earlier."""
    return min(month.last_day, today())


def tasks_qs(user: Viewer) -> QuerySet[Task]:
    return restrict(Task.objects.select_related("lead_unit", "issuer", "ledger"), user, "task.view")


def existing_by(qs: QuerySet[Task], day: dt.date) -> QuerySet[Task]:
    """Tasks already assigned on `day` (a task assigned in October is not there in September)."""
    return qs.filter(assigned_on__lte=day)


def all_tasks_as_of(month: Month) -> list[Task]:
    """Every task as of the month, for the command line (run by an operator, unscoped)."""
    day = reference_day(month)
    return list(
        existing_by(Task.objects.select_related("lead_unit"), day).order_by("deadline", "id")
    )


def as_json(task: Task, day: dt.date) -> dict[str, Any]:
    """The shape `duban tasks --format json` prints (the contract other checks read)."""
    return {
        "id": task.pk,
        "title": task.title,
        "kind": task.kind,
        "source": task.source,
        "lead_unit": task.lead_unit.name,
        "deadline": task.deadline.isoformat(),
        "status": task.standing(day),
        "meeting_id": task.meeting_id,
    }


def open_tasks(month: Month, unit_ids: list[int] | None = None) -> list[Task]:
    """Tasks assigned and not closed as of the month (the warning lights' input)."""
    day = reference_day(month)
    qs = existing_by(Task.objects.select_related("lead_unit"), day)
    qs = qs.filter(~Q(status=TaskStatus.CLOSED) | Q(closed_on__gt=day))
    if unit_ids is not None:
        qs = qs.filter(lead_unit_id__in=unit_ids)
    return list(qs.order_by("deadline", "id"))


def progress_months(task_ids: list[int], month: Month) -> set[int]:
    """The tasks with progress reported for the month."""
    return set(
        TaskProgress.objects.filter(
            task_id__in=task_ids, year=month.year, month=month.month
        ).values_list("task_id", flat=True)
    )


@dataclass
class UnitTaskRow:
    """A task on a unit's monthly page, with this month's progress if any."""

    task: Task
    standing: str
    progress: TaskProgress | None
    lead: bool

    @property
    def standing_label(self) -> str:
        return str(Standing(self.standing).label)


def unit_month_rows(user: Viewer, unit: Unit, month: Month) -> list[UnitTaskRow]:
    """A unit's tasks and findings for its monthly page: open ones (overdue first), then the
    ones closed this year. The month's progress comes in one prefetch."""
    day = reference_day(month)
    cooperating = Task.cooperating_units.through.objects.filter(unit_id=unit.pk).values("task_id")
    qs = (
        existing_by(tasks_qs(user), day)
        .filter(Q(lead_unit=unit) | Q(pk__in=cooperating))
        .filter(~Q(status=TaskStatus.CLOSED) | Q(closed_on__year=month.year))
        .prefetch_related(
            Prefetch(
                "progress",
                queryset=TaskProgress.objects.filter(year=month.year, month=month.month),
                to_attr="month_progress",
            )
        )
    )
    rows = [
        UnitTaskRow(
            task=t,
            standing=t.standing(day),
            progress=(t.month_progress[0] if t.month_progress else None),  # type: ignore[attr-defined]
            lead=t.lead_unit_id == unit.pk,
        )
        for t in qs
    ]
    order = {Standing.OVERDUE: 0, Standing.REOPENED: 1, Standing.OPEN: 2, Standing.CLOSED: 3}
    rows.sort(key=lambda r: (order[Standing(r.standing)], r.task.deadline, r.task.pk))
    return rows
