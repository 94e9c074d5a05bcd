"""`duban scores --month 2021-09 --format json`: every unit's score of a month, item by item.

Prints a JSON array, one object per unit of every group, with `unit`, `group` (`street`,
`park`, `department`), `rank`, `total`, `method_version` and `items` (`code`, `applicable`,
`weight` as written, `effective_weight` after rescaling, `rate` or null, `points`). The total is
the sum of the items' points; the effective weights of a unit's applicable base items sum to
100. Reads the published run (else the newest draft; else computes without storing).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from duban.assessment.report import score_rows
from duban.core.asof import Month


class Command(BaseCommand):
    help = "输出某月各单位考评得分（含各考评项）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            month = Month.parse(options["month"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        rows = score_rows(month)
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        for r in rows:
            self.stdout.write(
                f"{r['group']}\t{r['rank']}\t{r['unit']}\t{r['total']:.2f}\tv{r['method_version']}"
            )
