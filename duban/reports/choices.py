from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("已审核")


class Confidence(models.TextChoices):
    HIGH = "high", _("高")
    MEDIUM = "medium", _("中")
    LOW = "low", _("低")


class RevisionEvent(models.TextChoices):
    """What produced a frozen version of a report (every row of its history)."""

    SUBMITTED = "submitted", _("报送")
    RETURNED = "returned", _("退回")
    APPROVED = "approved", _("审核通过")
    CORRECTED = "corrected", _("更正")
