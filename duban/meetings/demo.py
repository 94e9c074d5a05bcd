"""Demo meetings of 2021 (invented, 示例): the monthly dispatch meetings (月调度会) January to
September and weekly coordination meetings (周协调会) in August and September, each with
decisions that became tasks; a 一企一议 meeting; the Q1–Q3 通报会 with their speakers from
the speaking lists, the statements' commitments and their follow-up a quarter later."""

from __future__ import annotations

import datetime as dt
from typing import Any

from duban.accounts.actors import DEMO
from duban.accounts.models import User
from duban.core.roles import Role
from duban.meetings import services
from duban.meetings.choices import MeetingKind, SpeakerRole
from duban.meetings.models import Meeting
from duban.problems.models import Enterprise, Problem
from duban.tasks import services as tasks
from duban.tasks.models import Task

DISPATCH_DECISIONS = [
    # (text, lead, cooperating, working days after the meeting)
    ("加快推进滞后项目征迁扫尾，倒排工期（示例）", "gudong", ["zjj"], 15),
    ("协调解决项目施工用电接入问题（示例）", "gxj", ["gaoxinqu"], 10),
    ("梳理储备项目并推动转化开工（示例）", "fgj", [], 20),
    ("落实新开工项目入库纳统（示例）", "swj", ["guxi"], 10),
    ("推进软件园新落地项目签约（示例）", "ruanjianyuan", ["swj"], 20),
    ("解决项目周边管线迁改（示例）", "zjj", ["nanjie"], 15),
    ("加快审批事项并联办理（示例）", "xzfwzx", [], 10),
    ("组织项目现场观摩（示例）", "fgj", ["gudong", "guxi"], 10),
    ("盯紧年度投资计划缺口（示例）", "fgj", [], 15),
]
WEEKLY = [dt.date(2021, 8, 2), dt.date(2021, 8, 16), dt.date(2021, 8, 30), dt.date(2021, 9, 13)]
WEEKLY_DECISIONS = [
    ("周内完成项目施工许可补正材料（示例）", "guxi", 5),
    ("落实施工围挡整改（示例）", "gudong", 3),
    ("对接企业用地需求（示例）", "zrzyj", 5),
    ("协调解决工地夜间施工许可（示例）", "cgj", 5),
]
QUARTERLY = [(1, dt.date(2021, 4, 15)), (2, dt.date(2021, 7, 15)), (3, dt.date(2021, 9, 28))]
COMMITMENT = "下季度新开工项目不少于2个，补齐服务业开竣工缺口（示例）"
FOLLOW_UP = "承诺项目已开工1个，另1个完成施工招标（示例）"


def load(ctx: Any) -> None:
    if Meeting.objects.exists():
        return
    supervisor = User.objects.filter(role=Role.SUPERVISOR).order_by("id").first() or DEMO
    units = ctx.objects["units"]
    leaders = ctx.objects["leaders"]
    projects = ctx.objects.get("projects", [])
    problems = list(Problem.objects.order_by("id")[:6])
    year = ctx.year
    for month in range(1, 10):
        held = dt.date(year, month, 26)
        meeting = services.record_meeting(
            actor=supervisor,
            kind=MeetingKind.MONTHLY,
            title=f"{year}年{month}月重点项目月调度会（示例）",
            held_on=held,
            place="区行政中心会议室",
            chair=leaders[1],
            leaders=leaders[1:3],
            units=[units[c] for c in ("fgj", "swj", "gxj", "gudong", "guxi", "ruanjianyuan")],
            projects=projects[month * 3 : month * 3 + 3],
            problems=problems[month % 3 : month % 3 + 2],
            summary="听取各责任单位项目推进情况汇报，研究解决项目推进中的问题。",
        )
        text, lead, cooperating, days = DISPATCH_DECISIONS[month - 1]
        decision = services.add_decision(
            meeting,
            actor=supervisor,
            text=text,
            lead_unit=units[lead],
            cooperating_units=[units[c] for c in cooperating],
            working_days=days,
        )
        if month <= 6:  # the older decisions were carried out and closed
            task = Task.objects.get(pk=decision.task_id)
            tasks.request_closure(
                task,
                actor=DEMO,
                expected_version=task.version,
                note="已按会议要求办结（示例）",
                on=task.deadline,
            )
            task.refresh_from_db()
            tasks.confirm_closure(task, actor=DEMO, expected_version=task.version, on=task.deadline)
    for held, (text, lead, days) in zip(WEEKLY, WEEKLY_DECISIONS, strict=True):
        meeting = services.record_meeting(
            actor=supervisor,
            kind=MeetingKind.WEEKLY,
            title=f"重点项目周协调会（{held:%m月%d日}，示例）",
            held_on=held,
            chair=leaders[2],
            units=[units[lead], units["fgj"]],
            summary="逐项过堵点，明确责任和时限。",
        )
        services.add_decision(
            meeting, actor=supervisor, text=text, lead_unit=units[lead], working_days=days
        )
    enterprise = Enterprise.objects.order_by("id").first()
    if enterprise is not None:
        meeting = services.record_meeting(
            actor=supervisor,
            kind=MeetingKind.ENTERPRISE,
            title=f"{enterprise.name}一企一议协调会（示例）",
            held_on=dt.date(year, 6, 18),
            chair=leaders[1],
            enterprise=enterprise,
            units=[enterprise.unit, units["swj"], units["xzfwzx"]],
            problems=list(enterprise.problems.all()[:2]),
            summary="企业反映扩产用地和人才公寓问题，会议逐项研究。",
        )
        services.add_decision(
            meeting,
            actor=supervisor,
            text="研究企业扩产用地指标解决方案（示例）",
            lead_unit=units["zrzyj"],
            cooperating_units=[enterprise.unit],
            deadline=dt.date(year, 8, 31),
        )
    earlier = None
    for quarter, held in QUARTERLY:
        meeting = services.record_meeting(
            actor=supervisor,
            kind=MeetingKind.QUARTERLY,
            title=f"{year}年第{quarter}季度“抓项目促提升”专项行动通报会（示例）",
            held_on=held,
            quarter=quarter,
            chair=leaders[0],
            leaders=leaders[:4],
            units=list(units.values()),
            summary="通报季度考评结果，排名前列的单位介绍经验，排名靠后的单位作表态发言。",
        )
        for speaker in services.list_speakers(meeting, actor=supervisor):
            if speaker.role == SpeakerRole.STATEMENT:
                services.record_commitment(
                    speaker, actor=supervisor, expected_version=speaker.version,
                    commitments=COMMITMENT,
                )  # fmt: skip
        if earlier is not None:
            for speaker in services.previous_statements(meeting):
                services.follow_up(
                    speaker, actor=supervisor, at=meeting, expected_version=speaker.version,
                    note=FOLLOW_UP,
                )  # fmt: skip
        earlier = meeting
