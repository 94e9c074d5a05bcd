"""Demo assessment: the three groups' methods modelled on the seed plan, a few bonuses and
deductions, scores for 2021-01..09, and March plus Q1 published with their bulletins."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from duban.accounts.actors import DEMO
from duban.accounts.models import User
from duban.assessment.bulletin import build_content, default_number
from duban.assessment.choices import BulletinKind
from duban.assessment.models import AssessmentMethod
from duban.assessment.services import (
    add_adjustment,
    compute_month,
    create_method_version,
    publish_bulletin,
    publish_month,
)
from duban.core.asof import Month
from duban.core.roles import Role
from duban.orgs.choices import UnitKind

D = Decimal
# group: (items (kind, weight), statement task, top N, bottom N)
METHODS: dict[str, tuple[list[tuple[str, int]], str, int, int]] = {
    UnitKind.STREET: (
        [
            ("new_start_rate", 25),
            ("completion_rate", 20),
            ("investment_rate", 25),
            ("service_start_completion", 15),
            ("report_timeliness", 10),
            ("problem_closure", 5),
            ("letter_reply", 5),
            ("adjustments", 10),
        ],
        "service_start_completion",
        3,
        2,
    ),
    UnitKind.PARK: (
        [
            ("new_start_rate", 25),
            ("completion_rate", 25),
            ("investment_rate", 30),
            ("report_timeliness", 10),
            ("problem_closure", 5),
            ("letter_reply", 5),
            ("adjustments", 10),
        ],
        "investment_rate",
        1,
        1,
    ),
    UnitKind.DEPARTMENT: (
        [
            ("new_start_rate", 20),
            ("completion_rate", 20),
            ("investment_rate", 30),
            ("report_timeliness", 20),
            ("problem_closure", 5),
            ("letter_reply", 5),
            ("adjustments", 10),
        ],
        "investment_rate",
        3,
        1,
    ),
}
ADJUSTMENTS = [
    ("gudong", 2, "5.0", "承办全区项目观摩活动，经验被省级媒体报道"),
    ("nanjie", 2, "-2.0", "月报数据经核实与现场不符"),
    ("ruanjianyuan", 3, "3.0", "新引进数字经济龙头企业区域总部"),
    ("huada", 3, "-1.5", "督办事项未按期反馈"),
    ("guxi", 5, "2.0", "协调解决重点项目征迁难题"),
]


def load(ctx: Any) -> None:
    if AssessmentMethod.objects.filter(year=ctx.year).exists():
        return
    supervisor = User.objects.filter(role=Role.SUPERVISOR).order_by("id").first() or DEMO
    for group, (item_list, statement, top_n, bottom_n) in METHODS.items():
        create_method_version(
            actor=DEMO,
            year=ctx.year,
            group=group,
            name=f"{ctx.year}年“抓项目促提升”专项行动考评办法（{UnitKind(group).group_label}）",
            items=[
                {"kind": kind, "weight": D(weight), "capped": True} for kind, weight in item_list
            ],
            statement_item=statement,
            quarterly_top_n=top_n,
            quarterly_bottom_n=bottom_n,
            change_note="依据专项行动方案附件2制定",
        )
    units = ctx.objects["units"]
    for code, month, points, reason in ADJUSTMENTS:
        add_adjustment(
            actor=DEMO, unit=units[code], month=Month(ctx.year, month), points=D(points),
            reason=reason,
        )  # fmt: skip
    for month in range(1, 10):
        compute_month(Month(ctx.year, month), actor=DEMO)
    for month in (1, 2, 3):
        publish_month(Month(ctx.year, month), actor=supervisor)
    for kind, period in ((BulletinKind.MONTHLY, 3), (BulletinKind.QUARTERLY, 1)):
        issued = dt.date(ctx.year, 4, 12 if kind == BulletinKind.MONTHLY else 15)
        content = build_content(kind, ctx.year, period, issued_on=issued)
        publish_bulletin(
            actor=supervisor,
            kind=kind,
            year=ctx.year,
            period=period,
            number=default_number(kind, ctx.year, period),
            content=content,
        )
