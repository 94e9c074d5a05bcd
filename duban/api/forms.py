from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from duban.accounts.models import User


class IssueTokenForm(forms.Form):
    """The system administrator issues a token for an active account."""

    user = forms.ModelChoiceField(
        label=_("代表账户"),
        queryset=User.objects.filter(is_active=True).exclude(role="").order_by("username"),
    )
    name = forms.CharField(label=_("客户端名称"), max_length=64, required=False)
    days = forms.IntegerField(
        label=_("有效天数"),
        min_value=1,
        max_value=settings.DUBAN_API_TOKEN_MAX_DAYS,
        initial=settings.DUBAN_API_TOKEN_DAYS,
    )
