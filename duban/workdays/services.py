"""Entering a year's official calendar: audited, versioned, validated against the calendar."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from duban.audit.services import record
from duban.core.actors import Principal, SystemActor
from duban.core.roles import can
from duban.core.services import save_versioned, snapshot
from duban.workdays.models import OfficialCalendar

_ISO = r"(\d{4})-(\d{1,2})-(\d{1,2})"
_CN = r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日"
_RANGE = re.compile(rf"(?:{_ISO}|{_CN})\s*(?:[~～至到—–-]+\s*(?:{_ISO}|{_CN}))?")


def _day(groups: tuple[str | None, ...], year: int) -> dt.date:
    y, m, d = (g for g in groups)
    return dt.date(int(y) if y else year, int(m or 0), int(d or 0))


def parse_dates(text: str, year: int) -> list[dt.date]:
    """Dates as the notice writes them, one item or range per line or separated by commas:
    `2022-01-31~2022-02-06`, `1月31日至2月6日`, `2022-01-29`. A month-day without its year is in
    `year`."""
    days: set[dt.date] = set()
    for match in _RANGE.finditer(text or ""):
        g = match.groups()
        first = g[0:3] if g[0] else g[3:6]
        second = g[6:9] if g[6] else g[9:12]
        try:
            start = _day(first, year)
            end = _day(second, start.year) if (second[1] or second[0]) else start
        except ValueError as exc:
            raise ValidationError(_("日期无效：%(group)s") % {"group": match.group(0)}) from exc
        if end < start:
            raise ValidationError(_("日期范围颠倒：%(group)s") % {"group": match.group(0)})
        day = start
        while day <= end:
            days.add(day)
            day += dt.timedelta(days=1)
    return sorted(days)


def _validate(year: int, holidays: list[dt.date], working: list[dt.date]) -> None:
    errors = []
    for day in holidays + working:
        # A notice's holiday may start in late December of the year before (元旦 of year Y
        # can begin on Dec 30 of Y-1); everything else belongs to its own year.
        if not (dt.date(year - 1, 12, 25) <= day <= dt.date(year, 12, 31)):
            errors.append(f"{day.isoformat()} 不在{year}年")
    for day in working:
        if day.weekday() < 5:
            errors.append(f"调休上班日 {day.isoformat()} 不是周末")
    both = sorted(set(holidays) & set(working))
    errors += [f"{day.isoformat()} 不能既放假又上班" for day in both]
    if not holidays:
        errors.append("请填写放假日期")
    if errors:
        raise ValidationError(errors)


def enter_calendar(
    *,
    actor: Principal | SystemActor,
    year: int,
    holidays: list[dt.date],
    working_weekends: list[dt.date],
    source: str,
    expected_version: int | None = None,
) -> OfficialCalendar:
    """Enter (or correct) a year's calendar from the State Council's notice. Deadlines already
    computed keep their dates; new computations use the corrected calendar."""
    if not isinstance(actor, SystemActor) and not can(actor, "calendar.change"):
        raise PermissionDenied("calendar.change")
    if not source.strip():
        raise ValidationError({"source": _("依据：请填写通知名称与文号")})
    _validate(year, holidays, working_weekends)
    values = {
        "holidays": [d.isoformat() for d in sorted(holidays)],
        "working_weekends": [d.isoformat() for d in sorted(working_weekends)],
        "source": source.strip()[:200],
    }
    with transaction.atomic():
        row = OfficialCalendar.objects.filter(year=year).first()
        if row is None:
            row = OfficialCalendar.objects.create(year=year, **values)
            record("workdays.calendar_entered", actor=actor, obj=row, after=snapshot(row))
            return row
        before = snapshot(row)
        for name, value in values.items():
            setattr(row, name, value)
        save_versioned(
            row,
            expected_version=row.version if expected_version is None else expected_version,
            fields=list(values),
        )
        record("workdays.calendar_entered", actor=actor, obj=row, before=before, after=values)
    return row
