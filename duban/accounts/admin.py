from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm, UsernameField

from duban.accounts.models import User


class UserCreationForm(AdminUserCreationForm):
    """Django's add form bound to our User; it runs the password policy (A1)."""

    # Django's own Meta spelled out (django-stubs does not declare the forms' inner Meta classes).
    class Meta:
        model = User
        fields = ("username",)
        field_classes = {"username": UsernameField}


class UserEditForm(UserChangeForm[User]):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {"username": UsernameField}


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    """Kept for emergencies only: routine account work happens on accounts:users, and nobody
    holds is_staff routinely (B4). Its login page redirects to duban's (A2, A4)."""

    add_form = UserCreationForm
    form = UserEditForm
    list_display = ("username", "last_name", "first_name", "role", "unit", "is_active")
    list_filter = ("role", "unit__kind", "is_active")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("督办", {"fields": ("role", "unit", "leader", "phone", "must_change_password")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("督办", {"fields": ("role", "unit")}),
    )
