"""Keep the stored lights (`LightSnapshot`) in step with the data they are computed from.

The warning board and the screen read stored lights instead of recomputing them on each
request. A change to a monthly report, a project node, a plan listing or a unit target marks
its unit's lights from that month on as changed; a change to a light rule marks every unit's
from the rule's first month on. When the transaction commits, the months already stored are
recomputed for those units only (`services.refresh_snapshots`); a rolled-back change is
refreshed at the next commit, which is harmless. The daily `duban compute-lights` job remains
the backstop (a node becomes overdue with no change to any row).
"""

from __future__ import annotations

import threading
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from duban.core.actors import SystemActor
from duban.projects.models import PlanListing, Project, ProjectNode
from duban.reports.models import MonthlyReport
from duban.supervision import services
from duban.supervision.models import LightRule
from duban.targets.models import Target

REFRESHER = SystemActor("lights-refresh")

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


def report_changed(sender: Any, instance: MonthlyReport, **kwargs: Any) -> None:
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


def connect() -> None:
    """Called once from `SupervisionConfig.ready`."""
    for model, receiver in (
        (MonthlyReport, report_changed),
        (ProjectNode, project_row_changed),
        (PlanListing, project_row_changed),
        (Target, target_changed),
        (LightRule, rule_changed),
    ):
        for signal in (post_save, post_delete):
            signal.connect(receiver, sender=model, dispatch_uid=f"lights-{model.__name__}-{signal}")
