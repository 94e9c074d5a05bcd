"""`duban backup [--output DIR]`: a live backup with its manifest (SECURITY.md G1)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from duban.core.actors import SystemActor
from duban.ops.services import BackupError, create_backup


class Command(BaseCommand):
    help = "在线备份数据库与上传文件，并生成清单（哈希、各表行数、迁移版本）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--output", default=str(settings.DUBAN_BACKUP_DIR))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            dest = create_backup(Path(options["output"]), actor=SystemActor("backup"))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"备份完成：{dest}"))
