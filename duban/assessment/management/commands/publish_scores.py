"""`duban publish-scores --month 2021-03 --actor fgj`: publish a month's draft scores."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from duban.assessment.services import publish_month
from duban.core.asof import Month


class Command(BaseCommand):
    help = "发布某月考评结果（发布后不可修改）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--actor", required=True, help="发布人用户名（须有发布权限）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            month = Month.parse(options["month"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        actor = get_user_model().objects.filter(username__iexact=options["actor"]).first()
        if actor is None:
            raise CommandError(f"用户不存在：{options['actor']}")
        try:
            runs = publish_month(month, actor=actor)
        except PermissionDenied as exc:
            raise CommandError(f"用户 {actor.username} 无发布考评结果的权限") from exc
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        for run in runs:
            self.stdout.write(f"已发布 {run} sha256={run.content_sha256[:12]}")
