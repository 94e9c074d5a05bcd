"""Warning rules and curves (data), light history and supervision letters (亮灯发函)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.core.actors import Principal
from duban.core.models import VersionedModel
from duban.core.roles import Role
from duban.supervision.choices import (
    Colour,
    LetterStatus,
    LightKind,
)

PERCENT: dict[str, Any] = {
    "max_digits": 6,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
}
LINEAR_SHARES = [Decimal(m * 100) / 12 for m in range(1, 13)]


class TrajectoryCurve(VersionedModel):
    """Twelve cumulative monthly shares (percent of the year) a district expects.

    Linear (month/12) is the default when a rule names no curve; a district that wants a
    front-loaded first quarter (一季度"开门红") enters its own twelve numbers.
    """

    code = models.SlugField(_("曲线代码"), max_length=32, unique=True)
    name = models.CharField(_("曲线名称"), max_length=64)
    shares = models.JSONField(
        _("各月累计序时进度（%）"), help_text=_("12个数，逐月不减，12月为100")
    )

    class Meta:
        verbose_name = _("序时进度曲线")
        verbose_name_plural = _("序时进度曲线")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def share(self, month: int) -> Decimal:
        """Cumulative expected share (percent) at the end of `month`; 0 before January."""
        if month <= 0:
            return Decimal(0)
        return Decimal(str(self.shares[min(month, 12) - 1]))


class LightRule(VersionedModel):
    """The thresholds in force from `effective_from` until the next rule. Data, not code.

    A light always names the rule version (its effective date) it was judged by, so a light of
    March stays explainable after the district tightens the thresholds in June.
    """

    effective_from = models.DateField(_("生效日期"), unique=True)
    yellow_gap_pp = models.DecimalField(_("黄灯：落后序时进度超过（百分点）"), **PERCENT)
    red_gap_pp = models.DecimalField(_("红灯：落后序时进度超过（百分点）"), **PERCENT)
    node_overdue_yellow_days = models.PositiveIntegerField(_("黄灯：节点逾期超过（天）"))
    node_overdue_red_days = models.PositiveIntegerField(_("红灯：节点逾期超过（天）"))
    forecast_yellow_ratio = models.DecimalField(
        _("黄灯：年末预测低于目标的（%）"),
        **PERCENT,
        help_text=_("按当前进度外推的年末值低于目标的该比例时，绿灯转黄灯"),
    )
    forecast_from_month = models.PositiveSmallIntegerField(
        _("预测规则自几月起适用"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("年初数据太少，外推不可靠"),
    )
    curve = models.ForeignKey(
        TrajectoryCurve,
        verbose_name=_("序时进度曲线"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("不选则按月平均（月份/12）"),
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("亮灯规则")
        verbose_name_plural = _("亮灯规则")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(red_gap_pp__gte=models.F("yellow_gap_pp")),
                name="supervision_rule_red_beyond_yellow",
            ),
            models.CheckConstraint(
                condition=models.Q(node_overdue_red_days__gte=models.F("node_overdue_yellow_days")),
                name="supervision_rule_node_red_beyond_yellow",
            ),
        ]

    def __str__(self) -> str:
        return f"亮灯规则（{self.effective_from:%Y-%m-%d}起）"

    @property
    def version_label(self) -> str:
        return self.effective_from.isoformat()


class LightSnapshot(models.Model):
    """A light as computed for one month, kept so its history (red in March, yellow in April,
    green in May) survives, and so the warning board and the screen read lights instead of
    recomputing them. Written only by `supervision.services` (`duban compute-lights`, and
    the refresh after a report, node, target or rule changes), idempotently."""

    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    kind = models.CharField(_("类别"), max_length=16, choices=LightKind.choices)
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    subject = models.CharField(_("对象"), max_length=64)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+"
    )
    colour = models.CharField(_("灯色"), max_length=8, choices=Colour.choices)
    expected = models.DecimalField(_("序时进度（%）"), max_digits=9, decimal_places=2)
    actual = models.DecimalField(_("实际进度（%）"), max_digits=9, decimal_places=2)
    gap = models.DecimalField(_("差距（百分点）"), max_digits=9, decimal_places=2)
    forecast = models.DecimalField(
        _("年末预测"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    rule_version = models.CharField(_("规则版本"), max_length=16)
    explanation = models.JSONField(_("说明"), default=list)
    # Everything else the warning board shows of the light (labels, rule, values, overdue
    # nodes), so the board reads stored lights instead of recomputing them on each request.
    payload = models.JSONField(_("灯的明细"), default=dict, blank=True)
    # What the board filters and sorts a province's 110,000 lights by, as columns an index
    # covers (see Meta.indexes), so a page reads a hundred rows instead of every light.
    # `severity` (0 green, 1 yellow, 2 red) is empty on rows stored before these columns:
    # such a month counts as never stored with details (the board computes it).
    severity = models.PositiveSmallIntegerField(_("严重程度"), null=True, blank=True)
    unit_label = models.CharField(_("责任单位简称"), max_length=64, blank=True, default="")
    category_ref = models.PositiveBigIntegerField(_("类别编号"), null=True, blank=True)
    has_late_nodes = models.BooleanField(_("有逾期节点"), default=False)

    class Meta:
        verbose_name = _("亮灯记录")
        verbose_name_plural = _("亮灯记录")
        ordering = ["year", "month", "kind", "object_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "month", "kind", "object_id"], name="supervision_one_light_a_month"
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1) & models.Q(month__lte=12),
                name="supervision_snapshot_month_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "object_id"], name="supervision_snap_obj_idx"),
            # The board: a month's lights worst first, by unit and subject; the trailing
            # columns are the filters, so counting and paging never read the rows.
            models.Index(
                fields=[
                    *("year", "month", "-severity", "unit_label", "subject", "id"),
                    *("kind", "unit", "category_ref"),
                ],
                name="supervision_snap_board_idx",
            ),
            # The board's overdue nodes: the few lights that have some, in the same order.
            models.Index(
                fields=["year", "month", "-severity", "unit_label", "subject", "id"],
                condition=models.Q(has_late_nodes=True),
                name="supervision_snap_nodes_idx",
            ),
            # The screen's and the bulletin's red projects, worst gap first.
            models.Index(
                fields=["year", "month", "kind", "severity", "-gap", "subject"],
                name="supervision_snap_red_idx",
            ),
            # A refresh replaces some units' lights of a month.
            models.Index(fields=["year", "month", "unit"], name="supervision_snap_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} {self.subject} {self.get_colour_display()}"

    @classmethod
    def scope_for(cls, user: Principal, action: str) -> models.Q | None:
        if user.role == Role.REPORTER:
            return models.Q(unit_id=user.unit_id)
        return None


class LetterSerial(models.Model):
    """The last letter number issued in a year. Numbers are taken from here under a
    conditional update, so two issuers never get the same one and none is ever reused."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    last_serial = models.PositiveIntegerField(_("已用最大序号"), default=0)

    class Meta:
        verbose_name = _("督办函编号")
        verbose_name_plural = _("督办函编号")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.last_serial}"


class SupervisionLetter(VersionedModel):
    """A numbered supervision letter (督办函) to a responsible unit about a red light."""

    year = models.PositiveSmallIntegerField(_("年度"))
    serial = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("文号"), max_length=48, unique=True)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("主送单位"), on_delete=models.PROTECT, related_name="letters"
    )
    kind = models.CharField(_("督办对象类别"), max_length=16, choices=LightKind.choices)
    target = models.ForeignKey(
        "targets.Target", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A task, finding or meeting decision chased by letter (kind = task).
    task = models.ForeignKey(
        "tasks.Task", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_label = models.CharField(_("督办事项"), max_length=160)
    light_month = models.CharField(_("亮灯月份"), max_length=7)
    gap_text = models.TextField(_("差距说明"))
    deadline = models.DateField(_("回函期限"))
    status = models.CharField(
        _("状态"), max_length=16, choices=LetterStatus.choices, default=LetterStatus.ISSUED
    )
    issued_on = models.DateField(_("发函日期"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issuer_name = models.CharField(_("落款单位"), max_length=64)
    # The wording template as it stood when the letter was issued (duban.documents): the
    # letter prints with it ever after, whatever the template says later.
    wording = models.JSONField(_("发文措辞"), default=dict, blank=True)
    reply_text = models.TextField(_("回函内容"), blank=True)
    evidence_path = models.CharField(_("佐证文件（存储名）"), max_length=128, blank=True)
    evidence_name = models.CharField(_("佐证文件原名"), max_length=200, blank=True)
    evidence_type = models.CharField(_("佐证文件类型"), max_length=32, blank=True)
    replied_at = models.DateTimeField(_("回函时间"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    escalated_at = models.DateTimeField(_("升级时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("督办函")
        verbose_name_plural = _("督办函")
        ordering = ["-year", "-serial"]
        constraints = [
            models.UniqueConstraint(fields=["year", "serial"], name="supervision_letter_serial"),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind="target", target__isnull=False, project__isnull=True, task__isnull=True
                    )
                    | models.Q(
                        kind="project",
                        project__isnull=False,
                        target__isnull=True,
                        task__isnull=True,
                    )
                    | models.Q(
                        kind="task", task__isnull=False, target__isnull=True, project__isnull=True
                    )
                ),
                name="supervision_letter_one_subject_or_task",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject_label}"

    @classmethod
    def scope_for(cls, user: Principal, action: str) -> models.Q | None:
        """A unit sees (and answers) only letters addressed to it."""
        if user.role == Role.REPORTER:
            return models.Q(unit_id=user.unit_id)
        return None

    def is_overdue(self, today: dt.date) -> bool:
        return self.status == LetterStatus.ISSUED and self.deadline < today

    @property
    def replied_on_time(self) -> bool:
        return self.replied_at is not None and self.replied_at.date() <= self.deadline
