"""Every write to projects: each takes the acting user, runs in one transaction and writes its
own audit row, so a command or an import leaves the same record as a page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from duban.accounts.roles import Role
from duban.audit.services import record
from duban.core.scoping import restrict
from duban.core.services import changed_fields, save_versioned, snapshot
from duban.projects.choices import Stage
from duban.projects.models import PlanListing, Project, StageChange

EDITABLE_FIELDS = [
    "national_code",
    "name",
    "category",
    "industry",
    "strategic_emerging",
    "foreign_funded",
    "total_investment_wan",
    "unit",
    "lead_department",
    "leader",
    "location",
    "planned_start",
    "planned_completion",
    "stats_status",
    "description",
]


def _require(actor: Any, action: str, project: Project) -> None:
    """Refuse when the project is outside the actor's scope; None is the system itself."""
    if actor is None:
        return
    if not restrict(Project.objects.filter(pk=project.pk), actor, action).exists():
        raise PermissionDenied(action)


def create_project(*, actor: Any, **fields: Any) -> Project:
    if actor is not None and not actor.can("project.create"):
        raise PermissionDenied("project.create")
    if actor is not None and actor.role == Role.REPORTER:
        fields["unit_id"] = actor.unit_id  # a unit only ever creates its own projects
        fields.pop("unit", None)
    with transaction.atomic():
        project = Project(**fields)
        if not project.lead_department_id and project.category_id:
            project.lead_department = project.category.lead_department
        project.full_clean()
        project.save()
        record("project.created", actor=actor, obj=project, after=snapshot(project))
    return project


def update_project(
    project: Project, *, actor: Any, expected_version: int, changes: dict[str, Any]
) -> Project:
    """Apply `changes` if nobody saved the project since `expected_version` was loaded."""
    _require(actor, "project.change", project)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"不可修改的字段: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        before = snapshot(project)
        for name, value in changes.items():
            setattr(project, name, value)
        project.full_clean(exclude=["code"])
        save_versioned(project, expected_version=expected_version, fields=list(changes))
        after = snapshot(project)
        diff = changed_fields(before, after)
        record(
            "project.updated",
            actor=actor,
            obj=project,
            before={k: v[0] for k, v in diff.items()},
            after={k: v[1] for k, v in diff.items()},
        )
    return project


def change_stage(
    project: Project, *, actor: Any, to_stage: str, on: dt.date, evidence_note: str = ""
) -> StageChange:
    """Move a project along its lifecycle. Moving backwards needs no special path: it is
    refused, because counts of new starts and completions are derived from these dates."""
    _require(actor, "project.stage", project)
    if to_stage not in Stage.values:
        raise ValidationError("未知阶段")
    if Stage.order(to_stage) <= project.stage_order:
        raise ValidationError(
            f"阶段只能向前推进：当前为“{project.get_stage_display()}”，"
            f"不能变更为“{Stage(to_stage).label}”"
        )
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        change = StageChange.objects.create(
            project=locked,
            from_stage=locked.stage,
            to_stage=to_stage,
            changed_on=on,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            evidence_note=evidence_note,
        )
        updates: dict[str, Any] = {"stage": to_stage}
        if Stage.order(to_stage) >= Stage.order(Stage.SIGNED) and locked.signed_on is None:
            updates["signed_on"] = on
        if Stage.order(to_stage) >= Stage.order(Stage.STARTED) and locked.started_on is None:
            updates["started_on"] = on
        if Stage.order(to_stage) >= Stage.order(Stage.COMPLETED) and locked.completed_on is None:
            updates["completed_on"] = on
        before = {"stage": locked.stage}
        for key, value in updates.items():
            setattr(locked, key, value)
        save_versioned(locked, expected_version=locked.version, fields=list(updates))
        record(
            "project.stage_changed",
            actor=actor,
            obj=locked,
            before=before,
            after={k: str(v) for k, v in updates.items()},
            detail={"evidence_note": evidence_note},
        )
        project.refresh_from_db()
    return change


def set_listing(
    project: Project, *, actor: Any, year: int, kind: str, planned_investment_wan: Decimal
) -> PlanListing:
    _require(actor, "project.change", project)
    with transaction.atomic():
        listing, created = PlanListing.objects.get_or_create(
            project=project,
            year=year,
            defaults={"kind": kind, "planned_investment_wan": planned_investment_wan},
        )
        before = None if created else snapshot(listing)
        if not created:
            listing.kind = kind
            listing.planned_investment_wan = planned_investment_wan
            save_versioned(
                listing,
                expected_version=listing.version,
                fields=["kind", "planned_investment_wan"],
            )
        record(
            "project.listing_set",
            actor=actor,
            obj=project,
            before=before,
            after={
                "year": year,
                "kind": kind,
                "planned_investment_wan": str(planned_investment_wan),
            },
        )
    return listing
