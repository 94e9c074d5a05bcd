"""Demo warnings: the rule versions and a 开门红 curve, nine months of light history, a few
supervision letters (one replied and closed, one overdue and escalated) and a dozen problems.

Everything goes through the services, dated in 2021, so the audit trail and the history read
as they would have at the time.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from duban.accounts.models import User
from duban.core.asof import Month
from duban.supervision import services
from duban.supervision.choices import Colour, LightKind, ProblemStatus, ProblemType
from duban.supervision.models import LightRule, Problem, TrajectoryCurve
from duban.supervision.queries import compute_lights

# A front-loaded first quarter (一季度"开门红") that rejoins the linear pace by September.
FRONT_LOADED = [10, 18, 27, 35, 43, 51, 59, 67, 75, 83, 91, 100]
ENTERPRISES = [
    ("福州鼓楼数智科技有限公司", "ruanjianyuan"),
    ("闽都供应链管理有限公司", "gudong"),
    ("福建海丝文旅发展有限公司", "guxi"),
    ("福州洪山光电材料有限公司", "hongshan"),
    ("鼓楼康养服务集团有限公司", "wenquan"),
]
PROBLEMS = [
    # type, title, days from raising to deadline, the path it has walked
    (ProblemType.LAND, "项目用地红线调整待批复", 30, ["in_progress"]),
    (ProblemType.PLANNING, "规划方案需调整容积率", 45, ["in_progress", "resolved", "confirmed"]),
    (ProblemType.FUNDING, "专项债资金拨付滞后", 20, []),
    (ProblemType.APPROVAL, "施工许可证办理卡在消防审查", 15, ["in_progress", "resolved"]),
    (ProblemType.RELOCATION, "地块内3户征迁未签约", 60, ["in_progress"]),
    (ProblemType.OTHER, "施工临时用电接入", 10, ["in_progress", "resolved", "confirmed"]),
    (ProblemType.APPROVAL, "环评批复待出具", 25, ["in_progress", "resolved", "reopened"]),
    (ProblemType.LAND, "企业扩产用地指标不足", 40, []),
    (ProblemType.FUNDING, "企业技改贷款贴息申请", 30, ["in_progress", "resolved", "confirmed"]),
    (ProblemType.OTHER, "企业人才公寓配套需求", 35, ["in_progress"]),
    (ProblemType.PLANNING, "企业总部楼宇规划用途变更", 50, ["in_progress", "resolved"]),
    (ProblemType.RELOCATION, "项目周边管线迁改协调", 20, ["in_progress"]),
]


def _rules() -> None:
    curve, _ = TrajectoryCurve.objects.get_or_create(
        code="kaimenhong",
        defaults={"name": "一季度开门红（前高后稳）", "shares": FRONT_LOADED},
    )
    LightRule.objects.get_or_create(
        effective_from=dt.date(2021, 1, 1),
        defaults={
            "yellow_gap_pp": Decimal(10),
            "red_gap_pp": Decimal(20),
            "node_overdue_yellow_days": 0,
            "node_overdue_red_days": 30,
            "forecast_yellow_ratio": Decimal(85),
            "forecast_from_month": 3,
            "curve": curve,
            "note": "年初版：一季度开门红曲线",
        },
    )
    LightRule.objects.get_or_create(
        effective_from=dt.date(2021, 7, 1),
        defaults={
            "yellow_gap_pp": Decimal(10),
            "red_gap_pp": Decimal(20),
            "node_overdue_yellow_days": 0,
            "node_overdue_red_days": 20,
            "forecast_yellow_ratio": Decimal(85),
            "forecast_from_month": 3,
            "curve": curve,
            "note": "下半年加压：节点逾期超过20天即亮红灯",
        },
    )


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def _letters(ctx: Any) -> None:
    supervisor = User.objects.filter(role="supervisor").order_by("id").first()
    reporters = {
        u.unit.code: u
        for u in User.objects.filter(role="reporter").select_related("unit")
        if u.unit is not None
    }
    month = Month(ctx.year, 8)
    # Projects first, then targets: a letter cites the most concrete thing that lags.
    red = sorted(
        (light for light in compute_lights(month) if light.colour == Colour.RED),
        key=lambda light: light.kind != LightKind.PROJECT,
    )

    def first_red(unit_code: str, skip: int = 0) -> Any:
        units = ctx.objects["units"]
        found = [light for light in red if light.unit_id == units[unit_code].pk]
        return found[skip] if len(found) > skip else None

    issued = dt.date(ctx.year, 9, 8)
    plan = [
        ("guxi", 0, dt.date(ctx.year, 9, 20), "reply_close"),
        ("guxi", 1, dt.date(ctx.year, 9, 22), "overdue"),
        ("nanjie", 0, dt.date(ctx.year, 9, 24), "overdue"),
        ("gudong", 0, dt.date(ctx.year, 9, 25), "reply"),
        ("gaoxinqu", 0, dt.date(ctx.year, 10, 15), "open"),
    ]
    for unit_code, skip, deadline, fate in plan:
        light = first_red(unit_code, skip)
        if light is None:
            continue
        letter = services.issue_letter(
            light, actor=supervisor, deadline=deadline, month=month, issued_on=issued
        )
        if fate.startswith("reply") and unit_code in reporters:
            services.reply_letter(
                letter,
                actor=reporters[unit_code],
                expected_version=letter.version,
                reply_text="已召开专题会分析滞后原因，落实施工单位增加班组、倒排工期，"
                "计划10月底前追回序时进度。附现场照片。",
                at=_at(deadline - dt.timedelta(days=3)),
            )
            if fate == "reply_close":
                letter.refresh_from_db()
                services.close_letter(letter, actor=supervisor)
    services.escalate_overdue(on=dt.date(ctx.year, 9, 30))


def _problems(ctx: Any) -> None:
    units = ctx.objects["units"]
    leaders = ctx.objects["leaders"]
    rng = ctx.rng
    supervisor = User.objects.filter(role="supervisor").order_by("id").first()
    enterprises = [
        services.create_enterprise(actor=supervisor, name=name, unit=units[code])
        for name, code in ENTERPRISES
    ]
    projects = [
        p
        for p in ctx.objects["projects"]
        if p.unit.code in ("guxi", "gudong", "nanjie", "gaoxinqu", "hongshan")
    ]
    departments = ["zrzyj", "zjj", "czj", "xzfwzx", "fgj", "sthjj", "gxj", "swj"]
    # 陈伟明 is the demo leader account (lingdao): half of the problems are linked to him.
    linked = next((leader for leader in leaders if leader.name == "陈伟明"), leaders[0])
    for i, (ptype, title, days, path) in enumerate(PROBLEMS):
        raised = dt.date(ctx.year, rng.randint(4, 8), rng.randint(1, 28))
        on_enterprise = i >= 7
        problem = services.raise_problem(
            actor=supervisor,
            project=None if on_enterprise else projects[rng.randrange(len(projects))],
            enterprise=enterprises[i % len(enterprises)] if on_enterprise else None,
            type=ptype,
            title=title,
            description=f"{title}，影响项目（企业）推进，需协调解决。",
            department=units[departments[i % len(departments)]],
            leader=linked if i % 2 == 0 else leaders[(i % (len(leaders) - 1)) + 1],
            deadline=raised + dt.timedelta(days=days),
            raised_on=raised,
        )
        day = raised
        for step in path:
            day = day + dt.timedelta(days=rng.randint(3, max(days // 2, 4)))
            note = {"reopened": "问题仍未解决，企业反映环评批复附加条件无法落实"}.get(
                step, "已召开协调会，明确责任分工"
            )
            problem = Problem.objects.get(pk=problem.pk)
            services.move_problem(
                problem, actor=supervisor, to_status=ProblemStatus(step), note=note, on=day
            )
    services.escalate_overdue(on=dt.date(ctx.year, 9, 30))


def load(ctx: Any) -> None:
    if LightRule.objects.exists():
        return
    _rules()
    month = Month(ctx.year, 1)
    while month <= Month(ctx.year, 9):
        services.compute_snapshots(month)
        month = month.next()
    _letters(ctx)
    _problems(ctx)
