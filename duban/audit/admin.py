from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from duban.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: the trail has no update or delete path, not even here (C3)."""

    list_display = ("id", "occurred_at", "actor_username", "event", "object_repr", "outcome", "ip")
    list_filter = ("event", "outcome")
    search_fields = ("actor_username", "object_repr", "event")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
