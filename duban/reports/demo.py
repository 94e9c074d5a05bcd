"""Twelve months of approved reports for every project listed in the demo year.

Monthly investment follows the project's planned annual investment, its unit's pace and some
noise, from the month it started (or January for continuing projects).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from duban.projects.choices import Listing
from duban.reports.choices import Confidence, ReportStatus
from duban.reports.models import MonthlyReport

PROGRESS = [
    "场地平整",
    "基础施工",
    "主体结构施工",
    "主体封顶",
    "装饰装修",
    "设备安装调试",
    "竣工验收准备",
]


def load(ctx: Any) -> None:
    if MonthlyReport.objects.filter(year=ctx.year).exists():
        return
    from duban.projects.demo import PACE

    rng, year = ctx.rng, ctx.year
    now = timezone.now()
    reports = []
    for project in ctx.objects["projects"]:
        listing = next((lst for lst in project.listings.all() if lst.year == year), None)
        if listing is None or listing.kind in (Listing.RESERVE, Listing.NEW_LANDED):
            continue
        pace = PACE.get(project.unit.code, 0.9)
        first = 1
        if project.started_on and project.started_on.year == year:
            first = project.started_on.month
        elif project.started_on is None or project.started_on.year > year:
            continue
        monthly = listing.planned_investment_wan / 12
        for month in range(first, 13):
            amount = (monthly * Decimal(str(round(pace * rng.uniform(0.7, 1.3), 3)))).quantize(
                Decimal(1)
            )
            reports.append(
                MonthlyReport(
                    project=project,
                    year=year,
                    month=month,
                    status=ReportStatus.APPROVED,
                    investment_wan=amount,
                    progress_text=PROGRESS[min(month * len(PROGRESS) // 13, len(PROGRESS) - 1)],
                    confidence=(
                        Confidence.HIGH if pace > 1 else Confidence.MEDIUM if pace > 0.8
                        else Confidence.LOW
                    ),
                    submitted_at=now,
                    reviewed_at=now,
                )
            )  # fmt: skip
    MonthlyReport.objects.bulk_create(reports, batch_size=1000)
