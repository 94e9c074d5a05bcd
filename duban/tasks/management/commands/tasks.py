"""`duban tasks --as-of YYYY-MM --format json`: every task, finding and decision as of a month.

The JSON array is a contract other checks read: keys id, title, kind (task, finding,
decision), source, lead_unit, deadline, status (open, overdue, closed, reopened), meeting_id.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from duban.core.asof import Month, default_month
from duban.tasks.queries import all_tasks_as_of, as_json, reference_day


class Command(BaseCommand):
    help = "列出截至某月的工作任务、整改问题和会议议定事项"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", dest="as_of", default="", help="YYYY-MM")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            month = Month.parse(options["as_of"]) if options["as_of"] else default_month()
        except ValueError as exc:
            raise CommandError(f"--as-of 应为 YYYY-MM：{options['as_of']}") from exc
        day = reference_day(month)
        rows = [as_json(t, day) for t in all_tasks_as_of(month)]
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        for row in rows:
            self.stdout.write(
                f"{row['id']:>5} {row['status']:<9} {row['deadline']} {row['lead_unit']} "
                f"{row['title']}"
            )
