"""Forms of the people pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from duban.core.forms import DateInput, Textarea
from duban.people.choices import ContactRole, VisitKind


class ContactForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    role = forms.ChoiceField(label=_("职责"), choices=ContactRole.choices)
    name = forms.CharField(label=_("姓名"), max_length=32)
    post = forms.CharField(label=_("职务"), max_length=64)
    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        required=False,
        help_text=_("不修改请留空（页面只显示部分号码）"),
    )


class VisitForm(forms.Form):
    on = forms.DateField(label=_("日期"), widget=DateInput())
    kind = forms.ChoiceField(label=_("方式"), choices=VisitKind.choices)
    content = forms.CharField(label=_("帮扶内容"), widget=Textarea(attrs={"rows": 2}))
    outcome = forms.CharField(label=_("成效"), widget=Textarea(attrs={"rows": 2}), required=False)
