"""Per-client API tokens (issue 21).

Only a hash of a token is stored: the token itself is shown once, to the administrator who
issues it. A token acts as the user it is bound to, so the pages' role matrix and scoping
apply to it unchanged (a unit's token sees only its unit). Tokens expire, can be revoked, and
remember when they were last used.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """One client's credential: a name, the account it acts as, a hash, an expiry."""

    name = models.CharField(_("客户端名称"), max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代表账户"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    # The first characters of the token, shown in lists so a holder can tell tokens apart.
    prefix = models.CharField(_("令牌前缀"), max_length=16)
    token_hash = models.CharField(_("令牌摘要"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("签发时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("到期时间"))
    last_used_at = models.DateTimeField(_("最近使用时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    def is_valid_at(self, when: dt.datetime) -> bool:
        """Usable: not revoked and not yet expired (real time: expiry is a security limit, not
        a business date)."""
        return self.revoked_at is None and when < self.expires_at

    @property
    def is_valid(self) -> bool:
        return self.is_valid_at(timezone.now())
