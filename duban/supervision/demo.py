"""Demo warnings: the rule versions and a 开门红 curve, nine months of light history, a few
supervision letters (one replied and closed, one overdue and escalated).

Everything goes through the services, dated in 2021, so the audit trail and the history read
as they would have at the time.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from duban.accounts.actors import DEMO
from duban.accounts.models import User
from duban.core.asof import Month
from duban.supervision import services
from duban.supervision.choices import Colour, LightKind
from duban.supervision.models import LightRule, TrajectoryCurve
from duban.supervision.queries import compute_lights

# A front-loaded first quarter (一季度"开门红") that rejoins the linear pace by September.
FRONT_LOADED = [10, 18, 27, 35, 43, 51, 59, 67, 75, 83, 91, 100]


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
    supervisor = User.objects.filter(role="supervisor").order_by("id").first() or DEMO
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
    # An overdue task (为民办实事, 整改, 议定事项) is chased like a lagging project.
    task_red = next((light for light in red if light.kind == LightKind.TASK), None)
    if task_red is not None:
        services.issue_letter(
            task_red,
            actor=supervisor,
            deadline=dt.date(ctx.year, 9, 27),
            month=month,
            issued_on=issued,
        )
    services.escalate_overdue(actor=DEMO, on=dt.date(ctx.year, 9, 30))


def load(ctx: Any) -> None:
    if LightRule.objects.exists():
        return
    _rules()
    month = Month(ctx.year, 1)
    while month <= Month(ctx.year, 9):
        services.compute_snapshots(month, actor=DEMO)
        month = month.next()
    _letters(ctx)
