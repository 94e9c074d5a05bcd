"""Forms of the claims pages (decisions, evidence, spot-check results)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from duban.claims.choices import CheckResult
from duban.core.forms import MultipleFileField, Textarea


class EvidenceForm(forms.Form):
    """The filing unit adds files, or a number (e.g. the statistics system's 入库 code)."""

    note = forms.CharField(label=_("佐证说明/编号"), max_length=255, required=False)
    evidence = forms.FileField(label=_("佐证材料"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence"] = MultipleFileField(label=_("佐证材料"))


class DecisionForm(forms.Form):
    """Confirm or reject; a rejection needs its reason (checked by the service too)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("认定结论"), choices=[("confirm", _("予以认定")), ("reject", _("不予认定"))]
    )
    reason = forms.CharField(
        label=_("理由"), required=False, max_length=2000, widget=Textarea(attrs={"rows": 2})
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("撤销理由"), max_length=2000, widget=Textarea(attrs={"rows": 2})
    )


class CheckForm(forms.Form):
    """A spot check's finding, with evidence; 不属实 revokes the fact."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    result = forms.ChoiceField(label=_("抽查结果"), choices=CheckResult.choices)
    note = forms.CharField(
        label=_("核查说明"), required=False, max_length=2000, widget=Textarea(attrs={"rows": 2})
    )
    deduction = forms.DecimalField(
        label=_("扣分"), required=False, max_digits=5, decimal_places=2, min_value=0
    )
    evidence = forms.FileField(label=_("核查佐证"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence"] = MultipleFileField(label=_("核查佐证"))
