"""Demo monthly reports as they stood at the end of September 2021.

Every project listed as 新开工/续建/建成投产 reports every month. January to August are approved
(a few filed late by slow units); September is work in progress: approved, submitted, returned,
draft or still missing, more of the latter at units that lag; later months do not exist yet,
so `?as_of=2021-09` shows the dispatch mid-cycle. September's window is set by 发改局 to
8 October (国庆假期顺延). Each filed report carries its frozen versions with content hashes.
Monthly investment follows the planned annual investment, the unit's pace and some noise, from
the month the project started until the month it was completed; the 形象进度 follows the time
since the start towards the planned completion, and reads 竣工 once the project is completed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from duban.projects.demo_pace import PACE
from duban.projects.models import Project
from duban.reports.choices import Confidence, ReportStatus, RevisionEvent
from duban.reports.models import MonthlyReport, ReportingWindow, ReportRevision, content_hash
from duban.reports.queries import REPORTING_LISTINGS, default_due_date

PROGRESS = [
    "场地平整",
    "基础施工",
    "主体结构施工",
    "主体封顶",
    "装饰装修",
    "设备安装调试",
    "竣工验收准备",
]
BEFORE_START = ["前期手续办理中", "用地报批中", "施工图审查中", "施工招标中"]
DONE = "已竣工验收，投入使用"
# A problem a report mentions fits where the project is: before its start, or on site.
PROBLEMS_BEFORE_START = ["", "", "施工许可审批待办", "征迁扫尾未完成", "用地手续报批中"]
PROBLEMS_ON_SITE = ["", "", "", "资金到位偏慢", "管线迁改协调中", "雨季影响室外施工"]
LAST_MONTH = 9  # the demo's current reporting month
SEPTEMBER_DUE = dt.date(2021, 10, 8)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _stamp(moment: dt.datetime | None, report: MonthlyReport) -> dt.datetime:
    """A time the loop above gave every filed (or reviewed) report; missing means a bug here."""
    if moment is None:
        raise ValueError(f"演示数据：报告 {report.pk} 缺少提交或审核时间")
    return moment


def _progress(project: Project, month_end: dt.date) -> str:
    """形象进度 as far along as the time since the start towards the planned completion."""
    started = project.started_on
    if started is None:
        return BEFORE_START[0]
    finish = project.planned_completion
    if finish is None or finish <= started:
        finish = started + dt.timedelta(days=720)
    share = (month_end - started).days / (finish - started).days
    return PROGRESS[min(max(int(share * len(PROGRESS)), 0), len(PROGRESS) - 1)]


def _september_status(pace: float, r: float) -> str | None:
    """Slow units have more missing, draft and returned reports in the open month."""
    missing = 0.04 + max(0.0, 1 - pace) * 0.5
    draft = missing + 0.08
    returned = draft + 0.06
    submitted = returned + 0.35
    if r < missing:
        return None
    if r < draft:
        return ReportStatus.DRAFT
    if r < returned:
        return ReportStatus.RETURNED
    if r < submitted:
        return ReportStatus.SUBMITTED
    return ReportStatus.APPROVED


def load(ctx: Any) -> None:
    if MonthlyReport.objects.filter(year=ctx.year).exists():
        return
    rng, year = ctx.rng, ctx.year
    ReportingWindow.objects.get_or_create(
        year=year, month=LAST_MONTH, defaults={"due_on": SEPTEMBER_DUE, "note": "国庆假期顺延"}
    )
    projects = (
        Project.objects.filter(listings__year=year, listings__kind__in=REPORTING_LISTINGS)
        .select_related("unit")
        .prefetch_related("listings")
        .order_by("id")
    )
    reports: list[MonthlyReport] = []
    for project in projects:
        listing = next(lst for lst in project.listings.all() if lst.year == year)
        pace = PACE.get(project.unit.code, 0.9)
        started = project.started_on
        # The year's plan is spread from the planned start (January for continuing projects),
        # so a project on pace meets its plan and a late starter falls behind.
        planned = project.planned_start
        first_month = planned.month if planned is not None and planned.year == year else 1
        # ... up to its planned completion when that falls in the year (a project listed to be
        # completed in June plans its year's investment for January to June).
        finish = project.planned_completion
        last_month = finish.month if finish is not None and finish.year == year else 12
        monthly = listing.planned_investment_wan / max(last_month - first_month + 1, 1)
        for month in range(1, LAST_MONTH + 1):
            month_end = dt.date(year, month, 28)
            under_way = started is not None and started <= month_end
            status = (
                _september_status(pace, rng.random())
                if month == LAST_MONTH
                else ReportStatus.APPROVED
            )
            if status is None:
                continue
            done = project.completed_on is not None and project.completed_on <= month_end
            amount = Decimal(0)
            if under_way and not done:
                noise = Decimal(str(round(pace * rng.uniform(0.7, 1.3), 3)))
                if month > last_month:  # late finishing: the tail of the works, not a full month
                    noise *= Decimal("0.3")
                amount = (monthly * noise).quantize(Decimal(1))
            due = SEPTEMBER_DUE if month == LAST_MONTH else default_due_date(year, month)
            lateness = rng.randint(-4, 0) if rng.random() < pace else rng.randint(1, 6)
            submitted = _at(due + dt.timedelta(days=lateness), 10 + rng.randint(0, 7))
            filed = status != ReportStatus.DRAFT
            progress = (
                DONE
                if done
                else _progress(project, month_end)
                if under_way
                else rng.choice(BEFORE_START)
            )
            confidence = (
                Confidence.HIGH if pace > 1 else Confidence.MEDIUM if pace > 0.8 else Confidence.LOW
            )
            reports.append(
                MonthlyReport(
                    project=project,
                    year=year,
                    month=month,
                    status=status,
                    investment_wan=amount,
                    progress_text=progress,
                    problems_text=rng.choice(
                        PROBLEMS_ON_SITE if under_way else PROBLEMS_BEFORE_START
                    ),
                    confidence=confidence,
                    confidence_reason={
                        "high": "进度符合计划", "medium": "个别节点略有滞后", "low": "前期手续滞后",
                    }[confidence],
                    submitted_at=submitted if filed else None,
                    first_submitted_at=submitted if filed else None,
                    reviewed_at=(
                        submitted + dt.timedelta(days=2)
                        if status in (ReportStatus.APPROVED, ReportStatus.RETURNED)
                        else None
                    ),
                    return_reason="形象进度描述过简，请补充现场照片"
                    if status == ReportStatus.RETURNED
                    else "",
                )
            )  # fmt: skip
    MonthlyReport.objects.bulk_create(reports, batch_size=1000)
    saved = MonthlyReport.objects.filter(year=year).exclude(status=ReportStatus.DRAFT)
    revisions: list[ReportRevision] = []
    for report in saved.select_related("project").order_by("id").iterator(chunk_size=2000):
        content = report.content()
        digest = content_hash(content)
        first = ReportRevision(
            report=report,
            seq=1,
            revision=1,
            event=RevisionEvent.SUBMITTED,
            status=ReportStatus.SUBMITTED,
            content=content,
            content_sha256=digest,
            created_at=_stamp(report.first_submitted_at, report),
        )
        revisions.append(first)
        if report.status in (ReportStatus.APPROVED, ReportStatus.RETURNED):
            revisions.append(
                ReportRevision(
                    report=report,
                    seq=2,
                    revision=1,
                    event=(
                        RevisionEvent.APPROVED
                        if report.status == ReportStatus.APPROVED
                        else RevisionEvent.RETURNED
                    ),
                    status=report.status,
                    content=content,
                    content_sha256=digest,
                    reason=report.return_reason,
                    created_at=_stamp(report.reviewed_at, report),
                )
            )
    ReportRevision.objects.bulk_create(revisions, batch_size=2000)
