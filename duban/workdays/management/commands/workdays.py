"""`duban workdays --from 2021-09-30 --add 5`: the date N working days later (ISO), on the
official calendar (2021-10-13 here: the National Day holiday and the 10-09 working Saturday)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from duban.workdays.calendar import CalendarMissing, add_working_days


class Command(BaseCommand):
    help = "按国家法定节假日和调休安排推算 N 个工作日后的日期"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--add", type=int, required=True, help="工作日数")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            start = dt.date.fromisoformat(options["start"])
        except ValueError as exc:
            raise CommandError(f"日期无效：{options['start']}（应为 YYYY-MM-DD）") from exc
        try:
            self.stdout.write(add_working_days(start, options["add"]).isoformat())
        except CalendarMissing as exc:
            raise CommandError(str(exc)) from exc
