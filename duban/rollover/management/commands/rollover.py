"""`duban rollover --from 2021 --to 2022 --dry-run --format json`: what would carry forward
(counts of projects, tasks, problems and targets). Without --dry-run it runs the rollover, as
the system actor or as `--user` (a 发改局 account)."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from duban.accounts.actors import Actor
from duban.accounts.models import User
from duban.core.actors import SystemActor
from duban.projects.models import Project
from duban.rollover import services


class Command(BaseCommand):
    help = "年度结转：从本年度开启下一年度（续建项目、储备转入、未办结问题、目标草稿）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="from_year", type=int, required=True)
        parser.add_argument("--to", dest="to_year", type=int, required=True)
        parser.add_argument("--dry-run", action="store_true", help="只预览，不写入")
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument(
            "--promote", action="append", default=[], metavar="CODE",
            help="转入新年度计划（新开工）的储备项目编号，可重复",
        )  # fmt: skip
        parser.add_argument("--user", help="以该账户（发改局）名义执行")

    def _actor(self, username: str | None) -> Actor:
        if not username:
            return SystemActor("rollover")
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有账户 {username}")
        return user

    def handle(self, *args: Any, **options: Any) -> None:
        codes = options["promote"]
        found = dict(Project.objects.filter(code__in=codes).values_list("code", "pk"))
        if missing := sorted(set(codes) - set(found)):
            raise CommandError(f"没有这些项目：{'、'.join(missing)}")
        try:
            plan = services.plan_for(
                options["from_year"], options["to_year"], frozenset(found.values())
            )
            shown = services.preview(plan)
            counts = shown.counts
            if not options["dry_run"]:
                counts = services.run(plan, actor=self._actor(options["user"])).counts
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        if options["format"] == "json":
            self.stdout.write(json.dumps({k: counts.get(k, 0) for k in services.KEYS}))
            return
        for step, preview in shown.steps:
            self.stdout.write(f"{step.label}: {preview.moves} 结转, {preview.stays} 留在本年度")
            for note in preview.notes:
                self.stdout.write(f"  {note}")
        if not options["dry_run"]:
            self.stdout.write(f"已开启{plan.to_year}年度，{plan.from_year}年度转为只读。")
