"""`duban compute-lights --month 2021-09`: store that month's lights (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from duban.core.actors import SystemActor
from duban.core.asof import Month, default_month
from duban.supervision.services import compute_snapshots, tidy_snapshots


class Command(BaseCommand):
    help = "计算并保存某月的亮灯结果（可重复运行，结果相同）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--month", help="月份，如 2021-09；默认为当前查看月份")
        parser.add_argument("--through", help="连续计算到该月（含），如 2021-09")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            first = Month.parse(options["month"]) if options["month"] else default_month()
            last = Month.parse(options["through"]) if options["through"] else first
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        month = first
        while month <= last:
            counts = compute_snapshots(month, actor=SystemActor("compute-lights"))
            self.stdout.write(
                f"{month}: 红灯 {counts['red']}，黄灯 {counts['yellow']}，绿灯 {counts['green']}"
            )
            month = month.next()
        tidy_snapshots()
