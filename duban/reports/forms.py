"""Forms of the monthly dispatch pages; each error names its field and, in the grid, its row."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from duban.core.forms import DateInput, MoneyField, MultipleFileField, Textarea
from duban.reports.choices import Confidence


class ReportRowForm(forms.Form):
    """One project's row of the month grid. `version` is the version the row was loaded at
    (empty for a report not yet created): the optimistic lock of F2."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    investment_wan = MoneyField(
        label=_("本月完成投资（万元）"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8}),
    )
    progress_text = forms.CharField(
        label=_("形象进度"),
        required=False,
        max_length=2000,
        widget=Textarea(attrs={"rows": 2, "cols": 24}),
    )
    problems_text = forms.CharField(
        label=_("存在问题"),
        required=False,
        max_length=2000,
        widget=Textarea(attrs={"rows": 2, "cols": 20}),
    )
    confidence = forms.ChoiceField(
        label=_("全年信心"), choices=[("", "—"), *Confidence.choices], required=False
    )
    confidence_reason = forms.CharField(
        label=_("信心说明"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"size": 14}),
    )
    evidence = MultipleFileField(label=_("照片/佐证"))

    DATA_FIELDS = (
        "investment_wan",
        "progress_text",
        "problems_text",
        "confidence",
        "confidence_reason",
    )

    def data_values(self) -> dict[str, Any]:
        out = {name: self.cleaned_data.get(name) for name in self.DATA_FIELDS}
        if out["investment_wan"] is None:
            out["investment_wan"] = 0
        return out

    def has_entry(self) -> bool:
        """True when the row carries anything worth saving (a new row left empty is skipped)."""
        values = self.cleaned_data
        return bool(
            values.get("version")
            or values.get("investment_wan")
            or any(values.get(n) for n in self.DATA_FIELDS[1:])
            or values.get("evidence")
        )


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("退回原因"), max_length=255)


class CorrectionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    investment_wan = MoneyField(
        label=_("本月完成投资（万元）"), max_digits=14, decimal_places=2, min_value=0
    )
    progress_text = forms.CharField(
        label=_("形象进度"), max_length=2000, widget=Textarea(attrs={"rows": 2})
    )
    problems_text = forms.CharField(
        label=_("存在问题"),
        required=False,
        max_length=2000,
        widget=Textarea(attrs={"rows": 2}),
    )
    confidence = forms.ChoiceField(label=_("全年信心"), choices=Confidence.choices)
    confidence_reason = forms.CharField(label=_("信心说明"), max_length=200)
    reason = forms.CharField(label=_("更正原因"), max_length=255)


class WindowForm(forms.Form):
    due_on = forms.DateField(label=_("报送截止日期"), widget=DateInput())
    note = forms.CharField(label=_("说明"), max_length=128, required=False)
