"""The seed plan's 六大提升工程 as the demo's programmes (工程), above its categories.

Names and task lines are the plan's own words (seeds/002, 二、主要任务); which category and
which enterprise indicator falls under which programme follows the section the plan states
them in: 工业、服务业、数字经济 and the enterprise and innovation indicators in (一), 生态及民生
projects in (四), 招商 in (六)."""

from __future__ import annotations

from duban.core.demo import DemoContext
from duban.projects.models import Category, Programme
from duban.targets.models import Target

PROGRAMMES = [
    ("industry", "产业发展和科技创新提升工程", [
        "推动产业链升级",
        "推进服务业提质",
        "提升数字鼓楼建设能级",
        "坚持创新驱动引领",
    ]),
    ("city", "城市品质和古厝保护提升工程", [
        "建成福州古厝展示馆等一批项目，推出“古厝+非遗”研学线路",
        "启动实施分类成片更高标准的老旧小区整治和旧屋区改造，持续抓好古厝保护修复",
    ]),
    ("ecology", "生态城区和绿色生活提升工程", [
        "开展颗粒物污染防治行动、小流域综合治理、入河排污口整治，打好污染防治攻坚战",
        "以创建国家级全域生态旅游示范区为目标，推动旅游公共服务优化升级",
    ]),
    ("livelihood", "群众获得感和安全感提升工程", [
        "加快推动校园建设项目动建一批、续建一批、竣工一批",
        "扎牢常态化疫情防控网络，全力生成一批民生好项目",
    ]),
    ("business", "营商环境和政府服务提升工程", [
        "编制2021年优化营商环境工作行动方案",
        "持续落实“重点企业直通车”“一企一议”机制和“百十千”行动",
    ]),
    ("attraction", "招商效率和招商质量提升工程", [
        "做好重点产业生态链招商工作，引导总部企业加快引进上下游配套新项目",
    ]),
]  # fmt: skip
CATEGORIES = {
    "industry": "industry",
    "services": "industry",
    "digital": "industry",
    "livelihood": "livelihood",
    "investment": "attraction",
}
# Enterprise and innovation indicators without a project category: (一) 2. and 4.
METRICS = {
    "trade_enterprises": "industry",
    "service_enterprises": "industry",
    "rd_growth": "industry",
    "hightech_net": "industry",
    "hightech_total": "industry",
}


def load(ctx: DemoContext) -> None:
    if Programme.objects.exists():
        return
    made = {}
    for order, (code, name, tasks) in enumerate(PROGRAMMES, start=1):
        made[code] = Programme.objects.create(
            code=code, name=name, tasks="\n".join(tasks), sort_order=order
        )
    for category, programme in CATEGORIES.items():
        Category.objects.filter(code=category).update(programme=made[programme])
    for metric, programme in METRICS.items():
        Target.objects.filter(metric__code=metric, category__isnull=True).update(
            programme=made[programme]
        )
