"""People with accounts: each has exactly one role and, for unit roles, a unit."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from duban.accounts.choices import ChangeKind, ChangeStatus
from duban.core.crypto import EncryptedCharField
from duban.core.roles import Role, can


class DubanUserManager(UserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        # Usernames are unique regardless of case (A1); logins match the same way.
        return self.get(username__iexact=username)


class User(AbstractUser):
    """An account. One role per account, so no one holds two of the separated duties (B4)."""

    # Blank until the security admin grants a role (B4): a new account can do nothing.
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    leader = models.OneToOneField(
        "orgs.Leader",
        verbose_name=_("对应挂钩领导"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account",
    )
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    must_change_password = models.BooleanField(_("须修改密码"), default=True)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    # Lockout (A2): consecutive failures across every client address, and until when refused.
    failed_logins = models.PositiveIntegerField(_("连续登录失败次数"), default=0)
    # Second-factor failures are counted on their own (A4): a correct password must not reset
    # them, or "password + 4 wrong codes", repeated, would never lock.
    otp_failures = models.PositiveIntegerField(_("连续动态口令失败次数"), default=0)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)
    # TOTP (A4): the shared secret and the last time step accepted, so a code is used once.
    # Encrypted at rest (H1): the column holds a Fernet token, never the secret itself.
    otp_secret = EncryptedCharField(_("动态口令密钥"), max_length=255, blank=True)
    otp_last_step = models.BigIntegerField(_("动态口令最近时间片"), default=0)

    objects: ClassVar[DubanUserManager] = DubanUserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]
        constraints = [
            models.UniqueConstraint(Lower("username"), name="accounts_username_ci_unique"),
            models.CheckConstraint(
                condition=~models.Q(role="reporter") | models.Q(unit__isnull=False),
                name="accounts_reporter_has_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_full_name() or self.username}（{self.get_role_display()}）"

    def can(self, action: str) -> bool:
        return can(self, action)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class ChangeRequest(models.Model):
    """A change to an account that one administrator asked for and a second must approve
    (two-person rule, B4): any action on another administrator's account, making someone an
    administrator, and a password reset of an account with a business role. The change is
    executed only by the approval, by an administrator of the same duty who is neither the
    requester nor the account holder; the holder is notified of both steps."""

    kind = models.CharField(_("变更"), max_length=32, choices=ChangeKind.choices)
    target = models.ForeignKey(
        User, verbose_name=_("账户"), on_delete=models.CASCADE, related_name="change_requests"
    )
    payload = models.JSONField(_("变更内容"), default=dict, blank=True)
    reason = models.CharField(_("理由"), max_length=200, blank=True)
    requested_by = models.ForeignKey(
        User, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"))
    expires_at = models.DateTimeField(_("过期时间"))
    status = models.CharField(
        _("状态"), max_length=16, choices=ChangeStatus.choices, default=ChangeStatus.PENDING
    )
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("批准/驳回人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decision_note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("账户变更申请")
        verbose_name_plural = _("账户变更申请")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("requested_by")),
                name="accounts_change_two_people",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.target.username}（{self.get_status_display()}）"


class Notice(models.Model):
    """An in-app notice to one account holder (e.g. "your password was reset")."""

    user = models.ForeignKey(
        User, verbose_name=_("收件人"), on_delete=models.CASCADE, related_name="notices"
    )
    created_at = models.DateTimeField(_("时间"))
    title = models.CharField(_("标题"), max_length=120)
    body = models.TextField(_("内容"), blank=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
