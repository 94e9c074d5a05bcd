"""Demo problems: five enterprises and a dozen problems on projects and enterprises, each
walked along its path through the services, dated in 2021."""

from __future__ import annotations

import datetime as dt
from typing import Any

from duban.accounts.actors import DEMO
from duban.accounts.models import User
from duban.problems import services
from duban.problems.choices import ProblemStatus, ProblemType
from duban.problems.models import Problem

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


def _problems(ctx: Any) -> None:
    units = ctx.objects["units"]
    leaders = ctx.objects["leaders"]
    rng = ctx.rng
    supervisor = User.objects.filter(role="supervisor").order_by("id").first() or DEMO
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
    services.escalate_overdue_problems(actor=DEMO, on=dt.date(ctx.year, 9, 30))


def load(ctx: Any) -> None:
    if Problem.objects.exists():
        return
    _problems(ctx)
