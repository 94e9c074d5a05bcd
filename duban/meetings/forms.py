"""Forms of the meeting pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from duban.core.forms import DateInput, Textarea
from duban.meetings.choices import MeetingKind
from duban.orgs.models import Leader, Unit


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("会议类别"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("会议名称"), max_length=128)
    held_on = forms.DateField(label=_("会议日期"), widget=DateInput())
    place = forms.CharField(label=_("地点"), max_length=64, required=False)
    chair = forms.ModelChoiceField(label=_("主持人"), queryset=Leader.objects.all(), required=False)
    leaders = forms.ModelMultipleChoiceField(
        label=_("参会领导"), queryset=Leader.objects.all(), required=False
    )
    units = forms.ModelMultipleChoiceField(
        label=_("参会单位"), queryset=Unit.objects.filter(is_active=True), required=False
    )
    quarter = forms.IntegerField(label=_("通报季度"), min_value=1, max_value=4, required=False)
    summary = forms.CharField(
        label=_("会议概况"), widget=Textarea(attrs={"rows": 3}), required=False
    )


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("议定事项"), max_length=200)
    lead_unit = forms.ModelChoiceField(label=_("牵头单位"), queryset=Unit.objects.all())
    cooperating_units = forms.ModelMultipleChoiceField(
        label=_("配合单位"), queryset=Unit.objects.all(), required=False
    )
    deadline = forms.DateField(label=_("完成时限"), widget=DateInput(), required=False)
    working_days = forms.IntegerField(
        label=_("或：会后工作日数"), min_value=1, max_value=250, required=False
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("deadline") and not data.get("working_days"):
            raise forms.ValidationError(_("请填写完成时限或会后工作日数"))
        return data


class SpeakerNoteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("内容"), widget=Textarea(attrs={"rows": 2}))
