"""Demo node plans: the seed district's templates and a plan for every listed project.

Templates are data (a district edits them in the admin); these are a typical 鼓楼-style set.
Plans are built with the same `build_plan` the service uses and saved with bulk_create; nodes
of stages already reached are done on the stage's date, other early nodes are done at a pace
that follows the unit's, so the demo shows both finished and overdue nodes as of 2021-09.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from duban.projects.choices import DateRule, Listing, Responsible, Stage
from duban.projects.demo_pace import PACE
from duban.projects.models import NodeTemplate, Project, ProjectNode, StageChange, TemplateNode
from duban.projects.services import build_plan

P, S, L = DateRule.AFTER_PREVIOUS, DateRule.AFTER_START, Responsible.LEAD_DEPARTMENT
# name, rule, offset days, parallel, required evidence, stage it moves the project to
STANDARD = [
    ("签约", S, -150, False, "签约协议扫描件", Stage.SIGNED),
    ("立项/备案", S, -120, False, "立项批复或备案证明", ""),
    ("用地/供地", S, -90, False, "土地出让合同或不动产权证", ""),
    ("规划许可", S, -60, True, "建设工程规划许可证", ""),
    ("施工许可", S, -15, False, "施工许可证", ""),
    ("开工", S, 0, False, "施工许可证照片及开工现场照片", Stage.STARTED),
    # 在建 once the main works are under way, a month or so after 开工 (not when they finish).
    ("主体施工", P, 30, False, "主体施工现场照片", Stage.BUILDING),
    ("主体完工", P, 210, False, "现场照片", ""),
    ("竣工验收", P, 120, False, "竣工验收备案表", Stage.COMPLETED),
    ("投产", P, 30, False, "投产现场照片", ""),
    ("达产", P, 180, False, "达产情况说明", Stage.PRODUCING),
]
INDUSTRY = [
    *STANDARD[:8],
    ("设备安装调试", P, 60, False, "设备到货及安装照片", ""),
    *STANDARD[8:],
]
INVESTMENT = [
    ("洽谈对接", S, 90, False, "", ""),
    ("签约", S, 180, False, "签约协议扫描件", Stage.SIGNED),
    ("注册落地", P, 45, False, "营业执照", ""),
    ("开工/投运", P, 300, False, "开工或营业现场照片", Stage.STARTED),
]
TEMPLATES = [
    ("重点项目标准节点计划", None, STANDARD),
    ("工业项目节点计划", "industry", INDUSTRY),
    ("招商项目节点计划", "investment", INVESTMENT),
]
DEMO_NOW = dt.date(2021, 9, 25)


def ensure_templates(categories: dict[str, Any]) -> dict[str | None, NodeTemplate]:
    out: dict[str | None, NodeTemplate] = {}
    for name, code, rows in TEMPLATES:
        template, created = NodeTemplate.objects.get_or_create(
            name=name, defaults={"category": categories.get(code) if code else None}
        )
        if created:
            TemplateNode.objects.bulk_create(
                TemplateNode(
                    template=template,
                    order=i,
                    name=node,
                    responsible=L
                    if node in ("立项/备案", "用地/供地")
                    else Responsible.PROJECT_UNIT,
                    date_rule=rule,
                    offset_days=offset,
                    parallel=parallel,
                    required_evidence=evidence,
                    triggers_stage=stage,
                )
                for i, (node, rule, offset, parallel, evidence, stage) in enumerate(rows, 1)
            )
        out[code] = template
    return out


def load(ctx: Any) -> None:
    if ProjectNode.objects.exists():
        return
    rng, year = ctx.rng, ctx.year
    templates = ensure_templates(ctx.objects["categories"])
    nodes_of = {key: list(t.nodes.order_by("order")) for key, t in templates.items()}
    projects = (
        Project.objects.filter(listings__year=year)
        .exclude(listings__kind=Listing.RESERVE)
        .select_related("category", "unit")
        .order_by("id")
    )
    stage_dates: dict[int, dict[str, dt.date]] = {}
    for project_id, stage, on in StageChange.objects.order_by("changed_on").values_list(
        "project_id", "to_stage", "changed_on"
    ):
        stage_dates.setdefault(project_id, {}).setdefault(stage, on)
    plan: list[ProjectNode] = []
    for project in projects:
        key = project.category.code if project.category.code in templates else None
        built = build_plan(
            project, templates[key], nodes_of[key], year=year,
            stage_dates=stage_dates.get(project.pk, {}),
        )  # fmt: skip
        pace = PACE.get(project.unit.code, 0.9)
        blocked = False
        for node in built:
            if node.completed_on is not None:
                continue
            # A stage node not reached yet blocks every later node.
            if node.triggers_stage or blocked:
                blocked = True
                continue
            done = node.planned_on + dt.timedelta(days=int((1 - pace) * 90) + rng.randint(-10, 20))
            if done <= DEMO_NOW:
                node.completed_on = done
            else:
                blocked = True
        if rng.random() < 0.12:  # some plans were rescheduled, with the reason kept
            for node in built:
                if node.completed_on is None:
                    node.planned_on = node.planned_on + dt.timedelta(days=rng.choice([30, 45, 60]))
                    node.revised_reason = rng.choice(
                        ["征迁进度滞后，顺延", "规划方案调整", "疫情影响施工组织", "资金到位延后"]
                    )
                    break
        plan.extend(built)
    ProjectNode.objects.bulk_create(plan, batch_size=1000)
