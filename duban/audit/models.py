"""The append-only change record (SECURITY.md C1–C5).

Each row carries sha256(previous hash ‖ canonical row), so altering or deleting any row breaks
the chain from that row on; `duban verify-audit` names the first broken row. Rows are written
by `duban.audit.services.record` inside the same transaction as the change they describe.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("审计记录只能追加，不能修改")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("审计记录只能追加，不能删除")

    def for_object(self, obj: models.Model) -> AuditQuerySet:
        """One record's rows, including those written while its model lived in another app
        (the trail is append-only: old rows keep the label they were written with)."""
        label = obj._meta.label_lower
        labels = [label, *FORMER_LABELS.get(label, ())]
        return self.filter(object_type__in=labels, object_id=str(obj.pk))


# Models that moved between apps: their rows written before the move carry the old label.
FORMER_LABELS: dict[str, tuple[str, ...]] = {
    "problems.problem": ("supervision.problem",),
    "problems.enterprise": ("supervision.enterprise",),
}

# The fields hashed into the chain, in one place for `AuditEvent.canonical` and the bulk path
# (`services.record_many`), which hashes rows before any model instance exists.
CANONICAL_FIELDS = (
    "occurred_at",
    "actor_id",
    "actor_username",
    "actor_role",
    "ip",
    "request_id",
    "event",
    "object_type",
    "object_id",
    "object_repr",
    "outcome",
    "before",
    "after",
    "detail",
)


def canonical_json(values: Mapping[str, Any]) -> str:
    """The canonical text of a row given its field values (attnames, at least CANONICAL_FIELDS)."""
    payload = {name: values[name] for name in CANONICAL_FIELDS}
    payload["occurred_at"] = payload["occurred_at"].isoformat()
    return _CANONICAL.encode(payload)


# json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str), with one encoder kept
# instead of one built per call (a bulk import hashes tens of thousands of rows).
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str)


def chain_hash(prev_hash: str, canonical: str) -> str:
    """sha256(previous hash ‖ canonical row): the link that makes the chain tamper-evident."""
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


class Outcome(models.TextChoices):
    SUCCESS = "success", _("成功")
    FAILURE = "failure", _("失败")
    DENIED = "denied", _("拒绝")


class AuditEvent(models.Model):
    """One catalogued event: who did what to which record, from where, with what result."""

    occurred_at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    actor_username = models.CharField(_("用户名"), max_length=150, blank=True)
    actor_role = models.CharField(_("角色"), max_length=32, blank=True)
    ip = models.CharField(_("IP地址"), max_length=45, blank=True)
    request_id = models.CharField(_("请求编号"), max_length=32, blank=True)
    event = models.CharField(_("事件"), max_length=64, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=64, blank=True, db_index=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("对象名称"), max_length=255, blank=True)
    outcome = models.CharField(
        _("结果"), max_length=16, choices=Outcome.choices, default=Outcome.SUCCESS
    )
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    detail = models.JSONField(_("详情"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.event} {self.actor_username or '-'}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("审计记录只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("审计记录只能追加，不能删除")

    def canonical(self) -> str:
        """The exact text hashed into the chain; any field change alters it."""
        return canonical_json({name: getattr(self, name) for name in CANONICAL_FIELDS})

    def compute_hash(self) -> str:
        return chain_hash(self.prev_hash, self.canonical())


class ChainHead(models.Model):
    """The single row holding the latest hash; locking it serialises appends to the chain."""

    last_hash = models.CharField(max_length=64, default="0" * 64)
    last_id = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("审计链头")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_single_head")]

    def __str__(self) -> str:
        return f"{self.last_id}:{self.last_hash[:12]}"
