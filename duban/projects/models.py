"""Projects, their lifecycle stage history and their yearly plan listings."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.accounts.roles import Role
from duban.core.models import TimestampedModel, VersionedModel
from duban.projects.choices import Industry, Listing, Stage, StatsStatus

# 投资项目统一代码: 2021-350102-47-01-012345 style, 24 characters of digits and dashes
# (year-region-industry-type-serial); we store it without spaces, upper case.
NATIONAL_CODE_RE = re.compile(r"^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$")


def validate_national_code(value: str) -> None:
    if value and not NATIONAL_CODE_RE.match(value):
        raise ValidationError(
            _("投资项目统一代码应为24位，格式如 2021-350102-47-01-012345"), code="national_code"
        )


MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}


class Category(models.Model):
    """A project category (工业, 服务业 …) and the lead department that follows it. Data."""

    code = models.SlugField(_("类别代码"), max_length=32, unique=True)
    name = models.CharField(_("类别名称"), max_length=32, unique=True)
    lead_department = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("牵头部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_categories",
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("项目类别")
        verbose_name_plural = _("项目类别")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class ProjectQuerySet(models.QuerySet["Project"]):
    def with_relations(self) -> ProjectQuerySet:
        return self.select_related("category", "unit", "lead_department", "leader")


class Project(VersionedModel):
    """A key project (重点项目). Money in 万元, exact."""

    code = models.CharField(_("项目编号"), max_length=32, unique=True)
    national_code = models.CharField(
        _("投资项目统一代码"),
        max_length=24,
        null=True,
        blank=True,
        validators=[validate_national_code],
    )
    name = models.CharField(_("项目名称"), max_length=128)
    category = models.ForeignKey(
        Category, verbose_name=_("项目类别"), on_delete=models.PROTECT, related_name="projects"
    )
    industry = models.CharField(_("产业类型"), max_length=16, choices=Industry.choices)
    strategic_emerging = models.BooleanField(_("战略性新兴产业"), default=False)
    foreign_funded = models.BooleanField(_("外资项目"), default=False)
    total_investment_wan = models.DecimalField(_("总投资（万元）"), **MONEY)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="projects"
    )
    lead_department = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("牵头部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_projects",
    )
    leader = models.ForeignKey(
        "orgs.Leader",
        verbose_name=_("挂钩领导"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    location = models.CharField(_("建设地点"), max_length=128, blank=True)
    planned_start = models.DateField(_("计划开工日期"), null=True, blank=True)
    planned_completion = models.DateField(_("计划竣工日期"), null=True, blank=True)
    stage = models.CharField(
        _("当前阶段"), max_length=16, choices=Stage.choices, default=Stage.PLANNING
    )
    # Set only by services.change_stage from the stage history; kept for fast counting.
    signed_on = models.DateField(_("签约日期"), null=True, blank=True, editable=False)
    started_on = models.DateField(_("实际开工日期"), null=True, blank=True, editable=False)
    completed_on = models.DateField(_("实际竣工日期"), null=True, blank=True, editable=False)
    stats_status = models.CharField(
        _("统计状态"), max_length=16, choices=StatsStatus.choices, default=StatsStatus.NONE
    )
    description = models.TextField(_("建设内容"), blank=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["national_code"],
                condition=models.Q(national_code__isnull=False) & ~models.Q(national_code=""),
                name="projects_national_code_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(total_investment_wan__gte=0),
                name="projects_total_investment_nonnegative",
            ),
        ]
        indexes = [models.Index(fields=["unit", "category"], name="projects_unit_cat_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @classmethod
    def scope_for(cls, user: Any, action: str) -> models.Q | None:
        """Reporters act on their own unit's projects only; everyone else sees all."""
        if user.role == Role.REPORTER:
            return models.Q(unit_id=user.unit_id)
        return None

    @property
    def stage_order(self) -> int:
        return Stage.order(self.stage)


class StageChange(TimestampedModel):
    """One dated move of a project along its lifecycle, with who and the evidence note."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(_("原阶段"), max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("新阶段"), max_length=16, choices=Stage.choices)
    changed_on = models.DateField(_("变更日期"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    evidence_note = models.CharField(_("佐证说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("阶段变更")
        verbose_name_plural = _("阶段变更")
        ordering = ["project", "changed_on", "id"]

    def __str__(self) -> str:
        return f"{self.project.code} → {self.get_to_stage_display()} @ {self.changed_on}"


class PlanListing(VersionedModel):
    """A project's place in one year's plan, with that year's planned investment."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="listings")
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("年度计划类别"), max_length=16, choices=Listing.choices)
    planned_investment_wan = models.DecimalField(_("年度计划投资（万元）"), **MONEY)

    class Meta:
        verbose_name = _("年度计划")
        verbose_name_plural = _("年度计划")
        ordering = ["year", "project"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="projects_one_listing_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()} {self.project.code}"
