"""Secrets at rest (SECURITY.md H1: no plaintext secrets anywhere).

`EncryptedCharField` stores a value as a Fernet token (AES-128-CBC + HMAC-SHA256) under
`settings.DUBAN_FIELD_KEYS`; Python code sees the plain value, the database and its backups
never do. The first key encrypts, every key decrypts, so keys rotate by putting a new one first
and running `duban rotate-field-keys`. Without DUBAN_FIELD_KEY the key is derived from
SECRET_KEY, so a development database works out of the box; production sets its own.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "enc1:"
logger = logging.getLogger(__name__)


def derived_key(secret_key: str) -> str:
    """A Fernet key derived from SECRET_KEY for one purpose only (so the two never coincide)."""
    digest = hmac.new(secret_key.encode(), b"duban field encryption", hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode()


def _fernet() -> MultiFernet:
    keys = list(settings.DUBAN_FIELD_KEYS) or [derived_key(settings.SECRET_KEY)]
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "DUBAN_FIELD_KEY 不是有效的密钥（应为 32 字节 urlsafe base64）"
        ) from exc


def encrypt(plain: str) -> str:
    return PREFIX + _fernet().encrypt(plain.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise ImproperlyConfigured("数据库中的加密字段不是密文：请运行 duban migrate 完成加密迁移")
    try:
        return _fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "加密字段无法解密：DUBAN_FIELD_KEY（或 SECRET_KEY）与加密时使用的密钥不一致"
        ) from exc


def rotate(stored: str) -> str:
    """The same value encrypted under the current first key."""
    return PREFIX + _fernet().rotate(stored[len(PREFIX) :].encode()).decode()


class UnreadableSecret(str):
    """A stored secret the configured keys cannot decrypt (DUBAN_FIELD_KEY or SECRET_KEY was
    changed). It is *set* (truthy), so nobody can enrol a new authenticator over it with a
    password alone; it matches no code; saved back, it writes the stored token unchanged.
    The holder re-enrols after the security admin resets the secret (`reset_otp`)."""

    stored: str

    def __new__(cls, stored: str) -> UnreadableSecret:
        obj = super().__new__(cls, "")
        obj.stored = stored
        return obj

    def __bool__(self) -> bool:
        return True


def is_unreadable(value: Any) -> bool:
    return isinstance(value, UnreadableSecret)


class EncryptedCharField(models.CharField[str, str]):
    """A CharField whose column holds only ciphertext; the empty string stays empty (it means
    "not set" and is not a secret). Tokens are not deterministic: never filter on the value.

    A token the keys cannot open loads as `UnreadableSecret` rather than failing the whole
    row: a key mismatch must not turn every page of that account into a 500."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        if value.startswith(PREFIX):
            try:
                return _fernet().decrypt(value[len(PREFIX) :].encode()).decode()
            except InvalidToken:
                logger.warning("加密字段无法解密：DUBAN_FIELD_KEY 与加密时的密钥不一致")
                return UnreadableSecret(value)
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        if isinstance(value, UnreadableSecret):
            return value.stored
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)
