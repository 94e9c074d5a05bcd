"""`duban rotate-field-keys`: re-encrypt every encrypted column under the first key of
DUBAN_FIELD_KEY, after a new key was put in front of the old ones. Reading decrypts with any
of the keys and writing encrypts with the first, so a read and a write per value is the whole
rotation; afterwards the old keys can be dropped from the setting."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from duban.core.services import reencrypt_fields


class Command(BaseCommand):
    help = "用 DUBAN_FIELD_KEY 的第一个密钥重新加密所有加密字段"

    def handle(self, *args: Any, **options: Any) -> None:
        done, unreadable = reencrypt_fields()
        self.stdout.write(f"已重新加密 {done} 个字段值")
        if unreadable:
            self.stdout.write(
                f"{unreadable} 个字段值无法用当前密钥解密（密钥不一致），未改动；"
                "动态口令请由安全管理员重置后重新绑定"
            )
