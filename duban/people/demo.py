"""Demo people (invented, 示例): every unit's 主要领导, 分管领导 and 联络员 with example phone
numbers, district and unit leaders paired with enterprises and projects and a few 帮扶 visits,
and the 困难企业 / 重点企业直通车 lists."""

from __future__ import annotations

import datetime as dt
from typing import Any

from duban.accounts.actors import DEMO
from duban.people import services
from duban.people.choices import ContactRole, VisitKind
from duban.people.models import Contact
from duban.problems.models import Enterprise

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = ["建华", "丽娟", "志强", "海燕", "国平", "晓东", "春梅", "立新", "明辉", "雪芳"]


def _name(i: int) -> str:
    return SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)] + "（示例）"


def load(ctx: Any) -> None:
    if Contact.objects.exists():
        return
    units = ctx.objects["units"]
    n = 0
    for unit in units.values():
        street = unit.kind == "street"
        for role, post in (
            (ContactRole.MAIN, "党工委书记" if street else "主要负责人"),
            (ContactRole.DEPUTY, "办事处副主任" if street else "分管副职"),
            (ContactRole.LIAISON, "项目办干部" if street else "综合科干部"),
        ):
            n += 1
            services.save_contact(
                actor=DEMO, unit=unit, role=role, name=_name(n), post=post,
                phone=f"139{50000000 + n * 7919:08d}"[:11],
            )  # fmt: skip
    leaders = ctx.objects["leaders"]
    enterprises = list(Enterprise.objects.order_by("id"))
    projects = ctx.objects.get("projects", [])
    year = ctx.year
    for i, enterprise in enumerate(enterprises):
        services.flag_enterprise(
            enterprise, actor=DEMO, difficult=i % 2 == 1, through_train=i % 2 == 0,
            note="扩产用地紧张（示例）" if i % 2 else "列入重点企业直通车（示例）",
        )  # fmt: skip
        pairing = services.pair(
            actor=DEMO,
            leader=leaders[i % len(leaders)],
            enterprise=enterprise,
            since=dt.date(year, 3, 1),
        )
        for month, kind in ((4, VisitKind.VISIT), (7, VisitKind.ONSITE)):
            services.log_visit(
                pairing, actor=DEMO, on=dt.date(year, month, 12 + i), kind=kind,
                content="了解企业生产经营和用工用地需求（示例）",
                outcome="协调解决用电增容1项，其余问题转协调事项跟踪（示例）",
            )  # fmt: skip
    for project in projects[:4]:
        main = Contact.objects.filter(unit_id=project.unit_id, role=ContactRole.MAIN).first()
        if main is None:
            continue
        pairing = services.pair(
            actor=DEMO, contact=main, project=project, since=dt.date(year, 2, 20)
        )
        services.log_visit(
            pairing, actor=DEMO, on=dt.date(year, 6, 8), kind=VisitKind.MEETING,
            content="召开项目推进座谈会，研究征迁扫尾（示例）", outcome="明确倒排工期（示例）",
        )  # fmt: skip
