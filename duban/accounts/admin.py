from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from duban.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "last_name", "first_name", "role", "unit", "is_active")
    list_filter = ("role", "unit__kind", "is_active")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("督办", {"fields": ("role", "unit", "leader", "phone", "must_change_password")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("督办", {"fields": ("role", "unit")}),
    )
