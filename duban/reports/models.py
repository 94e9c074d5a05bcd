"""Monthly reports (月报): one per project per month; its figures feed every actual."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.accounts.roles import Role
from duban.core.models import VersionedModel
from duban.reports.choices import Confidence, ReportStatus


class MonthlyReport(VersionedModel):
    """A project's report for one month. `version` guards concurrent edits of the draft."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="monthly_reports"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    status = models.CharField(
        _("状态"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    investment_wan = models.DecimalField(
        _("本月完成投资（万元）"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    progress_text = models.TextField(_("形象进度"), blank=True)
    problems_text = models.TextField(_("存在问题"), blank=True)
    confidence = models.CharField(
        _("完成全年计划信心"), max_length=8, choices=Confidence.choices, blank=True
    )
    confidence_reason = models.CharField(_("信心说明"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.CharField(_("退回原因"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("月报")
        verbose_name_plural = _("月报")
        ordering = ["year", "month", "project"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year", "month"], name="reports_one_report_a_month"
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1) & models.Q(month__lte=12),
                name="reports_month_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(investment_wan__gte=0), name="reports_investment_nonnegative"
            ),
        ]
        indexes = [models.Index(fields=["year", "month", "status"], name="reports_month_idx")]

    def __str__(self) -> str:
        return f"{self.project.code} {self.year}-{self.month:02d}"

    @classmethod
    def scope_for(cls, user: Any, action: str) -> models.Q | None:
        if user.role == Role.REPORTER:
            return models.Q(project__unit_id=user.unit_id)
        return None
