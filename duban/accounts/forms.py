"""Account forms. None of them offers role, unit, is_staff or is_superuser except the grant form
(security admin), so an injected field is simply ignored (B3)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import (
    password_validators_help_text_html,
    validate_password,
)
from django.utils.translation import gettext_lazy as _

from duban.accounts.models import User
from duban.core.roles import Role
from duban.orgs.models import Unit


class LoginForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    password = forms.CharField(label=_("密码"), max_length=256, widget=forms.PasswordInput)


class OtpForm(forms.Form):
    code = forms.CharField(label=_("动态口令"), max_length=8, min_length=6)


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=_("当前密码"), widget=forms.PasswordInput)
    new_password1 = forms.CharField(
        label=_("新密码"), widget=forms.PasswordInput, help_text=password_validators_help_text_html
    )
    new_password2 = forms.CharField(label=_("再次输入新密码"), widget=forms.PasswordInput)

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_old_password(self) -> str:
        value: str = self.cleaned_data["old_password"]
        if not self.user.check_password(value):
            raise forms.ValidationError(_("当前密码不正确"))
        return value

    def clean(self) -> dict[str, Any]:
        # Django's clean() returns self.cleaned_data; read it from there, where its type is known.
        super().clean()
        data = self.cleaned_data
        new1, new2 = data.get("new_password1"), data.get("new_password2")
        if new1 and new2 and new1 != new2:
            self.add_error("new_password2", _("两次输入的新密码不一致"))
        elif new1:
            if new1 == data.get("old_password"):
                self.add_error("new_password1", _("新密码不能与当前密码相同"))
            else:
                try:
                    validate_password(new1, self.user)
                except forms.ValidationError as exc:
                    self.add_error("new_password1", exc)
        return data


class AccountForm(forms.Form):
    """What the system admin sets: identity, never authority."""

    username = forms.RegexField(
        label=_("用户名"),
        regex=r"^[A-Za-z0-9_.-]{3,150}$",
        error_messages={"invalid": _("用户名只能包含字母、数字和 _ . -，3 位以上")},
    )
    first_name = forms.CharField(label=_("姓名"), max_length=150)
    phone = forms.RegexField(
        label=_("手机号"),
        regex=r"^1\d{10}$",
        required=False,
        error_messages={"invalid": _("手机号应为 11 位数字")},
    )
    email = forms.EmailField(label=_("电子邮箱（接收账户变更通知）"), required=False)


class AccountEditForm(forms.Form):
    """The phone field is never prefilled, so the full number is not in the page (H2)."""

    first_name = forms.CharField(label=_("姓名"), max_length=150)
    phone = forms.RegexField(
        label=_("新手机号（留空不变）"),
        regex=r"^1\d{10}$",
        required=False,
        error_messages={"invalid": _("手机号应为 11 位数字")},
    )
    email = forms.EmailField(label=_("新电子邮箱（留空不变）"), required=False)


class GrantForm(forms.Form):
    """What the security admin sets: the one role and, for unit roles, the unit."""

    role = forms.ChoiceField(label=_("角色"), choices=[("", "（未授权）"), *Role.choices])
    unit = forms.ModelChoiceField(
        label=_("所属单位"), queryset=Unit.objects.filter(is_active=True), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].required = False

    def clean(self) -> dict[str, Any]:
        # Django's clean() returns self.cleaned_data; read it from there, where its type is known.
        super().clean()
        data = self.cleaned_data
        if data.get("role") == Role.REPORTER and not data.get("unit"):
            self.add_error("unit", _("责任单位填报人必须指定所属单位"))
        return data
