"""`duban reports --month 2021-09 --format json`: a month's reports for districts' scripts.

Prints the latest version of every report of the month, read through the same query as the
pages (`queries.reports_for_month`); `--user NAME` applies that account's scope.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from duban.accounts.models import User
from duban.core.asof import Month
from duban.reports.queries import reports_for_month


class Command(BaseCommand):
    help = "打印某月的月报（每份月报的最新版本）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", required=True, help="月份，如 2021-09")
        parser.add_argument("--format", choices=["json", "table"], default="table")
        parser.add_argument("--user", help="按该账户的权限范围输出（默认全区）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            month = Month.parse(options["month"])
        except ValueError as exc:
            raise CommandError(f"无效月份：{options['month']}（应为 YYYY-MM）") from exc
        user = None
        if options.get("user"):
            user = User.objects.filter(username__iexact=options["user"], is_active=True).first()
            if user is None:
                raise CommandError(f"没有账户：{options['user']}")
        rows = reports_for_month(user, month)
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        self.stdout.write(f"{month.label} 月报 {len(rows)} 份")
        for r in rows:
            nodes = "、".join(r["nodes_completed"]) or "—"
            late = "逾期" if r["late"] else ""
            self.stdout.write(
                f"{r['project_code']:<12} {r['unit']:<10} {r['status']:<9} v{r['version']} "
                f"{r['investment_wan']:>12}万元 {nodes} {late}"
            )
