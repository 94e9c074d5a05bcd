"""The seed plan's 2021 targets, decomposed to units, with monthly manual actuals.

The district targets are the plan's own words and figures (seeds/002). Its 任务分解表 (附件1)
is not available, so every per-unit split here is invented from the demo's project lists and
marked illustrative (示例), as is the demo's own 年度完成投资 target, which the plan does not state.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db.models import prefetch_related_objects

from duban.audit.services import record
from duban.projects.demo_pace import PACE, spread
from duban.targets.choices import Comparator, MetricKind
from duban.targets.models import ActualEntry, Metric, Target

YI = Decimal(10000)
METRICS = [
    ("new_starts", "新开工项目数", "个", MetricKind.NEW_STARTS),
    ("new_start_investment", "新开工项目总投资", "万元", MetricKind.NEW_START_INVESTMENT),
    ("completions", "建成投产项目数", "个", MetricKind.COMPLETIONS),
    ("completion_investment", "建成投产项目总投资", "万元", MetricKind.COMPLETION_INVESTMENT),
    ("investment_completed", "年度完成投资", "万元", MetricKind.INVESTMENT_COMPLETED),
    ("new_landed", "新落地重大产业项目数", "个", MetricKind.NEW_LANDED),
    ("trade_enterprises", "新增限上商贸业企业", "家", MetricKind.MANUAL),
    ("service_enterprises", "新增规上服务业企业", "家", MetricKind.MANUAL),
    ("rd_growth", "企业R&D经费投入增长", "%", MetricKind.MANUAL),
    ("hightech_net", "国家高新技术企业净增", "家", MetricKind.MANUAL),
    ("hightech_total", "省级以上高新技术企业", "家", MetricKind.MANUAL),
]
SOURCE = "鼓楼区2021年“抓项目促提升”专项行动方案"


def load(ctx: Any) -> None:
    if Target.objects.filter(year=ctx.year).exists():
        return
    rng, year = ctx.rng, ctx.year
    units = ctx.objects["units"]
    categories = ctx.objects["categories"]
    metrics = {
        code: Metric.objects.get_or_create(
            code=code, defaults={"name": name, "unit": unit, "kind": kind, "sort_order": i}
        )[0]
        for i, (code, name, unit, kind) in enumerate(METRICS, start=1)
    }
    projects = ctx.objects["projects"]

    def target(metric: str, value: Decimal | int, **filters: Any) -> Target:
        illustrative = filters.pop("illustrative", False)
        return Target.objects.create(
            year=year,
            metric=metrics[metric],
            value=Decimal(value),
            source_text="" if illustrative else SOURCE,
            illustrative=illustrative,
            min_total_investment_wan=filters.pop("min_wan", None),
            **filters,
        )

    def split(parent: Target, shares: Mapping[str, Decimal | int]) -> None:
        Target.objects.bulk_create(
            [
                Target(
                    year=year,
                    metric=parent.metric,
                    unit=units[code],
                    parent=parent,
                    category=parent.category,
                    strategic_only=parent.strategic_only,
                    foreign_only=parent.foreign_only,
                    min_total_investment_wan=parent.min_total_investment_wan,
                    comparator=parent.comparator,
                    value=Decimal(value),
                    illustrative=True,  # the plan's 附件1 is not available: invented (示例)
                )
                for code, value in shares.items()
                if value
            ]
        )

    def listed_share(kind: str, **filters: Any) -> dict[str, Decimal | int]:
        """Each unit's share = what its listed projects add up to (counts or totals)."""
        shares: dict[str, Decimal | int] = {}
        for p in projects:
            listing = next((lst for lst in p.listings.all() if lst.year == year), None)
            if listing is None or listing.kind != kind:
                continue
            if any(getattr(p, k) != v for k, v in filters.items() if k != "amount"):
                continue
            add = p.total_investment_wan if filters.get("amount") else 1
            shares[p.unit.code] = shares.get(p.unit.code, 0) + add
        return shares

    # Prefetch once so the share computation above does not query per project.
    prefetch_related_objects(projects, "listings", "unit")

    overall_new = target("new_starts", 168, min_wan=YI, title="亿元以上项目新开工")
    split(overall_new, listed_share("new_start"))
    overall_done = target("completions", 118, min_wan=YI, title="亿元以上项目建成投产")
    split(overall_done, listed_share("completion"))
    plan = {
        "industry": (13, 26, 12, 24, 13, 26, 12, 24),
        "services": (95, 190, 30, 60, 60, 120, 10, 20),
        "digital": (20, 20, None, None, 15, 15, None, None),
        "livelihood": (40, None, None, None, 30, None, None, None),
    }
    for code, (ns, ns_yi, ns_s, ns_s_yi, cp, cp_yi, cp_s, cp_s_yi) in plan.items():
        cat = categories[code]
        t = target("new_starts", ns, category=cat, min_wan=YI)
        split(t, listed_share("new_start", category_id=cat.pk))
        if ns_yi:
            t = target("new_start_investment", ns_yi * YI, category=cat, min_wan=YI)
            split(t, listed_share("new_start", category_id=cat.pk, amount=True))
        if ns_s and ns_s_yi is not None:
            t = target("new_starts", ns_s, category=cat, strategic_only=True, min_wan=YI)
            split(t, listed_share("new_start", category_id=cat.pk, strategic_emerging=True))
            target(
                "new_start_investment", ns_s_yi * YI, category=cat, strategic_only=True,
                min_wan=YI,
            )  # fmt: skip
        t = target("completions", cp, category=cat, min_wan=YI)
        split(t, listed_share("completion", category_id=cat.pk))
        if cp_yi:
            t = target("completion_investment", cp_yi * YI, category=cat, min_wan=YI)
            split(t, listed_share("completion", category_id=cat.pk, amount=True))
        if cp_s and cp_s_yi is not None:
            target("completions", cp_s, category=cat, strategic_only=True, min_wan=YI)
            target(
                "completion_investment", cp_s_yi * YI, category=cat, strategic_only=True,
                min_wan=YI,
            )  # fmt: skip
    landed = target("new_landed", 150, category=categories["investment"])
    split(landed, listed_share("new_landed"))
    foreign = target("new_landed", 13, category=categories["investment"], foreign_only=True)
    # Deliberately one short, as ledgers often are: the target page shows the shortfall.
    foreign_shares = listed_share("new_landed", foreign_funded=True)
    first = next(iter(foreign_shares), None)
    if first and sum(foreign_shares.values()) >= 13:
        foreign_shares[first] -= 1
    split(foreign, foreign_shares)
    # The year's investment plan: projects under construction this year (not reserve or
    # newly landed ones, which report no investment yet).
    building = ("new_start", "continuing", "completion")
    per_unit: dict[str, Decimal] = {}
    for p in projects:
        for lst in p.listings.all():
            if lst.year == year and lst.kind in building:
                per_unit[p.unit.code] = per_unit.get(p.unit.code, Decimal(0)) + (
                    lst.planned_investment_wan
                )
    investment = target(
        "investment_completed",
        sum(per_unit.values(), Decimal(0)).quantize(Decimal(1)),
        title="重点项目年度完成投资",
        illustrative=True,  # not a figure of the plan: the demo projects' planned investment
    )
    split(investment, per_unit)
    # Enterprise indicators (manual metrics), decomposed and reported monthly.
    streets = [c for c, u in units.items() if u.kind == "street"]
    parks = [c for c, u in units.items() if u.kind == "park"]
    manual = [
        ("trade_enterprises", 120, streets),
        ("service_enterprises", 65, streets + parks),
        ("hightech_net", 90, [*parks, "hongshan", "wenquan", "gudong"]),
    ]
    for metric, total, carriers in manual:
        parent = target(metric, total)
        shares = spread(total, carriers, rng)
        split(parent, shares)
        entries = []
        for code, share in shares.items():
            pace = PACE.get(code, 0.9)
            for month in range(1, 13):
                done = int(share * month / 12 * pace * rng.uniform(0.9, 1.1))
                entries.append(
                    ActualEntry(
                        metric=metrics[metric], unit=units[code], year=year, month=month,
                        value=Decimal(min(done, share + 3)),
                    )
                )  # fmt: skip
        ActualEntry.objects.bulk_create(entries)
    target("rd_growth", 15, comparator=Comparator.GROWTH, title="企业R&D经费投入（错年值）比增")
    hightech = target("hightech_total", 700, title="省级以上高新技术企业总数")
    ActualEntry.objects.bulk_create(
        [
            ActualEntry(
                metric=metrics["hightech_total"], unit=units[code], year=year, month=month,
                value=Decimal(base + month * step),
            )
            for code, base, step in (("ruanjianyuan", 380, 6), ("gaoxinqu", 210, 4))
            for month in range(1, 13)
        ]
    )  # fmt: skip
    split(hightech, {"ruanjianyuan": 440, "gaoxinqu": 260})
    record(
        "demo.targets_loaded",
        object_type="targets.target",
        object_repr=f"{year} 年演示目标",
        detail={"targets": Target.objects.filter(year=year).count()},
    )
