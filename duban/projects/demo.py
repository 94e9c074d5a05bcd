"""Demo projects consistent with the seed plan's targets.

Per category, exactly as many 新开工 and 建成投产 listings as the plan asks (13+95+20+40 = 168
new starts, 13+60+15+30 = 118 completions), all 亿元以上, spread over the units that carry that
category; plus 续建, 储备 and 150 新落地 (招商) projects. Each unit gets a pace factor so some
lag behind trajectory; stage dates are drawn from the plan dates and that pace.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from duban.audit.services import record
from duban.projects import demo_nodes
from duban.projects.choices import Industry, Listing, Stage, StatsStatus
from duban.projects.demo_pace import PACE, spread
from duban.projects.models import Category, PlanListing, Project, StageChange

CATEGORIES = [
    # code, name, lead department code
    ("industry", "工业", "gxj"),
    ("services", "服务业", "swj"),
    ("digital", "数字经济", "shuziban"),
    ("livelihood", "生态及民生", "fgj"),
    ("investment", "招商", "swj"),
]
# category: (new starts, strategic among them, completions, strategic among them,
#            new-start total 亿元, completion total 亿元)
PLAN = {
    "industry": (13, 12, 13, 12, 26, 26),
    "services": (95, 30, 60, 10, 190, 120),
    "digital": (20, 0, 15, 0, 20, 15),
    "livelihood": (40, 0, 30, 0, 60, 45),
}
CARRIERS = {
    # 鼓楼 is a city-centre district: its industry sits in the two parks and 洪山镇.
    "industry": ["hongshan", "ruanjianyuan", "gaoxinqu", "gxj"],
    "services": [
        "gudong", "guxi", "wenquan", "dongjie", "nanjie", "antai", "huada", "shuibu",
        "wufeng", "hongshan", "ruanjianyuan", "gaoxinqu",
    ],
    "digital": ["ruanjianyuan", "gaoxinqu", "gudong", "wenquan", "hongshan", "shuziban"],
    "livelihood": ["jyj", "wjj", "zjj", "cgj", "wtlj", "sthjj", "gtgs", "hongshan", "guxi"],
    "investment": [
        "gudong", "guxi", "wenquan", "dongjie", "nanjie", "antai", "huada", "shuibu",
        "wufeng", "hongshan", "ruanjianyuan", "gaoxinqu", "swj", "gxj", "jrb",
    ],
}  # fmt: skip
# What a project of each category builds. Industry is 二产 (技改 when it upgrades a line); services,
# digital economy and 民生 projects are 三产, as the statistics bureau books them.
SUBJECTS = {
    "industry": [
        "光电芯片生产线",
        "智能装备制造基地",
        "新型显示模组产线",
        "医疗器械生产基地",
        "通信设备研发生产基地",
        "智能传感器产线",
        "新材料中试基地",
    ],
    "services": [
        "商业综合体",
        "总部大楼",
        "供应链管理中心",
        "历史文化街区提升",
        "康养中心",
        "酒店及配套",
        "金融服务中心",
        "城市配送中心",
        "网络直播基地",
        "商圈提升改造",
        "甲级写字楼",
    ],
    "digital": [
        "大数据中心",
        "区块链产业园",
        "鲲鹏生态基地",
        "工业互联网平台",
        "人工智能创新中心",
        "信创适配中心",
        "智慧城市运营中心",
    ],
    "livelihood": [
        "老旧小区改造",
        "公园提质改造",
        "养老服务照料中心",
        "社区卫生服务中心",
        "口袋公园建设",
    ],
    "investment": [
        "区域总部",
        "研发中心",
        "电商运营中心",
        "新零售旗舰店",
        "软件研发基地",
        "金融科技公司",
        "供应链平台",
        "文创产业园",
    ],
}
TECH_UPGRADE_SUBJECTS = ["生产线智能化技改", "设备更新技改", "数字化车间改造"]
LANDED_SECONDARY_SUBJECTS = ["智能制造基地", "新材料研发生产", "电子元器件生产线"]
# 民生 projects a district department carries are that department's own kind of work.
LIVELIHOOD_BY_UNIT = {
    "jyj": ["小学新建", "中学扩建", "幼儿园新建", "学校综合楼改扩建"],
    "wjj": ["社区卫生服务中心", "区医院门急诊楼改造", "康复医疗中心"],
    "zjj": ["老旧小区改造", "保障性租赁住房", "旧屋区改造"],
    "cgj": ["污水管网改造", "公园提质改造", "环卫设施提升", "背街小巷整治"],
    "wtlj": ["古厝保护修复", "体育公园", "文化馆提升改造"],
    "sthjj": ["内河综合治理", "入河排污口整治", "小流域综合治理"],
    "gtgs": ["养老服务中心", "公共停车场", "人才公寓"],
}
# The departments that lead a category also carry projects of their own: 数字办 the district's
# digital-government works, 金融办 the financial firms it brings in.
DIGITAL_GOVERNMENT = ["数字鼓楼城市大脑", "智慧社区服务平台", "政务云扩容", "一网统管平台"]
FINANCE_LANDED = ["金融科技公司", "财富管理中心", "区域金融总部", "融资租赁公司"]
# Where each street's or park's projects are (roads and areas of 鼓楼区); a department's
# projects are somewhere in the district.
PLACES = {
    "gudong": ["五四路", "鼓屏路", "湖东路", "树兜"],
    "guxi": ["杨桥路", "湖滨路", "西湖", "鼓西路"],
    "wenquan": ["温泉公园路", "五四北", "东大路", "温泉支路"],
    "dongjie": ["东街", "八一七北路", "达明路", "东街口"],
    "nanjie": ["三坊七巷", "南后街", "杨桥东路", "澳门路"],
    "antai": ["朱紫坊", "安泰河", "吉庇路", "津泰路"],
    "huada": ["华林路", "北大路", "屏山", "湖头街"],
    "shuibu": ["五一北路", "琼东河", "古田路", "水部"],
    "wufeng": ["梅峰路", "五凤山", "铜盘路", "西二环"],
    "hongshan": ["洪山桥", "西洪路", "洪湾北路", "杨桥西路"],
    "ruanjianyuan": ["软件园A区", "软件园F区", "软件园G区", "软件大道"],
    "gaoxinqu": ["洪山科技园", "工业路", "洪甘路"],
}
PHASES = ["", "二期", "三期", "四期"]
# Where a 二产 project can stand (a plant is not built in 三坊七巷).
INDUSTRIAL_AREAS = ("ruanjianyuan", "gaoxinqu", "hongshan")


def _amounts(n: int, total_yi: int, rng: Any) -> list[Decimal]:
    """n amounts in 万元, each at least 1亿, summing to at least total_yi 亿."""
    extra = max(total_yi * 10000 - n * 10000, 0)
    weights = [rng.uniform(0.2, 1.8) for _ in range(n)]
    return [Decimal(10000 + int(extra * w / sum(weights)) + rng.randint(0, 800)) for w in weights]


def _date(year: int, month: int, rng: Any) -> dt.date:
    month = min(max(month, 1), 12)
    return dt.date(year, month, rng.randint(1, 28))


class _Builder:
    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.year = ctx.year
        self.units = ctx.objects["units"]
        self.leaders = ctx.objects["leaders"]
        self.projects: list[Project] = []
        self.listings: list[tuple[int, str, Decimal]] = []
        self.changes: list[tuple[int, str, str, dt.date]] = []
        self.seq = 0
        self.names: dict[str, set[str]] = {}
        self.as_of: dt.date = ctx.as_of

    def project(
        self,
        category: Category,
        unit_code: str,
        total: Decimal,
        *,
        industry: str = "",
        **extra: Any,
    ) -> int:
        self.seq += 1
        unit = self.units[unit_code]
        code = category.code
        if not industry:
            industry = Industry.TERTIARY
            if code == "industry":
                industry = Industry.TECH_UPGRADE if self.rng.random() < 0.25 else Industry.SECONDARY
        if industry == Industry.TECH_UPGRADE:
            subjects = TECH_UPGRADE_SUBJECTS
        elif code == "investment" and industry == Industry.SECONDARY:
            subjects = LANDED_SECONDARY_SUBJECTS
        elif code == "livelihood":
            subjects = LIVELIHOOD_BY_UNIT.get(unit_code, SUBJECTS[code])
        elif code == "digital" and unit_code == "shuziban":
            subjects = DIGITAL_GOVERNMENT
        elif code == "investment" and unit_code == "jrb":
            subjects = FINANCE_LANDED
        else:
            subjects = SUBJECTS[code]
        area = unit_code
        if industry != Industry.TERTIARY and unit_code not in INDUSTRIAL_AREAS:
            area = self.rng.choice(INDUSTRIAL_AREAS)
        place, subject, name = self.name(unit_code, subjects, area)
        self.projects.append(
            Project(
                code=f"GL{self.year}{self.seq:04d}",
                national_code=(
                    f"{self.year - 1}-350102-{self.rng.randint(10, 99)}-0{self.rng.randint(1, 3)}-"
                    f"{self.rng.randint(0, 999999):06d}"
                    if self.rng.random() < 0.7
                    else None
                ),
                name=name,
                category=category,
                industry=industry,
                total_investment_wan=total,
                unit=unit,
                lead_department=category.lead_department,
                leader=self.rng.choice(self.leaders),
                location=f"福州市鼓楼区{place}",
                stats_status=self.rng.choice(list(StatsStatus.values)),
                description=f"（示例）建设{subject}及配套设施。",
                **extra,
            )
        )
        return len(self.projects) - 1

    def name(self, unit_code: str, subjects: list[str], area: str) -> tuple[str, str, str]:
        """A name no other project of the unit has: a place of the area (a department's
        projects are anywhere in the district) and a subject, then a later phase (二期, 三期 …)
        of one already taken."""
        places = PLACES.get(area) or PLACES[self.rng.choice(sorted(PLACES))]
        taken = self.names.setdefault(unit_code, set())
        for phase in PHASES:
            pairs = [(p, s) for p in places for s in subjects]
            self.rng.shuffle(pairs)
            for place, subject in pairs:
                name = f"{place}{subject}{phase}项目"
                if name not in taken:
                    taken.add(name)
                    return place, subject, name
        raise ValueError(f"演示数据：{unit_code} 的项目名称不够用")

    def pace(self, unit_code: str) -> float:
        return PACE.get(unit_code, 0.75 + (sum(map(ord, unit_code)) % 35) / 100)

    def listed(self, idx: int, kind: str) -> None:
        total = self.projects[idx].total_investment_wan
        share = Decimal(str(round(self.rng.uniform(0.25, 0.45), 2)))
        self.listings.append((idx, kind, (total * share).quantize(Decimal(1))))

    def history(self, idx: int, path: list[tuple[str, dt.date | None]]) -> None:
        previous: str = Stage.PLANNING
        project = self.projects[idx]
        for stage, on in path:
            # The demo stands at its as-of date: what happens later has not happened yet.
            if on is None or on > self.as_of:
                break
            self.changes.append((idx, previous, stage, on))
            previous = stage
            if stage == Stage.SIGNED:
                project.signed_on = on
            if stage == Stage.STARTED:
                project.started_on = on
            if stage == Stage.COMPLETED:
                project.completed_on = on
        project.stage = previous


def load(ctx: Any) -> None:
    if Project.objects.exists():
        return
    units = ctx.objects["units"]
    categories = {
        code: Category.objects.get_or_create(
            code=code,
            defaults={"name": name, "lead_department": units[lead], "sort_order": i},
        )[0]
        for i, (code, name, lead) in enumerate(CATEGORIES, start=1)
    }
    ctx.objects["categories"] = categories
    b = _Builder(ctx)
    rng, year = b.rng, b.year
    ctx.objects["new_start_counts"] = {}
    ctx.objects["completion_counts"] = {}
    for code, (starts, strategic, completions, strategic_done, start_yi, done_yi) in PLAN.items():
        category = categories[code]
        # New starts this year: planned start spread over the year, actual start by pace.
        per_unit = spread(starts, CARRIERS[code], rng)
        ctx.objects["new_start_counts"][code] = per_unit
        amounts = iter(_amounts(starts, start_yi, rng))
        # The plan's 战略性新兴产业 share, spread over the units rather than the first ones.
        strategic_ones = set(rng.sample(range(starts), strategic))
        flagged = 0
        for unit_code, count in per_unit.items():
            for _ in range(count):
                planned = _date(year, rng.randint(2, 11), rng)
                idx = b.project(
                    category,
                    unit_code,
                    next(amounts),
                    strategic_emerging=flagged in strategic_ones,
                    planned_start=planned,
                    planned_completion=_date(year + rng.randint(1, 3), rng.randint(1, 12), rng),
                )
                flagged += 1
                b.listed(idx, Listing.NEW_START)
                delay = int((1 - b.pace(unit_code)) * 10 + rng.randint(-1, 2))
                start_month = planned.month + max(delay, 0)
                started = _date(year, start_month, rng) if start_month <= 12 else None
                building = _date(year, start_month + 1, rng) if start_month < 12 else None
                b.history(
                    idx,
                    [
                        (Stage.SIGNED, _date(year - 1, rng.randint(3, 12), rng)),
                        (Stage.STARTED, started),
                        (Stage.BUILDING, building),
                    ],
                )
        # Completions this year: started in earlier years.
        per_unit = spread(completions, CARRIERS[code], rng)
        ctx.objects["completion_counts"][code] = per_unit
        amounts = iter(_amounts(completions, done_yi, rng))
        strategic_ones = set(rng.sample(range(completions), strategic_done))
        flagged = 0
        for unit_code, count in per_unit.items():
            for _ in range(count):
                planned_done = _date(year, rng.randint(3, 12), rng)
                start = _date(year - rng.randint(1, 2), rng.randint(1, 12), rng)
                idx = b.project(
                    category,
                    unit_code,
                    next(amounts),
                    strategic_emerging=flagged in strategic_ones,
                    planned_start=start,
                    planned_completion=planned_done,
                )
                flagged += 1
                b.listed(idx, Listing.COMPLETION)
                delay = int((1 - b.pace(unit_code)) * 10 + rng.randint(-1, 2))
                done_month = planned_done.month + max(delay, 0)
                b.history(
                    idx,
                    [
                        (Stage.SIGNED, _date(start.year - 1, rng.randint(1, 12), rng)),
                        (Stage.STARTED, start),
                        (Stage.BUILDING, start + dt.timedelta(days=rng.randint(20, 45))),
                        (
                            Stage.COMPLETED,
                            _date(year, done_month, rng) if done_month <= 12 else None,
                        ),
                    ],
                )
        # Continuing and reserve projects.
        for _ in range(max(starts // 3, 4)):
            unit_code = rng.choice(CARRIERS[code])
            start = _date(year - rng.randint(1, 2), rng.randint(1, 12), rng)
            idx = b.project(
                category,
                unit_code,
                Decimal(rng.randint(10000, 80000)),
                planned_start=start,
                planned_completion=_date(year + rng.randint(1, 2), rng.randint(1, 12), rng),
            )
            b.listed(idx, Listing.CONTINUING)
            b.history(
                idx,
                [
                    (Stage.SIGNED, _date(start.year - 1, rng.randint(1, 12), rng)),
                    (Stage.STARTED, start),
                    (Stage.BUILDING, start + dt.timedelta(days=rng.randint(20, 45))),
                ],
            )
        for _ in range(max(starts // 6, 3)):
            idx = b.project(
                category,
                rng.choice(CARRIERS[code]),
                Decimal(rng.randint(10000, 50000)),
                planned_start=_date(year + 1, rng.randint(1, 12), rng),
            )
            b.listed(idx, Listing.RESERVE)
    # 招商: 150 new landed projects, 13 of them foreign-funded.
    category = categories["investment"]
    per_unit = spread(150, CARRIERS["investment"], rng)
    ctx.objects["landed_counts"] = per_unit
    foreign = 0
    for unit_code, count in per_unit.items():
        for _ in range(count):
            # A plant lands in a park or 洪山镇 (or through 商务局); the streets land 三产 and
            # 工信局 lands industry only.
            secondary = unit_code == "gxj" or (
                unit_code in (*INDUSTRIAL_AREAS, "swj") and rng.random() < 0.35
            )
            floor = 30000 if secondary else 5000
            idx = b.project(
                category,
                unit_code,
                Decimal(floor + rng.randint(0, 60000)),
                industry=Industry.SECONDARY if secondary else Industry.TERTIARY,
                foreign_funded=foreign < 13 and rng.random() < 0.2,
            )
            foreign += b.projects[idx].foreign_funded
            b.listed(idx, Listing.NEW_LANDED)
            month = int(rng.randint(1, 12) / max(b.pace(unit_code), 0.5))
            b.history(idx, [(Stage.SIGNED, _date(year, month, rng) if month <= 12 else None)])
    Project.objects.bulk_create(b.projects, batch_size=500)
    saved = list(Project.objects.order_by("id"))
    PlanListing.objects.bulk_create(
        [
            PlanListing(
                project=saved[i],
                year=year,
                kind=kind,
                planned_investment_wan=amount,
                listed_on=dt.date(year - 1, 12, 28),  # the plan's issue date (seed 002)
            )
            for i, kind, amount in b.listings
        ],
        batch_size=500,
    )
    StageChange.objects.bulk_create(
        [
            StageChange(
                project=saved[i], from_stage=frm, to_stage=to, changed_on=on,
                evidence_note="示例数据",
            )
            for i, frm, to, on in b.changes
        ],
        batch_size=500,
    )  # fmt: skip
    ctx.objects["projects"] = saved
    demo_nodes.load(ctx)  # node plans (节点计划) for every listed project
    record(
        "demo.projects_loaded",
        object_type="projects.project",
        object_repr=f"{len(saved)} 个演示项目",
        detail={"projects": len(saved), "listings": len(b.listings)},
    )
