"""Keep the stored lights (`LightSnapshot`) in step with the data they are computed from.

The warning board and the screen read stored lights instead of recomputing them on each
request. A change to a monthly report, a project node, a plan listing, a unit target, a task
or a task's monthly progress marks its unit's lights from that month on as changed (however
it was written: saved, saved with a version check, or inserted in bulk); a change to a light
rule marks every unit's from the rule's first month on. When the transaction commits, the
months already stored are recomputed for those units only (`services.refresh_snapshots`); a
rolled-back change is refreshed at the next commit, which is harmless. The daily
`duban compute-lights` job remains the backstop (a node becomes overdue with no change to any
row).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from duban.core import signals as core_signals
from duban.core.actors import SystemActor
from duban.core.asof import today
from duban.projects.models import PlanListing, Project, ProjectNode
from duban.reports.choices import ReportStatus
from duban.reports.models import MonthlyReport
from duban.supervision import services
from duban.supervision.models import LightRule
from duban.targets.models import Target
from duban.tasks.models import Task, TaskProgress

REFRESHER = SystemActor("lights-refresh")
# The reports a light reads (`queries._report_figures`): a change to any other, which stays
# such, changes no light.
_READ_BY_LIGHTS = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
# What a task's light reads of the task (`queries.task_lights`, `tasks.queries.open_tasks`).
_TASK_FIELDS_READ = frozenset(
    {"lead_unit", "lead_unit_id", "assigned_on", "deadline", "status", "closed_on", "title", "kind"}
)
# Project ids per query when the units of rows inserted in bulk are looked up (SQLite limits
# the parameters of one statement).
_ID_CHUNK = 900

_pending = threading.local()


def _changes() -> dict[tuple[int, int | None], int]:
    """(year, unit id or None for all units) → the first month changed."""
    if not hasattr(_pending, "changes"):
        _pending.changes = {}
    changes: dict[tuple[int, int | None], int] = _pending.changes
    return changes


def mark_changed(year: int, month: int, unit_id: int | None) -> None:
    """Lights of `unit_id` (None: every unit) from `month` of `year` on have to be refreshed
    once the current transaction commits."""
    changes = _changes()
    key = (year, unit_id)
    changes[key] = min(month, changes.get(key, month))
    transaction.on_commit(flush, robust=True)


def flush() -> None:
    """Refresh what was marked: one pass a year over the units marked (all units after a
    rule change), from the earliest month marked on. A bulk change of many rows (the demo,
    an import) costs one recomputation per stored month, not one per row."""
    changes = dict(_changes())
    _changes().clear()
    years: dict[int, tuple[int, set[int] | None]] = {}
    for (year, unit), month in changes.items():
        first, units = years.get(year, (month, set()))
        if units is not None:
            units = None if unit is None else {*units, unit}
        years[year] = (min(first, month), units)
    for year, (month, units) in sorted(years.items()):
        services.refresh_snapshots(
            year, month, None if units is None else sorted(units), actor=REFRESHER
        )


def _project_unit(project_id: int) -> int | None:
    unit_id: int | None = (
        Project.objects.filter(pk=project_id).values_list("unit_id", flat=True).first()
    )
    return unit_id


def _untouched(update_fields: Any, read: frozenset[str]) -> bool:
    """Whether a save wrote none of the fields a light reads (a versioned save that only
    moved the version, as a task's milestone step does): nothing to refresh."""
    return update_fields is not None and not read & set(update_fields)


def report_changed(
    sender: Any, instance: MonthlyReport, update_fields: Any = None, **kwargs: Any
) -> None:
    if (
        update_fields is not None
        and "status" not in update_fields
        and instance.status not in _READ_BY_LIGHTS
    ):
        return  # a draft (or a returned report) edited as such: no light reads it
    unit_id = _project_unit(instance.project_id)
    if unit_id is not None:
        mark_changed(instance.year, instance.month, unit_id)


def project_row_changed(sender: Any, instance: ProjectNode | PlanListing, **kwargs: Any) -> None:
    unit_id = _project_unit(instance.project_id)
    if unit_id is not None:
        mark_changed(instance.year, 1, unit_id)


def target_changed(sender: Any, instance: Target, **kwargs: Any) -> None:
    if instance.unit_id is not None:
        mark_changed(instance.year, 1, instance.unit_id)


def rule_changed(sender: Any, instance: LightRule, **kwargs: Any) -> None:
    mark_changed(instance.effective_from.year, instance.effective_from.month, None)


def task_changed(sender: Any, instance: Task, update_fields: Any = None, **kwargs: Any) -> None:
    """A task's light is its lead unit's in every month from its assignment until it is
    closed (and past the year it was assigned in, while it stays open)."""
    if _untouched(update_fields, _TASK_FIELDS_READ):
        return
    first = instance.assigned_on
    for year in range(first.year, max(first.year, today().year) + 1):
        mark_changed(year, first.month if year == first.year else 1, instance.lead_unit_id)


def task_progress_changed(sender: Any, instance: TaskProgress, **kwargs: Any) -> None:
    lead = Task.objects.filter(pk=instance.task_id).values_list("lead_unit_id", flat=True).first()
    if lead is not None:
        mark_changed(instance.year, instance.month, lead)


def rows_inserted(sender: Any, rows: Sequence[Mapping[str, Any]], **kwargs: Any) -> None:
    """Rows written without `Model.save` (a ledger import's projects, listings and node
    plans; `duban.core.signals.rows_inserted`): their units' lights, from the year's first
    month, as for one row saved (one query for the projects' units)."""
    if sender in (PlanListing, ProjectNode, MonthlyReport) and rows:
        ids = sorted({row["project_id"] for row in rows})
        units: dict[int, int] = {}
        for start in range(0, len(ids), _ID_CHUNK):  # an import can hold 100,000 projects
            chunk = ids[start : start + _ID_CHUNK]
            units.update(Project.objects.filter(pk__in=chunk).values_list("pk", "unit_id"))
        for year, project_id in {(row["year"], row["project_id"]) for row in rows}:
            if (unit_id := units.get(project_id)) is not None:
                mark_changed(year, 1, unit_id)
    elif sender is Target:
        for year, unit_id in {(row["year"], row.get("unit_id")) for row in rows}:
            if unit_id is not None:
                mark_changed(year, 1, unit_id)


def connect() -> None:
    """Called once from `SupervisionConfig.ready`. Every input of a light is listened to:
    `post_save` (sent by `Model.save` and by the versioned saves of the services,
    `duban.core.services.save_versioned`), `post_delete`, and `rows_inserted` for rows
    inserted in bulk."""
    for model, receiver in (
        (MonthlyReport, report_changed),
        (ProjectNode, project_row_changed),
        (PlanListing, project_row_changed),
        (Target, target_changed),
        (LightRule, rule_changed),
        (Task, task_changed),
        (TaskProgress, task_progress_changed),
    ):
        for signal in (post_save, post_delete):
            signal.connect(receiver, sender=model, dispatch_uid=f"lights-{model.__name__}-{signal}")
    core_signals.rows_inserted.connect(rows_inserted, dispatch_uid="lights-rows-inserted")
