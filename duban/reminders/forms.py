from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from duban.core.roles import Role
from duban.orgs.models import Unit
from duban.reminders.choices import Audience, ChannelKind

# Roles a channel may serve (the admins read no reminders about business).
_ROLES = {Role.SUPERVISOR, Role.REVIEWER, Role.LEADER}


class ChannelForm(forms.Form):
    """A new channel, for one unit or for every holder of one role."""

    kind = forms.ChoiceField(label=_("渠道类型"), choices=ChannelKind.choices)
    target = forms.CharField(
        label=_("邮箱或机器人 Webhook 地址"), max_length=1000, widget=forms.URLInput
    )
    secret = forms.CharField(
        label=_("签名密钥（钉钉、飞书）"),
        max_length=500,
        required=False,
        widget=forms.PasswordInput(render_value=False),
    )
    unit = forms.ModelChoiceField(
        label=_("单位"), queryset=Unit.objects.filter(is_active=True), required=False
    )
    role = forms.ChoiceField(
        label=_("或角色"),
        choices=[("", "—"), *[(r, lbl) for r, lbl in Role.choices if r in _ROLES]],
        required=False,
    )
    name = forms.CharField(label=_("名称"), max_length=64, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("unit")) == bool(data.get("role")):
            raise forms.ValidationError(_("请选择一个单位或一个角色（二选一）"))
        return data


class RuleForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("规则名称"), max_length=64)
    offset_days = forms.IntegerField(
        label=_("提前（负）或延后（正）工作日"), min_value=-30, max_value=30
    )
    audience = forms.MultipleChoiceField(
        label=_("提醒对象"), choices=Audience.choices, widget=forms.CheckboxSelectMultiple
    )
    quiet_start = forms.TimeField(
        label=_("免打扰开始"), required=False, widget=forms.TimeInput(format="%H:%M")
    )
    quiet_end = forms.TimeField(
        label=_("免打扰结束"), required=False, widget=forms.TimeInput(format="%H:%M")
    )
    is_active = forms.BooleanField(label=_("启用"), required=False)
