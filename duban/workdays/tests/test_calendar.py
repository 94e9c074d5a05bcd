"""Working days follow China's official calendar with its 调休 working weekends; a year the
system does not know is an explicit error, never a silent count of weekdays."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from duban.audit.models import AuditEvent
from duban.workdays.calendar import (
    CalendarMissing,
    add_working_days,
    is_working_day,
    working_days_between,
)
from duban.workdays.models import OfficialCalendar
from duban.workdays.services import enter_calendar, parse_dates
from tests.support.factories import SYSTEM, Personas

D = dt.date
# The calendar reads entered years from the database.
pytestmark = pytest.mark.django_db


def test_five_working_days_after_the_eve_of_national_day_2021() -> None:
    # Oct 1-7 off; Saturday Oct 9 worked (调休); so 8, 9, 11, 12, 13.
    assert add_working_days(D(2021, 9, 30), 5) == D(2021, 10, 13)


def test_the_command_prints_the_date_in_iso() -> None:
    out = StringIO()
    call_command("workdays", "--from", "2021-09-30", "--add", "5", stdout=out)
    assert out.getvalue().strip() == "2021-10-13"


def test_a_working_weekend_counts_and_a_weekday_holiday_does_not() -> None:
    assert is_working_day(D(2021, 9, 26))  # Sunday, 调休 for National Day
    assert not is_working_day(D(2021, 10, 4))  # Monday in the holiday
    assert working_days_between(D(2021, 9, 30), D(2021, 10, 13)) == 5


def test_a_year_nobody_knows_is_an_explicit_error() -> None:
    with pytest.raises(CalendarMissing, match="2031年的法定节假日安排尚未录入"):
        add_working_days(D(2031, 3, 2), 3)
    with pytest.raises(CommandError, match="2031年"):
        call_command("workdays", "--from", "2031-03-02", "--add", "3", stdout=StringIO())


def test_the_notices_own_way_of_writing_dates_is_read() -> None:
    days = parse_dates("1月31日至2月6日\n2022-10-01~2022-10-03、4月5日", 2022)
    assert days[0] == D(2022, 1, 31) and days[6] == D(2022, 2, 6)
    assert D(2022, 10, 2) in days and D(2022, 4, 5) in days
    assert len(days) == 11


class EnteredCalendarTests(Personas):
    def enter(self, **kw: object) -> OfficialCalendar:
        values: dict[str, object] = {
            "year": 2031,
            "holidays": parse_dates("1月1日\n2月10日至2月16日", 2031),
            "working_weekends": parse_dates("2月8日", 2031),
            "source": "国务院办公厅关于2031年部分节假日安排的通知",
        }
        values.update(kw)
        return enter_calendar(actor=self.supervisor, **values)  # type: ignore[arg-type]

    def test_an_entered_year_is_used_and_audited(self) -> None:
        self.enter()
        assert not is_working_day(D(2031, 2, 12))  # a Wednesday of the Spring Festival
        assert is_working_day(D(2031, 2, 8))  # Saturday, worked
        assert add_working_days(D(2031, 2, 7), 2) == D(2031, 2, 17)
        assert AuditEvent.objects.filter(event="workdays.calendar_entered").count() == 1

    def test_an_entered_year_overrides_the_library(self) -> None:
        # The library says 2021-10-08 (a Friday) was worked; an entered correction wins.
        enter_calendar(
            actor=SYSTEM, year=2021, holidays=[D(2021, 10, 8)], working_weekends=[],
            source="更正",
        )  # fmt: skip
        assert not is_working_day(D(2021, 10, 8))

    def test_a_working_weekend_must_be_a_weekend_and_only_the_supervisor_enters(self) -> None:
        with pytest.raises(ValidationError, match="不是周末"):
            self.enter(working_weekends=[D(2031, 2, 10)])
        with pytest.raises(PermissionDenied):
            enter_calendar(
                actor=self.reporter, year=2031, holidays=[D(2031, 1, 1)], working_weekends=[],
                source="x",
            )  # fmt: skip

    def test_the_page_enters_a_year_from_the_notices_lines(self) -> None:
        self.client.force_login(self.supervisor)
        response = self.client.post(
            reverse("workdays:edit", args=[2031]),
            {
                "source": "国办发明电〔2030〕1号",
                "holidays": "1月1日\n2月10日至2月16日",
                "working_weekends": "2月8日",
            },
        )
        self.assertRedirects(response, reverse("workdays:calendars"))
        row = OfficialCalendar.objects.get(year=2031)
        assert len(row.holidays) == 8 and row.working_weekends == ["2031-02-08"]
        page = self.client.get(reverse("workdays:calendars"))
        self.assertContains(page, "国办发明电〔2030〕1号")
        self.client.force_login(self.reporter)
        assert self.client.get(reverse("workdays:edit", args=[2031])).status_code == 403
