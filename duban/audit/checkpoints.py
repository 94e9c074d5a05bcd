"""Signed checkpoints: the audit chain anchored outside the database (SECURITY.md C3).

The hash chain alone catches careless tampering only: whoever can write SQL can delete the
tail and fix the chain head, empty the trail, or rewrite a row and recompute every later
hash, and `verify-audit` would still pass. A checkpoint states "the trail had `last_id` rows
ending in `head_hash` at `created_at`", signed with an Ed25519 key the database never holds
(`DUBAN_AUDIT_SIGNING_KEY` / `DUBAN_AUDIT_SIGNING_KEY_FILE`). Checkpoints are printed and
written to files kept elsewhere (by cron, e.g. hourly, and the month's last one with the
monthly bulletin); `verify-audit --checkpoint FILE` then proves the trail still extends each
of them: the row `last_id` is there with the same hash, which the chain ties to every row
before it. Verifying needs only the public key (`DUBAN_AUDIT_VERIFY_KEY`).

What a checkpoint cannot prove: rows after the newest checkpoint. Hence checkpoints often.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from duban.audit.models import AuditEvent
from duban.audit.services import GENESIS, record

FORMAT = "duban-audit-checkpoint/1"
SIGNED_FIELDS = ("format", "last_id", "head_hash", "rows", "created_at", "key_id")


class CheckpointError(Exception):
    """No key to sign or verify with, or a checkpoint file that cannot be read."""


def _read(setting: str, file_setting: str) -> bytes:
    text = str(getattr(settings, setting, "") or "")
    if text:
        return text.encode()
    path = str(getattr(settings, file_setting, "") or "")
    if path:
        try:
            return Path(path).read_bytes()
        except OSError as exc:
            raise CheckpointError(f"无法读取 {file_setting}（{path}）：{exc.strerror}") from exc
    return b""


def _load_private(data: bytes) -> Ed25519PrivateKey:
    data = data.strip()
    try:
        if data.startswith(b"-----BEGIN"):
            key = serialization.load_pem_private_key(data, password=None)
            if not isinstance(key, Ed25519PrivateKey):
                raise CheckpointError("签名密钥不是 Ed25519 私钥")
            return key
        return Ed25519PrivateKey.from_private_bytes(base64.urlsafe_b64decode(data))
    except (ValueError, TypeError) as exc:
        raise CheckpointError("DUBAN_AUDIT_SIGNING_KEY 不是有效的 Ed25519 私钥") from exc


def _load_public(data: bytes) -> Ed25519PublicKey:
    data = data.strip()
    try:
        if data.startswith(b"-----BEGIN"):
            key = serialization.load_pem_public_key(data)
            if not isinstance(key, Ed25519PublicKey):
                raise CheckpointError("验证密钥不是 Ed25519 公钥")
            return key
        return Ed25519PublicKey.from_public_bytes(base64.urlsafe_b64decode(data))
    except (ValueError, TypeError) as exc:
        raise CheckpointError("DUBAN_AUDIT_VERIFY_KEY 不是有效的 Ed25519 公钥") from exc


def signing_key() -> Ed25519PrivateKey:
    data = _read("DUBAN_AUDIT_SIGNING_KEY", "DUBAN_AUDIT_SIGNING_KEY_FILE")
    if not data:
        raise CheckpointError(
            "未设置审计检查点签名密钥：DUBAN_AUDIT_SIGNING_KEY 或 DUBAN_AUDIT_SIGNING_KEY_FILE"
            "（用 duban audit-keygen 生成，私钥不得存入数据库）"
        )
    return _load_private(data)


def verify_key() -> Ed25519PublicKey:
    """The public key: DUBAN_AUDIT_VERIFY_KEY(_FILE), else the signing key's own."""
    data = _read("DUBAN_AUDIT_VERIFY_KEY", "DUBAN_AUDIT_VERIFY_KEY_FILE")
    if data:
        return _load_public(data)
    try:
        return signing_key().public_key()
    except CheckpointError as exc:
        raise CheckpointError(
            "未设置审计检查点验证公钥：DUBAN_AUDIT_VERIFY_KEY 或 DUBAN_AUDIT_VERIFY_KEY_FILE"
        ) from exc


def public_text(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.urlsafe_b64encode(raw).decode()


def private_pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def key_id(key: Ed25519PublicKey) -> str:
    return hashlib.sha256(public_text(key).encode()).hexdigest()[:16]


def _message(checkpoint: dict[str, Any]) -> bytes:
    body = {name: checkpoint.get(name) for name in SIGNED_FIELDS}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def make_checkpoint() -> dict[str, Any]:
    """Sign the trail as it stands; the checkpoint is also recorded in the trail itself."""
    key = signing_key()
    with transaction.atomic():
        last = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
        checkpoint: dict[str, Any] = {
            "format": FORMAT,
            "last_id": last[0] if last else 0,
            "head_hash": last[1] if last else GENESIS,
            "rows": AuditEvent.objects.count(),
            "created_at": timezone.now().isoformat(),
            "key_id": key_id(key.public_key()),
        }
        checkpoint["signature"] = base64.urlsafe_b64encode(key.sign(_message(checkpoint))).decode()
        record("audit.checkpoint", detail=dict(checkpoint))
    return checkpoint


def load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise CheckpointError(f"无法读取检查点文件 {path}：{exc}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CheckpointError(f"{path} 不是审计检查点文件（{FORMAT}）")
    return data


@dataclass(frozen=True)
class CheckpointCheck:
    ok: bool
    reason: str = ""


def _purged_past(last_id: int, created_at: str) -> bool:
    """Rows up to `last_id` were removed by the retention purge, which writes a chained
    `audit.purged` row naming how far it went; only a checkpoint older than the retention
    can have been purged."""
    try:
        made = dt.datetime.fromisoformat(created_at)
    except (TypeError, ValueError):
        return False
    floor = timezone.now() - dt.timedelta(days=int(settings.DUBAN_AUDIT_RETENTION_DAYS))
    return (
        made < floor
        and AuditEvent.objects.filter(
            event="audit.purged", detail__through_id__gte=last_id
        ).exists()
    )


def verify(checkpoint: dict[str, Any], public: Ed25519PublicKey | None = None) -> CheckpointCheck:
    """Does the trail still extend this checkpoint? (Signature first, then the row.)"""
    public = public or verify_key()
    try:
        public.verify(
            base64.urlsafe_b64decode(str(checkpoint.get("signature", ""))), _message(checkpoint)
        )
    except (InvalidSignature, ValueError):
        return CheckpointCheck(False, "检查点签名无效：文件被修改，或不是用本系统的密钥签发的")
    last_id = int(checkpoint["last_id"])
    if last_id == 0:
        return CheckpointCheck(True)
    row = AuditEvent.objects.filter(pk=last_id).values_list("hash", flat=True).first()
    if row is None:
        if _purged_past(last_id, str(checkpoint.get("created_at"))):
            return CheckpointCheck(True, "该检查点之前的记录已按保存期限清理")
        if not AuditEvent.objects.exists():
            return CheckpointCheck(
                False, f"审计记录已被清空（检查点时有 {checkpoint.get('rows')} 条）"
            )
        return CheckpointCheck(False, f"记录 id={last_id} 已不存在：审计记录被截断或删除")
    if row != checkpoint["head_hash"]:
        return CheckpointCheck(
            False, f"记录 id={last_id} 的哈希与检查点不符：该记录或其之前的记录被改写"
        )
    return CheckpointCheck(True)
