"""Demo problems (协调事项): five enterprises and a dozen problems on projects and enterprises,
each walked along its path through the services, dated in 2021 up to the demo's as-of date.

A 鼓楼 officer reads a problem's handling department first, so each problem goes where that kind
of matter really goes (ROUTING: 环评 to the 生态环境局, 用地 and 规划 to 自然资源和规划局,
施工许可 and 消防审查 to 住建局, 融资 to 金融办 …), and most are raised by the unit that owns
the project or the enterprise (its reporter), a few by 发改局 itself. The problems themselves
are illustrative (示例).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from duban.accounts.actors import DEMO, Actor
from duban.accounts.models import User
from duban.core.roles import Role
from duban.problems import services
from duban.problems.choices import ProblemStatus, ProblemType
from duban.problems.models import Problem
from duban.projects.choices import Stage
from duban.projects.models import Project

ENTERPRISES = [
    ("福州鼓楼数智科技有限公司", "ruanjianyuan"),
    ("闽都供应链管理有限公司", "gudong"),
    ("福建海丝文旅发展有限公司", "guxi"),
    ("福州洪山光电材料有限公司", "hongshan"),
    ("福州高新洪山智造有限公司", "gaoxinqu"),
]


class Route(NamedTuple):
    type: str
    department: str  # unit code (duban/orgs/demo.py)


# The matter a problem is about → its problem type and the department that handles it.
ROUTING: dict[str, Route] = {
    "用地": Route(ProblemType.LAND, "zrzyj"),
    "规划": Route(ProblemType.PLANNING, "zrzyj"),
    "环评": Route(ProblemType.APPROVAL, "sthjj"),
    "施工许可": Route(ProblemType.APPROVAL, "zjj"),
    "征迁": Route(ProblemType.RELOCATION, "zjj"),
    "管线迁改": Route(ProblemType.RELOCATION, "cgj"),
    "财政资金": Route(ProblemType.FUNDING, "czj"),
    "融资": Route(ProblemType.FUNDING, "jrb"),
    "技改补助": Route(ProblemType.FUNDING, "gxj"),
    "获得电力": Route(ProblemType.OTHER, "xzfwzx"),
    "总部政策": Route(ProblemType.OTHER, "swj"),
}


class Row(NamedTuple):
    matter: str
    title: str
    days: int  # from raising to deadline
    path: list[str]  # the statuses it has walked
    on: str  # "unit:category" for a project of that unit and category, or an enterprise name
    by_supervisor: bool = False  # raised by 发改局 (e.g. found at a 周协调 meeting)


PROBLEMS = [
    Row("用地", "项目用地红线调整待批复", 30, ["in_progress"], "hongshan:industry"),
    Row("规划", "规划方案需调整容积率", 45, ["in_progress", "resolved", "confirmed"],
        "gudong:services"),
    Row("财政资金", "专项债资金拨付滞后", 20, [], "guxi:livelihood", by_supervisor=True),
    Row("施工许可", "施工许可证办理卡在消防审查", 15, ["in_progress", "resolved"],
        "nanjie:services"),
    Row("征迁", "地块内3户征迁未签约", 60, ["in_progress"], "nanjie:services"),
    Row("获得电力", "施工临时用电接入", 10, ["in_progress", "resolved", "confirmed"],
        "gaoxinqu:digital"),
    Row("环评", "环评批复待出具", 25, ["in_progress", "resolved", "reopened"],
        "gaoxinqu:industry"),
    Row("用地", "企业扩产用地指标不足", 40, [], "福州洪山光电材料有限公司"),
    Row("融资", "企业流动资金贷款授信对接", 30, ["in_progress", "resolved", "confirmed"],
        "福州鼓楼数智科技有限公司"),
    Row("总部政策", "企业区域总部认定及政策兑现", 35, ["in_progress"], "闽都供应链管理有限公司",
        by_supervisor=True),
    Row("规划", "企业总部楼宇规划用途变更", 50, ["in_progress", "resolved"],
        "福建海丝文旅发展有限公司"),
    Row("管线迁改", "项目周边管线迁改协调", 20, ["in_progress"], "guxi:services",
        by_supervisor=True),
]  # fmt: skip
NOTES = {
    "reopened": "问题仍未解决，企业反映环评批复附加条件无法落实",
    "confirmed": "经现场核实，问题已解决",
}


def _project(ctx: Any, spec: str, used: set[int]) -> Project:
    """A project of the unit and category, preferably one that has not started yet (a problem
    holds up a start more often than it troubles a running site), not used by another row."""
    unit_code, category = spec.split(":")
    candidates = [
        p
        for p in ctx.objects["projects"]
        if p.unit.code == unit_code and p.category.code == category and p.pk not in used
    ]
    waiting = [p for p in candidates if p.stage in (Stage.PLANNING, Stage.SIGNED)]
    project: Project = ctx.rng.choice(waiting or candidates)
    used.add(project.pk)
    return project


def _problems(ctx: Any) -> None:
    units = ctx.objects["units"]
    leaders = ctx.objects["leaders"]
    rng = ctx.rng
    supervisor: Actor = User.objects.filter(role=Role.SUPERVISOR).order_by("id").first() or DEMO
    reporters: dict[int, User] = {}
    for user in User.objects.filter(role=Role.REPORTER).order_by("id"):
        if user.unit_id is not None:
            reporters.setdefault(user.unit_id, user)
    enterprises = {
        name: services.create_enterprise(actor=supervisor, name=name, unit=units[code])
        for name, code in ENTERPRISES
    }
    used: set[int] = set()
    # 陈伟明 is the demo leader account (lingdao): half of the problems are linked to him.
    linked = next((leader for leader in leaders if leader.name == "陈伟明"), leaders[0])
    for i, row in enumerate(PROBLEMS):
        route = ROUTING[row.matter]
        project = None if row.on in enterprises else _project(ctx, row.on, used)
        enterprise = enterprises.get(row.on)
        owner = project.unit if project is not None else enterprise.unit  # type: ignore[union-attr]
        raiser: Actor = supervisor if row.by_supervisor else reporters.get(owner.pk, supervisor)
        # Raised April–July, so every step of its path is taken by the end of September.
        raised = dt.date(ctx.year, rng.randint(4, 7), rng.randint(1, 28))
        problem = services.raise_problem(
            actor=raiser,
            project=project,
            enterprise=enterprise,
            type=route.type,
            title=row.title,
            description=f"{row.title}，影响{'项目' if project else '企业'}推进，需协调解决。",
            department=units[route.department],
            leader=linked if i % 2 == 0 else leaders[(i % (len(leaders) - 1)) + 1],
            deadline=raised + dt.timedelta(days=row.days),
            raised_on=raised,
        )
        day = raised
        for step in row.path:
            day = day + dt.timedelta(days=rng.randint(3, 12))
            # The coordinating side moves it forward; the raising side confirms or reopens.
            mover = raiser if step in ("confirmed", "reopened") else supervisor
            problem = Problem.objects.get(pk=problem.pk)
            services.move_problem(
                problem,
                actor=mover,
                to_status=ProblemStatus(step),
                note=NOTES.get(step, "已召开协调会，明确责任分工和办理时限"),
                on=day,
            )
    services.escalate_overdue_problems(actor=DEMO, on=ctx.as_of)


def load(ctx: Any) -> None:
    if Problem.objects.exists():
        return
    _problems(ctx)
