"""What a unit's agreement says, drawn from the decomposition as plain JSON-ready data.

Kept as data on the agreement (not read live) so that issuing freezes it: after both sides
sign, a target edited or revised, a project added or a method re-versioned changes nothing in
the agreement. Revisions appear beside it as an annex (`annex_rows`).

A later app (work tasks, rectification findings) adds its section by listing
`AGREEMENT_SECTIONS` in its own `agreement.py` module (found by convention, as `duban
document` finds `documents.py`): each is a function (unit, year) → `Section` or None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib import import_module
from typing import Any

from django.apps import apps

from duban.assessment.services import current_method
from duban.core.money import format_quantity, format_wan
from duban.orgs.models import Leader, Unit
from duban.projects.models import PlanListing
from duban.targets.choices import RevisionStatus
from duban.targets.models import Target, TargetRevision


@dataclass(frozen=True)
class Section:
    """An extra part of the agreement contributed by another app (e.g. 工作任务)."""

    title: str
    columns: list[str]
    rows: list[list[str]]


SectionBuilder = Callable[[Unit, int], Section | None]


def contributed_sections() -> list[SectionBuilder]:
    """Every app's AGREEMENT_SECTIONS, in the order of INSTALLED_APPS."""
    found: list[SectionBuilder] = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.agreement"
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        found.extend(getattr(module, "AGREEMENT_SECTIONS", ()))
    return found


def unit_targets(unit: Unit, year: int) -> list[Target]:
    return list(
        Target.objects.filter(year=year, unit=unit)
        .select_related("metric", "category")
        .order_by("metric__sort_order", "category__sort_order", "id")
    )


def target_row(target: Target) -> dict[str, Any]:
    return {
        "id": target.pk,
        "title": target.display_title,
        "value": format_quantity(target.value, target.metric.unit),
        "comparator": target.get_comparator_display(),
        "period": target.period_label,
    }


def build(unit: Unit, year: int) -> dict[str, Any]:
    """The agreement's content for a unit and year, from the decomposition as it stands."""
    listings = (
        PlanListing.objects.filter(year=year, project__unit=unit)
        .select_related("project")
        .order_by("project__code")
    )
    method = current_method(year, unit.kind)
    leader = Leader.objects.order_by("sort_order", "id").first()
    return {
        "unit": unit.name,
        "year": year,
        "group": unit.group_label,
        "targets": [target_row(t) for t in unit_targets(unit, year)],
        "projects": [
            {
                "code": row.project.code,
                "name": row.project.name,
                "listing": row.get_kind_display(),
                "planned": format_wan(row.planned_investment_wan),
            }
            for row in listings
        ],
        "method": (
            {"name": method.name, "version": method.version, "group": method.group_label}
            if method
            else None
        ),
        "district_leader": f"{leader.title}{leader.name}" if leader else "",
        "sections": [
            asdict(section)
            for builder in contributed_sections()
            if (section := builder(unit, year)) is not None
        ],
    }


def annex_rows(content: dict[str, Any]) -> list[dict[str, Any]]:
    """Approved revisions of the agreement's targets, in the order they were approved: the
    annex (附件) that shows a revised value beside the one signed, never replacing it."""
    by_id = {row["id"]: row for row in content.get("targets", [])}
    revisions = (
        TargetRevision.objects.filter(target_id__in=by_id, status=RevisionStatus.APPROVED)
        .select_related("target__metric")
        .order_by("approved_at", "id")
    )
    return [
        {
            "title": by_id[r.target_id]["title"],
            "original": by_id[r.target_id]["value"],
            "revised": format_quantity(r.revised_value, r.target.metric.unit),
            "reason": r.reason,
            "approved_on": r.approved_at.date().isoformat() if r.approved_at else "",
        }
        for r in revisions
    ]
