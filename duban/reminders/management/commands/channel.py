"""`duban channel add --kind {email,wecom,dingtalk,feishu} --target URL_OR_ADDRESS
[--secret SECRET] (--unit UNIT_CODE | --role ROLE) [--name NAME]`; `duban channel list`.

发改局's operators configure where a unit (or a role) reads its reminders; the address and the
secret are stored encrypted and never printed back whole.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from duban.core.actors import SystemActor
from duban.orgs.models import Unit
from duban.reminders import services
from duban.reminders.choices import ChannelKind
from duban.reminders.models import Channel

ACTOR = SystemActor("channel")


class Command(BaseCommand):
    help = "配置提醒渠道（邮件、企业微信、钉钉、飞书），按单位或角色"

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        add = sub.add_parser("add", help="添加渠道")
        add.add_argument("--kind", required=True, choices=ChannelKind.values)
        add.add_argument("--target", required=True, help="邮箱地址或机器人 Webhook 地址")
        add.add_argument("--secret", default="", help="钉钉/飞书的签名密钥")
        owner = add.add_mutually_exclusive_group(required=True)
        owner.add_argument("--unit", help="单位代码")
        owner.add_argument("--role", help="角色（supervisor、reviewer、leader…）")
        add.add_argument("--name", default="")
        sub.add_parser("list", help="列出渠道")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verb"] == "list":
            for channel in Channel.objects.select_related("unit"):
                state = "" if channel.is_active else "（停用）"
                self.stdout.write(f"{channel.pk}\t{channel}\t{channel.masked_target}{state}")
            return
        unit = None
        if options.get("unit"):
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"单位不存在：{options['unit']}")
        try:
            channel = services.add_channel(
                actor=ACTOR,
                kind=options["kind"],
                target=options["target"],
                secret=options["secret"],
                unit=unit,
                role=options.get("role") or "",
                name=options["name"],
            )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(f"已添加渠道 {channel.pk}：{channel}")
