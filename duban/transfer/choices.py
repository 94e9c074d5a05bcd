from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    LEDGER = "ledger", _("项目台账")
    TARGETS = "targets", _("任务分解表")
    MONTHLY = "monthly", _("月报表")
    FINDINGS = "findings", _("整改台账")


class Outcome(models.TextChoices):
    """What importing one row does (or would do)."""

    NEW = "new", _("新增")
    UPDATE = "update", _("更新")
    UNCHANGED = "unchanged", _("无变化")
    ERROR = "error", _("错误")
    SKIPPED = "skipped", _("跳过")


class BatchStatus(models.TextChoices):
    COMMITTED = "committed", _("已导入")
    FAILED = "failed", _("未导入")
