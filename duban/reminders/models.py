"""Reminder rules, channels and deliveries.

A rule is data (发改局 edits it): which kind of occasion, how many working days before or after
it, who is told, and the quiet hours in which nothing is sent. A channel is where a unit or a
role reads messages: an email address or a group robot's webhook, whose address and signing
secret are stored encrypted. A delivery is one message to one recipient for one occasion: its
unique key is what makes a reminder never arrive twice.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.core.crypto import EncryptedCharField
from duban.core.models import TimestampedModel, VersionedModel
from duban.core.roles import Role
from duban.reminders.choices import ChannelKind, DeliveryStatus


class Channel(VersionedModel):
    """A place a unit (or every holder of a role) reads: an address or a group robot."""

    kind = models.CharField(_("渠道类型"), max_length=16, choices=ChannelKind.choices)
    name = models.CharField(_("名称"), max_length=64, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminder_channels",
    )
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices, blank=True)
    # A robot's webhook address carries its access key: a secret like the signing secret.
    target = EncryptedCharField(_("地址"), max_length=1024)
    secret = EncryptedCharField(_("签名密钥"), max_length=512, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("提醒渠道")
        verbose_name_plural = _("提醒渠道")
        ordering = ["unit__sort_order", "role", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(unit__isnull=False) & models.Q(role=""))
                | (models.Q(unit__isnull=True) & ~models.Q(role="")),
                name="reminders_channel_unit_or_role",
            )
        ]

    def __str__(self) -> str:
        owner = self.unit.label if self.unit else self.get_role_display()
        return f"{owner} {self.get_kind_display()}{f'（{self.name}）' if self.name else ''}"

    @property
    def masked_target(self) -> str:
        """The address as pages and logs show it: a robot's key is never printed."""
        text = str(self.target)
        if self.kind == ChannelKind.EMAIL:
            return text
        return text.split("?")[0][:60] + ("?…" if "?" in text else "")


class Rule(VersionedModel):
    """A reminder rule (data): a kind of occasion, its timing, its audience, quiet hours."""

    kind = models.CharField(_("提醒事项"), max_length=32)
    name = models.CharField(_("规则名称"), max_length=64)
    # Working days relative to the occasion (negative: before it, positive: after it).
    offset_days = models.SmallIntegerField(_("提前（负）或延后（正）工作日"), default=0)
    audience = models.JSONField(_("提醒对象"), default=list)
    quiet_start = models.TimeField(_("免打扰开始"), null=True, blank=True)
    quiet_end = models.TimeField(_("免打扰结束"), null=True, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("提醒规则")
        verbose_name_plural = _("提醒规则")
        ordering = ["kind", "offset_days", "id"]

    def __str__(self) -> str:
        return self.name

    def is_quiet(self, at: dt.time) -> bool:
        """True inside the quiet hours (which may run over midnight, 22:00–07:30)."""
        start, end = self.quiet_start, self.quiet_end
        if start is None or end is None or start == end:
            return False
        if start < end:
            return start <= at < end
        return at >= start or at < end


class Delivery(TimestampedModel):
    """One reminder to one recipient (a channel or an account's inbox) for one occasion."""

    rule = models.ForeignKey(Rule, on_delete=models.PROTECT, related_name="deliveries")
    # rule, occasion and recipient: the same reminder is never delivered twice.
    dedup_key = models.CharField(_("去重键"), max_length=200, unique=True)
    occasion = models.CharField(_("事项"), max_length=120)
    on = models.DateField(_("提醒日期"))
    unit = models.ForeignKey(
        "orgs.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    channel = models.ForeignKey(
        Channel, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    user = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    channel_kind = models.CharField(_("渠道"), max_length=16)
    recipient = models.CharField(_("收件方"), max_length=200)
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    link = models.CharField(_("链接"), max_length=300, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"))
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    last_error = models.CharField(_("失败原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("提醒记录")
        verbose_name_plural = _("提醒记录")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="reminders_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.recipient}"

    @property
    def channel_label(self) -> str:
        if self.channel_kind in ChannelKind.values:
            return str(ChannelKind(self.channel_kind).label)
        return str(_("站内通知"))
