from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """The lifecycle ("五个一批"), in order; a project only moves forward through it."""

    PLANNING = "planning", _("策划生成/储备")
    SIGNED = "signed", _("签约")
    STARTED = "started", _("开工")
    BUILDING = "building", _("在建")
    COMPLETED = "completed", _("竣工/建成投产")
    PRODUCING = "producing", _("达产")

    @classmethod
    def order(cls, value: str) -> int:
        # A dict, not `values.index`: building `values` costs more than the lookup, and the
        # bulk paths (node plans of an import) ask this tens of thousands of times.
        try:
            return _STAGE_ORDER[value]
        except KeyError:
            raise ValueError(f"{value!r} is not a stage") from None


_STAGE_ORDER = {value: i for i, value in enumerate(Stage.values)}


class Listing(models.TextChoices):
    """How a project is listed in a year's plan (年度计划类别)."""

    NEW_START = "new_start", _("新开工")
    CONTINUING = "continuing", _("续建")
    COMPLETION = "completion", _("建成投产")
    RESERVE = "reserve", _("储备")
    NEW_LANDED = "new_landed", _("新落地")


class Industry(models.TextChoices):
    SECONDARY = "secondary", _("二产")
    TECH_UPGRADE = "tech_upgrade", _("技改")
    TERTIARY = "tertiary", _("三产")


class StatsStatus(models.TextChoices):
    """Whether the statistics bureau has the project in its books (入库/纳统)."""

    NONE = "none", _("未入库")
    REGISTERED = "registered", _("已入库")
    COUNTED = "counted", _("已纳统")


class DateRule(models.TextChoices):
    """How a template node's planned date is derived when a plan is instantiated."""

    FIXED = "fixed", _("固定日期")
    AFTER_PREVIOUS = "after_previous", _("上一节点后N天")
    AFTER_START = "after_start", _("计划起始后N天")


class Responsible(models.TextChoices):
    """Who answers for a node: the project's own unit, its lead department, or a named unit."""

    PROJECT_UNIT = "project_unit", _("项目责任单位")
    LEAD_DEPARTMENT = "lead_department", _("牵头部门")
    NAMED_UNIT = "named_unit", _("指定单位")
