"""Enterprises served under 一企一议 and the problems (协调事项) raised on them or on projects.

The tables keep the names they had when these models lived in the supervision app
(`db_table`), so moving the code moved no data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.core.actors import Principal
from duban.core.models import TimestampedModel, VersionedModel
from duban.core.roles import Role
from duban.problems.choices import ProblemStatus, ProblemType


class Enterprise(VersionedModel):
    """An enterprise served under 一企一议; it belongs to the unit that serves it."""

    name = models.CharField(_("企业名称"), max_length=128, unique=True)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("属地/服务单位"), on_delete=models.PROTECT,
        related_name="enterprises",
    )  # fmt: skip

    class Meta:
        db_table = "supervision_enterprise"
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["unit", "name"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_for(cls, user: Principal, action: str) -> models.Q | None:
        if user.role == Role.REPORTER:
            return models.Q(unit_id=user.unit_id)
        return None


class Problem(VersionedModel):
    """A problem (协调事项) on a project or an enterprise, tracked to closure."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="problems",
    )  # fmt: skip
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="problems",
    )  # fmt: skip
    # The unit answerable for the project or enterprise, copied so scoping is one column.
    owner_unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+"
    )
    type = models.CharField(_("问题类型"), max_length=16, choices=ProblemType.choices)
    title = models.CharField(_("问题概述"), max_length=100)
    description = models.TextField(_("问题描述"))
    department = models.ForeignKey(
        "orgs.Unit", verbose_name=_("协调部门"), on_delete=models.PROTECT,
        related_name="coordinated_problems",
    )  # fmt: skip
    leader = models.ForeignKey(
        "orgs.Leader", verbose_name=_("挂钩领导"), on_delete=models.PROTECT,
        related_name="problems",
    )  # fmt: skip
    deadline = models.DateField(_("办理期限"))
    status = models.CharField(
        _("状态"), max_length=16, choices=ProblemStatus.choices, default=ProblemStatus.OPEN
    )
    raised_on = models.DateField(_("提出日期"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提出人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    resolved_on = models.DateField(_("解决日期"), null=True, blank=True)
    confirmed_on = models.DateField(_("确认日期"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("升级时间"), null=True, blank=True)
    last_note = models.CharField(_("最新办理情况"), max_length=255, blank=True)

    class Meta:
        db_table = "supervision_problem"
        verbose_name = _("协调事项")
        verbose_name_plural = _("协调事项")
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(project__isnull=False, enterprise__isnull=True)
                    | models.Q(project__isnull=True, enterprise__isnull=False)
                ),
                name="supervision_problem_one_subject",
            ),
        ]
        indexes = [
            models.Index(fields=["department", "status"], name="supervision_prob_dept_idx"),
            models.Index(fields=["leader", "status"], name="supervision_prob_leader_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()}：{self.title}"

    @property
    def subject(self) -> Any:
        return self.project if self.project_id else self.enterprise

    @classmethod
    def scope_for(cls, user: Principal, action: str) -> models.Q | None:
        """A unit sees problems on its own projects/enterprises and those it coordinates."""
        if user.role == Role.REPORTER:
            return models.Q(owner_unit_id=user.unit_id) | models.Q(department_id=user.unit_id)
        return None

    def is_open(self) -> bool:
        return self.status not in (ProblemStatus.RESOLVED, ProblemStatus.CONFIRMED)

    def is_overdue(self, today: dt.date) -> bool:
        return self.is_open() and self.deadline < today


class ProblemNote(TimestampedModel):
    """One step in a problem's handling, shown as its history beside the audit rows."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="notes")
    from_status = models.CharField(_("原状态"), max_length=16, choices=ProblemStatus.choices)
    to_status = models.CharField(_("新状态"), max_length=16, choices=ProblemStatus.choices)
    note = models.CharField(_("办理说明"), max_length=255, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    on = models.DateField(_("日期"))

    class Meta:
        db_table = "supervision_problemnote"
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["problem", "id"]

    def __str__(self) -> str:
        return f"{self.problem_id}: {self.from_status} → {self.to_status}"
