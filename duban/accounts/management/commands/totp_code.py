"""`duban totp-code USERNAME`: the current TOTP code of an enrolled demo account.

For demonstrations and browser tests on a developer machine only; refused in production,
where the code lives on the person's own authenticator.
"""

from __future__ import annotations

from typing import Any

import pyotp
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from duban.accounts.models import User


class Command(BaseCommand):
    help = "（仅开发/演示环境）显示演示账户当前的动态口令"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("生产环境不提供此命令")
        user = User.objects.filter(username__iexact=options["username"]).first()
        if user is None or not user.otp_secret:
            raise CommandError("该账户不存在或未绑定动态口令")
        self.stdout.write(pyotp.TOTP(user.otp_secret).now())
