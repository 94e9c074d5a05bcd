"""Everything is seen "as of" a reporting month; never as of the wall clock implicitly.

The month comes from the request (?as_of=2021-09), else the DUBAN_AS_OF setting, else the
month before today in Asia/Shanghai (the month whose reports are being filed now).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

_MONTH_RE = re.compile(r"^\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?\s*$")


@dataclass(frozen=True, order=True)
class Month:
    """A reporting month; ordered, hashable, printable as 2021-09 or 2021年9月."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1900 <= self.year <= 2999:
            raise ValueError(f"无效月份: {self.year}-{self.month}")

    @classmethod
    def parse(cls, text: str) -> Month:
        match = _MONTH_RE.match(text or "")
        if not match:
            raise ValueError(f"无法识别的月份: {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"

    @property
    def quarter(self) -> int:
        return (self.month - 1) // 3 + 1


def today() -> dt.date:
    """Today's date in the configured time zone (Asia/Shanghai), from the frozen clock in tests."""
    return timezone.localdate()


def default_month() -> Month:
    if settings.DUBAN_AS_OF:
        return Month.parse(settings.DUBAN_AS_OF)
    return Month.of(today()).previous()


def month_from_request(request: HttpRequest) -> Month:
    """The as-of month of a request; a malformed parameter falls back to the default."""
    raw = request.GET.get("as_of", "")
    if raw:
        try:
            return Month.parse(raw)
        except ValueError:
            pass
    return default_month()
