"""The one business clock: what every rule calls "today", and the as-of month pages show.

Business "today" is the real date in Asia/Shanghai in production (the frozen clock in tests).
A demo or a what-if installation lives on another day: `DUBAN_TODAY` (ISO date) fixes it, and
`DUBAN_AS_OF` alone puts it a week into the month after the as-of month (that month's reports
are then due and reviewed, the next month's are not). Deadlines, lateness, letter numbers and
dates, reply-date checks, the reporting window, node lateness and scoring all read `today()`
or `now()`; only audit timestamps and security clocks (lockout, sessions) read the wall clock.

The as-of month of a page comes from the request (?as_of=2021-09), else `DUBAN_AS_OF`, else the
month before business today (the month whose reports are being filed now).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format

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
        """The Chinese form, for documents, exports, stored texts and the CLI."""
        return f"{self.year}年{self.month}月"

    @property
    def display(self) -> str:
        """The month as a page shows it, in the reader's language (2021年9月, September 2021),
        through Django's YEAR_MONTH_FORMAT of the active language."""
        return date_format(self.first_day, "YEAR_MONTH_FORMAT")

    @property
    def quarter(self) -> int:
        return (self.month - 1) // 3 + 1


# How far into the following month a demo set only by DUBAN_AS_OF lives: past the reporting
# deadline (day 5 by default), so the as-of month's reports are due and its scores computable.
DAYS_INTO_NEXT_MONTH = 7


def today() -> dt.date:
    """The business date (see the module docstring); never the machine's date in a demo."""
    fixed = getattr(settings, "DUBAN_TODAY", "")
    if fixed:
        return dt.date.fromisoformat(fixed)
    if settings.DUBAN_AS_OF:
        following = Month.parse(settings.DUBAN_AS_OF).next().first_day
        return following + dt.timedelta(days=DAYS_INTO_NEXT_MONTH)
    return timezone.localdate()


def now() -> dt.datetime:
    """A business timestamp: business today at the wall clock's time of day (Asia/Shanghai).

    For times that rules compare with deadlines (a report submitted, a letter answered, a
    publication); audit rows keep the real time."""
    wall = timezone.localtime()
    day = today()
    if day == wall.date():
        return wall
    return wall.replace(year=day.year, month=day.month, day=day.day)


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
