from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from duban.audit.services import verify_chain


class Command(BaseCommand):
    help = "逐条核验审计记录哈希链，发现篡改时以非零状态退出并指出第一条被改动的记录"

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if not result.ok:
            raise CommandError(
                f"审计链校验失败：第一条异常记录 id={result.first_bad_id}（{result.reason}）"
            )
        self.stdout.write(f"审计链完整：共 {result.rows} 条记录")
