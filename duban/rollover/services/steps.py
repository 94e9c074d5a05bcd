"""The built-in carry-forward steps: projects (续建, 储备 promoted), open problems, targets.

Each step previews (what moves, what stays) and applies inside the rollover's transaction,
writing one audit row per record it carries. A step is idempotent: a project already listed in
the new year, a problem already noted as carried, a district target already drafted are left.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from duban.accounts.actors import Actor, person
from duban.audit.services import record
from duban.core.rollover import CarryStep, RolloverPlan, StepPreview
from duban.problems.choices import ProblemStatus
from duban.problems.models import Problem, ProblemNote
from duban.projects.choices import Listing, Stage
from duban.projects.models import PlanListing, ProjectNode
from duban.targets.models import Target
from duban.tasks.choices import TaskStatus
from duban.tasks.models import Task

SHOWN = 12  # names listed on the preview page per side; counts are always complete
DONE_STAGES = (Stage.COMPLETED, Stage.PRODUCING)
OPEN_STATUSES = (ProblemStatus.OPEN, ProblemStatus.IN_PROGRESS, ProblemStatus.REOPENED)


def _names(items: list[Any]) -> list[str]:
    return [str(i) for i in items[:SHOWN]]


# --- projects ----------------------------------------------------------------------------------


def _listings(plan: RolloverPlan) -> QuerySet[PlanListing]:
    already = PlanListing.objects.filter(year=plan.to_year).values("project_id")
    return (
        PlanListing.objects.filter(year=plan.from_year)
        .exclude(project_id__in=already)
        .select_related("project")
        .order_by("project__code")
    )


def _finished(listing: PlanListing) -> bool:
    project = listing.project
    return project.completed_on is not None or project.stage in DONE_STAGES


def new_kind(listing: PlanListing, plan: RolloverPlan) -> str:
    """续建 for an unfinished project of the plan; a 储备 project stays in reserve unless
    promoted into the new plan as a new start."""
    if listing.kind == Listing.RESERVE:
        return Listing.NEW_START if listing.project_id in plan.promote else Listing.RESERVE
    return Listing.CONTINUING


def preview_projects(plan: RolloverPlan) -> StepPreview:
    listings = list(_listings(plan))
    moving = [item for item in listings if not _finished(item)]
    staying = [item for item in listings if _finished(item)]
    promoted = [item for item in moving if new_kind(item, plan) == Listing.NEW_START]
    reserve = [item for item in moving if new_kind(item, plan) == Listing.RESERVE]
    return StepPreview(
        moves=len(moving),
        stays=len(staying),
        moving=[
            f"{item.project}（{Listing(new_kind(item, plan)).label}）" for item in moving[:SHOWN]
        ],
        staying=_names([item.project for item in staying]),
        notes=[
            gettext("续建 %(n)s") % {"n": len(moving) - len(promoted) - len(reserve)},
            gettext("储备转入新开工 %(n)s") % {"n": len(promoted)},
            gettext("继续储备 %(n)s") % {"n": len(reserve)},
        ],
    )


def apply_projects(plan: RolloverPlan, actor: Actor) -> int:
    """List each unfinished project in the new year and copy its open nodes; the project
    itself (its stage history, reports, problems, files) is the same record, so its history
    carries over whole."""
    carried = 0
    opens_on = dt.date(plan.to_year, 1, 1)
    for listing in _listings(plan):
        if _finished(listing):
            continue
        kind = new_kind(listing, plan)
        PlanListing.objects.create(
            project=listing.project,
            year=plan.to_year,
            kind=kind,
            # Last year's figure as a starting point; 发改局 sets the new year's amount.
            planned_investment_wan=listing.planned_investment_wan,
            listed_on=opens_on,
        )
        nodes = ProjectNode.objects.filter(
            project=listing.project, year=plan.from_year, completed_on__isnull=True
        ).order_by("order")
        copied = 0
        for node in nodes:
            ProjectNode.objects.create(
                project=listing.project,
                year=plan.to_year,
                order=node.order,
                name=node.name,
                responsible_unit=node.responsible_unit,
                planned_on=node.planned_on,
                # The date first planned stays visible: slippage across years is not hidden.
                original_planned_on=node.original_planned_on,
                revised_reason=node.revised_reason or f"由{plan.from_year}年结转",
                required_evidence=node.required_evidence,
                triggers_stage=node.triggers_stage,
            )
            copied += 1
        record(
            "rollover.project_carried",
            actor=actor,
            obj=listing.project,
            detail={
                "from": plan.from_year,
                "to": plan.to_year,
                "was": listing.kind,
                "kind": kind,
                "nodes": copied,
            },
        )
        carried += 1
    return carried


# --- problems ----------------------------------------------------------------------------------


def _carried_note(plan: RolloverPlan) -> str:
    return f"结转至{plan.to_year}年继续办理"


def _open_problems(plan: RolloverPlan) -> QuerySet[Problem]:
    noted = ProblemNote.objects.filter(note=_carried_note(plan)).values("problem_id")
    return (
        Problem.objects.filter(status__in=OPEN_STATUSES, raised_on__year__lte=plan.from_year)
        .exclude(pk__in=noted)
        .order_by("deadline", "id")
    )


def preview_problems(plan: RolloverPlan) -> StepPreview:
    moving = list(_open_problems(plan))
    closed = Problem.objects.filter(raised_on__year=plan.from_year).exclude(
        status__in=OPEN_STATUSES
    )
    return StepPreview(
        moves=len(moving), stays=closed.count(), moving=_names(moving), staying=_names(list(closed))
    )


def apply_problems(plan: RolloverPlan, actor: Actor) -> int:
    """An open problem stays the same record (its notes and audit rows are its history); the
    rollover adds a dated note saying it carries into the new year."""
    carried = 0
    for problem in _open_problems(plan):
        ProblemNote.objects.create(
            problem=problem,
            from_status=problem.status,
            to_status=problem.status,
            note=_carried_note(plan),
            actor=person(actor),
            on=dt.date(plan.to_year, 1, 1),
        )
        record(
            "rollover.problem_carried",
            actor=actor,
            obj=problem,
            detail={"from": plan.from_year, "to": plan.to_year, "status": problem.status},
        )
        carried += 1
    return carried


# --- tasks and rectification findings ------------------------------------------------------------


def _open_tasks(plan: RolloverPlan) -> QuerySet[Task]:
    """Tasks, findings and meeting decisions assigned up to the closing year and not 销号."""
    return Task.objects.filter(assigned_on__year__lte=plan.from_year).exclude(
        status=TaskStatus.CLOSED
    )


def preview_tasks(plan: RolloverPlan) -> StepPreview:
    moving = list(_open_tasks(plan).order_by("deadline", "pk"))
    closed = Task.objects.filter(assigned_on__year=plan.from_year, status=TaskStatus.CLOSED)
    return StepPreview(
        moves=len(moving),
        stays=closed.count(),
        moving=[t.title for t in moving[:10]],
        staying=[t.title for t in closed.order_by("pk")[:10]],
    )


def apply_tasks(plan: RolloverPlan, actor: Actor) -> int:
    """An open task or finding stays the same record, with its milestones, monthly progress
    and 回头看 (its history); the rollover writes one audit row per task saying it carries into
    the new year, so the new year's ledger can show what it inherited."""
    carried = 0
    for task in _open_tasks(plan):
        record(
            "rollover.task_carried",
            actor=actor,
            obj=task,
            detail={"from": plan.from_year, "to": plan.to_year, "kind": task.kind},
        )
        carried += 1
    return carried


# --- targets -----------------------------------------------------------------------------------

COPIED_FIELDS = (
    "metric_id", "category_id", "strategic_only", "foreign_only", "min_total_investment_wan",
    "value", "comparator", "title", "commitment", "stretch_value", "due_month",
)  # fmt: skip


def _district_targets(plan: RolloverPlan) -> QuerySet[Target]:
    return Target.objects.filter(year=plan.from_year, unit__isnull=True, parent__isnull=True)


def _signature(target: Target) -> tuple[Any, ...]:
    return tuple(getattr(target, name) for name in COPIED_FIELDS if name != "value")


def preview_targets(plan: RolloverPlan) -> StepPreview:
    existing = {_signature(t) for t in Target.objects.filter(year=plan.to_year, unit__isnull=True)}
    moving = [
        t for t in _district_targets(plan).select_related("metric", "category")
        if _signature(t) not in existing
    ]  # fmt: skip
    parts = Target.objects.filter(year=plan.from_year, unit__isnull=False).count()
    return StepPreview(
        moves=len(moving),
        stays=parts,
        moving=[f"{t.display_title} {t.value}" for t in moving[:SHOWN]],
        notes=[gettext("单位分解 %(n)s 项不结转：新年度目标确定后重新分解") % {"n": parts}],
    )


def apply_targets(plan: RolloverPlan, actor: Actor) -> int:
    """Each district target of the old year becomes a DRAFT target of the new year at last
    year's value (其中 links kept), for 发改局 to edit, decompose and confirm."""
    existing = {_signature(t) for t in Target.objects.filter(year=plan.to_year, unit__isnull=True)}
    copies: dict[int, Target] = {}
    sources = list(_district_targets(plan).order_by("broader_id", "id"))
    # Broader targets first, so a 其中 target can point at its broader copy.
    sources.sort(key=lambda t: (t.broader_id is not None, t.pk))
    for source in sources:
        if _signature(source) in existing:
            continue
        copy = Target(year=plan.to_year, draft=True)
        for name in COPIED_FIELDS:
            setattr(copy, name, getattr(source, name))
        copy.source_text = f"由{plan.from_year}年目标结转（原目标值 {source.value}）"
        if source.broader_id is not None and source.broader_id in copies:
            copy.broader = copies[source.broader_id]
        copy.save()
        copies[source.pk] = copy
    if copies:
        record(
            "rollover.targets_drafted",
            actor=actor,
            object_type="targets.target",
            object_repr=f"{plan.to_year}年目标草稿",
            detail={"from": plan.from_year, "to": plan.to_year, "count": len(copies)},
        )
    return len(copies)


BUILT_IN = [
    CarryStep("projects", _("项目（续建、储备）"), 10, preview_projects, apply_projects),
    CarryStep("problems", _("未办结协调事项"), 20, preview_problems, apply_problems),
    CarryStep("tasks", _("未销号的工作任务和整改问题"), 25, preview_tasks, apply_tasks),
    CarryStep("targets", _("目标任务（草稿）"), 30, preview_targets, apply_targets),
]
