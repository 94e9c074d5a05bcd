"""`duban compute-scores --month 2021-03`: compute (or re-compute) a month's scores.

Idempotent: running it twice changes nothing the second time. A published month is never
altered; if the result differs, a draft revision that supersedes it is written.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from duban.accounts.actors import Actor
from duban.accounts.models import User
from duban.assessment.services import compute_month
from duban.core.actors import SystemActor
from duban.core.asof import Month


class Command(BaseCommand):
    help = "计算某月考评得分与排名（可重复执行）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--actor", default="", help="操作人用户名（缺省为系统）")
        parser.add_argument("--reason", default="", help="修订说明（已发布月份重算时记录）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            month = Month.parse(options["month"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        actor: Actor = SystemActor("compute-scores")
        if options["actor"]:
            found = User.objects.filter(username__iexact=options["actor"]).first()
            if found is None:
                raise CommandError(f"用户不存在：{options['actor']}")
            actor = found
        results = compute_month(month, actor=actor, reason=options["reason"])
        if not results:
            raise CommandError(f"{month.year}年没有考评办法，无法计算")
        for run, outcome in results:
            self.stdout.write(f"{run}: {outcome} sha256={run.content_sha256[:12]}")
