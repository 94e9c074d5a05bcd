"""Demo channels (示例): every unit that owns projects gets a group robot — WeCom, DingTalk and
Feishu in turn, the latter two with a signing secret — and 发改局 a mailbox. The addresses are
examples (robot.example.com): in the demo `duban remind --send` shows how failures are logged
and retried; point a channel at a real robot on the reminders page to receive them."""

from __future__ import annotations

from duban.core.actors import SystemActor
from duban.core.demo import DemoContext
from duban.core.roles import Role
from duban.orgs.models import Unit
from duban.reminders import services
from duban.reminders.choices import ChannelKind

DEMO = SystemActor("demo")
KINDS = [ChannelKind.WECOM, ChannelKind.DINGTALK, ChannelKind.FEISHU]


def load(ctx: DemoContext) -> None:
    services.ensure_default_rules()
    units = Unit.objects.filter(projects__isnull=False).distinct().order_by("kind", "sort_order")
    for n, unit in enumerate(units):
        kind = KINDS[n % len(KINDS)]
        services.add_channel(
            actor=DEMO,
            kind=kind,
            target=f"https://robot.example.com/{kind}/{unit.code}?key=demo-{unit.code}",
            secret="" if kind == ChannelKind.WECOM else f"SEC-demo-{unit.code}",
            unit=unit,
            name=f"{unit.label}工作群（示例）",
        )
    services.add_channel(
        actor=DEMO,
        kind=ChannelKind.EMAIL,
        target="zdb@example.gov.cn",
        role=Role.SUPERVISOR,
        name="重点办邮箱（示例）",
    )
