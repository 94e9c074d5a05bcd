"""`duban create-admin`: the bootstrap accounts, without default credentials (B5).

Creates one of the three separated admins (or the supervisor). The password must pass the
policy (A1); without --password one is generated and printed once. The account must change it
at first login. No superuser is ever created (B4).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from duban.accounts import services
from duban.accounts.models import User
from duban.audit.services import record
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
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"用户名 {username} 已存在（不区分大小写）")
        password = options["password"] or services.generate_password()
        user = User(username=username, first_name=options["name"], role=options["role"])
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError("密码不符合策略：" + "；".join(exc.messages)) from exc
        with transaction.atomic():
            user.must_change_password = True
            user.set_password(password)
            user.save()
            record(
                "user.created",
                obj=user,
                after={"username": username, "role": options["role"]},
                detail={"via": "create-admin"},
            )
        self.stdout.write(self.style.SUCCESS(f"已创建 {username}（{user.get_role_display()}）"))
        if not options["password"]:
            self.stdout.write(f"初始密码（仅显示一次，首次登录须修改）：{password}")
