"""`duban remind [--as-of YYYY-MM-DD] [--at HH:MM] [--format text|json] [--send]`.

Prints the reminders due that day that have not been delivered yet (keys `rule`, `unit`,
`recipient`, `subject`, `channel`); with `--send` delivers them and retries earlier failures
whose time has come. Idempotent: run it as often as you like (cron, or the Celery beat job):
a reminder already delivered is never sent again.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from duban.core.actors import SystemActor
from duban.core.asof import today
from duban.reminders import services

ACTOR = SystemActor("remind")


class Command(BaseCommand):
    help = "列出（--send 时发送）当天到期的提醒"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--as-of", dest="as_of", help="业务日期 YYYY-MM-DD（默认今天）")
        parser.add_argument("--at", help="当天时刻 HH:MM（免打扰时段按此判断，默认当前时刻）")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--send", action="store_true", help="发送")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            on = dt.date.fromisoformat(options["as_of"]) if options["as_of"] else today()
            at = (
                dt.time.fromisoformat(options["at"])
                if options["at"]
                else timezone.localtime().time().replace(microsecond=0)
            )
        except ValueError as exc:
            raise CommandError(f"日期或时刻格式不正确：{exc}") from exc
        planned, attempted = services.remind(actor=ACTOR, on=on, at=at, send_now=options["send"])
        rows = [p.as_dict() for p in planned]
        if options["send"]:
            outcome = {d.dedup_key: d for d in attempted}
            for item, row in zip(planned, rows, strict=True):
                done = outcome.get(item.dedup_key)
                row["status"] = done.status if done else "pending"
                row["error"] = done.last_error if done else ""
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            status = f" [{row['status']}]" if "status" in row else ""
            self.stdout.write(
                f"{row['rule']}\t{row['unit']}\t{row['channel']}\t{row['recipient']}\t"
                f"{row['subject']}{status}"
            )
        self.stdout.write(f"共 {len(rows)} 条提醒")
