"""Forms of the agreement page: issuing (signatories) and registering the signed scan."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from duban.core.asof import today
from duban.core.forms import DateInput, MultipleFileField


class IssueForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    district_signatory = forms.CharField(
        label=_("区级签订人（区领导）"), max_length=64, required=False
    )
    unit_signatory = forms.CharField(label=_("单位主要领导"), max_length=64, required=False)


class SignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    signed_on = forms.DateField(label=_("签订日期"), widget=DateInput())
    unit_signatory = forms.CharField(label=_("单位主要领导"), max_length=64, required=False)
    scans = MultipleFileField(label=_("签字盖章扫描件（PDF/PNG/JPEG）"))

    def clean_signed_on(self) -> dt.date:
        signed_on: dt.date = self.cleaned_data["signed_on"]
        if signed_on > today():
            raise forms.ValidationError(_("签订日期不能晚于今天"))
        return signed_on
