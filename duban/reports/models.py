"""Monthly reports (月报): one per project per month; its figures feed every actual.

A report is edited as a draft (optimistic `version`, F2); every submission, return, approval
and correction appends an immutable `ReportRevision` with a content hash (F3). Evidence files
live under MEDIA_ROOT with random names and are served only by an authorising view (E5).
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.core.actors import Principal
from duban.core.models import VersionedModel
from duban.core.roles import Role
from duban.reports.choices import Confidence, ReportStatus, RevisionEvent


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
    # The content version (第n版): 1 at first submission, +1 at each resubmission after a
    # return and at each correction of an approved report. `version` is the edit lock.
    revision = models.PositiveIntegerField(_("版本号"), default=1)
    # Lateness is judged by the first submission, so a return and resubmission is not "late".
    first_submitted_at = models.DateTimeField(_("首次报送时间"), null=True, blank=True)

    # Evidence files (duban.files): visible to whoever may see this record.
    evidence_files = GenericRelation(
        "files.Attachment", content_type_field="owner_type", object_id_field="owner_id"
    )
    attachment_view_action: ClassVar[str] = "report.view"

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
    def scope_for(cls, user: Principal, action: str) -> models.Q | None:
        """Reporters reach their own unit's reports; a lead-department reviewer reviews only
        the categories its department leads (发改局 reviews all); reading is open to them."""
        if user.role == Role.REPORTER:
            return models.Q(project__unit_id=user.unit_id)
        if user.role == Role.REVIEWER and action == "report.review":
            return models.Q(project__category__lead_department_id=user.unit_id)
        return None

    @property
    def month_label(self) -> str:
        return f"{self.year}年{self.month}月"

    @property
    def is_editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)

    def content(self) -> dict[str, str]:
        """The reported content as a canonical, JSON-ready mapping (what a revision freezes)."""
        return {
            "project": self.project.code,
            "year": str(self.year),
            "month": str(self.month),
            "investment_wan": str(Decimal(self.investment_wan).quantize(Decimal("0.01"))),
            "progress_text": self.progress_text,
            "problems_text": self.problems_text,
            "confidence": self.confidence,
            "confidence_reason": self.confidence_reason,
        }


def content_hash(content: dict[str, Any]) -> str:
    """sha256 of the canonical JSON of a revision's content (sorted keys, no whitespace)."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ImmutableError(Exception):
    """A frozen report version was about to be changed or deleted (F3)."""


class ReportRevision(models.Model):
    """One frozen step of a report's history: submitted, returned, approved or corrected.

    Rows are only ever appended. Each carries the content at that moment with its sha256, who
    acted, why (return or correction reason) and the revision it supersedes, so any version a
    reviewer approved can be shown and checked later.
    """

    report = models.ForeignKey(MonthlyReport, on_delete=models.PROTECT, related_name="revisions")
    seq = models.PositiveIntegerField(_("序号"))
    revision = models.PositiveIntegerField(_("版本号"))
    event = models.CharField(_("事件"), max_length=16, choices=RevisionEvent.choices)
    status = models.CharField(_("状态"), max_length=16, choices=ReportStatus.choices)
    content = models.JSONField(_("内容"))
    content_sha256 = models.CharField(_("内容哈希"), max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_username = models.CharField(_("操作人"), max_length=150, blank=True)
    reason = models.CharField(_("原因"), max_length=255, blank=True)
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("取代"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    created_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("月报版本")
        verbose_name_plural = _("月报版本")
        ordering = ["report", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["report", "seq"], name="reports_revision_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.report} 第{self.revision}版 {self.get_event_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableError("月报版本一经生成不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ImmutableError("月报版本不可删除")

    @property
    def intact(self) -> bool:
        """True when the stored content still matches the hash taken when it was frozen."""
        return content_hash(self.content) == self.content_sha256


class ReportingWindow(models.Model):
    """The due date of one month's reports, set by 发改局. Without a row the due date is the
    DUBAN_REPORT_DUE_DAY of the next month (see queries.due_date)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    due_on = models.DateField(_("报送截止日期"))
    note = models.CharField(_("说明"), max_length=128, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("报送时限")
        verbose_name_plural = _("报送时限")
        ordering = ["year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="reports_one_window_a_month"),
            models.CheckConstraint(
                condition=models.Q(month__gte=1) & models.Q(month__lte=12),
                name="reports_window_month_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.month}月 截止 {self.due_on}"
