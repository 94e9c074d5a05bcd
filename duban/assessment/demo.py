"""Demo assessment: the three groups' 2021 methods in the method language (示例), a few bonuses
and deductions, scores for 2021-01..09 all published, and March plus Q1 bulletins."""

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
    save_draft,
    start_draft,
)
from duban.core.asof import Month
from duban.core.roles import Role
from duban.orgs.choices import UnitKind

D = Decimal
# The 2021 methods written in the method language (示例: the seed names the method, 附件2, but
# does not print it; the weights below are invented, in the shape districts publish).
PROJECT_TASKS = "new_starts,completions,investment"
LANDING_STEPS = [["1", "1"], ["0.8", "0.6"], ["0.5", "0.3"]]


def _item(code: str, kind: str, weight: int, **kw: Any) -> dict[str, Any]:
    return {"code": code, "kind": kind, "weight": D(weight), **kw}


COMMON_TAIL = [
    _item("timeliness", "report_timeliness", 10),
    _item("problems", "problem_closure", 5),
    _item("letters", "letter_reply", 5),
]
BONUS = [
    _item("bonus", "adjustments", 10, label="加分/扣分（上限±10分）"),
    _item("veto", "veto", 0, params={"mode": "zero"}, label="一票否决（总分计零）"),
]
METHODS: dict[str, list[dict[str, Any]]] = {
    UnitKind.STREET: [
        _item("new_starts", "new_start_rate", 15),
        _item("completions", "completion_rate", 10),
        _item("investment", "investment_rate", 20, params={"extra_cap": "5"},
              label="投资完成率（超序时部分加分，上限5分）"),
        _item("services", "service_start_completion", 15),
        _item("landing", "investment_landing", 10, form="steps", params={"steps": LANDING_STEPS}),
        _item("trade", "target", 10, label="新增限上商贸业企业",
              params={"metrics": ["trade_enterprises"]}),
        *COMMON_TAIL,
        *BONUS,
    ],
    UnitKind.PARK: [
        _item("new_starts", "new_start_rate", 15),
        _item("completions", "completion_rate", 15),
        _item("investment", "investment_rate", 20),
        _item("landing", "investment_landing", 10),
        _item("hightech", "target", 10, label="国家高新技术企业净增",
              params={"metrics": ["hightech_net"]}),
        _item("service_ent", "target", 10, label="新增规上服务业企业",
              params={"metrics": ["service_enterprises"]}),
        *COMMON_TAIL,
        *BONUS,
    ],
    UnitKind.DEPARTMENT: [
        _item("new_starts", "new_start_rate", 15),
        _item("completions", "completion_rate", 10),
        _item("investment", "investment_rate", 20),
        _item("lead", "lead_duties", 35, label="牵头类别（指标）全区完成率",
              params={"leads": {"fgj": ["hightech_net"]}}),
        _item("timeliness", "report_timeliness", 20),
        _item("late_letters", "letter_reply", 5, role="deduction", form="event",
              label="督办函未按期回复（每件扣1分，上限5分）",
              params={"count": "missed", "per_event": "1"}),
        _item("late_problems", "problem_closure", 5, role="deduction", form="event",
              label="协调事项逾期未办结（每件扣1分，上限5分）",
              params={"count": "missed", "per_event": "1"}),
        *BONUS,
    ],
}  # fmt: skip
# The plan's sentences (五(四)) as rules: conditions in one rule hold together (且).
SPEAKING: dict[str, list[dict[str, Any]]] = {
    UnitKind.STREET: [
        {"role": "present", "when": [{"rank": "top", "n": 1}]},
        {"role": "statement", "when": [{"rank": "bottom", "n": 2},
                                       {"task": "services", "met": False}]},
    ],
    UnitKind.PARK: [
        {"role": "present", "when": [{"task": PROJECT_TASKS, "met": True}]},
        {"role": "statement", "when": [{"task": PROJECT_TASKS, "met": False}]},
    ],
    UnitKind.DEPARTMENT: [
        {"role": "present", "when": [{"rank": "top", "n": 1}]},
        {"role": "statement", "when": [{"rank": "last"},
                                       {"task": f"{PROJECT_TASKS},lead", "met": False}]},
    ],
}  # fmt: skip
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
    for group, items in METHODS.items():
        create_method_version(
            actor=DEMO,
            year=ctx.year,
            group=group,
            name=f"{ctx.year}年“抓项目促提升”专项行动考评办法（{UnitKind(group).group_label}，示例）",
            items=items,
            speaking=SPEAKING[group],
            change_note="示例：依据专项行动方案五(四)及附件2的结构编写，分值为示例",
        )
    units = ctx.objects["units"]
    for code, month, points, reason in ADJUSTMENTS:
        add_adjustment(
            actor=DEMO, unit=units[code], month=Month(ctx.year, month), points=D(points),
            reason=reason,
        )  # fmt: skip
    # Every month from January to the demo's as-of month is computed and published, so the
    # hall screen at any month shows that month's rankings.
    for month in range(1, 10):
        compute_month(Month(ctx.year, month), actor=DEMO)
        publish_month(Month(ctx.year, month), actor=supervisor)
    _draft(ctx, supervisor)
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


def _draft(ctx: Any, supervisor: Any) -> None:
    """An open draft for the streets (示例): more weight on investment, less on the manual
    indicator; its what-if page shows how every published month would have ranked."""
    draft = start_draft(
        actor=supervisor, year=ctx.year, group=UnitKind.STREET,
        name="示例：拟提高投资完成率分值的街镇组考评办法草稿",
    )  # fmt: skip
    spec = dict(draft.spec)
    weights = {"investment": "25.00", "trade": "5.00"}
    spec["items"] = [
        {**item, "weight": weights.get(item["code"], item["weight"])} for item in spec["items"]
    ]
    save_draft(draft, actor=supervisor, expected_version=draft.version, name=draft.name, spec=spec)
