"""`duban claims --month YYYY-MM --format json`: the claims filed in a month (issue 15).

Keys (a contract other checks rely on): id, project_code, unit, fact, status, filed_on,
decided_on (or null), decided_by_unit (or null), evidence_count."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from duban.claims import queries
from duban.core.asof import Month


class Command(BaseCommand):
    help = "列出某月申报的认定事项（JSON 或表格）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            month = Month.parse(options["month"])
        except ValueError as exc:
            raise CommandError(f"--month 应为 YYYY-MM：{options['month']}") from exc
        rows = [queries.as_row(c) for c in queries.filed_in(month)]
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for r in rows:
            self.stdout.write(
                f"{r['id']}\t{r['filed_on']}\t{r['project_code']}\t{r['unit']}\t{r['fact']}\t"
                f"{r['status']}\t{r['decided_on'] or '-'}\t{r['decided_by_unit'] or '-'}\t"
                f"{r['evidence_count']}"
            )
