"""A year's official calendar as the State Council's notice sets it (国务院办公厅关于…部分节假日安排
的通知): its public holidays and the weekend days made working days (调休)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.core.models import VersionedModel


class OfficialCalendar(VersionedModel):
    """One year's holidays and adjusted working days, entered by 发改局 from the notice.

    A year entered here takes precedence over the calendar library's data (a notice can be
    published before the library is updated, and a locally entered year is what the district
    stands by)."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    holidays = models.JSONField(_("放假日期"), default=list, help_text=_("ISO 日期列表"))
    working_weekends = models.JSONField(
        _("调休上班日期"), default=list, help_text=_("周末上班的 ISO 日期列表")
    )
    source = models.CharField(_("依据（通知名称与文号）"), max_length=200)

    class Meta:
        verbose_name = _("法定节假日安排")
        verbose_name_plural = _("法定节假日安排")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=2000) & models.Q(year__lte=2100),
                name="workdays_calendar_year_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}年法定节假日安排"

    def holiday_dates(self) -> frozenset[dt.date]:
        return frozenset(dt.date.fromisoformat(d) for d in self.holidays)

    def working_weekend_dates(self) -> frozenset[dt.date]:
        return frozenset(dt.date.fromisoformat(d) for d in self.working_weekends)
