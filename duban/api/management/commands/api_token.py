"""`duban api-token --user USERNAME [--name NAME] [--days N]`: issue a token and print it.

Run on the server by its operator (the audit trail names the command); the token is printed
once and only its hash is kept. `--revoke PREFIX` revokes the user's tokens starting so.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from duban.accounts.models import User
from duban.api import services
from duban.api.models import ApiToken
from duban.core.actors import SystemActor

ACTOR = SystemActor("api-token")


class Command(BaseCommand):
    help = "为账户签发接口令牌（只显示一次），或吊销令牌"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--user", required=True, help="令牌代表的账户")
        parser.add_argument("--name", default="", help="客户端名称（默认为账户名）")
        parser.add_argument("--days", type=int, default=None, help="有效天数")
        parser.add_argument("--revoke", metavar="PREFIX", help="吊销以此开头的令牌")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username__iexact=options["user"]).first()
        if user is None:
            raise CommandError(f"账户不存在：{options['user']}")
        if options["revoke"]:
            rows = ApiToken.objects.filter(
                user=user, prefix__startswith=options["revoke"][:16], revoked_at__isnull=True
            )
            count = 0
            for row in rows:
                services.revoke_token(row, actor=ACTOR)
                count += 1
            self.stdout.write(f"已吊销 {count} 个令牌")
            return
        try:
            issued = services.issue_token(
                actor=ACTOR, user=user, name=options["name"], days=options["days"]
            )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(issued.token)
