"""Every date widget renders a value the browser keeps, in both languages (the class of the
"saving an untouched form erased its dates" defect). The browser walk over every edit form is
in tests/browser/test_edit_forms_keep_values.py."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

import duban
from duban.core.forms import DateInput, MoneyField, Textarea


def _form_classes() -> list[type[forms.BaseForm]]:
    for info in pkgutil.walk_packages(duban.__path__, "duban."):
        if info.name.endswith(".forms") or ".forms." in info.name:
            importlib.import_module(info.name)
    seen: list[type[forms.BaseForm]] = []
    stack: list[type[forms.BaseForm]] = [forms.Form, forms.ModelForm]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            stack.append(sub)
            if sub.__module__.startswith("duban."):
                seen.append(sub)
    return seen


def test_every_date_field_of_every_form_uses_the_iso_date_widget() -> None:
    offenders = []
    classes = _form_classes()
    assert len(classes) > 20  # the walk found the product's forms
    for cls in classes:
        for name, field in cls.base_fields.items():
            if isinstance(field, forms.DateField) and not isinstance(
                field.widget, DateInput | forms.HiddenInput
            ):
                offenders.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert offenders == []


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_date_widget_renders_iso_in_every_language(language: str) -> None:
    with translation.override(language):
        html = DateInput().render("planned_start", dt.date(2021, 8, 23))
    assert 'type="date"' in html
    assert 'value="2021-08-23"' in html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_money_renders_a_plain_number_in_every_language(language: str) -> None:
    field = MoneyField(max_digits=14, decimal_places=2)
    with translation.override(language):
        html = field.widget.render("amount", field.prepare_value(Decimal("12345.60")))
    assert 'value="12345.60"' in html


def test_every_multi_line_text_box_uses_the_line_ending_widget() -> None:
    """Browsers send a textarea's lines joined by CRLF: only `core.forms.Textarea` stores them
    as typed, so an untouched save changes nothing (the browser walk found the class)."""
    offenders = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in _form_classes()
        for name, field in cls.base_fields.items()
        if isinstance(field.widget, forms.Textarea)
        and not isinstance(field.widget, Textarea)
        # The Django admin's own widgets (JSON) are not the product's pages.
        and not cls.__module__.endswith(".admin")
    ]
    assert offenders == []


def test_the_text_box_reads_crlf_back_as_the_lines_typed() -> None:
    value = Textarea().value_from_datadict({"t": "第一行\r\n第二行\r第三行"}, {}, "t")
    assert value == "第一行\n第二行\n第三行"
