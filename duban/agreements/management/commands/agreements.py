"""`duban agreements --year 2021 --format json`: each agreement of the year with its unit,
target count, status (draft, issued, signed) and signing date (or null)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from duban.agreements.queries import summary


class Command(BaseCommand):
    help = "列出某年度各单位目标责任书的签订情况"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="年度，如 2021")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = summary(options["year"])
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            self.stdout.write(
                f"{row['unit']}\t{row['status']}\t{row['targets']}\t{row['signed_on'] or '—'}"
            )
