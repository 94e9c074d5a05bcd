"""Demo tasks for 2021: the 为民办实事 list (14 items, invented and labelled 示例) with their
milestones and monthly progress, a few 领导批示 tasks, some closed, some overdue as of
September. Findings come from the sample ledger (duban/transfer/demo.py), decisions from the
meetings (duban/meetings/demo.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from duban.accounts.actors import DEMO, Actor
from duban.accounts.models import User
from duban.core.roles import Role
from duban.tasks import services
from duban.tasks.choices import TaskKind, TaskSource
from duban.tasks.models import Task

# (title, lead, cooperating, deadline, fate): fate is done (closed in the month given),
# late (no progress since the month given, overdue), or open.
FOR_THE_PEOPLE: list[tuple[str, str, list[str], str, tuple[str, int]]] = [
    ("新建长者食堂10家（示例）", "gudong", ["wjj"], "2021-09-30", ("done", 8)),
    ("老旧小区改造20个（示例）", "zjj", ["gudong", "guxi", "nanjie"], "2021-12-31", ("open", 9)),
    ("新增公办幼儿园学位1200个（示例）", "jyj", [], "2021-08-31", ("done", 8)),
    ("建设口袋公园8处（示例）", "cgj", ["wenquan", "dongjie"], "2021-10-31", ("open", 9)),
    ("背街小巷提升改造15条（示例）", "guxi", ["cgj"], "2021-06-30", ("late", 6)),
    ("新增公共停车泊位2000个（示例）", "zrzyj", ["gtgs"], "2021-12-31", ("open", 9)),
    ("社区卫生服务中心提质3家（示例）", "wjj", [], "2021-11-30", ("open", 8)),
    ("城市书房建设5处（示例）", "wtlj", ["antai"], "2021-09-30", ("done", 9)),
    ("农贸市场改造提升4个（示例）", "swj", ["huada", "shuibu"], "2021-07-31", ("late", 7)),
    ("电梯加装100台（示例）", "zjj", ["wufeng", "hongshan"], "2021-12-31", ("open", 9)),
    ("中小学午托服务全覆盖（示例）", "jyj", [], "2021-09-01", ("done", 8)),
    ("内河水系综合治理3条（示例）", "sthjj", ["dongjie"], "2021-12-31", ("open", 9)),
    ("智慧社区试点5个（示例）", "shuziban", ["nanjie"], "2021-11-30", ("open", 7)),
    ("残疾人之家建设2处（示例）", "wenquan", [], "2021-06-30", ("late", 5)),
]
INSTRUCTIONS: list[tuple[str, str, str, int]] = [
    # (title, lead, source detail, working days from 2021-08-02)
    ("洪山园企业用工缺口摸排并形成报告（示例）", "gaoxinqu", "区长批示（示例）", 15),
    ("软件园重点企业用电增容协调（示例）", "ruanjianyuan", "常务副区长批示（示例）", 40),
]
PROGRESS = [
    "已完成选址和方案设计",
    "正在进行施工招标",
    "施工单位已进场",
    "主体施工进行中",
    "完成总工程量的六成",
    "进入收尾和验收准备",
    "已组织初步验收",
]


def _actor_for(unit_code: str) -> Actor:
    return (
        User.objects.filter(role=Role.REPORTER, unit__code=unit_code).order_by("id").first() or DEMO
    )


def load(ctx: Any) -> None:
    if Task.objects.filter(kind=TaskKind.TASK).exists():
        return
    units = ctx.objects["units"]
    year = ctx.year
    assigned = dt.date(year, 2, 20)
    for title, lead, cooperating, deadline, (fate, last) in FOR_THE_PEOPLE:
        due = dt.date.fromisoformat(deadline)
        task = services.create_task(
            actor=DEMO,
            kind=TaskKind.TASK,
            title=title,
            source=TaskSource.PLAN,
            source_detail=f"{year}年为民办实事项目（示例）",
            lead_unit=units[lead],
            cooperating_units=[units[c] for c in cooperating],
            assigned_on=assigned,
            deadline=due,
            completion_standard="按方案建成并通过验收，群众满意度调查达标（示例）",
            milestones=[
                ("完成方案设计", dt.date(year, 4, 30)),
                ("开工建设", dt.date(year, 6, 15)),
                ("完工验收", due),
            ],
        )
        actor = _actor_for(lead)
        for i, month in enumerate(range(3, last + 1)):
            services.report_progress(
                task,
                actor=actor,
                year=year,
                month=month,
                text=PROGRESS[min(i, len(PROGRESS) - 1)] + "（示例）",
                on=dt.date(year, month, 25),
            )
        for milestone in task.milestones.all():
            if milestone.due < dt.date(year, last, 28) and fate != "late":
                services.complete_milestone(milestone, actor=actor, on=milestone.due)
        if fate == "done":
            task.refresh_from_db()
            services.request_closure(
                task,
                actor=actor,
                expected_version=task.version,
                note="已按完成标准建成并通过验收（示例）",
                on=dt.date(year, last, 26),
            )
            task.refresh_from_db()
            services.confirm_closure(
                task, actor=DEMO, expected_version=task.version, on=dt.date(year, last, 28)
            )
    for title, lead, detail, days in INSTRUCTIONS:
        services.create_task(
            actor=DEMO,
            kind=TaskKind.TASK,
            title=title,
            source=TaskSource.INSTRUCTION,
            source_detail=detail,
            lead_unit=units[lead],
            assigned_on=dt.date(year, 8, 2),
            working_days=days,
        )
