"""Working days on China's official calendar: what "5个工作日内" means for every deadline.

A year's calendar comes from a notice 发改局 entered (`OfficialCalendar`), else from the
maintained `chinese-calendar` library for the years it covers. A year with neither is an
explicit error (`CalendarMissing`), never a silent count of weekdays: a deadline computed across
the Spring Festival without its holidays would be a week early.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import chinese_calendar

from duban.workdays.models import OfficialCalendar

# Far enough for any deadline the mechanism states (the longest are "30个工作日"); a loop that
# walks further is a bug, not a long deadline.
MAX_STEPS = 800


class CalendarMissing(Exception):
    """The year's official calendar is neither entered nor known to the library."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"{year}年的法定节假日安排尚未录入：请发改局在“工作日历”中录入国务院办公厅的放假通知"
        )


@lru_cache(maxsize=64)
def _entered(year: int, version: int) -> tuple[frozenset[dt.date], frozenset[dt.date]] | None:
    """(holidays, working weekends) of an entered year; cached per stored version."""
    row = OfficialCalendar.objects.filter(year=year, version=version).first()
    if row is None:
        return None
    return row.holiday_dates(), row.working_weekend_dates()


def _versions() -> dict[int, int]:
    return dict(OfficialCalendar.objects.values_list("year", "version"))


def is_working_day(day: dt.date, *, versions: dict[int, int] | None = None) -> bool:
    """True on an official working day: a weekday that is no holiday, or a 调休 weekend."""
    known = _versions() if versions is None else versions
    if day.year in known:
        entered = _entered(day.year, known[day.year])
        if entered is not None:
            holidays, working_weekends = entered
            if day in working_weekends:
                return True
            return day.weekday() < 5 and day not in holidays
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError as exc:
        raise CalendarMissing(day.year) from exc


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (`start` itself not counted): from
    2021-09-30, 5 working days is 2021-10-13 (National Day, then the 10-09 working Saturday).
    Zero days is `start` itself; a negative count walks back."""
    if days == 0:
        return start
    versions = _versions()
    step = dt.timedelta(days=1 if days > 0 else -1)
    remaining = abs(days)
    day = start
    for _ in range(MAX_STEPS):
        day += step
        if is_working_day(day, versions=versions):
            remaining -= 1
            if remaining == 0:
                return day
    raise ValueError(f"{days} 个工作日超出可计算范围")


def working_days_between(start: dt.date, end: dt.date) -> int:
    """How many working days fall after `start` up to and including `end` (0 if end ≤ start):
    how late something is, in the unit the deadline was stated in."""
    versions = _versions()
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day, versions=versions):
            count += 1
    return count
