"""Work tasks, rectification findings and meeting decisions: one table, told apart by kind.

A 为民办实事 item, an inspection's finding and a meeting's 议定事项 share what supervision needs
(a lead unit, cooperating units, a deadline, monthly progress, closure); findings add their
inspection category, measures and the office that issued them, which alone confirms closure.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.core.actors import Principal
from duban.core.models import TimestampedModel, VersionedModel
from duban.core.roles import Role
from duban.tasks.choices import FindingCategory, Standing, TaskKind, TaskSource, TaskStatus


class Ledger(TimestampedModel):
    """A rectification ledger (整改台账) as an inspection sent it: its findings point here."""

    title = models.CharField(_("台账名称"), max_length=128)
    issuer = models.ForeignKey(
        "orgs.Unit", verbose_name=_("交办单位"), on_delete=models.PROTECT, related_name="+"
    )
    received_on = models.DateField(_("交办日期"))
    source_name = models.CharField(_("来源文件"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("整改台账")
        verbose_name_plural = _("整改台账")
        ordering = ["-received_on", "id"]

    def __str__(self) -> str:
        return self.title


class Task(VersionedModel):
    """A commitment that is not a project, tracked to 销号 by its lead unit."""

    # Closure evidence (duban.files) is visible exactly where the task is.
    attachment_view_action: ClassVar[str] = "task.view"

    kind = models.CharField(_("类别"), max_length=16, choices=TaskKind.choices)
    title = models.CharField(_("任务名称"), max_length=200)
    source = models.CharField(_("任务来源"), max_length=16, choices=TaskSource.choices)
    source_detail = models.CharField(_("来源说明"), max_length=200, blank=True)
    lead_unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("牵头单位"), on_delete=models.PROTECT,
        related_name="led_tasks",
    )  # fmt: skip
    cooperating_units = models.ManyToManyField(
        "orgs.Unit", verbose_name=_("配合单位"), blank=True, related_name="cooperating_tasks"
    )
    assigned_on = models.DateField(_("交办日期"))
    deadline = models.DateField(_("完成时限"))
    # When the deadline was set as "N working days" (China's calendar), N is kept to explain it.
    deadline_working_days = models.PositiveSmallIntegerField(
        _("时限（工作日）"), null=True, blank=True
    )
    completion_standard = models.TextField(_("完成标准"), blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    reopened_on = models.DateField(_("重新打开日期"), null=True, blank=True)
    # Findings (kind = finding).
    category = models.CharField(
        _("问题类别"), max_length=16, choices=FindingCategory.choices, blank=True
    )
    subcategory = models.CharField(_("问题细类"), max_length=64, blank=True)
    measures = models.TextField(_("整改措施"), blank=True)
    issuer = models.ForeignKey(
        "orgs.Unit", verbose_name=_("交办单位（确认销号）"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="issued_tasks",
    )  # fmt: skip
    ledger = models.ForeignKey(
        Ledger, verbose_name=_("整改台账"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="findings",
    )  # fmt: skip
    closure_requested_on = models.DateField(_("申请销号日期"), null=True, blank=True)
    closure_note = models.TextField(_("销号说明"), blank=True)
    # Meetings sit above tasks, so the link to a decision's meeting is its id, set by the
    # meetings app when the decision is recorded (the meeting keeps the foreign key).
    meeting_id = models.PositiveBigIntegerField(_("来源会议编号"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("工作任务")
        verbose_name_plural = _("工作任务")
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("assigned_on")),
                name="tasks_deadline_after_assigned",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="finding") | models.Q(issuer__isnull=False),
                name="tasks_finding_has_issuer",
            ),
        ]
        indexes = [
            models.Index(fields=["lead_unit", "status"], name="tasks_lead_status_idx"),
            models.Index(fields=["meeting_id"], name="tasks_meeting_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def scope_for(cls, user: Principal, action: str) -> models.Q | None:
        """A unit sees the tasks it leads or cooperates on (a subquery, so no duplicate rows);
        发改局/督查室, reviewers and leaders see all."""
        if user.role == Role.REPORTER:
            cooperating = Task.cooperating_units.through.objects.filter(
                unit_id=user.unit_id or 0
            ).values("task_id")
            return models.Q(lead_unit_id=user.unit_id) | models.Q(pk__in=cooperating)
        return None

    def standing(self, day: dt.date) -> str:
        """The state as of `day`: closed if closed by then, else overdue past the deadline,
        else the stored state (a task closed after `day` was still open on it)."""
        if (
            self.status == TaskStatus.CLOSED
            and self.closed_on is not None
            and self.closed_on <= day
        ):
            return Standing.CLOSED
        if self.deadline < day:
            return Standing.OVERDUE
        if self.status == TaskStatus.REOPENED and self.reopened_on and self.reopened_on <= day:
            return Standing.REOPENED
        return Standing.OPEN

    def standing_label(self, day: dt.date) -> str:
        return str(Standing(self.standing(day)).label)

    @property
    def is_closed(self) -> bool:
        return self.status == TaskStatus.CLOSED


class Milestone(models.Model):
    """A dated step on the way to a task's completion standard."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField(_("节点"), max_length=128)
    due = models.DateField(_("计划完成"))
    done_on = models.DateField(_("实际完成"), null=True, blank=True)

    class Meta:
        verbose_name = _("任务节点")
        verbose_name_plural = _("任务节点")
        ordering = ["task", "due", "id"]

    def __str__(self) -> str:
        return self.name


class TaskProgress(VersionedModel):
    """A unit's monthly word on a task (the same rhythm as a project's 月报)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress")
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    text = models.TextField(_("本月进展"))
    reported_on = models.DateField(_("报送日期"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("任务月度进展")
        verbose_name_plural = _("任务月度进展")
        ordering = ["task", "year", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "year", "month"], name="tasks_one_progress_a_month"
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1) & models.Q(month__lte=12),
                name="tasks_progress_month_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.year}-{self.month:02d}"

    @classmethod
    def scope_for(cls, user: Principal, action: str) -> models.Q | None:
        if user.role == Role.REPORTER:
            cooperating = Task.cooperating_units.through.objects.filter(
                unit_id=user.unit_id or 0
            ).values("task_id")
            return models.Q(task__lead_unit_id=user.unit_id) | models.Q(task_id__in=cooperating)
        return None
