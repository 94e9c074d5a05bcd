from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from duban.core.demo import DemoContext
from duban.orgs.models import Unit
from duban.portal import demo


class Command(BaseCommand):
    help = "载入演示区县（鼓楼区 2021 年“抓项目促提升”专项行动）并打印演示账号"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--if-empty", action="store_true", help="已有数据时不重复载入")
        parser.add_argument("--seed", type=int, default=2021)

    def handle(self, *args: Any, **options: Any) -> None:
        accounts_file = Path(settings.VAR_DIR) / "demo-accounts.txt"
        if options["if_empty"] and Unit.objects.exists():
            self.stdout.write("演示数据已存在，未重复载入。")
        else:
            with transaction.atomic():
                ctx = demo.load(DemoContext(seed=options["seed"]))
            if ctx.accounts:
                accounts_file.parent.mkdir(parents=True, exist_ok=True)
                accounts_file.write_text(
                    "".join(f"{u}\t{p}\t{r}\n" for u, p, r in ctx.accounts), encoding="utf-8"
                )
                accounts_file.chmod(0o600)
        if accounts_file.exists():
            self.stdout.write(self.style.SUCCESS("演示账号（用户名 / 密码 / 角色）："))
            for line in accounts_file.read_text(encoding="utf-8").splitlines():
                self.stdout.write("  " + "  ".join(line.split("\t")))
            self.stdout.write("演示数据为 2021 年；页面右上角“截至”可切换月份，例如 2021-09。")
