"""Encryption and authentication of backups (SECURITY.md G1, G2, H1).

A backup is only as private as its key: the key lives outside the database and outside every
backup (`DUBAN_BACKUP_KEY` in the environment, or `DUBAN_BACKUP_KEY_FILE`), and restoring
needs it. From one 32-byte key two sub-keys are derived (HKDF-SHA256): one encrypts files
with AES-256-GCM, one MACs the manifest (HMAC-SHA256), so a backup forged with a recomputed
manifest is refused without being opened.

File format (`*.enc`): the magic `DUBANBK1`, an 8-byte random nonce prefix, then chunks of at
most 1 MiB of plaintext, each `length (4 bytes) ‖ AES-GCM ciphertext+tag` with the nonce
`prefix ‖ chunk number` and associated data binding the file's path in the backup, the chunk
number and whether it is the last chunk. So a chunk cannot be altered, reordered, moved to
another file, and the file cannot be truncated, without decryption failing.

Keys rotate like the field keys: several keys, newest first; the first encrypts, any opens a
backup whose manifest names its key id.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

MAGIC = b"DUBANBK1"
CHUNK = 1 << 20
_LEN = struct.Struct(">I")


class BackupKeyError(Exception):
    """No usable backup key, or a backup that does not open with the keys we have."""


@dataclass(frozen=True)
class BackupKey:
    """One backup key and the two keys derived from it."""

    raw: bytes

    @property
    def key_id(self) -> str:
        """Names the key in the manifest without revealing it."""
        return hashlib.sha256(b"duban backup key id\x00" + self.raw).hexdigest()[:16]

    def _derive(self, purpose: bytes) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(self.raw)

    @property
    def encryption_key(self) -> bytes:
        return self._derive(b"duban backup encryption")

    @property
    def mac_key(self) -> bytes:
        return self._derive(b"duban backup manifest mac")


def new_key() -> str:
    """A new key, as the text to put in DUBAN_BACKUP_KEY (or the key file)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def _parse(text: str, where: str) -> list[BackupKey]:
    keys = []
    for item in (part.strip() for part in text.replace("\n", ",").split(",")):
        if not item:
            continue
        try:
            raw = base64.urlsafe_b64decode(item.encode())
        except ValueError as exc:
            raise BackupKeyError(
                f"{where} 不是有效的备份密钥（应为 32 字节 urlsafe base64）"
            ) from exc
        if len(raw) != 32:
            raise BackupKeyError(f"{where} 不是有效的备份密钥（应为 32 字节 urlsafe base64）")
        keys.append(BackupKey(raw))
    return keys


def configured_keys() -> list[BackupKey]:
    """The backup keys, newest first: DUBAN_BACKUP_KEY, else the file DUBAN_BACKUP_KEY_FILE.

    Outside production, with neither set, one key is derived from SECRET_KEY (also kept
    outside the database and the backups) so a development backup works out of the box;
    production refuses to back up or restore without a key of its own.
    """
    text = str(getattr(settings, "DUBAN_BACKUP_KEY", "") or "")
    if text:
        return _parse(text, "DUBAN_BACKUP_KEY")
    path = str(getattr(settings, "DUBAN_BACKUP_KEY_FILE", "") or "")
    if path:
        try:
            return _parse(Path(path).read_text("utf-8"), f"DUBAN_BACKUP_KEY_FILE（{path}）")
        except OSError as exc:
            raise BackupKeyError(f"无法读取备份密钥文件 {path}：{exc.strerror}") from exc
    if getattr(settings, "PRODUCTION", False):
        raise BackupKeyError(
            "生产环境必须设置备份密钥：DUBAN_BACKUP_KEY 或 DUBAN_BACKUP_KEY_FILE"
            "（用 duban backup-key 生成，保存在数据库和备份之外）"
        )
    digest = hmac.new(settings.SECRET_KEY.encode(), b"duban backup key", hashlib.sha256).digest()
    return [BackupKey(digest)]


def key_file_path() -> Path | None:
    path = str(getattr(settings, "DUBAN_BACKUP_KEY_FILE", "") or "")
    return Path(path).resolve() if path else None


def key_for(key_id: str) -> BackupKey:
    for key in configured_keys():
        if hmac.compare_digest(key.key_id, key_id):
            return key
    raise BackupKeyError(
        f"没有可打开此备份的密钥（备份使用的密钥编号 {key_id}）：请设置当时的 DUBAN_BACKUP_KEY"
    )


# --- the manifest's MAC ---


def canonical(manifest: dict[str, Any]) -> bytes:
    body = {k: v for k, v in manifest.items() if k != "mac"}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def sign_manifest(manifest: dict[str, Any], key: BackupKey) -> dict[str, Any]:
    signed = {**manifest, "key_id": key.key_id}
    signed["mac"] = hmac.new(key.mac_key, canonical(signed), hashlib.sha256).hexdigest()
    return signed


def manifest_is_authentic(manifest: dict[str, Any], key: BackupKey) -> bool:
    expected = hmac.new(key.mac_key, canonical(manifest), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, str(manifest.get("mac", "")))


# --- files ---


def _aad(name: str, index: int, last: bool) -> bytes:
    return MAGIC + name.encode("utf-8") + b"\x00" + struct.pack(">Q?", index, last)


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + struct.pack(">I", index)


def encrypt_stream(chunks: Iterable[bytes], out: IO[bytes], *, name: str, key: BackupKey) -> None:
    """Encrypt a stream of plaintext pieces into `out`, bound to `name` (its path in the
    backup). Pieces are regrouped into CHUNK-sized chunks; the last chunk is flagged."""
    aead = AESGCM(key.encryption_key)
    prefix = secrets.token_bytes(8)
    out.write(MAGIC + prefix)
    index = 0
    pending = b""

    def emit(data: bytes, last: bool) -> None:
        nonlocal index
        sealed = aead.encrypt(_nonce(prefix, index), data, _aad(name, index, last))
        out.write(_LEN.pack(len(sealed)) + sealed)
        index += 1

    for piece in chunks:
        pending += piece
        while len(pending) > CHUNK:
            emit(pending[:CHUNK], False)
            pending = pending[CHUNK:]
    emit(pending, True)


def decrypt_stream(source: IO[bytes], *, name: str, key: BackupKey) -> Iterator[bytes]:
    """The plaintext chunks of an encrypted file; BackupKeyError on any alteration."""
    aead = AESGCM(key.encryption_key)
    head = source.read(len(MAGIC) + 8)
    if len(head) != len(MAGIC) + 8 or not head.startswith(MAGIC):
        raise BackupKeyError(f"{name}：不是 duban 加密备份文件")
    prefix = head[len(MAGIC) :]
    index = 0
    while True:
        size_bytes = source.read(_LEN.size)
        if len(size_bytes) != _LEN.size:
            raise BackupKeyError(f"{name}：文件被截断")
        (size,) = _LEN.unpack(size_bytes)
        if size > CHUNK + 16:
            raise BackupKeyError(f"{name}：文件结构异常")
        sealed = source.read(size)
        for last in (False, True):
            try:
                plain = aead.decrypt(_nonce(prefix, index), sealed, _aad(name, index, last))
            except InvalidTag:
                continue
            break
        else:
            raise BackupKeyError(f"{name}：解密失败（密钥不符，或文件被修改）")
        yield plain
        index += 1
        if last:
            if source.read(1):
                raise BackupKeyError(f"{name}：末尾有多余数据")
            return


def read_chunks(handle: IO[bytes]) -> Iterator[bytes]:
    while piece := handle.read(CHUNK):
        yield piece


def private_file(path: Path) -> IO[bytes]:
    """A new file only its owner can read or write (0600), never an existing one."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return os.fdopen(fd, "wb")
