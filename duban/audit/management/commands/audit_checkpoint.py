"""`duban audit-checkpoint --out FILE`: sign the trail as it stands (SECURITY.md C3).

Run it from cron (e.g. hourly) and keep the files away from the database server; the monthly
bulletin can carry the month's last one. The checkpoint is printed too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from duban.audit.checkpoints import CheckpointError, make_checkpoint


class Command(BaseCommand):
    help = "生成审计记录的签名检查点（序号、链头哈希、时间），写入文件并打印，请保存在数据库之外"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--out", help="检查点文件（不可已存在）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            checkpoint = make_checkpoint()
        except CheckpointError as exc:
            raise CommandError(str(exc)) from exc
        text = json.dumps(checkpoint, ensure_ascii=False, indent=2)
        if options.get("out"):
            try:
                with Path(options["out"]).open("x", encoding="utf-8") as out:
                    out.write(text + "\n")
            except OSError as exc:
                raise CommandError(f"无法写入 {options['out']}：{exc.strerror}") from exc
        self.stdout.write(text)
