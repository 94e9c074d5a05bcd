"""`duban backup-key`: print a new backup key (SECURITY.md G1, H1)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from duban.ops.crypto import new_key


class Command(BaseCommand):
    help = (
        "生成新的备份密钥（写入 DUBAN_BACKUP_KEY 或 DUBAN_BACKUP_KEY_FILE 指向的文件）；"
        "密钥须保存在数据库和备份之外，恢复时需要它"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(new_key())
