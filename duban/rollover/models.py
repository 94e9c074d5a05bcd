"""The record of each year opened from the one before; its existence closes the old year."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Rollover(models.Model):
    """发改局 opened `to_year` from `from_year`: what was carried, by whom, when. From then on
    `from_year` is read-only (`duban.core.yearlock`)."""

    from_year = models.PositiveSmallIntegerField(_("结转年度"), unique=True)
    to_year = models.PositiveSmallIntegerField(_("新年度"), unique=True)
    counts: models.JSONField[Any, Any] = models.JSONField(_("结转数量"), default=dict)
    promoted: models.JSONField[Any, Any] = models.JSONField(
        _("转入计划的储备项目"), default=list, blank=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    actor_name = models.CharField(_("操作人名称"), max_length=64, blank=True)
    run_at = models.DateTimeField(_("结转时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("年度结转")
        verbose_name_plural = _("年度结转")
        ordering = ["from_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(to_year=models.F("from_year") + 1),
                name="rollover_to_next_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_year} → {self.to_year}"


def is_closed(year: int) -> bool:
    return Rollover.objects.filter(from_year=year).exists()
