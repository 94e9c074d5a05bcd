"""The audit list's filters; anything else in the query string is ignored (D3)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from duban.audit.models import Outcome
from duban.core.forms import DateInput


class TrailFilterForm(forms.Form):
    event = forms.CharField(label=_("事件"), required=False, max_length=64)
    username = forms.CharField(label=_("用户名"), required=False, max_length=150)
    object = forms.CharField(label=_("对象"), required=False, max_length=100)
    outcome = forms.ChoiceField(
        label=_("结果"), required=False, choices=[("", "—"), *Outcome.choices]
    )
    since = forms.DateField(label=_("起始日期"), required=False, widget=DateInput())
    until = forms.DateField(label=_("截止日期"), required=False, widget=DateInput())
