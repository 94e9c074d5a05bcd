"""Assessment methods (考评办法) as versioned data, monthly score runs, bonuses and bulletins.

A method is never edited in place: each change is a new version (`AssessmentMethod.version`),
and every score run cites the version it used. A published run is frozen; recomputing a
published month writes a new run with `revision` n+1 that `supersedes` the published one.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypedDict

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from duban.assessment.choices import (
    BulletinKind,
    ItemRole,
    NotApplicable,
    Pace,
    RunStatus,
    ScoringForm,
    TargetBasis,
)
from duban.core.actors import Principal
from duban.core.asof import Month
from duban.core.models import VersionedModel
from duban.core.roles import can
from duban.orgs.choices import UnitKind


class _Digits(TypedDict):
    """The precision of a DecimalField, spread into it as `**SCORE` etc."""

    max_digits: int
    decimal_places: int


SCORE: _Digits = {"max_digits": 9, "decimal_places": 2}
RATE: _Digits = {"max_digits": 12, "decimal_places": 4}
AMOUNT: _Digits = {"max_digits": 18, "decimal_places": 2}


class AssessmentMethod(models.Model):
    """One version of a group's assessment method for a year. Immutable once written."""

    year = models.PositiveSmallIntegerField(_("年度"))
    group = models.CharField(_("考评组"), max_length=16, choices=UnitKind.choices)
    version = models.PositiveIntegerField(_("版本号"))
    name = models.CharField(_("办法名称"), max_length=128)
    target_basis = models.CharField(
        _("目标口径"), max_length=16, choices=TargetBasis.choices, default=TargetBasis.ORIGINAL
    )
    pace = models.CharField(
        _("完成率口径"), max_length=16, choices=Pace.choices, default=Pace.TRAJECTORY
    )
    quarterly_top_n = models.PositiveSmallIntegerField(_("季度介绍经验名额"), default=3)
    quarterly_bottom_n = models.PositiveSmallIntegerField(_("季度表态发言名额"), default=2)
    statement_item = models.CharField(
        _("表态发言依据任务"),
        max_length=48,
        blank=True,
        help_text=_("未完成该考评项任务且排名靠后的单位作表态发言"),
    )
    not_applicable = models.CharField(
        _("无任务考评项的处理"),
        max_length=16,
        choices=NotApplicable.choices,
        default=NotApplicable.RESCALE,
    )
    speaking_rules = models.JSONField(
        _("季度通报会发言规则"),
        default=list,
        blank=True,
        help_text=_("条件组合：排名（前N名、后N名、末位）与任务完成情况（哪一项任务）"),
    )
    change_note = models.CharField(_("修改说明"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("考评办法")
        verbose_name_plural = _("考评办法")
        ordering = ["year", "group", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "group", "version"], name="assessment_method_one_version"
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(year)s %(group)s 第%(version)s版") % {
            "year": self.year,
            "group": UnitKind(self.group).group_label,
            "version": self.version,
        }

    @property
    def group_label(self) -> str:
        return UnitKind(self.group).group_label


class MethodItem(models.Model):
    """A weighted item of a method; `kind` names a source in `duban.assessment.items`."""

    method = models.ForeignKey(AssessmentMethod, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("考评项代码"), max_length=48, default="")
    kind = models.CharField(_("考评项"), max_length=48)
    label = models.CharField(_("名称"), max_length=64)
    role = models.CharField(_("类别"), max_length=16, choices=ItemRole.choices, default="base")
    form = models.CharField(
        _("计分方式"), max_length=8, choices=ScoringForm.choices, default=ScoringForm.RATE
    )
    weight = models.DecimalField(_("分值"), max_digits=6, decimal_places=2)
    capped = models.BooleanField(_("完成率封顶100%"), default=True)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("考评项")
        verbose_name_plural = _("考评项")
        ordering = ["method", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["method", "code"], name="assessment_item_code_once"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=0), name="assessment_item_weight_nonnegative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}（{self.weight}分）"


class Adjustment(models.Model):
    """A bonus (加分, positive) or deduction (扣分, negative) for a unit in a month, with reason."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="adjustments")
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    points = models.DecimalField(_("分值（正为加分，负为扣分）"), **SCORE)
    veto = models.BooleanField(
        _("一票否决事项"), default=False, help_text=_("由考评办法中的一票否决项计入")
    )
    reason = models.CharField(_("事由"), max_length=255)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("加减分")
        verbose_name_plural = _("加减分")
        ordering = ["year", "month", "unit", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="assessment_adjustment_needs_reason"
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1) & models.Q(month__lte=12),
                name="assessment_adjustment_month_valid",
            ),
        ]

    def __str__(self) -> str:
        sign = "加" if self.points >= 0 else "扣"
        return f"{self.year}-{self.month:02d} {self.unit} {sign}{abs(self.points)}分：{self.reason}"


def _published_only(user: Any) -> models.Q | None:
    return None if can(user, "score.view_draft") else models.Q(status=RunStatus.PUBLISHED)


class ScoreRun(models.Model):
    """One computation of a month's scores for one group, under one method version."""

    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    group = models.CharField(_("考评组"), max_length=16, choices=UnitKind.choices)
    method = models.ForeignKey(
        AssessmentMethod, verbose_name=_("考评办法版本"), on_delete=models.PROTECT
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=RunStatus.choices, default=RunStatus.DRAFT
    )
    revision = models.PositiveSmallIntegerField(_("修订号"), default=0)
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="revisions"
    )
    revision_reason = models.CharField(_("修订说明"), max_length=255, blank=True)
    content_sha256 = models.CharField(_("内容哈希"), max_length=64)
    computed_at = models.DateTimeField(_("计算时间"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("考评计算")
        verbose_name_plural = _("考评计算")
        ordering = ["year", "month", "group", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "month", "group", "revision"], name="assessment_run_revision_once"
            ),
            models.UniqueConstraint(
                fields=["year", "month", "group"],
                condition=models.Q(status="draft"),
                name="assessment_run_one_draft",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(published_at__isnull=False),
                name="assessment_run_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        rev = f" 修订{self.revision}" if self.revision else ""
        return f"{self.year}年{self.month}月 {UnitKind(self.group).group_label}{rev}"

    @property
    def title(self) -> str:
        """What a page prints for the run, in the reader's language (str() stays Chinese for
        the audit record)."""
        text = f"{Month(self.year, self.month).display} {UnitKind(self.group).group_label}"
        if self.revision:
            text += " " + gettext("修订%(n)s") % {"n": self.revision}
        return text

    @property
    def is_published(self) -> bool:
        return self.status == RunStatus.PUBLISHED

    @property
    def group_label(self) -> str:
        return UnitKind(self.group).group_label

    @classmethod
    def scope_for(cls, user: Principal, action: str) -> models.Q | None:
        """Unpublished runs exist only for the scoring roles (SECURITY.md B6)."""
        return _published_only(user)


class UnitScore(models.Model):
    """A unit's total and rank in one run; the total is exactly the sum of its item points."""

    run = models.ForeignKey(ScoreRun, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="scores")
    total = models.DecimalField(_("总分"), **SCORE)
    rank = models.PositiveIntegerField(_("排名"))
    position = models.PositiveIntegerField(_("显示顺序"))
    task_met = models.BooleanField(_("完成表态发言依据任务"), default=True)

    class Meta:
        verbose_name = _("单位得分")
        verbose_name_plural = _("单位得分")
        ordering = ["run", "position"]
        constraints = [
            models.UniqueConstraint(fields=["run", "unit"], name="assessment_score_unit_once"),
            models.UniqueConstraint(fields=["run", "position"], name="assessment_score_position"),
        ]

    def __str__(self) -> str:
        return f"{self.run} {self.unit}: {self.total}（第{self.rank}名）"

    @classmethod
    def scope_for(cls, user: Principal, action: str) -> models.Q | None:
        q = _published_only(user)
        return None if q is None else models.Q(run__status=RunStatus.PUBLISHED)


class ItemScore(models.Model):
    """One item of a unit's score with the exact inputs it was computed from."""

    unit_score = models.ForeignKey(UnitScore, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("考评项代码"), max_length=48, default="")
    kind = models.CharField(_("考评项"), max_length=48)
    role = models.CharField(_("类别"), max_length=16, default="base")
    applicable = models.BooleanField(_("适用"), default=True)
    effective_weight = models.DecimalField(
        _("折算分值"), max_digits=10, decimal_places=4, null=True, blank=True
    )
    label = models.CharField(_("名称"), max_length=64)
    weight = models.DecimalField(_("分值"), max_digits=6, decimal_places=2)
    capped = models.BooleanField(_("封顶"), default=True)
    mode = models.CharField(_("计分方式"), max_length=8)
    numerator = models.DecimalField(_("完成值"), **AMOUNT)
    denominator = models.DecimalField(_("任务值"), null=True, blank=True, **AMOUNT)
    rate = models.DecimalField(_("完成率"), null=True, blank=True, **RATE)
    points = models.DecimalField(_("得分"), **SCORE)
    sources = models.JSONField(_("依据"), default=list)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("考评项得分")
        verbose_name_plural = _("考评项得分")
        ordering = ["unit_score", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit_score", "code"], name="assessment_item_code_once_per_score"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.points}"


class Bulletin(models.Model):
    """A published bulletin (通报): its number and a frozen snapshot of what it says."""

    kind = models.CharField(_("通报类型"), max_length=16, choices=BulletinKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    period = models.PositiveSmallIntegerField(_("月份或季度"))
    number = models.CharField(_("文号"), max_length=64)
    content = models.JSONField(_("内容快照"))
    content_sha256 = models.CharField(_("内容哈希"), max_length=64)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("发布时间"))

    class Meta:
        verbose_name = _("通报")
        verbose_name_plural = _("通报")
        ordering = ["year", "kind", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "period"], name="assessment_bulletin_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def title(self) -> str:
        if self.kind == BulletinKind.QUARTERLY:
            return f"关于{self.year}年第{self.period}季度重点项目考评情况的通报"
        return f"关于{self.year}年{self.period}月重点项目考评情况的通报"


ZERO = Decimal(0)


class MethodDraft(VersionedModel):
    """A method being drafted (拟调整的考评办法): a copy of the adopted version edited in place
    (optimistic lock: `version`), tried against every published month (what-if) and adopted
    as a new method version. Nothing scores with a draft except the what-if comparison."""

    year = models.PositiveSmallIntegerField(_("年度"))
    group = models.CharField(_("考评组"), max_length=16, choices=UnitKind.choices)
    name = models.CharField(_("草稿名称"), max_length=128)
    spec = models.JSONField(_("办法内容"))
    based_on = models.ForeignKey(
        AssessmentMethod,
        verbose_name=_("依据版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="drafts",
    )
    adopted_as = models.ForeignKey(
        AssessmentMethod,
        verbose_name=_("采用为"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("考评办法草稿")
        verbose_name_plural = _("考评办法草稿")
        ordering = ["year", "group", "-id"]

    def __str__(self) -> str:
        return f"{self.name}（{UnitKind(self.group).group_label}）"

    @property
    def is_open(self) -> bool:
        return self.adopted_as_id is None

    @property
    def group_label(self) -> str:
        return UnitKind(self.group).group_label
