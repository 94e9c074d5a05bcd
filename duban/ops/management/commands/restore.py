"""`duban restore BACKUP --target DIR-or-DATABASE_URL`: verified restore (SECURITY.md G2).

The manifest's MAC and every file hash are checked before anything is written; a corrupted or
forged backup is refused. The result of the drill (duration, tables whose row counts or content
hashes differ) is printed and audited. Needs the backup key (DUBAN_BACKUP_KEY).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from duban.core.actors import SystemActor
from duban.ops.services import BackupError, restore_backup


class Command(BaseCommand):
    help = "校验备份后恢复到新的位置（SQLite 为空目录，PostgreSQL 为空数据库 URL），并记录演练结果"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("backup")
        parser.add_argument("--target", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = restore_backup(
                Path(options["backup"]), options["target"], actor=SystemActor("restore")
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"恢复演练：目标 {result.target}；耗时 {result.seconds} 秒；"
            f"{result.tables} 张表；行数或内容不一致的表 {len(result.differences)} 张"
        )
        for name, (expected, actual) in result.differences.items():
            self.stdout.write(f"  {name}: 清单 {expected}，恢复后 {actual}")
        if result.differences:
            raise CommandError("恢复后的表与清单不一致（行数或内容哈希）")
