"""Projects, their lifecycle stage history, their yearly plan listings and node plans."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, ClassVar, TypedDict

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.core.actors import Principal
from duban.core.models import TimestampedModel, VersionedModel
from duban.core.roles import Role
from duban.projects.choices import DateRule, Industry, Listing, Responsible, Stage, StatsStatus

# 投资项目统一代码: 2021-350102-47-01-012345 style, 24 characters of digits and dashes
# (year-region-industry-type-serial); we store it without spaces, upper case.
NATIONAL_CODE_RE = re.compile(r"^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$")


def validate_national_code(value: str) -> None:
    if value and not NATIONAL_CODE_RE.match(value):
        raise ValidationError(
            _("投资项目统一代码应为24位，格式如 2021-350102-47-01-012345"), code="national_code"
        )


class MoneyFieldOptions(TypedDict):
    """The options every 万元 amount column shares, typed so the field call can be checked."""

    max_digits: int
    decimal_places: int
    validators: list[MinValueValidator]


MONEY: MoneyFieldOptions = {
    "max_digits": 14,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal(0))],
}


class Programme(VersionedModel):
    """A programme (工程) of the plan, the level above categories: the seed plan's 六大提升工程
    (产业发展和科技创新提升工程 …). It holds quantified targets (through its categories, or
    named on a target directly) and qualitative tasks (一行一项 until a tasks app links them).
    Data, not code: other districts name their own (项目攻坚, 五个聚力 …); 发改局 edits them
    on the reference-data pages."""

    code = models.SlugField(_("工程代码"), max_length=32, unique=True)
    name = models.CharField(_("工程名称"), max_length=64, unique=True)
    tasks = models.TextField(_("定性任务"), blank=True, help_text=_("一行一项"))
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("工程")
        verbose_name_plural = _("工程")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def task_list(self) -> list[str]:
        return [line.strip() for line in self.tasks.splitlines() if line.strip()]


class Category(VersionedModel):
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
    programme = models.ForeignKey(
        Programme, verbose_name=_("所属工程"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="categories",
    )  # fmt: skip

    class Meta:
        verbose_name = _("项目类别")
        verbose_name_plural = _("项目类别")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


# What a lead department's reviewer does only within the categories it leads.
REVIEWER_CATEGORY_ACTIONS = frozenset({"project.stage", "claim.decide"})


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
        # The ledger's sorts (projects.queries.SORTS), each read forwards or backwards from
        # one index with the code as tie-break: a page of 100,000 projects without a sort.
        indexes = [
            models.Index(fields=["unit", "category"], name="projects_unit_cat_idx"),
            models.Index(fields=["total_investment_wan", "code"], name="project_ledger_investment"),
            models.Index(fields=["name", "code"], name="project_ledger_name"),
            models.Index(fields=["planned_start", "code"], name="project_ledger_start"),
            models.Index(fields=["stage", "code"], name="project_ledger_stage"),
        ]
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

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @classmethod
    def scope_for(cls, user: Principal, action: str) -> models.Q | None:
        """Reporters act on their own unit's projects only; everyone else sees all. A lead
        department's reviewer moves stages (completes nodes) and decides claims only of the
        projects in the categories it leads (issue 15: others answer 404)."""
        if user.role == Role.REPORTER:
            return models.Q(unit_id=user.unit_id)
        if user.role == Role.REVIEWER and action in REVIEWER_CATEGORY_ACTIONS:
            return models.Q(category__lead_department_id=user.unit_id)
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
    # The business date the project entered this year's plan in the ledger. A month counts a
    # listing only from then on, so a project added in October never owes September's report
    # and a published month recomputes to the same result (data as it stood).
    listed_on = models.DateField(_("列入计划日期"))

    class Meta:
        verbose_name = _("年度计划")
        verbose_name_plural = _("年度计划")
        ordering = ["year", "project"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="projects_one_listing_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()} {self.project.code}"


class NodeTemplate(VersionedModel):
    """A district's standard node plan (节点计划模板) for a project category. Data, not code:
    platforms differ (some use dozens of nodes), so templates are edited as rows. A template
    without a category is the fallback for categories that have none of their own."""

    name = models.CharField(_("模板名称"), max_length=64, unique=True)
    category = models.OneToOneField(
        Category,
        verbose_name=_("项目类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="node_template",
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("节点计划模板")
        verbose_name_plural = _("节点计划模板")
        ordering = ["category__sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class TemplateNode(VersionedModel):
    """One node of a template: its order, who answers for it, how its date is planned, the
    evidence it requires and the lifecycle stage completing it moves the project to."""

    template = models.ForeignKey(NodeTemplate, on_delete=models.CASCADE, related_name="nodes")
    order = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("节点名称"), max_length=32)
    responsible = models.CharField(
        _("责任方"), max_length=16, choices=Responsible.choices, default=Responsible.PROJECT_UNIT
    )
    responsible_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("指定责任单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    date_rule = models.CharField(
        _("计划日期规则"), max_length=16, choices=DateRule.choices, default=DateRule.AFTER_PREVIOUS
    )
    fixed_month = models.PositiveSmallIntegerField(_("固定月"), null=True, blank=True)
    fixed_day = models.PositiveSmallIntegerField(_("固定日"), null=True, blank=True)
    offset_days = models.IntegerField(_("间隔天数"), default=0)
    parallel = models.BooleanField(
        _("与上一节点并行"),
        default=False,
        help_text=_("并行节点与上一节点从同一起点计算，不必等上一节点完成"),
    )
    required_evidence = models.CharField(_("所需佐证"), max_length=128, blank=True)
    triggers_stage = models.CharField(
        _("完成后进入阶段"), max_length=16, choices=Stage.choices, blank=True
    )

    class Meta:
        verbose_name = _("模板节点")
        verbose_name_plural = _("模板节点")
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "order"], name="projects_tnode_order"),
            models.CheckConstraint(
                condition=~models.Q(date_rule="fixed")
                | (models.Q(fixed_month__gte=1, fixed_month__lte=12)
                   & models.Q(fixed_day__gte=1, fixed_day__lte=31)),
                name="projects_tnode_fixed_has_date",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.template.name} {self.order}.{self.name}"


class ProjectNode(VersionedModel):
    """A dated node of one project's plan for a year. The original planned date never changes;
    a revision keeps it beside the new one with the reason, so slippage stays visible."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="nodes")
    year = models.PositiveSmallIntegerField(_("年度"))
    order = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("节点名称"), max_length=32)
    responsible_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_nodes",
    )
    planned_on = models.DateField(_("计划日期"))
    original_planned_on = models.DateField(_("原计划日期"), editable=False)
    revised_reason = models.CharField(_("调整原因"), max_length=255, blank=True)
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completion_note = models.CharField(_("完成说明"), max_length=255, blank=True)
    required_evidence = models.CharField(_("所需佐证"), max_length=128, blank=True)
    triggers_stage = models.CharField(
        _("完成后进入阶段"), max_length=16, choices=Stage.choices, blank=True
    )

    # Evidence files (duban.files): visible to whoever may see this record.
    evidence_files = GenericRelation(
        "files.Attachment", content_type_field="owner_type", object_id_field="owner_id"
    )
    attachment_view_action: ClassVar[str] = "project.view"

    class Meta:
        verbose_name = _("项目节点")
        verbose_name_plural = _("项目节点")
        ordering = ["project", "year", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year", "order"], name="projects_pnode_order"
            ),
        ]
        indexes = [
            models.Index(fields=["planned_on", "completed_on"], name="projects_pnode_due_idx")
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.order}.{self.name}"

    @classmethod
    def scope_for(cls, user: Principal, action: str) -> models.Q | None:
        """A node belongs to its project: reporters reach their own unit's projects' nodes, a
        reviewer completes only nodes of projects in its categories."""
        if user.role == Role.REPORTER:
            return models.Q(project__unit_id=user.unit_id)
        if user.role == Role.REVIEWER and action in REVIEWER_CATEGORY_ACTIONS:
            return models.Q(project__category__lead_department_id=user.unit_id)
        return None

    @property
    def is_revised(self) -> bool:
        return self.planned_on != self.original_planned_on

    def is_overdue(self, on: Any) -> bool:
        """Overdue as of a date: planned by then and not completed by then."""
        return self.planned_on < on and (self.completed_on is None or self.completed_on > on)
