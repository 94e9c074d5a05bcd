"""Forms of the target pages; messages name their field in Chinese."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from duban.core.forms import Textarea
from duban.core.numbers import parse_number
from duban.targets.models import Target


class TargetChoiceField(forms.ModelChoiceField[Target]):
    """A unit's target named with its unit and its original value, so the choice is clear."""

    def label_from_instance(self, obj: Target) -> str:
        unit = obj.unit.label if obj.unit is not None else "全区"
        return f"{unit} · {obj.display_title}（原目标 {obj.value}）"


class RevisionRequestForm(forms.Form):
    target = TargetChoiceField(label=_("目标任务"), queryset=Target.objects.none())
    revised_value = forms.CharField(label=_("调整后目标值"), max_length=32)
    reason = forms.CharField(label=_("调整理由"), widget=Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, targets: QuerySet[Target], **kw: Any) -> None:
        super().__init__(*args, **kw)
        # self.fields is typed dict[str, Field]; "target" is the TargetChoiceField declared above.
        cast(TargetChoiceField, self.fields["target"]).queryset = targets

    def clean_revised_value(self) -> Decimal:
        value = parse_number(self.cleaned_data["revised_value"])
        if value is None or value < 0:
            raise forms.ValidationError(_("调整后目标值须为不小于0的数字"))
        return value
