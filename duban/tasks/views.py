"""Tasks pages: the list (by kind and standing), one task with its progress, milestones,
evidence and the 销号 actions, and the monthly progress posted from the reports page.
Views stay thin: scope, one service call, redirect."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duban.accounts.typing import authenticated_user
from duban.audit.queries import history_for
from duban.core.asof import Month, month_from_request, today
from duban.core.editing import not_an_edit_page
from duban.core.models import StaleVersionError
from duban.core.roles import can
from duban.core.scoping import get_scoped_or_404
from duban.files.models import Attachment
from duban.orgs.models import Unit
from duban.tasks import queries, services
from duban.tasks.choices import FindingCategory, Standing, TaskKind, TaskStatus
from duban.tasks.forms import (
    ClosureRequestForm,
    ConfirmForm,
    MilestoneAddForm,
    MilestoneDoneForm,
    MilestoneReviseForm,
    RefuseForm,
    ReopenForm,
    TaskForm,
)
from duban.tasks.models import Milestone, Task


def index(request: HttpRequest) -> HttpResponse:
    """Every task the user may see as of the month, filtered by kind and standing."""
    month = month_from_request(request)
    day = queries.reference_day(month)
    kind = request.GET.get("kind", "")
    standing = request.GET.get("standing", "")
    qs = queries.existing_by(queries.tasks_qs(request.user), day)  # type: ignore[arg-type]
    if kind in TaskKind.values:
        qs = qs.filter(kind=kind)
    # The issuing office's queue: closure asked for, not yet confirmed or sent back.
    awaiting = qs.filter(closure_requested_on__isnull=False).exclude(status=TaskStatus.CLOSED)
    pending = request.GET.get("pending") == "1"
    if pending:
        qs = awaiting
    rows = [(t, t.standing(day)) for t in qs.order_by("deadline", "id")]
    counts = {s: sum(1 for _t, st in rows if st == s) for s in Standing.values}
    if standing in Standing.values:
        rows = [r for r in rows if r[1] == standing]
    return render(
        request,
        "tasks/index.html",
        {
            "month": month,
            "rows": rows,
            "kinds": TaskKind.choices,
            "standings": Standing.choices,
            "kind": kind,
            "standing": standing,
            "counts": counts,
            "can_import": can(request.user, "import.run"),
            "can_manage": can(request.user, "task.manage"),
            "awaiting": awaiting.count(),
            "pending": pending,
        },
    )


def new(request: HttpRequest) -> HttpResponse:
    """发改局 assigns a work task to a lead unit."""
    if not can(request.user, "task.manage"):
        raise Http404
    form = TaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = services.create_task(
                actor=authenticated_user(request),
                kind=TaskKind.TASK,
                title=data["title"],
                source=data["source"],
                source_detail=data["source_detail"],
                lead_unit=data["lead_unit"],
                cooperating_units=list(data["cooperating_units"]),
                deadline=None if data.get("working_days") else data.get("deadline"),
                working_days=data.get("working_days"),
                completion_standard=data["completion_standard"],
            )
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("任务已交办"))
            return redirect("tasks:detail", pk=task.pk)
    return render(request, "tasks/new.html", {"form": form})


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_scoped_or_404(
        queries.tasks_qs(request.user),
        request.user,
        "task.view",
        pk=pk,  # type: ignore[arg-type]
    )
    user: Any = request.user
    month = month_from_request(request)
    day = queries.reference_day(month)
    is_lead = can(user, "task.report") and user.unit_id == task.lead_unit_id
    confirmer = services.may_confirm(user, task)
    evidence = Attachment.objects.filter(
        owner_type=ContentType.objects.get_for_model(Task), owner_id=task.pk
    )
    initial = {"version": task.version}
    manages = can(user, "task.manage") and not task.is_closed
    return render(
        request,
        "tasks/detail.html",
        {
            "task": task,
            "standing": task.standing(day),
            "standing_label": task.standing_label(day),
            "category_label": FindingCategory(task.category).label if task.category else "",
            "cooperating": task.cooperating_units.all(),
            "milestones": task.milestones.all(),
            "milestone_done": is_lead and not task.is_closed,
            "milestone_manage": manages,
            "milestone_add_form": MilestoneAddForm(initial=initial) if manages else None,
            "today": today(),
            "progress": task.progress.all(),
            "evidence": evidence,
            "request_form": ClosureRequestForm(initial=initial)
            if is_lead and not task.is_closed
            else None,
            "confirm_form": ConfirmForm(initial=initial)
            if confirmer and task.closure_requested_on and not task.is_closed
            else None,
            "refuse_form": RefuseForm(initial=initial)
            if confirmer and task.closure_requested_on and not task.is_closed
            else None,
            "reopen_form": ReopenForm(initial=initial) if confirmer and task.is_closed else None,
            "history": history_for(task)[:50],
        },
    )


def _posted_step(
    request: HttpRequest, by_step: dict[str, forms.Form]
) -> tuple[str, dict[str, Any]] | None:
    """The posted `step` and its form's cleaned data; None once the form's errors are shown as
    messages (the task page shows the forms). An unknown step is a 404."""
    step = request.POST.get("step", "")
    form = by_step.get(step)
    if form is None:
        raise Http404
    if not form.is_valid():
        for errs in form.errors.values():
            for err in errs:
                messages.error(request, str(err))
        return None
    return step, form.cleaned_data


@contextmanager
def _shown_refusals(request: HttpRequest) -> Iterator[None]:
    """A service's refusal as the task page shows it: out of the actor's part of the task is a
    404 (nothing to learn about it), a stale page or a broken rule a message."""
    try:
        yield
    except PermissionDenied as exc:
        raise Http404 from exc
    except StaleVersionError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)


@require_POST
@not_an_edit_page("销号申请、确认、退回和重新打开是状态变更，不改动已填写的内容")
def closure(request: HttpRequest, pk: int) -> HttpResponse:
    """One 销号 step: the lead unit's request, the issuing office's confirm/refuse, or 回头看."""
    task = get_scoped_or_404(Task.objects.all(), request.user, "task.view", pk=pk)
    actor = authenticated_user(request)
    posted = _posted_step(
        request,
        {
            "request": ClosureRequestForm(request.POST, request.FILES),
            "confirm": ConfirmForm(request.POST),
            "refuse": RefuseForm(request.POST),
            "reopen": ReopenForm(request.POST),
        },
    )
    if posted is None:
        return redirect("tasks:detail", pk=task.pk)
    step, data = posted
    with _shown_refusals(request):
        if step == "request":
            services.request_closure(
                task,
                actor=actor,
                expected_version=data["version"],
                note=data["note"],
                uploads=data["evidence"],
            )
            messages.success(request, _("已申请销号，等待交办单位确认"))
        elif step == "confirm":
            services.confirm_closure(task, actor=actor, expected_version=data["version"])
            messages.success(request, _("已确认销号"))
        elif step == "refuse":
            services.refuse_closure(
                task, actor=actor, expected_version=data["version"], reason=data["reason"]
            )
            messages.success(request, _("已退回销号申请"))
        else:
            services.reopen(
                task,
                actor=actor,
                expected_version=data["version"],
                reason=data["reason"],
                deadline=data["deadline"],
            )
            messages.success(request, _("已重新打开（回头看）"))
    return redirect("tasks:detail", pk=task.pk)


@require_POST
@not_an_edit_page("每月进展按月新增一条；同月再次保存以页面载入时的版本校验")
def progress(request: HttpRequest, unit_id: int, month: str) -> HttpResponse:
    """The month's progress on a unit's tasks, posted from its monthly reporting page."""
    try:
        m = Month.parse(month)
    except ValueError as exc:
        raise Http404 from exc
    unit = get_scoped_or_404(Unit.objects.all(), request.user, "task.view", pk=unit_id)
    actor = authenticated_user(request)
    if not (can(actor, "task.report") and actor.unit_id == unit.pk):
        raise Http404
    saved = 0
    for row in queries.unit_month_rows(actor, unit, m):
        text = request.POST.get(f"t{row.task.pk}-text", "").replace("\r\n", "\n").strip()
        current = row.progress.text if row.progress else ""
        if not row.lead or row.task.is_closed or not text or text == current:
            continue
        try:
            version = int(request.POST.get(f"t{row.task.pk}-version", "0") or 0)
        except ValueError:
            version = 0
        try:
            services.report_progress(
                row.task, actor=actor, year=m.year, month=m.month, text=text,
                expected_version=version,
            )  # fmt: skip
            saved += 1
        except StaleVersionError:
            messages.error(
                request, _("%(task)s：本月进展已被他人修改，请刷新后核对") % {"task": row.task}
            )
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, f"{row.task}：{text}")
    if saved:
        messages.success(request, _("已保存 %(n)d 项任务进展") % {"n": saved})
    return redirect("reports:unit_month", unit_id=unit.pk, month=str(m))


@require_POST
@not_an_edit_page("任务节点：增加、调整计划日期和标记完成是单项操作，以任务版本校验")
def milestones(request: HttpRequest, pk: int) -> HttpResponse:
    """One milestone step: the assigning office adds a milestone or moves its planned date
    (with a reason), the lead unit marks one done."""
    task = get_scoped_or_404(Task.objects.all(), request.user, "task.view", pk=pk)
    actor = authenticated_user(request)
    posted = _posted_step(
        request,
        {
            "add": MilestoneAddForm(request.POST),
            "revise": MilestoneReviseForm(request.POST),
            "done": MilestoneDoneForm(request.POST),
        },
    )
    if posted is None:
        return redirect("tasks:detail", pk=task.pk)
    step, data = posted
    milestone = None
    if step != "add":
        milestone = Milestone.objects.filter(task=task, pk=data["milestone"]).first()
        if milestone is None:
            raise Http404
    with _shown_refusals(request):
        if step == "add":
            services.add_milestone(
                task, actor=actor, expected_version=data["version"], name=data["name"],
                due=data["due"],
            )  # fmt: skip
            messages.success(request, _("已增加任务节点"))
        elif step == "revise":
            assert milestone is not None
            services.revise_milestone(
                milestone, actor=actor, expected_version=data["version"], due=data["due"],
                reason=data["reason"],
            )  # fmt: skip
            messages.success(request, _("已调整节点计划日期"))
        else:
            assert milestone is not None
            services.complete_milestone(
                milestone, actor=actor, on=data["done_on"], expected_version=data["version"]
            )
            messages.success(request, _("节点已标记完成"))
    return redirect("tasks:detail", pk=task.pk)
