"""Retention of the audit trail (SECURITY.md C3, C4).

Rows are kept at least DUBAN_AUDIT_RETENTION_DAYS (never below the legal 180). Purging removes
only a contiguous oldest prefix, after writing a checkpoint row (itself chained) that records
the hash the remaining chain starts from, so `duban verify-audit` still proves the rest intact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from duban.audit.checks import MINIMUM_RETENTION_DAYS
from duban.audit.models import AuditEvent
from duban.audit.services import record
from duban.core.actors import Principal, SystemActor


@dataclass(frozen=True)
class PurgeResult:
    deleted: int
    through_id: int | None


def retention_days() -> int:
    return max(int(settings.DUBAN_AUDIT_RETENTION_DAYS), MINIMUM_RETENTION_DAYS)


def purge_expired(*, actor: Principal | SystemActor) -> PurgeResult:
    """Delete rows older than the retention; never a row younger, never a gap in the chain."""
    cutoff = timezone.now() - dt.timedelta(days=retention_days())
    with transaction.atomic():
        first_young = AuditEvent.objects.filter(occurred_at__gte=cutoff).order_by("id").first()
        old = AuditEvent.objects.filter(occurred_at__lt=cutoff)
        if first_young is not None:
            old = old.filter(id__lt=first_young.pk)
        last_old = old.order_by("-id").first()
        if last_old is None:
            return PurgeResult(0, None)
        record(
            "audit.purged",
            actor=actor,
            detail={
                "through_id": last_old.pk,
                "through_hash": last_old.hash,
                "cutoff": cutoff.isoformat(),
                "retention_days": retention_days(),
            },
        )
        # The queryset refuses delete(); the purge is the one sanctioned path, and the
        # PostgreSQL trigger still refuses it for any row younger than 180 days.
        deleted = AuditEvent.objects.filter(id__lte=last_old.pk)._raw_delete(using="default")
    return PurgeResult(deleted, last_old.pk)
