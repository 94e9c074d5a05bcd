"""Shared base models. No domain models live here."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class StaleVersionError(Exception):
    """Raised when a save is based on a version someone else has already replaced (F2)."""

    def __init__(self, obj: Any = None) -> None:
        self.obj = obj
        super().__init__(gettext("该记录已被他人修改，请刷新后重新编辑（您的内容未保存）。"))


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimestampedModel):
    """An editable record with an optimistic-lock version.

    Every edit form carries the version it was loaded at; `core.services.save_versioned`
    refuses a save whose version is no longer current instead of silently overwriting.
    """

    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        abstract = True
