"""What tasks add to pages of apps below them (see duban.core.panels): a unit's monthly
reporting page shows its tasks and findings under its projects, with one form for the month's
progress that posts to this app's view."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from duban.core.asof import Month
from duban.core.panels import Panel, contribute
from duban.core.roles import can
from duban.orgs.models import Unit
from duban.tasks.queries import unit_month_rows


def unit_month_tasks(request: HttpRequest, obj: tuple[Unit, Month]) -> Panel | None:
    unit, month = obj
    user: Any = request.user
    if not can(user, "task.view"):
        return None
    rows = unit_month_rows(user, unit, month)
    editable = can(user, "task.report") and user.unit_id == unit.pk
    return Panel(
        "tasks/_unit_month.html",
        {"task_rows": rows, "unit": unit, "month": month, "task_editable": editable},
    )


def register() -> None:
    contribute("reports.unit_month", unit_month_tasks, order=10)
