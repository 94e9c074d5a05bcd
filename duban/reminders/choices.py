from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChannelKind(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    WECOM = "wecom", _("企业微信群机器人")
    DINGTALK = "dingtalk", _("钉钉自定义机器人")
    FEISHU = "feishu", _("飞书自定义机器人")


# The in-app inbox is not a configured channel: every account holder has one.
INBOX = "inbox"


class Audience(models.TextChoices):
    """Who a rule tells."""

    UNIT = "unit", _("责任单位（联络员、填报人）")
    LEADER = "leader", _("挂钩领导")
    REVIEWER = "reviewer", _("牵头部门审核人")
    SUPERVISOR = "supervisor", _("发改局/重点办")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")
