"""Writing and checking the audit trail.

`record` must be called inside the transaction of the change it describes (C5): it locks the
chain head, so if the audit row cannot be written the whole change rolls back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction
from django.utils import timezone

from duban.audit.masking import mask_personal
from duban.audit.models import AuditEvent, ChainHead, Outcome, canonical_json, chain_hash
from duban.core.actors import SystemActor, Viewer
from duban.core.bulk import insert_rows
from duban.core.context import current

GENESIS = "0" * 64
# Keys never stored in before/after, whatever a caller passes (C6).
_SECRET_KEYS = {"password", "otp_secret", "session_key", "totp_secret", "token"}


def _scrub(data: dict[str, Any] | None) -> dict[str, Any] | None:
    """Secrets replaced, personal numbers masked (C6): what the trail may keep of `data`."""
    if data is None:
        return None
    return {k: ("***" if k in _SECRET_KEYS else mask_personal(v, k)) for k, v in data.items()}


# Who an audit row names: a person (signed in or not yet), a named job, or nobody (an anonymous
# request, e.g. a failed login, which passes `username` instead).
AuditActor = Viewer | SystemActor | None


def _who(actor: AuditActor, username: str) -> tuple[int | None, str, str]:
    """(account id, username snapshot, role) for the row."""
    if isinstance(actor, SystemActor):
        return None, actor.get_username()[:150], "system"
    if actor is None or isinstance(actor, AnonymousUser) or not actor.is_authenticated:
        return None, username[:150], ""
    return actor.pk, actor.get_username()[:150], str(actor.role or "")[:32]


def record(
    event: str,
    *,
    actor: AuditActor = None,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    detail: dict[str, Any] | None = None,
    outcome: str = Outcome.SUCCESS,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    username: str = "",
) -> AuditEvent:
    """Append one audit row for `event` (a readable code such as "report.approved")."""
    ctx = current()
    actor_id, actor_username, actor_role = _who(actor, username)
    with transaction.atomic():
        head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
        row = AuditEvent(
            occurred_at=timezone.now(),
            actor_id=actor_id,
            actor_username=actor_username,
            actor_role=actor_role,
            ip=ctx.ip,
            request_id=ctx.request_id,
            event=event,
            object_type=obj._meta.label_lower if obj is not None else object_type,
            object_id=str(obj.pk) if obj is not None else object_id,
            object_repr=(str(obj) if obj is not None else object_repr)[:255],
            outcome=outcome,
            before=_scrub(before),
            after=_scrub(after),
            detail=_scrub(detail),
            prev_hash=head.last_hash,
        )
        row.hash = row.compute_hash()
        row.save()
        ChainHead.objects.filter(pk=1).update(last_hash=row.hash, last_id=row.pk)
    return row


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    rows: int
    first_bad_id: int | None = None
    reason: str = ""


def _purged_through(prev_hash: str) -> bool:
    return AuditEvent.objects.filter(event="audit.purged", detail__through_hash=prev_hash).exists()


def verify_chain(*, batch: int = 2000) -> ChainCheck:
    """Walk the chain in id order; report the first row whose hash or link does not hold."""
    prev = GENESIS
    count = 0
    last_id = 0
    while True:
        rows = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            break
        for row in rows:
            count += 1
            if count == 1 and row.prev_hash != GENESIS and _purged_through(row.prev_hash):
                # Rows before this one were purged after their retention; a chained
                # checkpoint row recorded the hash the chain now starts from (C3, C4).
                prev = row.prev_hash
            if row.prev_hash != prev:
                return ChainCheck(False, count, row.pk, "链接断开：前一条记录被删除或修改")
            if row.compute_hash() != row.hash:
                return ChainCheck(False, count, row.pk, "内容与哈希不符：该记录被修改")
            prev = row.hash
            last_id = row.pk
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_id and head.last_hash != prev:
        return ChainCheck(False, count, head.last_id, "链尾与链头不符：末尾记录被删除")
    return ChainCheck(True, count)


def record_many(events: list[dict[str, Any]]) -> int:
    """Append many audit rows at once (bulk imports), chained exactly as `record` would.

    Each item holds the keyword arguments of `record` plus "event". Must be called inside the
    transaction of the change (C5); the chain head is locked once for the whole batch. Rows
    are hashed from their values (`canonical_json`, the same text `AuditEvent.canonical`
    gives) and written with parameterised executemany INSERTs, no model instance per row;
    returns the number of rows written.
    """
    if not events:
        return 0
    ctx = current()
    now = timezone.now()
    with transaction.atomic():
        head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
        prev = head.last_hash
        rows = []
        for item in events:
            actor_id, actor_username, actor_role = _who(item.get("actor"), item.get("username", ""))
            obj = item.get("obj")
            row = {
                "occurred_at": now,
                "actor_id": actor_id,
                "actor_username": actor_username,
                "actor_role": actor_role,
                "ip": ctx.ip,
                "request_id": ctx.request_id,
                "event": item["event"],
                "object_type": obj._meta.label_lower
                if obj is not None
                else item.get("object_type", ""),
                "object_id": str(obj.pk) if obj is not None else item.get("object_id", ""),
                "object_repr": (str(obj) if obj is not None else item.get("object_repr", ""))[:255],
                "outcome": str(item.get("outcome", Outcome.SUCCESS)),
                "before": _scrub(item.get("before")),
                "after": _scrub(item.get("after")),
                "detail": _scrub(item.get("detail")),
                "prev_hash": prev,
            }
            row["hash"] = prev = chain_hash(prev, canonical_json(row))
            rows.append(row)
        insert_rows(AuditEvent, rows)
        # The hash is unique: it finds the last row without relying on RETURNING.
        last_id = AuditEvent.objects.filter(hash=prev).values_list("pk", flat=True).get()
        ChainHead.objects.filter(pk=1).update(last_hash=prev, last_id=last_id)
    return len(rows)
