"""`duban verify-audit [--checkpoint FILE ...]`: the chain, and every signed checkpoint.

Exits non-zero naming the first altered row when the chain breaks, and when the trail does
not extend a given checkpoint: truncated, rewritten (even with every later hash recomputed)
or emptied.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from duban.audit import checkpoints
from duban.audit.services import verify_chain


class Command(BaseCommand):
    help = "逐条核验审计记录哈希链，并核对每个签名检查点；发现篡改、截断或清空时以非零状态退出"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--checkpoint", action="append", default=[], help="检查点文件，可重复")

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if not result.ok:
            raise CommandError(
                f"审计链校验失败：第一条异常记录 id={result.first_bad_id}（{result.reason}）"
            )
        failures = []
        try:
            public = checkpoints.verify_key() if options["checkpoint"] else None
            for name in options["checkpoint"]:
                check = checkpoints.verify(checkpoints.load(Path(name)), public)
                if not check.ok:
                    failures.append(f"{name}：{check.reason}")
                else:
                    self.stdout.write(f"检查点 {name}：审计记录延续该检查点 {check.reason}")
        except checkpoints.CheckpointError as exc:
            raise CommandError(str(exc)) from exc
        if failures:
            raise CommandError("审计记录与检查点不符：" + "；".join(failures))
        self.stdout.write(f"审计链完整：共 {result.rows} 条记录")
