"""Choices of the accounts app (readable string values)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeKind(models.TextChoices):
    """Changes to an account that may need a second administrator (two-person rule, B4)."""

    PASSWORD_RESET = "password_reset", _("重置密码")
    DISABLE = "disable", _("停用账户")
    ENABLE = "enable", _("启用账户")
    UPDATE = "update", _("修改账户信息")
    GRANT = "grant", _("授予角色或所属单位")
    OTP_RESET = "otp_reset", _("重置动态口令")


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("待批准")
    APPROVED = "approved", _("已批准并执行")
    REJECTED = "rejected", _("已驳回")
    CANCELLED = "cancelled", _("已撤回")
    EXPIRED = "expired", _("已过期")
