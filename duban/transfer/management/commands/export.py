"""`duban export ledger|targets|monthly -o FILE`: the same spreadsheets as the export pages."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from duban.accounts.models import User
from duban.core.asof import Month, default_month
from duban.core.scoping import restrict
from duban.orgs.models import Unit
from duban.transfer.exports.ledger import export_ledger
from duban.transfer.exports.monthly import export_monthly_template
from duban.transfer.exports.targets import export_targets


class Command(BaseCommand):
    help = "导出项目台账、任务分解表或某单位的月报模板（.xlsx）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["ledger", "targets", "monthly"])
        parser.add_argument("-o", "--output", required=True)
        parser.add_argument("--user", required=True, help="以该用户的权限范围导出")
        parser.add_argument("--month", default="", help="月份，如 2021-09")
        parser.add_argument("--unit", default="", help="月报模板的单位代码")

    def handle(self, *args: Any, **opts: Any) -> None:
        user = User.objects.filter(username__iexact=opts["user"], is_active=True).first()
        if user is None or not user.can("export.run"):
            sys.stderr.write("找不到该用户，或该用户无导出权限\n")
            raise SystemExit(1)
        try:
            month = Month.parse(opts["month"]) if opts["month"] else default_month()
        except ValueError:
            sys.stderr.write(f"月份无效：{opts['month']}\n")
            raise SystemExit(1) from None
        if opts["what"] == "ledger":
            data, rows = export_ledger(user, year=month.year)
        elif opts["what"] == "targets":
            data, rows = export_targets(user, year=month.year)
        else:
            unit = (
                restrict(Unit.objects.all(), user, "export.run").filter(code=opts["unit"]).first()
            )
            if unit is None:
                sys.stderr.write(f"找不到单位或无权导出：{opts['unit']}\n")
                raise SystemExit(1)
            data, rows = export_monthly_template(user, unit=unit, month=month)
        Path(opts["output"]).write_bytes(data)
        self.stdout.write(f"已导出 {rows} 行到 {opts['output']}")
