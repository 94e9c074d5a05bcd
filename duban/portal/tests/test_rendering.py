"""The fast widget renderer writes exactly what Django's widget templates write."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from duban.core.forms import DateInput, MoneyField, MultipleFileField, Textarea
from duban.portal.rendering import FastWidgetRenderer
from duban.projects.forms import LedgerFilterForm, ProjectForm
from duban.reports.forms import ReportRowForm
from tests.support.factories import make_category, make_project, make_unit, make_user


class EveryWidget(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"size": 8, "required": True, "x": False}))
    hidden = forms.IntegerField(widget=forms.HiddenInput)
    number = forms.IntegerField()
    money = MoneyField(max_digits=14, decimal_places=2, required=False)
    email = forms.EmailField(required=False)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    day = forms.DateField(widget=DateInput(), required=False)
    notes = forms.CharField(widget=Textarea(attrs={"rows": 2}), required=False)
    flag = forms.BooleanField(required=False)
    choice = forms.ChoiceField(choices=[("", "—"), ("a", _("阶段")), ("<b>", "x & y")])
    grouped = forms.ChoiceField(
        choices=[("组一", [("1", "一"), ("2", "二")]), ("3", "三"), ("组<二>", [("4", 4)])]
    )
    many = forms.MultipleChoiceField(choices=[("1", "一"), ("2", "二"), ("3", "三")])
    yesno = forms.NullBooleanField()
    radio = forms.ChoiceField(widget=forms.RadioSelect, choices=[("1", "一"), ("2", "二")])
    files = MultipleFileField()
    upload = forms.FileField(required=False)


VALUES: dict[str, Any] = {
    "text": 'a "quoted" <value> & more',
    "hidden": 7,
    "number": "12",
    "money": Decimal("1234.50"),
    "email": "x@example.com",
    "password": "<secret>",
    "day": dt.date(2021, 9, 30),
    "notes": "line one\nline <two>",
    "flag": True,
    "choice": "<b>",
    "grouped": "4",
    "many": ["1", "3"],
    "yesno": False,
    "radio": "2",
}


def both(form_class: type[forms.BaseForm], *args: Any, **kwargs: Any) -> tuple[str, str]:
    """Each field's widget and errors as Django's renderer writes them and as ours does."""
    out = []
    for renderer in (DjangoTemplates(), FastWidgetRenderer()):
        form = form_class(*args, renderer=renderer, **kwargs)
        form.is_bound and form.is_valid()
        out.append("".join(f"{form[name]}{form[name].errors}" for name in form.fields))
    return out[0], out[1]


def test_the_renderer_is_the_products() -> None:
    assert settings.FORM_RENDERER == "duban.portal.rendering.FastWidgetRenderer"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_common_widget_renders_byte_for_byte_as_djangos(language: str) -> None:
    with translation.override(language):
        django, fast = both(EveryWidget)
        assert fast == django
        django, fast = both(EveryWidget, initial=VALUES)
        assert fast == django
        django, fast = both(EveryWidget, data={**VALUES, "number": "not a number"})
        assert fast == django and "errorlist" in fast  # non-empty error lists: Django's own


def test_safe_strings_stay_unescaped_and_others_are_escaped() -> None:
    django, fast = both(EveryWidget, initial={"text": mark_safe("<i>ok</i>"), "notes": "<x>"})  # nosec B308 B703
    assert fast == django
    assert 'value="<i>ok</i>"' in fast and "&lt;x&gt;" in fast


@pytest.mark.django_db
def test_the_month_grid_the_ledger_filter_and_the_project_form_render_as_djangos() -> None:
    unit = make_unit()
    make_category()
    project = make_project(unit=unit, description="说明 <b>粗</b>\n第二行")
    user = make_user(unit=unit)
    initial = {"investment_wan": Decimal("12.30"), "progress_text": "进度 & 问题", "version": 2}
    django, fast = both(ReportRowForm, initial=initial, prefix="p1")
    assert fast == django and "进度 &amp; 问题" in fast
    django, fast = both(LedgerFilterForm, {"unit": str(unit.pk), "stage": "building"})
    assert fast == django and "selected" in fast
    django, fast = both(ProjectForm, instance=project, user=user)
    assert fast == django and "&lt;b&gt;" in fast
