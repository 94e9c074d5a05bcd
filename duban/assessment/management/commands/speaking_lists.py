"""`duban speaking-lists --quarter 2021Q3 --format json`: who speaks at the quarter's 通报会.

Prints a JSON array, one object per unit of every group, with `unit`, `group`, `rank`,
`task_met` (the task the group's rule names) and `role` (`present`, `statement` or null), by
the speaking rules of the method each group's run of the quarter's last month was scored with.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from duban.assessment.report import speaking_rows


class Command(BaseCommand):
    help = "输出某季度通报会介绍经验、表态发言名单"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quarter", required=True, help="YYYYQn，例如 2021Q3")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        found = re.fullmatch(r"(\d{4})[Qq]([1-4])", options["quarter"].strip())
        if found is None:
            raise CommandError("季度格式应为 YYYYQn，例如 2021Q3")
        rows = speaking_rows(int(found[1]), int(found[2]))
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        for r in rows:
            self.stdout.write(
                f"{r['group']}\t{r['rank']}\t{r['unit']}\t"
                f"{'完成' if r['task_met'] else '未完成'}\t{r['role'] or ''}"
            )
