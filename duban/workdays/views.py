"""The official calendar pages: which years are known, and 发改局 entering a year's notice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from duban.core.actors import signed_in
from duban.core.asof import today
from duban.core.editing import EditPage, edit_page
from duban.core.models import StaleVersionError
from duban.core.roles import can
from duban.core.validation import error_text
from duban.workdays import services
from duban.workdays.calendar import CalendarMissing, is_working_day
from duban.workdays.forms import CalendarForm, as_lines
from duban.workdays.models import OfficialCalendar

# The years a page offers: around the business year, where deadlines fall.
YEARS_AROUND = 2


def _need(request: HttpRequest, action: str) -> None:
    if not can(request.user, action):
        raise PermissionDenied(action)


def _coverage(year: int, entered: set[int]) -> str:
    if year in entered:
        return "entered"
    try:
        is_working_day(dt.date(year, 7, 1))
    except CalendarMissing:
        return "missing"
    return "library"


def calendars(request: HttpRequest) -> HttpResponse:
    _need(request, "calendar.view")
    entered = set(OfficialCalendar.objects.values_list("year", flat=True))
    now = today().year
    years = sorted(set(range(now - YEARS_AROUND, now + YEARS_AROUND + 1)) | entered)
    stored = {c.year: c for c in OfficialCalendar.objects.all()}
    rows = [
        {"year": y, "coverage": _coverage(y, entered), "calendar": stored.get(y)}
        for y in reversed(years)
    ]
    return render(
        request,
        "workdays/calendars.html",
        {"rows": rows, "can_change": can(request.user, "calendar.change")},
    )


def _a_calendar() -> tuple[dict[str, Any], QuerySet[OfficialCalendar]]:
    row = OfficialCalendar.objects.order_by("-year").first()
    assert row is not None, "the demo enters an official calendar"
    return {"year": row.year}, OfficialCalendar.objects.filter(pk=row.pk)


@edit_page(EditPage("workdays:edit", "fgj", _a_calendar))
def edit(request: HttpRequest, year: int) -> HttpResponse:
    _need(request, "calendar.change")
    if not 2000 <= year <= 2100:
        raise Http404
    row = OfficialCalendar.objects.filter(year=year).first()
    initial = (
        {
            "version": row.version,
            "source": row.source,
            "holidays": as_lines(row.holidays),
            "working_weekends": as_lines(row.working_weekends),
        }
        if row
        else {}
    )
    form = CalendarForm(request.POST or None, initial=initial, year=year)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.enter_calendar(
                actor=signed_in(request.user),
                year=year,
                holidays=data["holidays"],
                working_weekends=data["working_weekends"],
                source=data["source"],
                expected_version=data.get("version") or None,
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            status = 400
        except StaleVersionError as exc:
            messages.error(request, str(exc))
            status = 409
        else:
            messages.success(request, _("%(year)d年法定节假日安排已保存") % {"year": year})
            return redirect("workdays:calendars")
    elif request.method == "POST":
        status = 400
    return render(
        request, "workdays/edit.html", {"form": form, "year": year, "row": row}, status=status
    )
