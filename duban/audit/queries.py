"""Named reads of the audit trail."""

from __future__ import annotations

from django.db import models

from duban.audit.models import AuditEvent, AuditQuerySet


def history_for(obj: models.Model) -> AuditQuerySet:
    """The change history of one record, newest first."""
    return AuditEvent.objects.for_object(obj).select_related("actor").order_by("-id")
