"""Forms of the tasks pages (dates and text boxes through duban.core.forms widgets)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from duban.core.forms import DateInput, MultipleFileField, Textarea


class ClosureRequestForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("销号说明"), widget=Textarea(attrs={"rows": 3}))
    evidence = MultipleFileField(label=_("销号佐证"))


class ConfirmForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class RefuseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("退回原因"), max_length=200)


class ReopenForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("重新打开原因"), max_length=200)
    deadline = forms.DateField(label=_("新的完成时限"), widget=DateInput())
