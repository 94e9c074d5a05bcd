"""Writing and checking the audit trail.

`record` must be called inside the transaction of the change it describes (C5): it locks the
chain head, so if the audit row cannot be written the whole change rolls back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils import timezone

from duban.audit.masking import PERSONAL_KEYS, mask_personal
from duban.audit.models import AuditEvent, ChainHead, Outcome, canonical_json, chain_hash
from duban.core.actors import SystemActor, Viewer
from duban.core.context import current

GENESIS = "0" * 64
# Keys never stored in before/after, whatever a caller passes (C6).
_SECRET_KEYS = {"password", "otp_secret", "session_key", "totp_secret", "token"}


_NOTHING_TO_MASK = (type(None), bool, int, float)


def _scrub(data: dict[str, Any] | None) -> dict[str, Any] | None:
    """Secrets replaced, personal numbers masked (C6): what the trail may keep of `data`.

    Values that cannot hold a personal number under a key that is not personal (None,
    numbers, text shorter than a mobile number) are kept as they are without the general
    masking walk: the same result, cheaply, for the tens of thousands of values a bulk
    import records.
    """
    if data is None:
        return None
    out: dict[str, Any] = {}
    for k, v in data.items():
        if k in _SECRET_KEYS:
            out[k] = "***"
        elif (
            type(v) in _NOTHING_TO_MASK or (type(v) is str and len(v) < 11)
        ) and k.lower() not in PERSONAL_KEYS:
            out[k] = v
        else:
            out[k] = mask_personal(v, k)
    return out


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
    gives) and written with parameterised executemany INSERTs (`_insert`), no model instance
    per row; returns the number of rows written.
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
        _insert(rows)
        # The hash is unique: it finds the last row without relying on RETURNING.
        last_id = AuditEvent.objects.filter(hash=prev).values_list("pk", flat=True).get()
        ChainHead.objects.filter(pk=1).update(last_hash=prev, last_id=last_id)
    return len(rows)


_JSON_COLUMNS = frozenset({"before", "after", "detail"})
_CHUNK = 1000


def _insert(rows: list[dict[str, Any]]) -> None:
    """INSERT audit rows built by `record_many`. Their columns are known: text goes to the
    driver as it is (anything else through the field), the one timestamp is converted once,
    and the JSON columns go through the backend's own JSON adaptation (`adapt_json_value`,
    what `JSONField` ends in), so each stored value is exactly what the ORM would store."""
    conn = connections[DEFAULT_DB_ALIAS]
    fields = [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]
    names = [f.attname for f in fields]
    missing = set(names) - set(rows[0])
    if missing:  # a new column must be given a value here, not silently left to the database
        raise ValueError(f"record_many: no value for {sorted(missing)}")
    occurred = AuditEvent._meta.get_field("occurred_at")
    adapt_json = conn.ops.adapt_json_value
    converters: list[Any] = []
    for f in fields:
        if f.attname in _JSON_COLUMNS:
            encoder = f.encoder  # type: ignore[attr-defined]
            converters.append(lambda v, e=encoder: None if v is None else adapt_json(v, e))
        elif f.attname == "occurred_at":
            cache: dict[Any, Any] = {}

            def when(v: Any, cache: dict[Any, Any] = cache) -> Any:
                if v not in cache:
                    cache[v] = occurred.get_db_prep_save(v, connection=conn)
                return cache[v]

            converters.append(when)
        elif f.attname == "actor_id":
            converters.append(None)  # an account id or None, from `_who`
        else:  # text: as it is, or through the field as the ORM would (a lazy string, a number)
            converters.append(
                lambda v, f=f: v if type(v) is str else f.get_db_prep_save(v, connection=conn)
            )
    plan = list(zip(names, converters, strict=True))
    qn = conn.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {qn(AuditEvent._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608  # nosec B608
    with conn.cursor() as cursor:
        for start in range(0, len(rows), _CHUNK):
            cursor.executemany(
                sql,
                [
                    tuple(row[n] if c is None else c(row[n]) for n, c in plan)
                    for row in rows[start : start + _CHUNK]
                ],
            )
