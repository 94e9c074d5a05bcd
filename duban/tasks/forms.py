"""Forms of the tasks pages (dates and text boxes through duban.core.forms widgets)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from duban.core.forms import DateInput, MultipleFileField, Textarea
from duban.orgs.models import Unit
from duban.tasks.choices import TaskSource


class TaskForm(forms.Form):
    """A new work task (为民办实事, 领导批示 …); findings come in ledgers, decisions from
    meetings."""

    title = forms.CharField(label=_("任务名称"), max_length=200)
    source = forms.ChoiceField(
        label=_("任务来源"),
        choices=[(v, label) for v, label in TaskSource.choices if v != TaskSource.MEETING],
    )
    source_detail = forms.CharField(label=_("来源说明"), max_length=200, required=False)
    lead_unit = forms.ModelChoiceField(label=_("牵头单位"), queryset=Unit.objects.all())
    cooperating_units = forms.ModelMultipleChoiceField(
        label=_("配合单位"), queryset=Unit.objects.all(), required=False
    )
    deadline = forms.DateField(label=_("完成时限"), widget=DateInput(), required=False)
    working_days = forms.IntegerField(
        label=_("或：交办后工作日数"), min_value=1, max_value=250, required=False
    )
    completion_standard = forms.CharField(
        label=_("完成标准"), widget=Textarea(attrs={"rows": 3}), required=False
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("deadline") and not data.get("working_days"):
            raise forms.ValidationError(_("请填写完成时限或交办后工作日数"))
        return data


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


class MilestoneAddForm(forms.Form):
    """增加节点: a dated step added to an open task by the assigning office."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("节点名称"), max_length=128)
    due = forms.DateField(label=_("计划完成"), widget=DateInput())


class MilestoneReviseForm(forms.Form):
    """调整计划日期: the old date stays in the trail beside the reason."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    milestone = forms.IntegerField(widget=forms.HiddenInput)
    due = forms.DateField(label=_("新计划日期"), widget=DateInput())
    reason = forms.CharField(label=_("调整原因"), max_length=200)


class MilestoneDoneForm(forms.Form):
    """标记完成: the lead unit's date of completion (no later than today)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    milestone = forms.IntegerField(widget=forms.HiddenInput)
    done_on = forms.DateField(label=_("完成日期"), widget=DateInput())
