"""Every write to metrics, targets and manual actuals, audited in the same transaction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duban.accounts.actors import Actor, person, require
from duban.accounts.models import User
from duban.audit.services import record
from duban.core.asof import now as business_now
from duban.core.services import changed_fields, save_versioned, snapshot
from duban.targets.choices import RevisionStatus
from duban.targets.models import ActualEntry, Metric, Target, TargetRevision


def _require(actor: Actor, action: str) -> None:
    require(actor, action)


def create_metric(
    *, actor: Actor, code: str, name: str, unit: str, kind: str, **extra: Any
) -> Metric:
    _require(actor, "metric.change")
    with transaction.atomic():
        metric = Metric(code=code, name=name, unit=unit, kind=kind, **extra)
        metric.full_clean()
        metric.save()
        record("metric.created", actor=actor, obj=metric, after=snapshot(metric))
    return metric


def create_target(*, actor: Actor, **fields: Any) -> Target:
    """Create a district target (no unit) or a unit's part of one (unit and parent)."""
    _require(actor, "target.change")
    with transaction.atomic():
        target = Target(**fields)
        parent = target.parent  # None without a query when no parent was given
        if parent is not None and parent.unit_id is not None:
            raise ValidationError(_("只能分解全区目标"))
        if parent is not None and parent.year != target.year:
            raise ValidationError(_("分解目标的年度必须与全区目标一致"))
        target.full_clean()
        target.save()
        record("target.created", actor=actor, obj=target, after=snapshot(target))
    return target


def decompose(parent: Target, *, actor: Actor, shares: dict[Any, Decimal]) -> list[Target]:
    """Create or update the parts of a district target, one per unit, in one transaction."""
    _require(actor, "target.change")
    parts = []
    with transaction.atomic():
        existing = {t.unit_id: t for t in parent.parts.all()}
        for unit, value in shares.items():
            part = existing.get(unit.pk)
            if part is None:
                part = create_target(
                    actor=actor,
                    year=parent.year,
                    metric=parent.metric,
                    unit=unit,
                    parent=parent,
                    category=parent.category,
                    strategic_only=parent.strategic_only,
                    foreign_only=parent.foreign_only,
                    min_total_investment_wan=parent.min_total_investment_wan,
                    comparator=parent.comparator,
                    value=value,
                )
            elif part.value != value:
                part = update_target(
                    part, actor=actor, expected_version=part.version, changes={"value": value}
                )
            parts.append(part)
    return parts


def update_target(
    target: Target, *, actor: Actor, expected_version: int, changes: dict[str, Any]
) -> Target:
    _require(actor, "target.change")
    with transaction.atomic():
        before = snapshot(target)
        for name, value in changes.items():
            setattr(target, name, value)
        target.full_clean()
        save_versioned(target, expected_version=expected_version, fields=list(changes))
        diff = changed_fields(before, snapshot(target))
        record(
            "target.updated",
            actor=actor,
            obj=target,
            before={k: v[0] for k, v in diff.items()},
            after={k: v[1] for k, v in diff.items()},
        )
    return target


def enter_actual(
    *, actor: Actor, metric: Metric, unit: Any, year: int, month: int, value: Decimal
) -> ActualEntry:
    """Record a manual metric's year-to-date value for a unit; an existing month is replaced
    with its previous value kept in the audit row."""
    if isinstance(actor, User) and not (
        actor.can("target.change") or (actor.can("report.edit") and actor.unit_id == unit.pk)
    ):
        raise PermissionDenied("actual.enter")
    with transaction.atomic():
        entry, created = ActualEntry.objects.select_for_update().get_or_create(
            metric=metric,
            unit=unit,
            year=year,
            month=month,
            defaults={"value": value, "entered_by": person(actor)},
        )
        before = None if created else {"value": str(entry.value)}
        if not created:
            entry.value = value
            entry.entered_by = person(actor)
            entry.full_clean()
            entry.save(update_fields=["value", "entered_by", "updated_at"])
        record(
            "target.actual_entered",
            actor=actor,
            obj=entry,
            before=before,
            after={"value": str(value)},
        )
    return entry


def request_revision(
    target: Target, *, actor: Actor, revised_value: Decimal, reason: str
) -> TargetRevision:
    """Ask to revise a unit's target during the year (调整目标). The original value stays on the
    target; nothing changes for scoring until 发改局 approves (SECURITY.md F3: the reason and the
    requester are kept with the revision)."""
    if isinstance(actor, User) and not (
        actor.can("target.change")
        or (actor.can("target.revise") and target.unit_id and actor.unit_id == target.unit_id)
    ):
        raise PermissionDenied("target.revise")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("调整目标必须填写调整理由")})
    if revised_value is None or revised_value < 0:
        raise ValidationError({"revised_value": _("调整后目标值不能为空或为负数")})
    with transaction.atomic():
        if TargetRevision.objects.filter(target=target, status=RevisionStatus.PENDING).exists():
            raise ValidationError(
                {"target": _("目标“%(target)s”已有待审批的调整申请") % {"target": target}}
            )
        revision = TargetRevision.objects.create(
            target=target,
            revised_value=revised_value,
            reason=reason,
            requested_by=person(actor),
        )
        record(
            "target.revision_requested",
            actor=actor,
            obj=revision,
            before={"value": str(target.value)},
            after={"revised_value": str(revised_value), "reason": reason},
        )
    return revision


def decide_revision(
    revision: TargetRevision, *, actor: Actor, approve: bool, note: str = ""
) -> TargetRevision:
    """发改局 approves or rejects a pending revision; a decided one is never decided again."""
    _require(actor, "target.change")
    with transaction.atomic():
        status = RevisionStatus.APPROVED if approve else RevisionStatus.REJECTED
        updated = TargetRevision.objects.filter(
            pk=revision.pk, status=RevisionStatus.PENDING
        ).update(
            status=status,
            approved_by=person(actor),
            approved_at=business_now(),
            decision_note=note[:255],
            updated_at=timezone.now(),
        )
        if updated != 1:
            raise ValidationError({"status": _("该调整申请已审批，不能重复审批")})
        revision.refresh_from_db()
        record(
            "target.revision_approved" if approve else "target.revision_rejected",
            actor=actor,
            obj=revision,
            before={"status": RevisionStatus.PENDING.value},
            after={"status": status.value, "note": note},
        )
    return revision
