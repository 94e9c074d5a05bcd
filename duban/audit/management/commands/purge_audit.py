"""`duban purge-audit`: remove audit rows past their retention, keeping the chain verifiable."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from duban.audit.retention import purge_expired, retention_days
from duban.core.actors import SystemActor


class Command(BaseCommand):
    help = "清理超过保存期限的审计记录（不会删除保存期内的记录；写入检查点以保持哈希链可校验）"

    def handle(self, *args: Any, **options: Any) -> None:
        result = purge_expired(actor=SystemActor("purge-audit"))
        self.stdout.write(
            f"保存期限 {retention_days()} 天；已清理 {result.deleted} 条"
            + (f"（至 id={result.through_id}）" if result.through_id else "")
        )
