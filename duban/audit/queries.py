"""Named reads of the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils import timezone

from duban.audit.models import AuditEvent, AuditQuerySet


def history_for(obj: models.Model) -> AuditQuerySet:
    """The change history of one record, newest first."""
    return AuditEvent.objects.for_object(obj).select_related("actor").order_by("-id")


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def trail(filters: dict[str, Any]) -> AuditQuerySet:
    """The audit list for the audit admin, newest first; every filter is an allowlisted field."""
    qs = AuditEvent.objects.all()
    if event := filters.get("event"):
        qs = qs.filter(event__startswith=event)
    if username := filters.get("username"):
        qs = qs.filter(actor_username__icontains=username)
    if outcome := filters.get("outcome"):
        qs = qs.filter(outcome=outcome)
    if obj := filters.get("object"):
        qs = qs.filter(object_repr__icontains=obj)
    if since := filters.get("since"):
        qs = qs.filter(occurred_at__gte=_day_start(since))
    if until := filters.get("until"):
        qs = qs.filter(occurred_at__lt=_day_start(until + dt.timedelta(days=1)))
    return qs.order_by("-id")
