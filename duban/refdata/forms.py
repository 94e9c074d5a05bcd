"""One form per kind of reference data. Each edits the fields its owner maintains; `version`
is the optimistic lock (F2), and dates and long texts use the shared widgets."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from duban.core.forms import DateInput, Textarea
from duban.orgs.models import Leader, Unit
from duban.projects.models import Category, NodeTemplate, Programme, TemplateNode
from duban.supervision.models import LightRule, TrajectoryCurve
from duban.targets.choices import MetricKind
from duban.targets.models import ActualEntry, Metric


class ReferenceForm(forms.ModelForm[Any]):
    """The version travels with the form; `changes()` is what the person changed."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)

    def values(self) -> dict[str, Any]:
        """Every field of the form (a new record)."""
        return {name: self.cleaned_data[name] for name in self._meta.fields or []}

    def changes(self) -> dict[str, Any]:
        """The fields the person changed (an edit)."""
        return {name: self.cleaned_data[name] for name in self.changed_data if name != "version"}


class UnitForm(ReferenceForm):
    class Meta:
        model = Unit
        fields = ["code", "name", "short_name", "kind", "sort_order", "is_active"]


class LeaderForm(ReferenceForm):
    class Meta:
        model = Leader
        fields = ["name", "title", "sort_order"]


class ProgrammeForm(ReferenceForm):
    class Meta:
        model = Programme
        fields = ["code", "name", "tasks", "sort_order"]
        widgets = {"tasks": Textarea(attrs={"rows": 6})}


class CategoryForm(ReferenceForm):
    class Meta:
        model = Category
        fields = ["code", "name", "lead_department", "programme", "sort_order"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_department"].queryset = Unit.objects.filter(is_active=True)  # type: ignore[attr-defined]


class NodeTemplateForm(ReferenceForm):
    class Meta:
        model = NodeTemplate
        fields = ["name", "category", "is_active"]


class TemplateNodeForm(ReferenceForm):
    class Meta:
        model = TemplateNode
        fields = [
            "template",
            "order",
            "name",
            "responsible",
            "responsible_unit",
            "date_rule",
            "fixed_month",
            "fixed_day",
            "offset_days",
            "parallel",
            "required_evidence",
            "triggers_stage",
        ]


class MetricForm(ReferenceForm):
    class Meta:
        model = Metric
        fields = ["code", "name", "unit", "kind", "description", "sort_order"]
        widgets = {"description": Textarea(attrs={"rows": 3})}


class LightRuleForm(ReferenceForm):
    class Meta:
        model = LightRule
        fields = [
            "effective_from",
            "yellow_gap_pp",
            "red_gap_pp",
            "node_overdue_yellow_days",
            "node_overdue_red_days",
            "forecast_yellow_ratio",
            "forecast_from_month",
            "curve",
            "note",
        ]
        widgets = {"effective_from": DateInput()}


class CurveForm(ReferenceForm):
    class Meta:
        model = TrajectoryCurve
        fields = ["code", "name", "shares"]
        widgets = {"shares": Textarea(attrs={"rows": 2})}
        help_texts = {"shares": _("12个数，逐月不减，12月为100，如 [5, 12, 25, …, 100]")}


class ActualForm(ReferenceForm):
    class Meta:
        model = ActualEntry
        fields = ["metric", "unit", "year", "month", "value"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only manual metrics are typed; the others are computed from projects and reports.
        self.fields["metric"].queryset = Metric.objects.filter(kind=MetricKind.MANUAL)  # type: ignore[attr-defined]
