"""The form of a year's calendar: dates as the State Council's notice writes them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from duban.core.forms import Textarea
from duban.workdays.services import parse_dates


class CalendarForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    source = forms.CharField(
        label=_("依据（通知名称与文号）"),
        max_length=200,
        help_text=_("如：国务院办公厅关于2022年部分节假日安排的通知（国办发明电〔2021〕11号）"),
    )
    holidays = forms.CharField(
        label=_("放假日期"),
        widget=Textarea(attrs={"rows": 7}),
        help_text=_("每行一段，如“1月31日至2月6日”或“2022-10-01~2022-10-07”"),
    )
    working_weekends = forms.CharField(
        label=_("调休上班日期"),
        required=False,
        widget=Textarea(attrs={"rows": 4}),
        help_text=_("周末上班的日期，如“1月29日、1月30日”"),
    )

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.year = year

    def _dates(self, name: str) -> list[dt.date]:
        try:
            return parse_dates(self.cleaned_data.get(name) or "", self.year)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc

    def clean_holidays(self) -> list[dt.date]:
        return self._dates("holidays")

    def clean_working_weekends(self) -> list[dt.date]:
        return self._dates("working_weekends")


def as_lines(days: list[str]) -> str:
    """Stored ISO dates back as the form's lines, consecutive days joined into ranges."""
    parsed = sorted(dt.date.fromisoformat(d) for d in days)
    lines: list[str] = []
    start = prev = None
    for day in parsed:
        if start is None or prev is None or day != prev + dt.timedelta(days=1):
            if start is not None and prev is not None:
                lines.append(_span(start, prev))
            start = day
        prev = day
    if start is not None and prev is not None:
        lines.append(_span(start, prev))
    return "\n".join(lines)


def _span(start: dt.date, end: dt.date) -> str:
    return start.isoformat() if start == end else f"{start.isoformat()}~{end.isoformat()}"
