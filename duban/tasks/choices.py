"""What a task is, where it came from, and the states it walks."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskKind(models.TextChoices):
    TASK = "task", _("工作任务")
    FINDING = "finding", _("整改问题")
    DECISION = "decision", _("会议议定事项")


class TaskSource(models.TextChoices):
    PLAN = "plan", _("工作方案")
    MEETING = "meeting", _("会议议定")
    INSTRUCTION = "instruction", _("领导批示")
    INSPECTION = "inspection", _("检查反馈")


class FindingCategory(models.TextChoices):
    """The inspections whose feedback lands in a rectification ledger."""

    INSPECTION = "inspection", _("督察")
    PATROL = "patrol", _("巡察")
    AUDIT = "audit", _("审计")
    URBAN = "urban", _("城市管理")
    SAFETY = "safety", _("安全检查")


class TaskStatus(models.TextChoices):
    """The stored state; "overdue" is never stored, it is read from the business clock."""

    OPEN = "open", _("办理中")
    CLOSED = "closed", _("已销号")
    REOPENED = "reopened", _("已重新打开")


class Standing(models.TextChoices):
    """The state as of a day, as `duban tasks` prints it: the stored one, or overdue."""

    OPEN = "open", _("办理中")
    OVERDUE = "overdue", _("已逾期")
    CLOSED = "closed", _("已销号")
    REOPENED = "reopened", _("已重新打开")
