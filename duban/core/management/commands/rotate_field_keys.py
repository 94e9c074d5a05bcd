"""`duban rotate-field-keys`: re-encrypt every encrypted column under the first key of
DUBAN_FIELD_KEY, after a new key was put in front of the old ones. Reading decrypts with any
of the keys and writing encrypts with the first, so a read and a write per value is the whole
rotation; afterwards the old keys can be dropped from the setting."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from duban.core.crypto import EncryptedCharField, is_unreadable


class Command(BaseCommand):
    help = "用 DUBAN_FIELD_KEY 的第一个密钥重新加密所有加密字段"

    def handle(self, *args: Any, **options: Any) -> None:
        done = 0
        unreadable = 0
        with transaction.atomic():
            for model in apps.get_models():
                for field in model._meta.concrete_fields:
                    if not isinstance(field, EncryptedCharField):
                        continue
                    rows = model._base_manager.exclude(**{field.name: ""}).values_list(
                        "pk", field.name
                    )
                    for pk, plain in list(rows):
                        if is_unreadable(plain):
                            unreadable += 1
                            continue
                        model._base_manager.filter(pk=pk).update(**{field.name: plain})
                        done += 1
        self.stdout.write(f"已重新加密 {done} 个字段值")
        if unreadable:
            self.stdout.write(
                f"{unreadable} 个字段值无法用当前密钥解密（密钥不一致），未改动；"
                "动态口令请由安全管理员重置后重新绑定"
            )
