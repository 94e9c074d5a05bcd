"""`duban disable-dormant`: disable accounts unused for DUBAN_DORMANT_DAYS (B5).

Run daily from cron; idempotent (a second run disables nothing), each account audited.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from duban.accounts.services import disable_dormant
from duban.core.actors import SystemActor


class Command(BaseCommand):
    help = "停用长期未登录的账户（默认 90 天，DUBAN_DORMANT_DAYS）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--days", type=int, default=settings.DUBAN_DORMANT_DAYS)

    def handle(self, *args: Any, **options: Any) -> None:
        disabled = disable_dormant(actor=SystemActor("disable-dormant"), days=options["days"])
        for user in disabled:
            self.stdout.write(f"已停用：{user.username}")
        self.stdout.write(f"共停用 {len(disabled)} 个账户（{options['days']} 天未使用）")
