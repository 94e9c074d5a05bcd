from django.db import models
from django.utils.translation import gettext_lazy as _


class MetricKind(models.TextChoices):
    """Where a metric's actual value comes from. Project-derived kinds are computed from the
    project records and monthly reports, never typed twice; MANUAL ones are entered monthly."""

    NEW_STARTS = "new_starts", _("新开工项目数")
    NEW_START_INVESTMENT = "new_start_investment", _("新开工项目总投资")
    COMPLETIONS = "completions", _("建成投产项目数")
    COMPLETION_INVESTMENT = "completion_investment", _("建成投产项目总投资")
    INVESTMENT_COMPLETED = "investment_completed", _("年度完成投资")
    NEW_LANDED = "new_landed", _("新落地项目数")
    MANUAL = "manual", _("手工填报")


class Comparator(models.TextChoices):
    AT_LEAST = ">=", _("不低于")
    AT_MOST = "<=", _("不超过")
    GROWTH = "growth", _("增长")
    EQUAL = "=", _("等于")


PROJECT_COUNT_KINDS = {MetricKind.NEW_STARTS, MetricKind.COMPLETIONS, MetricKind.NEW_LANDED}
PROJECT_SUM_KINDS = {
    MetricKind.NEW_START_INVESTMENT,
    MetricKind.COMPLETION_INVESTMENT,
    MetricKind.INVESTMENT_COMPLETED,
}


class Commitment(models.TextChoices):
    """How firmly a plan commits to a value: 确保 is the floor to reach, 力争 the stretch to
    strive for. A plan that gives both (确保增长8%，力争10%) keeps both on one target."""

    UNSTATED = "", _("未注明")
    FLOOR = "floor", _("确保")
    STRETCH = "stretch", _("力争")


# The month by whose end a target is due, as plans say it: 全年 12, 上半年 6, 一季度 3 …
DUE_MONTH_LABELS = {12: _("全年"), 6: _("上半年"), 3: _("一季度"), 9: _("前三季度")}


class RevisionStatus(models.TextChoices):
    """A target revision (调整目标) waits for 发改局's approval before any score may use it."""

    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已驳回")
