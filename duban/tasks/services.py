"""Every write to tasks, findings and their progress: assigning, monthly progress, 销号 and
回头看. Each function takes the acting user (or a system actor for imports and the demo), runs
in one transaction and writes its audit row inside it.

The rule that matters most (整改销号): the responsible unit asks for closure with evidence, and
only the office that ISSUED the finding (or 发改局/督查室) confirms it; a unit can never close
its own finding.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from duban.accounts.actors import Actor, person, require
from duban.accounts.models import User
from duban.audit.services import record
from duban.core.asof import today
from duban.core.models import StaleVersionError
from duban.core.roles import Role
from duban.core.scoping import restrict
from duban.core.services import changed_fields, save_versioned, snapshot
from duban.files import services as files
from duban.files.models import Attachment
from duban.orgs.models import Unit
from duban.tasks.choices import TaskKind, TaskStatus
from duban.tasks.models import Ledger, Milestone, Task, TaskProgress
from duban.workdays.calendar import add_working_days


def deadline_from(
    assigned_on: dt.date, *, deadline: dt.date | None, working_days: int | None
) -> dt.date:
    """A calendar date as given, or N working days after assignment (China's calendar,
    with its 调休 weekends)."""
    if working_days is not None:
        if working_days <= 0:
            raise ValidationError({"deadline": _("时限：工作日数须大于0")})
        return add_working_days(assigned_on, working_days)
    if deadline is None:
        raise ValidationError({"deadline": _("完成时限：请填写日期或工作日数")})
    return deadline


def create_task(
    *,
    actor: Actor,
    kind: str,
    title: str,
    source: str,
    lead_unit: Unit,
    cooperating_units: Iterable[Unit] = (),
    deadline: dt.date | None = None,
    working_days: int | None = None,
    assigned_on: dt.date | None = None,
    completion_standard: str = "",
    milestones: Sequence[tuple[str, dt.date]] = (),
    source_detail: str = "",
    category: str = "",
    subcategory: str = "",
    measures: str = "",
    issuer: Unit | None = None,
    ledger: Ledger | None = None,
    meeting_id: int | None = None,
    audit: bool = True,
) -> Task:
    """Assign a task (or record a finding, or a meeting's decision) to its lead unit."""
    require(actor, "task.manage")
    assigned_on = assigned_on or today()
    cooperating = [u for u in cooperating_units if u.pk != lead_unit.pk]
    if kind == TaskKind.FINDING and not category:
        raise ValidationError({"category": _("问题类别：整改问题须注明督察/巡察/审计等类别")})
    with transaction.atomic():
        task = Task(
            kind=kind,
            title=title.strip(),
            source=source,
            source_detail=source_detail.strip(),
            lead_unit=lead_unit,
            assigned_on=assigned_on,
            deadline=deadline_from(assigned_on, deadline=deadline, working_days=working_days),
            deadline_working_days=working_days,
            completion_standard=completion_standard.strip(),
            category=category,
            subcategory=subcategory.strip()[:64],
            measures=measures.strip(),
            issuer=issuer,
            ledger=ledger,
            meeting_id=meeting_id,
            created_by=person(actor),
        )
        if task.deadline < assigned_on:
            raise ValidationError({"deadline": _("完成时限：不能早于交办日期")})
        task.full_clean()
        task.save()
        if cooperating:
            task.cooperating_units.set(cooperating)
        for name, due in milestones:
            Milestone.objects.create(task=task, name=name.strip()[:128], due=due)
        if audit:
            record(
                "task.created",
                actor=actor,
                obj=task,
                after={**snapshot(task), "cooperating_units": [u.pk for u in cooperating]},
            )
    return task


def create_ledger(
    *,
    actor: Actor,
    title: str,
    issuer: Unit,
    received_on: dt.date,
    source_name: str = "",
    findings: int = 0,
) -> Ledger:
    """A rectification ledger as received (its findings are created with `create_task`)."""
    require(actor, "task.manage")
    with transaction.atomic():
        ledger = Ledger.objects.create(
            title=title.strip()[:128],
            issuer=issuer,
            received_on=received_on,
            source_name=source_name[:200],
        )
        record("ledger.imported", actor=actor, obj=ledger, detail={"findings": findings})
    return ledger


EDITABLE = ["title", "completion_standard", "measures", "deadline", "source_detail"]


def change_task(task: Task, *, actor: Actor, expected_version: int, data: dict[str, Any]) -> Task:
    """Edit what 发改局 assigned (wording, standard, deadline), with a version check."""
    require(actor, "task.manage")
    before = snapshot(task, EDITABLE)
    for name in EDITABLE:
        if name in data:
            setattr(task, name, data[name])
    if task.deadline < task.assigned_on:
        raise ValidationError({"deadline": _("完成时限：不能早于交办日期")})
    with transaction.atomic():
        save_versioned(task, expected_version=expected_version, fields=EDITABLE)
        after = snapshot(task, EDITABLE)
        record(
            "task.changed",
            actor=actor,
            obj=task,
            before=before,
            after=after,
            detail={"changed": changed_fields(before, after)},
        )
    return task


def _visible(actor: Actor, task: Task) -> None:
    if (
        isinstance(actor, User)
        and not restrict(Task.objects.filter(pk=task.pk), actor, "task.view").exists()
    ):
        raise PermissionDenied("task.view")


def _is_lead(actor: Actor, task: Task) -> bool:
    return not isinstance(actor, User) or actor.unit_id == task.lead_unit_id


def report_progress(
    task: Task,
    *,
    actor: Actor,
    year: int,
    month: int,
    text: str,
    expected_version: int | None = None,
    on: dt.date | None = None,
) -> TaskProgress:
    """The lead unit's monthly progress on a task (cooperating units feed it; one voice per
    task and month); one row a month, edited with a version check (a second page open on the
    same month cannot overwrite silently)."""
    require(actor, "task.report")
    _visible(actor, task)
    if not _is_lead(actor, task):
        raise PermissionDenied("task.report")
    if task.is_closed:
        raise ValidationError(_("该任务已销号，不再报送进展"))
    if not text.strip():
        raise ValidationError({"text": _("本月进展：请填写")})
    with transaction.atomic():
        row = TaskProgress.objects.filter(task=task, year=year, month=month).first()
        if row is None:
            if expected_version not in (None, 0):
                raise StaleVersionError(task)
            row = TaskProgress.objects.create(
                task=task,
                year=year,
                month=month,
                text=text.strip(),
                reported_on=on or today(),
                reported_by=person(actor),
            )
            before: dict[str, Any] = {}
        else:
            before = snapshot(row, ["text"])
            row.text = text.strip()
            row.reported_on = on or today()
            row.reported_by = person(actor)
            save_versioned(
                row,
                expected_version=row.version if expected_version is None else expected_version,
                fields=["text", "reported_on", "reported_by"],
            )
        record(
            "task.progress_reported",
            actor=actor,
            obj=task,
            before=before,
            after={"text": row.text},
            detail={"month": f"{year}-{month:02d}"},
        )
    return row


def request_closure(
    task: Task,
    *,
    actor: Actor,
    expected_version: int,
    note: str,
    uploads: Sequence[Any] = (),
    on: dt.date | None = None,
) -> Task:
    """The lead unit asks for 销号 with its evidence; a finding needs at least one file."""
    require(actor, "task.report")
    _visible(actor, task)
    if not _is_lead(actor, task):
        raise PermissionDenied("task.report")
    if task.is_closed:
        raise ValidationError(_("该任务已销号"))
    if not note.strip():
        raise ValidationError({"note": _("销号说明：请写明完成情况")})
    with files.staged_files() as staged, transaction.atomic():
        files.attach(task, uploads, actor=actor, label="销号佐证", stage=staged)
        if task.kind == TaskKind.FINDING and not files.count_for(task):
            raise ValidationError({"evidence": _("整改问题申请销号须上传佐证材料")})
        task.closure_requested_on = on or today()
        task.closure_note = note.strip()
        save_versioned(
            task,
            expected_version=expected_version,
            fields=["closure_requested_on", "closure_note"],
        )
        record(
            "task.closure_requested",
            actor=actor,
            obj=task,
            after={"closure_note": task.closure_note},
            detail={"files": files.count_for(task)},
        )
    return task


def may_confirm(actor: Actor, task: Task) -> bool:
    """Who may confirm 销号 (and reopen): the issuing office's people, or 发改局/督查室 for
    everything; never the unit that did the work. The demo loader and imports (system actors)
    act for the issuing office."""
    if not isinstance(actor, User):
        return True
    if not actor.can("task.confirm") or actor.unit_id == task.lead_unit_id:
        return False
    if actor.role == Role.SUPERVISOR:
        return True
    return task.issuer_id is not None and actor.unit_id == task.issuer_id


def confirm_closure(
    task: Task, *, actor: Actor, expected_version: int, on: dt.date | None = None
) -> Task:
    """The issuing office confirms the evidence and the task is closed (销号)."""
    if not may_confirm(actor, task):
        raise PermissionDenied("task.confirm")
    if task.is_closed:
        raise ValidationError(_("该任务已销号"))
    if task.closure_requested_on is None:
        raise ValidationError(_("责任单位尚未申请销号"))
    if task.kind == TaskKind.FINDING and not files.count_for(task):
        raise ValidationError(_("没有销号佐证材料，不能确认销号"))
    with transaction.atomic():
        before = task.status
        task.status = TaskStatus.CLOSED
        task.closed_on = on or today()
        save_versioned(task, expected_version=expected_version, fields=["status", "closed_on"])
        record(
            "task.closed",
            actor=actor,
            obj=task,
            before={"status": before},
            after={"status": task.status, "closed_on": task.closed_on.isoformat()},
            detail={
                "evidence": list(
                    Attachment.objects.filter(
                        owner_type=ContentType.objects.get_for_model(Task), owner_id=task.pk
                    )
                    .order_by("pk")
                    .values_list("sha256", flat=True)
                )
            },
        )
    return task


def refuse_closure(task: Task, *, actor: Actor, expected_version: int, reason: str) -> Task:
    """The issuing office sends the request back: the evidence does not prove it."""
    if not may_confirm(actor, task):
        raise PermissionDenied("task.confirm")
    if task.closure_requested_on is None or task.is_closed:
        raise ValidationError(_("没有待确认的销号申请"))
    if not reason.strip():
        raise ValidationError({"reason": _("退回原因：请填写")})
    with transaction.atomic():
        task.closure_requested_on = None
        save_versioned(task, expected_version=expected_version, fields=["closure_requested_on"])
        record("task.closure_refused", actor=actor, obj=task, detail={"reason": reason.strip()})
    return task


def reopen(
    task: Task,
    *,
    actor: Actor,
    expected_version: int,
    reason: str,
    deadline: dt.date,
    on: dt.date | None = None,
) -> Task:
    """回头看: a closed task (a finding that came back) is reopened with a new deadline."""
    if not may_confirm(actor, task):
        raise PermissionDenied("task.confirm")
    if not task.is_closed:
        raise ValidationError(_("只有已销号的任务可以重新打开"))
    if not reason.strip():
        raise ValidationError({"reason": _("重新打开原因：请填写")})
    on = on or today()
    if deadline <= on:
        raise ValidationError({"deadline": _("新的完成时限应晚于今天")})
    with transaction.atomic():
        before = snapshot(task, ["status", "closed_on", "deadline"])
        task.status = TaskStatus.REOPENED
        task.reopened_on = on
        task.closed_on = None
        task.closure_requested_on = None
        task.deadline = deadline
        save_versioned(
            task,
            expected_version=expected_version,
            fields=["status", "reopened_on", "closed_on", "closure_requested_on", "deadline"],
        )
        record(
            "task.reopened",
            actor=actor,
            obj=task,
            before=before,
            after=snapshot(task, ["status", "closed_on", "deadline"]),
            detail={"reason": reason.strip()},
        )
    return task


def complete_milestone(
    milestone: Milestone,
    *,
    actor: Actor,
    on: dt.date | None = None,
    expected_version: int | None = None,
) -> Milestone:
    """The lead unit marks a milestone done on a day no later than today. The task's version
    moves with it (a page that showed the milestone open and a second save of the same step
    are refused), and a milestone done once stays done: the date is what the 纪委 reads."""
    require(actor, "task.report")
    task = milestone.task
    _visible(actor, task)
    if not _is_lead(actor, task):
        raise PermissionDenied("task.report")
    on = on or today()
    if on > today():
        raise ValidationError({"done_on": _("完成日期不能晚于今天")})
    with transaction.atomic():
        locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if locked.done_on is not None:
            raise ValidationError(_("该节点已完成"))
        if task.is_closed:
            raise ValidationError(_("该任务已销号"))
        if expected_version is not None:
            save_versioned(task, expected_version=expected_version, fields=[])
        locked.done_on = on
        locked.save(update_fields=["done_on"])
        milestone.done_on = on
        record(
            "task.milestone_done",
            actor=actor,
            obj=task,
            after={"name": locked.name, "done_on": on.isoformat()},
        )
    return locked


def add_milestone(
    task: Task, *, actor: Actor, expected_version: int, name: str, due: dt.date
) -> Milestone:
    """The assigning office adds a dated step to an open task (a plan refined after the
    assignment); the task's version check keeps two offices from adding past each other."""
    require(actor, "task.manage")
    _visible(actor, task)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("节点名称：请填写")})
    if task.is_closed:
        raise ValidationError(_("该任务已销号"))
    if due < task.assigned_on:
        raise ValidationError({"due": _("计划完成日期不能早于交办日期")})
    with transaction.atomic():
        save_versioned(task, expected_version=expected_version, fields=[])
        milestone = Milestone.objects.create(task=task, name=name[:128], due=due)
        record(
            "task.milestone_added",
            actor=actor,
            obj=task,
            after={"name": milestone.name, "due": due.isoformat()},
        )
    return milestone


def revise_milestone(
    milestone: Milestone,
    *,
    actor: Actor,
    expected_version: int,
    due: dt.date,
    reason: str,
) -> Milestone:
    """The assigning office moves an open milestone's planned date, with a reason the trail
    keeps beside the old and new dates (a date is never moved silently)."""
    require(actor, "task.manage")
    task = milestone.task
    _visible(actor, task)
    if not reason.strip():
        raise ValidationError({"reason": _("调整原因：请填写")})
    if milestone.done_on is not None:
        raise ValidationError(_("该节点已完成，不能调整计划日期"))
    if due < task.assigned_on:
        raise ValidationError({"due": _("计划完成日期不能早于交办日期")})
    with transaction.atomic():
        save_versioned(task, expected_version=expected_version, fields=[])
        before = {"name": milestone.name, "due": milestone.due.isoformat()}
        milestone.due = due
        milestone.save(update_fields=["due"])
        record(
            "task.milestone_revised",
            actor=actor,
            obj=task,
            before=before,
            after={"name": milestone.name, "due": due.isoformat()},
            detail={"reason": reason.strip()},
        )
    return milestone
