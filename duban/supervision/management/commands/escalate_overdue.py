"""`duban escalate-overdue`: escalate unanswered letters and open problems past deadline.

Run daily (cron / systemd timer); running it twice escalates nothing twice.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from duban.core.actors import SystemActor
from duban.supervision.services import escalate_overdue


class Command(BaseCommand):
    help = "升级逾期未回函的督办函和逾期未办结的协调事项（可重复运行）"

    def handle(self, *args: Any, **options: Any) -> None:
        counts = escalate_overdue(actor=SystemActor("escalate-overdue"))
        self.stdout.write(f"升级督办函 {counts['letters']} 件，协调事项 {counts['problems']} 件")
