"""People with accounts: each has exactly one role and, for unit roles, a unit."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from duban.accounts.roles import Role, can
from duban.core.crypto import EncryptedCharField


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
