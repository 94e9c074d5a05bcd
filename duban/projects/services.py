"""Every write to projects: each takes the acting user, runs in one transaction and writes its
own audit row, so a command or an import leaves the same record as a page."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duban.accounts.actors import Actor, person, require
from duban.accounts.models import User
from duban.audit.services import record, record_many
from duban.core import signals
from duban.core.actors import SystemActor
from duban.core.asof import today
from duban.core.bulk import ids_by, insert_rows, row_of
from duban.core.models import StaleVersionError
from duban.core.roles import Role
from duban.core.scoping import restrict
from duban.core.services import changed_fields, save_versioned, snapshot
from duban.files.services import attach, staged_files
from duban.projects import facts
from duban.projects.choices import DateRule, Listing, Responsible, Stage
from duban.projects.models import (
    Category,
    NodeTemplate,
    PlanListing,
    Project,
    ProjectNode,
    StageChange,
    TemplateNode,
)

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


def _require(actor: Actor, action: str, project: Project) -> None:
    """Refuse when the project is outside the actor's scope; a system job acts everywhere."""
    if isinstance(actor, SystemActor):
        return
    if not restrict(Project.objects.filter(pk=project.pk), actor, action).exists():
        raise PermissionDenied(action)


@dataclass
class NewProject:
    """One project to create, with its listing in a year's plan when it has one."""

    fields: dict[str, Any]
    listing_year: int | None = None
    listing_kind: str = ""
    planned_investment_wan: Decimal = Decimal(0)


def create_project(*, actor: Actor, **fields: Any) -> Project:
    """One typed project: the same path as an import's rows (`create_projects`)."""
    return create_projects([NewProject(fields)], actor=actor)[0]


def create_projects(
    new: Sequence[NewProject], *, actor: Actor, checked: bool = False
) -> list[Project]:
    """The one creation path for projects, typed or imported (issue 13): every project gets
    the lead department of its category when none is named, its listing in the year's plan,
    the node plan of its category's template for that listing (not for 储备), and the audit
    rows `project.created`, `project.listing_set`, `project.node_plan_created`, in one
    transaction: all or nothing.

    `checked=True` is for the import, which has already checked every rule `full_clean`
    checks row by row (required fields, lengths, choices, codes, dates, references that
    exist) and reported them in its preview; the database constraints still hold. Rows go in
    with parameterised multi-row INSERTs (`duban.core.bulk`) and the audit rows chained in
    one go, so 10,000 imported projects cost a few dozen statements, not 10,000 saves.
    """
    require(actor, "project.create")
    if not new:
        return []
    own_unit = actor.unit_id if isinstance(actor, User) and actor.role == Role.REPORTER else None
    categories = {c.pk: c for c in Category.objects.all()}
    projects: list[Project] = []
    for item in new:
        fields = dict(item.fields)
        if own_unit is not None:
            fields["unit_id"] = own_unit  # a unit only ever creates its own projects
            fields.pop("unit", None)
        project = Project(**fields)
        category = categories.get(project.category_id) if project.category_id else None
        if not project.lead_department_id and category is not None:
            project.lead_department_id = category.lead_department_id
        if not checked:
            project.full_clean()
        projects.append(project)
    with transaction.atomic():
        now = timezone.now()
        listed_on = today()
        picture = _snapshotter(Project)
        dates_of: dict[tuple[int, int, dt.date], list[dt.date]] = {}
        insert_rows(Project, [row_of(p) for p in projects], now=now)
        ids = ids_by(Project, "code", [p.code for p in projects])
        events: list[dict[str, Any]] = []
        listings: list[dict[str, Any]] = []
        node_rows: list[dict[str, Any]] = []
        templates: dict[int | None, tuple[NodeTemplate, list[TemplateNode]] | None] = {}
        for item, project in zip(new, projects, strict=True):
            project.pk = ids[project.code]
            project.created_at = project.updated_at = now
            project._state.adding = False
            events.append(
                {
                    "event": "project.created",
                    "actor": actor,
                    "obj": project,
                    "after": picture(project),
                }
            )
            if item.listing_year is None or not item.listing_kind:
                continue
            listings.append(
                {
                    "project_id": project.pk,
                    "year": item.listing_year,
                    "kind": item.listing_kind,
                    "planned_investment_wan": item.planned_investment_wan,
                    "listed_on": listed_on,
                }
            )
            events.append(
                {
                    "event": "project.listing_set",
                    "actor": actor,
                    "obj": project,
                    "after": {
                        "year": item.listing_year,
                        "kind": item.listing_kind,
                        "planned_investment_wan": str(item.planned_investment_wan),
                    },
                }
            )
            if item.listing_kind == Listing.RESERVE:
                continue
            if project.category_id not in templates:
                template = template_for(project)
                templates[project.category_id] = (
                    (template, list(template.nodes.order_by("order"))) if template else None
                )
            plan = templates[project.category_id]
            if plan is None:
                continue
            template, template_nodes = plan
            # The dates depend only on the template, the year and the plan start: computed
            # once for every project that shares them.
            start = plan_start(project, item.listing_year)
            key = (template.pk, item.listing_year, start)
            if key not in dates_of:
                dates_of[key] = plan_dates(template_nodes, year=item.listing_year, start=start)
            nodes = plan_rows(
                project,
                template,
                template_nodes,
                year=item.listing_year,
                stage_dates={},
                dates=dates_of[key],
            )
            node_rows.extend(nodes)
            events.append(
                {
                    "event": "project.node_plan_created",
                    "actor": actor,
                    "obj": project,
                    "detail": {
                        "year": item.listing_year,
                        "template": template.name,
                        "nodes": len(nodes),
                    },
                }
            )
        insert_rows(PlanListing, listings, now=now)
        insert_rows(ProjectNode, node_rows, now=now)
        record_many(events)
    return projects


def update_project(
    project: Project,
    *,
    actor: Actor,
    expected_version: int,
    changes: dict[str, Any],
    reason: str = "",
) -> Project:
    """Apply `changes` if nobody saved the project since `expected_version` was loaded.

    A reporter's change of a fact that scores count (`facts.FACT_FIELDS`) does not reach the
    project: each is filed as a claim for the lead department to confirm, in this same
    transaction. 发改局's direct correction of a fact is recorded with its `reason`.
    """
    _require(actor, "project.change", project)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("不可修改的字段: %(items)s") % {"items": ", ".join(sorted(unknown))}
        )
    claimed: dict[str, Any] = {}
    if facts.needs_confirmation(actor):
        claimed = {
            name: value
            for name, value in changes.items()
            if name in facts.FACT_FIELDS and value != getattr(project, name)
        }
        changes = {k: v for k, v in changes.items() if k not in facts.FACT_FIELDS}
    with transaction.atomic():
        if claimed and project.version != expected_version:
            raise StaleVersionError(project)
        for name, value in claimed.items():
            facts.gate().file_field_change(project, actor=actor, field=name, new_value=value)
        if changes:
            _apply_changes(
                project, actor=actor, expected_version=expected_version, changes=changes,
                detail={"reason": reason} if reason else None,
            )  # fmt: skip
    return project


def _apply_changes(
    project: Project,
    *,
    actor: Actor,
    expected_version: int,
    changes: dict[str, Any],
    detail: dict[str, Any] | None = None,
) -> None:
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
        detail=detail,
    )


# --- Confirmed facts (认定): applied and withdrawn by the claims app -------------------------


def _require_decider(actor: Actor, project: Project) -> None:
    """Only who may decide the project's claims applies or withdraws a confirmed fact: the
    category's lead department, 发改局, or a system job."""
    if isinstance(actor, SystemActor):
        return
    if not restrict(Project.objects.filter(pk=project.pk), actor, "claim.decide").exists():
        raise PermissionDenied("claim.decide")


def apply_confirmed_change(
    project: Project, *, actor: Actor, field: str, value: Any, claim_id: int
) -> Project:
    """Write a confirmed field change onto the project (the lead department confirmed it)."""
    _require_decider(actor, project)
    if field not in facts.FACT_FIELDS:
        raise ValidationError(_("不是需认定的字段: %(field)s") % {"field": field})
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        _apply_changes(
            locked, actor=actor, expected_version=locked.version, changes={field: value},
            detail={"claim": claim_id},
        )  # fmt: skip
    project.refresh_from_db()
    return project


def apply_confirmed_stage(
    project: Project, *, actor: Actor, to_stage: str, on: dt.date, claim_id: int, note: str = ""
) -> StageChange:
    """Move the project to a confirmed stage on the claimed date."""
    _require_decider(actor, project)
    return _move_stage(
        project, actor=actor, to_stage=to_stage, on=on, evidence_note=note, claim_id=claim_id
    )


def apply_confirmed_listing(
    project: Project,
    *,
    actor: Actor,
    year: int,
    kind: str,
    planned_investment_wan: Decimal,
    claim_id: int,
) -> PlanListing:
    """List the project in a year's plan as confirmed (a plan listing, or 新落地)."""
    _require_decider(actor, project)
    return _set_listing(
        project, actor=actor, year=year, kind=kind,
        planned_investment_wan=planned_investment_wan, claim_id=claim_id,
    )  # fmt: skip


_DATE_OF_STAGE: dict[str, str] = {
    Stage.SIGNED: "signed_on",
    Stage.STARTED: "started_on",
    Stage.COMPLETED: "completed_on",
}


def withdraw_stage_fact(project: Project, *, actor: Actor, back_to: str, claim_id: int) -> Project:
    """Undo a revoked stage fact: the project goes back to the stage it stood at before the
    claim, and every date of a later stage is cleared (a spot check found the site not
    started: the start no longer counts, nor a completion after it)."""
    _require_decider(actor, project)
    order = Stage.order(back_to)
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        updates: dict[str, Any] = {}
        for st, name in _DATE_OF_STAGE.items():
            if Stage.order(st) > order and getattr(locked, name) is not None:
                updates[name] = None
        if locked.stage_order > order:
            updates["stage"] = back_to
        before = {k: str(getattr(locked, k)) for k in updates}
        for key, value in updates.items():
            setattr(locked, key, value)
        if updates:
            save_versioned(locked, expected_version=locked.version, fields=list(updates))
        record(
            "project.fact_withdrawn",
            actor=actor,
            obj=locked,
            before=before,
            after={k: str(v) for k, v in updates.items()},
            detail={"claim": claim_id, "back_to": back_to},
        )
    project.refresh_from_db()
    return project


def reopen_stage_nodes(project: Project, *, actor: Actor, stage: str, claim_id: int) -> int:
    """A unit's stage claim was rejected: the nodes it completed to reach that stage are open
    again (their evidence files stay), so the node plan agrees with the project's stage."""
    _require_decider(actor, project)
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if locked.stage_order >= Stage.order(stage):
            return 0  # the stage was reached otherwise: the nodes stand
        nodes = list(
            ProjectNode.objects.filter(
                project=locked, triggers_stage=stage, completed_on__isnull=False
            )
        )
        for node in nodes:
            before = {"completed_on": str(node.completed_on)}
            node.completed_on = None
            node.completed_by = None
            save_versioned(
                node, expected_version=node.version, fields=["completed_on", "completed_by"]
            )
            record(
                "project.node_reopened",
                actor=actor,
                obj=node,
                before=before,
                after={"completed_on": None},
                detail={"claim": claim_id},
            )
    return len(nodes)


def change_stage(
    project: Project, *, actor: Actor, to_stage: str, on: dt.date, evidence_note: str = ""
) -> StageChange | None:
    """Move a project along its lifecycle. Moving backwards needs no special path: it is
    refused, because counts of new starts and completions are derived from these dates.

    A reporter's move that would date a fact (签约, 开工, 建成投产) is filed as a claim instead
    and returns None: the stage moves when the lead department confirms it."""
    _require(actor, "project.stage", project)
    if to_stage not in Stage.values:
        raise ValidationError(_("未知阶段"))
    if Stage.order(to_stage) <= project.stage_order:
        raise ValidationError(
            _("阶段只能向前推进：当前为“%(stage)s”，不能变更为“%(label)s”")
            % {"stage": project.get_stage_display(), "label": Stage(to_stage).label}
        )
    if facts.needs_confirmation(actor) and _dates_a_fact(project, to_stage):
        _require_stage_evidence(project, to_stage)  # a claim carries the node's evidence too
        with transaction.atomic():
            facts.gate().file_stage(
                project, actor=actor, to_stage=to_stage, on=on, evidence_note=evidence_note
            )
        return None
    return _move_stage(project, actor=actor, to_stage=to_stage, on=on, evidence_note=evidence_note)


def _dates_a_fact(project: Project, to_stage: str) -> bool:
    return any(
        Stage.order(to_stage) >= Stage.order(st) and getattr(project, name) is None
        for st, name in _DATE_OF_STAGE.items()
    )


def _move_stage(
    project: Project,
    *,
    actor: Actor,
    to_stage: str,
    on: dt.date,
    evidence_note: str = "",
    claim_id: int | None = None,
) -> StageChange:
    if Stage.order(to_stage) <= project.stage_order:
        raise ValidationError(
            _("阶段只能向前推进：当前为“%(stage)s”，不能变更为“%(label)s”")
            % {"stage": project.get_stage_display(), "label": Stage(to_stage).label}
        )
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        _require_stage_evidence(locked, to_stage)
        change = StageChange.objects.create(
            project=locked,
            from_stage=locked.stage,
            to_stage=to_stage,
            changed_on=on,
            actor=person(actor),
            evidence_note=evidence_note,
        )
        updates: dict[str, Any] = {"stage": to_stage}
        for st, name in _DATE_OF_STAGE.items():
            if Stage.order(to_stage) >= Stage.order(st) and getattr(locked, name) is None:
                updates[name] = on
        before = {"stage": locked.stage}
        for key, value in updates.items():
            setattr(locked, key, value)
        save_versioned(locked, expected_version=locked.version, fields=list(updates))
        detail: dict[str, Any] = {"evidence_note": evidence_note}
        if claim_id is not None:
            detail["claim"] = claim_id
        record(
            "project.stage_changed",
            actor=actor,
            obj=locked,
            before=before,
            after={k: str(v) for k, v in updates.items()},
            detail=detail,
        )
        project.refresh_from_db()
    return change


def set_listing(
    project: Project, *, actor: Actor, year: int, kind: str, planned_investment_wan: Decimal
) -> PlanListing | None:
    """List a project in a year's plan. A reporter's listing (or change of it) is a fact the
    targets count (新开工, 新落地 …): it is filed as a claim and returns None."""
    _require(actor, "project.change", project)
    if facts.needs_confirmation(actor):
        current = PlanListing.objects.filter(project=project, year=year).first()
        if current is None or (current.kind, current.planned_investment_wan) != (
            kind,
            planned_investment_wan,
        ):
            with transaction.atomic():
                facts.gate().file_listing(
                    project, actor=actor, year=year, kind=kind,
                    planned_investment_wan=planned_investment_wan,
                )  # fmt: skip
            return None
        return current
    return _set_listing(
        project, actor=actor, year=year, kind=kind, planned_investment_wan=planned_investment_wan
    )


def _set_listing(
    project: Project,
    *,
    actor: Actor,
    year: int,
    kind: str,
    planned_investment_wan: Decimal,
    claim_id: int | None = None,
) -> PlanListing:
    with transaction.atomic():
        listing, created = PlanListing.objects.get_or_create(
            project=project,
            year=year,
            defaults={
                "kind": kind,
                "planned_investment_wan": planned_investment_wan,
                "listed_on": today(),
            },
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
        if created and kind != Listing.RESERVE:
            _instantiate_plan(project, actor=actor, year=year)
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
            detail={"claim": claim_id} if claim_id is not None else None,
        )
    return listing


# --- Node plans (节点计划) -------------------------------------------------------------------


def _require_stage_evidence(project: Project, to_stage: str) -> None:
    """A stage whose node names required evidence cannot be reached without that evidence."""
    nodes = ProjectNode.objects.filter(project=project, triggers_stage=to_stage).exclude(
        required_evidence=""
    )
    for node in nodes:
        if not node.evidence_files.exists():
            raise ValidationError(
                _(
                    "不能变更为“%(label)s”：节点“%(name)s”要求佐证材料（%(required_evidence)s），请先在该节点上传后再完成"
                )
                % {
                    "label": Stage(to_stage).label,
                    "name": node.name,
                    "required_evidence": node.required_evidence,
                }
            )


def template_for(project: Project) -> NodeTemplate | None:
    """The category's active template, else the district's general one (no category)."""
    templates = NodeTemplate.objects.filter(is_active=True)
    return (
        templates.filter(category_id=project.category_id).first()
        or templates.filter(category__isnull=True).order_by("name").first()
    )


def _clamp(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def plan_dates(nodes: list[TemplateNode], *, year: int, start: dt.date) -> list[dt.date]:
    """The planned date of each template node. Pure: FIXED is a day of the plan year,
    AFTER_START counts from the plan start, AFTER_PREVIOUS from the previous node; a parallel
    node counts from the same point as the node before it instead of waiting for it."""
    dates: list[dt.date] = []
    anchors: list[dt.date] = []  # the date each node counted from
    for i, node in enumerate(nodes):
        if node.date_rule == DateRule.FIXED:
            anchor = start
            planned = _clamp(year, node.fixed_month or 1, node.fixed_day or 1)
        else:
            if node.date_rule == DateRule.AFTER_START or i == 0:
                anchor = start
            elif node.parallel:
                anchor = anchors[-1]
            else:
                anchor = dates[-1]
            planned = anchor + dt.timedelta(days=node.offset_days)
        anchors.append(anchor)
        dates.append(planned)
    return dates


def plan_start(project: Project, year: int) -> dt.date:
    """Where a year's plan counts from: the planned start in that year, else 1 January."""
    start = project.planned_start or dt.date(year, 1, 1)
    return start if start.year == year else dt.date(year, 1, 1)


def _snapshotter(model: type[Project]) -> Callable[[Project], dict[str, Any]]:
    """`core.services.snapshot` for many records of one model: the fields and their kinds
    are looked up once, not per record; the same picture, value for value."""
    plan = [
        (
            f.name,
            f.attname,
            Decimal(1).scaleb(-f.decimal_places) if isinstance(f, models.DecimalField) else None,
        )
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in ("created_at", "updated_at", "password")
    ]

    def picture(obj: Project) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, attname, scale in plan:
            value = getattr(obj, attname)
            if value is None or isinstance(value, bool | int):
                out[name] = value
            elif scale is not None:
                out[name] = f"{Decimal(value).quantize(scale)}"
            elif isinstance(value, dt.date | dt.datetime):
                out[name] = value.isoformat()
            else:
                out[name] = str(value)
        return out

    return picture


def _responsible_unit(node: TemplateNode, project: Project) -> Any:
    if node.responsible == Responsible.NAMED_UNIT and node.responsible_unit_id:
        return node.responsible_unit_id
    if node.responsible == Responsible.LEAD_DEPARTMENT and project.lead_department_id:
        return project.lead_department_id
    return project.unit_id


def build_plan(
    project: Project,
    template: NodeTemplate,
    nodes: list[TemplateNode],
    *,
    year: int,
    stage_dates: dict[str, dt.date] | None = None,
) -> list[ProjectNode]:
    """Unsaved nodes of a project's plan for a year (used by the service and the demo's
    bulk load alike); see `plan_rows`."""
    return [
        ProjectNode(**row)
        for row in plan_rows(project, template, nodes, year=year, stage_dates=stage_dates)
    ]


def plan_rows(
    project: Project,
    template: NodeTemplate,
    nodes: list[TemplateNode],
    *,
    year: int,
    stage_dates: dict[str, dt.date] | None = None,
    dates: list[dt.date] | None = None,
) -> list[dict[str, Any]]:
    """The column values of a project's plan for a year, one dict per node (the bulk creation
    path inserts them as they are, without a model instance per node). Nodes of stages the
    project has already reached are marked done on the date it reached them (from its stage
    history), and the nodes before such a node no later than that date, so a 续建 project does
    not show 签约 as overdue. `dates`: the nodes' `plan_dates` when the caller has them."""

    if dates is None:
        dates = plan_dates(nodes, year=year, start=plan_start(project, year))
    if stage_dates is None:
        stage_dates = {}
        for stage, on in project.stage_changes.order_by("changed_on").values_list(
            "to_stage", "changed_on"
        ):
            stage_dates.setdefault(stage, on)
    fallback: dict[str, dt.date | None] = {
        Stage.SIGNED: project.signed_on,
        Stage.STARTED: project.started_on,
        Stage.COMPLETED: project.completed_on,
    }
    # Every node up to the last one whose stage the project has already reached is done.
    done_upto = -1
    for i, node in enumerate(nodes):
        if node.triggers_stage and Stage.order(node.triggers_stage) <= project.stage_order:
            done_upto = i
    done: list[dt.date | None] = [None] * len(nodes)
    bound = dt.date(year, 1, 1)  # walking back: a node is done no later than the next one
    for i in range(done_upto, -1, -1):
        node = nodes[i]
        if node.triggers_stage:
            bound = (
                stage_dates.get(node.triggers_stage) or fallback.get(node.triggers_stage) or bound
            )
            done[i] = bound
        else:
            bound = min(dates[i], bound)
            done[i] = bound
    return [
        {
            "project_id": project.pk,
            "year": year,
            "order": node.order,
            "name": node.name,
            "responsible_unit_id": _responsible_unit(node, project),
            "planned_on": planned,
            "original_planned_on": planned,
            "completed_on": done_on,
            "completion_note": "列入计划前已完成" if done_on else "",
            "required_evidence": node.required_evidence,
            "triggers_stage": node.triggers_stage,
        }
        for node, planned, done_on in zip(nodes, dates, done, strict=True)
    ]


def instantiate_plan(project: Project, *, actor: Actor, year: int) -> list[ProjectNode]:
    """Give a project its node plan for a year from its category's template (idempotent)."""
    _require(actor, "project.change", project)
    return _instantiate_plan(project, actor=actor, year=year)


def _instantiate_plan(project: Project, *, actor: Actor, year: int) -> list[ProjectNode]:
    template = template_for(project)
    if template is None:
        return []
    with transaction.atomic():
        if ProjectNode.objects.filter(project=project, year=year).exists():
            return list(project.nodes.filter(year=year))
        nodes = list(template.nodes.order_by("order"))
        created = ProjectNode.objects.bulk_create(build_plan(project, template, nodes, year=year))
        signals.rows_inserted.send(sender=ProjectNode, rows=[row_of(node) for node in created])
        record(
            "project.node_plan_created",
            actor=actor,
            obj=project,
            detail={"year": year, "template": template.name, "nodes": len(created)},
        )
    return created


def revise_node_date(
    node: ProjectNode, *, actor: Actor, new_date: dt.date, reason: str
) -> ProjectNode:
    """Move a node's planned date; the reason is required and the original date is kept."""
    _require(actor, "project.change", node.project)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("调整节点“%(name)s”的计划日期必须填写原因") % {"name": node.name})
    if len(reason) > 255:
        raise ValidationError(_("调整原因不能超过255字"))
    if node.completed_on is not None:
        raise ValidationError(_("节点“%(name)s”已完成，不能再调整计划日期") % {"name": node.name})
    with transaction.atomic():
        before = {"planned_on": str(node.planned_on), "revised_reason": node.revised_reason}
        node.planned_on = new_date
        node.revised_reason = reason
        save_versioned(node, expected_version=node.version, fields=["planned_on", "revised_reason"])
        record(
            "project.node_revised",
            actor=actor,
            obj=node,
            before=before,
            after={"planned_on": str(new_date), "revised_reason": reason},
            detail={"original_planned_on": str(node.original_planned_on)},
        )
    return node


def complete_node(
    node: ProjectNode, *, actor: Actor, on: dt.date, evidence_files: list[Any] | None = None
) -> ProjectNode:
    """Complete a node on a date with its evidence (uploaded files, validated by content).

    A node that names required evidence is refused without it; a node that triggers a stage
    moves the project there through change_stage (which checks the evidence again). All or
    nothing: a refusal writes no file and no row.
    """
    _require(actor, "project.stage", node.project)
    if node.completed_on is not None:
        raise ValidationError(
            _("节点“%(name)s”已于%(completed_on)s完成")
            % {"name": node.name, "completed_on": node.completed_on}
        )
    if on > today():
        raise ValidationError(_("节点“%(name)s”的完成日期不能晚于今天") % {"name": node.name})
    uploads = list(evidence_files or [])
    if node.required_evidence and not uploads and not node.evidence_files.exists():
        raise ValidationError(
            _("节点“%(name)s”要求佐证材料：%(required_evidence)s。请上传后再完成")
            % {"name": node.name, "required_evidence": node.required_evidence}
        )
    project = node.project
    if node.triggers_stage and Stage.order(node.triggers_stage) <= project.stage_order:
        trigger = ""  # the project is already there (e.g. recorded before the plan existed)
    else:
        trigger = node.triggers_stage
    with staged_files() as names, transaction.atomic():
        attach(node, uploads, actor=actor, stage=names)
        node.completed_on = on
        node.completed_by = person(actor)
        save_versioned(node, expected_version=node.version, fields=["completed_on", "completed_by"])
        record(
            "project.node_completed",
            actor=actor,
            obj=node,
            after={"completed_on": str(on)},
            detail={"evidence": len(uploads), "stage": trigger},
        )
        if trigger:
            # A reporter's stage fact becomes a claim (the node is done, the stage waits).
            change_stage(
                project,
                actor=actor,
                to_stage=trigger,
                on=on,
                evidence_note=f"节点“{node.name}”完成：{node.required_evidence or '—'}",
            )
    return node
