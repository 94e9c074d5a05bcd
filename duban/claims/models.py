"""Claims (认定) of the facts scores count, the evidence rules per fact, revision marks, and
the monthly spot checks (抽查) with their stored draws."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from duban.claims.choices import CheckResult, ClaimStatus, Fact, Stratify
from duban.core.actors import Principal
from duban.core.models import TimestampedModel, VersionedModel
from duban.core.roles import Role
from duban.projects.models import Project


class EvidenceRule(models.Model):
    """What evidence a fact needs before it can be confirmed. Data edited by 发改局: e.g. 开工
    needs a 施工许可证 or a dated site photo with its location; 入库 the statistics system's
    screenshot, or its number written on the claim."""

    fact = models.CharField(_("事实类型"), max_length=16, choices=Fact.choices, unique=True)
    requirement = models.CharField(_("佐证要求"), max_length=255)
    min_files = models.PositiveSmallIntegerField(_("至少文件数"), default=1)
    note_suffices = models.BooleanField(
        _("可用编号代替文件"),
        default=False,
        help_text=_("如统计系统入库编号：填写后可不上传文件"),
    )

    class Meta:
        verbose_name = _("认定佐证规则")
        verbose_name_plural = _("认定佐证规则")
        ordering = ["fact"]

    def __str__(self) -> str:
        return f"{self.get_fact_display()}：{self.requirement}"


class ClaimQuerySet(models.QuerySet["Claim"]):
    def with_relations(self) -> ClaimQuerySet:
        return self.select_related(
            "project", "project__category", "unit", "filed_by", "decided_by", "decided_by_unit"
        )


class Claim(VersionedModel):
    """One fact a unit claims about one project, pending until its lead department decides.

    The project keeps the confirmed value; the claim keeps what was claimed (`new_value`),
    what stood before (`old_value`), and who decided when with what evidence."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="claims"
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("申报单位"), on_delete=models.PROTECT, related_name="claims"
    )
    fact = models.CharField(_("事实类型"), max_length=16, choices=Fact.choices)
    # field_change and stats: the project field and its values (JSON plain: ids, strings).
    field_name = models.CharField(_("字段"), max_length=32, blank=True)
    old_value = models.JSONField(_("原值"), null=True, blank=True)
    new_value = models.JSONField(_("申报值"), null=True, blank=True)
    old_display = models.CharField(_("原值（显示）"), max_length=255, blank=True)
    new_display = models.CharField(_("申报值（显示）"), max_length=255, blank=True)
    # start / completion / signing: the stage claimed and its date; landing: the plan year.
    to_stage = models.CharField(_("申报阶段"), max_length=16, blank=True)
    fact_on = models.DateField(_("事实日期"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.PENDING
    )
    filed_on = models.DateField(_("申报日期"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申报人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    evidence_note = models.CharField(_("佐证说明/编号"), max_length=255, blank=True)
    decided_on = models.DateField(_("认定日期"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("认定人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("认定单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("理由"), blank=True)
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    revoke_reason = models.TextField(_("撤销理由"), blank=True)

    evidence_files = GenericRelation(
        "files.Attachment", content_type_field="owner_type", object_id_field="owner_id"
    )
    attachment_view_action: ClassVar[str] = "claim.view"

    objects = ClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("认定事项")
        verbose_name_plural = _("认定事项")
        ordering = ["-filed_on", "-id"]
        indexes = [
            models.Index(fields=["filed_on"], name="claims_filed_on_idx"),
            models.Index(fields=["status", "decided_on"], name="claims_status_decided_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(reason=""),
                name="claims_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.get_fact_display()} {self.get_status_display()}"

    @classmethod
    def scope_for(cls, user: Principal, action: str) -> models.Q | None:
        """A unit sees its own claims; a reviewer decides only its categories' claims."""
        if user.role == Role.REPORTER:
            return models.Q(unit_id=user.unit_id)
        if user.role == Role.REVIEWER and action == "claim.decide":
            return models.Q(project__category__lead_department_id=user.unit_id)
        return None

    def status_on(self, day: Any) -> str:
        """The status as it stood on a day (the pages are seen as of a month): undecided then
        is pending, a revocation after it had not happened yet."""
        if self.decided_on is None or self.decided_on > day:
            return ClaimStatus.PENDING
        if self.status == ClaimStatus.REVOKED and self.revoked_on and self.revoked_on > day:
            return ClaimStatus.CONFIRMED
        return self.status

    @property
    def field_label(self) -> str:
        """The changed field's name in the reader's language."""
        if self.field_name == "listing":
            return gettext("年度计划类别")
        if not self.field_name:
            return ""
        field = Project._meta.get_field(self.field_name)
        return str(getattr(field, "verbose_name", self.field_name))

    @property
    def claimed_text(self) -> str:
        """What is claimed, in a line: "总投资: 1,000 → 3,000" or "开工 2021-05-06"."""
        if self.field_name:
            return f"{self.old_display or '—'} → {self.new_display or '—'}"
        if self.fact_on:
            return str(self.fact_on)
        return self.new_display


class RevisionMark(models.Model):
    """A published month whose scores a revoked fact touched: the assessment reads these
    (`duban.claims.queries.months_to_revise`) to revise and republish that month."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="revision_marks")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    marked_on = models.DateField(_("标记日期"))
    resolved = models.BooleanField(_("已修订"), default=False)

    class Meta:
        verbose_name = _("得分修订标记")
        verbose_name_plural = _("得分修订标记")
        ordering = ["year", "month", "unit", "claim"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "year", "month"], name="claims_one_mark_a_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} {self.unit} ← {self.claim_id}"


class SpotCheckPolicy(models.Model):
    """How the monthly draw is made: sample size, stratification, weighting. Data, edited by
    发改局 (one active row)."""

    name = models.CharField(_("名称"), max_length=64, unique=True)
    sample_size = models.PositiveSmallIntegerField(
        _("每月抽查数"), default=5, validators=[MinValueValidator(1)]
    )
    stratify = models.CharField(
        _("分层方式"), max_length=8, choices=Stratify.choices, default=Stratify.UNIT
    )
    weight_by_investment = models.BooleanField(_("按总投资加权"), default=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("抽查规则")
        verbose_name_plural = _("抽查规则")
        ordering = ["-is_active", "name"]

    def __str__(self) -> str:
        return self.name


class SpotCheckDraw(TimestampedModel):
    """One month's draw: the seed, the parameters, the population as it stood (id, weight,
    stratum) and the drawn ids, so the same draw can be recomputed and verified later."""

    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    seed = models.BigIntegerField(_("随机种子"))
    sample_size = models.PositiveSmallIntegerField(_("抽查数"))
    stratify = models.CharField(_("分层方式"), max_length=8, choices=Stratify.choices)
    weight_by_investment = models.BooleanField(_("按总投资加权"))
    population = models.JSONField(_("总体"), default=list)
    drawn = models.JSONField(_("样本"), default=list)
    drawn_on = models.DateField(_("抽取日期"))
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("抽查抽样")
        verbose_name_plural = _("抽查抽样")
        ordering = ["-year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="claims_one_draw_a_month"),
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"

    def population_rows(self) -> list[tuple[int, float, str]]:
        rows: list[Any] = self.population
        return [(int(r[0]), float(r[1]), str(r[2])) for r in rows]


class SpotCheck(VersionedModel):
    """One drawn claim checked on the ground: the result, the note, evidence, deduction."""

    draw = models.ForeignKey(SpotCheckDraw, on_delete=models.PROTECT, related_name="checks")
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="spot_checks")
    result = models.CharField(_("抽查结果"), max_length=8, choices=CheckResult.choices, blank=True)
    note = models.TextField(_("核查说明"), blank=True)
    deduction = models.DecimalField(
        _("扣分"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    checked_on = models.DateField(_("核查日期"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    evidence_files = GenericRelation(
        "files.Attachment", content_type_field="owner_type", object_id_field="owner_id"
    )
    attachment_view_action: ClassVar[str] = "claim.view"

    class Meta:
        verbose_name = _("抽查记录")
        verbose_name_plural = _("抽查记录")
        ordering = ["draw", "id"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "claim"], name="claims_check_once_a_draw"),
        ]

    def __str__(self) -> str:
        return f"{self.draw} {self.claim_id} {self.get_result_display() or '—'}"

    @classmethod
    def scope_for(cls, user: Principal, action: str) -> models.Q | None:
        if user.role == Role.REPORTER:
            return models.Q(claim__unit_id=user.unit_id)
        return None
