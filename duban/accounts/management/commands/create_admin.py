"""`duban create-admin`: the bootstrap accounts, without default credentials (B5).

Creates one of the three separated admins (or the supervisor). The password must pass the
policy (A1); without --password one is generated and printed once. The account must change it
at first login. No superuser is ever created (B4).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from duban.accounts import services
from duban.core.actors import SystemActor
from duban.core.roles import Role

BOOTSTRAP_ROLES = [Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN, Role.SUPERVISOR]


class Command(BaseCommand):
    help = "创建初始管理员账户（密码须符合策略；不提供则随机生成并仅显示一次）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", choices=[str(r) for r in BOOTSTRAP_ROLES], required=True)
        parser.add_argument("--name", default="")
        parser.add_argument("--password", default="", help="省略则随机生成")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        try:
            user, password = services.create_bootstrap_account(
                actor=SystemActor("create-admin"),
                username=username,
                role=options["role"],
                name=options["name"],
                password=options["password"],
            )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"已创建 {username}（{user.get_role_display()}）"))
        if not options["password"]:
            self.stdout.write(f"初始密码（仅显示一次，首次登录须修改）：{password}")
