"""Metrics (data, not code), targets, their decomposition to units, and manual actuals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from duban.core.actors import Principal
from duban.core.models import TimestampedModel, VersionedModel
from duban.core.money import format_wan
from duban.core.roles import Role
from duban.targets.choices import (
    DUE_MONTH_LABELS,
    Commitment,
    Comparator,
    MetricKind,
    RevisionStatus,
)


class Metric(VersionedModel):
    """What a target measures. A district adds its own (e.g. 新增限上商贸业企业数) as a row."""

    code = models.SlugField(_("指标代码"), max_length=48, unique=True)
    name = models.CharField(_("指标名称"), max_length=64, unique=True)
    unit = models.CharField(_("计量单位"), max_length=16, help_text=_("个、家、项、万元、%…"))
    kind = models.CharField(_("数据来源"), max_length=32, choices=MetricKind.choices)
    description = models.TextField(_("口径说明"), blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_money(self) -> bool:
        return self.unit in ("万元", "亿元")


class Target(VersionedModel):
    """A yearly target (目标任务): the district's when `unit` is empty, else a unit's share.

    Unit targets point at the district target they decompose (`parent`). Money values are
    stored in 万元 whatever unit the plan was written in.
    """

    year = models.PositiveSmallIntegerField(_("年度"))
    metric = models.ForeignKey(
        Metric, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="targets"
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级目标"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="parts",
    )
    # Filters narrowing which projects count (工业, 战略性新兴产业, 亿元以上 …).
    category = models.ForeignKey(
        "projects.Category",
        verbose_name=_("项目类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    strategic_only = models.BooleanField(_("仅战略性新兴产业"), default=False)
    foreign_only = models.BooleanField(_("仅外资项目"), default=False)
    min_total_investment_wan = models.DecimalField(
        _("总投资下限（万元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    value = models.DecimalField(_("目标值"), max_digits=16, decimal_places=2)
    comparator = models.CharField(
        _("比较方式"), max_length=8, choices=Comparator.choices, default=Comparator.AT_LEAST
    )
    title = models.CharField(_("目标表述"), max_length=128, blank=True)
    source_text = models.TextField(_("原文出处"), blank=True)
    # Invented data (a demo's per-unit split when the plan's 任务分解表 is not available) is
    # marked so every page that shows it says 示例 and nobody takes it for the plan's annex.
    illustrative = models.BooleanField(
        _("示例数据"),
        default=False,
        db_default=False,
        help_text=_("非方案原文的示例数据（如演示用的分解），页面标注“示例”"),
    )
    # 确保 (floor) or 力争 (stretch): how firmly the plan commits to `value`. When a plan gives
    # both, `value` is the 确保 floor that scores use and `stretch_value` the 力争 figure.
    # db_default too: rows written by bulk SQL (province bench, imports) get the same defaults.
    commitment = models.CharField(
        _("承诺程度"),
        max_length=8,
        choices=Commitment.choices,
        default="",
        db_default="",
        blank=True,
    )
    stretch_value = models.DecimalField(
        _("力争值"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    # The period the plan states: due by the end of this month of `year` (全年 = 12, 上半年 = 6).
    # Actuals are measured up to it, never past it.
    due_month = models.PositiveSmallIntegerField(_("完成时限（月）"), default=12, db_default=12)
    # A "其中" target counts a subset of a broader one (其中战略性新兴产业项目12个 within
    # 工业新开工13个); `parent` stays the decomposition of a district target to units.
    broader = models.ForeignKey(
        "self",
        verbose_name=_("所属总目标（其中）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="narrower",
    )
    # The programme (工程) a target belongs to when it has no category that names one
    # (新增限上商贸业企业 under 产业发展和科技创新提升工程); see `programme_of`.
    programme = models.ForeignKey(
        "projects.Programme", verbose_name=_("所属工程"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="targets",
    )  # fmt: skip
    # A target the rollover started from last year's value: to be edited, decomposed and
    # confirmed by 发改局 before the new year's plan is final.
    draft = models.BooleanField(
        _("草稿（待确认）"), default=False, db_default=False, editable=False
    )

    class Meta:
        verbose_name = _("目标任务")
        verbose_name_plural = _("目标任务")
        ordering = ["year", "metric__sort_order", "category__sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "unit"],
                condition=models.Q(parent__isnull=False),
                name="targets_one_part_per_unit",
            ),
            models.CheckConstraint(
                condition=models.Q(due_month__gte=1) & models.Q(due_month__lte=12),
                name="targets_due_month_valid",
            ),
        ]
        indexes = [models.Index(fields=["year", "unit"], name="targets_year_unit_idx")]

    def __str__(self) -> str:
        who = self.unit.label if self.unit_id and self.unit else "全区"
        return f"{self.year} {who} {self.display_title}"

    @property
    def display_title(self) -> str:
        """The wording of the plan when known, else built from the metric and its filters:
        工业战略性新兴产业新开工项目数（亿元以上）."""
        if self.title:
            return self.title
        parts = [str(self.category) if self.category_id else ""]
        if self.strategic_only:
            parts.append("战略性新兴产业")
        if self.foreign_only:
            parts.append("外资")
        parts.append(self.metric.name)
        if self.min_total_investment_wan:
            floor = self.min_total_investment_wan
            parts.append("（亿元以上）" if floor == 10000 else f"（{format_wan(floor)}以上）")
        return "".join(parts)

    @property
    def programme_of(self) -> Any:
        """The target's own programme, else its category's, else (a unit's share) its district
        target's; None for the district-wide totals."""
        if self.programme_id:
            return self.programme
        if self.category_id and self.category and self.category.programme_id:
            return self.category.programme
        return self.parent.programme_of if self.parent_id and self.parent else None

    @property
    def period_label(self) -> str:
        """全年, 上半年, 一季度, 前三季度, or N月底前."""
        label = DUE_MONTH_LABELS.get(self.due_month)
        return str(label) if label else gettext("%(month)s月底前") % {"month": self.due_month}

    @property
    def filter_signature(self) -> tuple[Any, ...]:
        return (
            self.metric_id,
            self.category_id,
            self.strategic_only,
            self.foreign_only,
            self.min_total_investment_wan,
            self.due_month,
        )

    @classmethod
    def scope_for(cls, user: Principal, action: str) -> models.Q | None:
        """Reporters see the district's targets and their own unit's parts, no one else's."""
        if user.role == Role.REPORTER:
            return models.Q(unit__isnull=True) | models.Q(unit_id=user.unit_id)
        return None


class ActualEntry(VersionedModel):
    """A reported year-to-date value of a MANUAL metric for one unit and month."""

    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="actuals")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="actuals")
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    value = models.DecimalField(_("年累计值"), max_digits=16, decimal_places=2)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("指标完成值")
        verbose_name_plural = _("指标完成值")
        ordering = ["year", "month", "metric", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "unit", "year", "month"], name="targets_one_actual_a_month"
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1) & models.Q(month__lte=12),
                name="targets_actual_month_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} {self.unit} {self.metric}: {self.value}"

    @classmethod
    def scope_for(cls, user: Principal, action: str) -> models.Q | None:
        if user.role == Role.REPORTER:
            return models.Q(unit_id=user.unit_id)
        return None


class TargetRevision(TimestampedModel):
    """A revision of a target during the year (调整目标).

    The original stays on `Target.value`; the revised value lives here and counts only once
    发改局 has approved it with a reason. Assessment methods say whether scores use the original
    or the revised value, and rankings and bulletins show both beside the actual.
    """

    target = models.ForeignKey(
        Target, verbose_name=_("目标任务"), on_delete=models.PROTECT, related_name="revisions"
    )
    revised_value = models.DecimalField(_("调整后目标值"), max_digits=16, decimal_places=2)
    reason = models.TextField(_("调整理由"))
    status = models.CharField(
        _("状态"), max_length=16, choices=RevisionStatus.choices, default=RevisionStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("目标调整")
        verbose_name_plural = _("目标调整")
        ordering = ["target", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="targets_revision_needs_reason"
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending") | models.Q(approved_at__isnull=False),
                name="targets_revision_decided_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target} → {self.revised_value}（{self.get_status_display()}）"

    @classmethod
    def scope_for(cls, user: Principal, action: str) -> models.Q | None:
        if user.role == Role.REPORTER:
            return models.Q(target__unit_id=user.unit_id)
        return None


ZERO = Decimal(0)
