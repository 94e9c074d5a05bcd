"""A small scored district for the assessment tests: three streets with targets, projects and
reports whose scores are easy to work out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from duban.assessment.models import AssessmentMethod
from duban.assessment.services import create_method_version
from duban.orgs.choices import UnitKind
from duban.reports.choices import ReportStatus
from duban.reports.models import MonthlyReport
from duban.targets.choices import MetricKind
from duban.targets.models import Target
from tests.support.factories import (
    SYSTEM,
    make_category,
    make_listing,
    make_metric,
    make_project,
    make_unit,
)

D = Decimal
STREET_ITEMS = [
    {"kind": "new_start_rate", "weight": D(40), "capped": True},
    {"kind": "investment_rate", "weight": D(40), "capped": False},
    {"kind": "report_timeliness", "weight": D(20), "capped": True},
    {"kind": "adjustments", "weight": D(5), "capped": True},
]


def make_method(group: str = UnitKind.STREET, **kw: Any) -> AssessmentMethod:
    kw.setdefault("items", STREET_ITEMS)
    kw.setdefault("name", "测试考评办法")
    kw.setdefault("statement_item", "new_start_rate")
    kw.setdefault("quarterly_top_n", 1)
    kw.setdefault("quarterly_bottom_n", 1)
    kw.setdefault("pace", "year")
    return create_method_version(actor=SYSTEM, year=2021, group=group, **kw)


def submitted(day: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(day))


def scored_district(units: list[Any] | None = None) -> dict[str, Any]:
    """Streets A, B, C. Year targets: new starts A 4, B 2, C 4; investment A 1000, B 1000,
    C 500 (万元). By March: A started 2 projects and reported 300, B started 2 and 300,
    C started 1 and 500 (one report late)."""
    a, b, c = units or [
        make_unit(code="sa", name="甲街道", short_name="甲", sort_order=1),
        make_unit(code="sb", name="乙街道", short_name="乙", sort_order=2),
        make_unit(code="sc", name="丙街道", short_name="丙", sort_order=3),
    ]
    cat = make_category(code="services", name="服务业")
    new_starts = make_metric(MetricKind.NEW_STARTS, code="new_starts", name="新开工项目数")
    invest = make_metric(
        MetricKind.INVESTMENT_COMPLETED, code="investment", name="年度完成投资", unit="万元"
    )
    ns_parent = Target.objects.create(year=2021, metric=new_starts, value=D(10))
    inv_parent = Target.objects.create(year=2021, metric=invest, value=D(2500))
    targets = {}
    for unit, ns, inv in ((a, 4, 1000), (b, 2, 1000), (c, 4, 500)):
        targets[unit.code] = (
            Target.objects.create(
                year=2021, metric=new_starts, unit=unit, parent=ns_parent, value=D(ns)
            ),
            Target.objects.create(
                year=2021, metric=invest, unit=unit, parent=inv_parent, value=D(inv)
            ),
        )
    projects = []
    for unit, started, amounts in (
        (a, 2, [D(100), D(200)]),
        (b, 2, [D(150), D(150)]),
        (c, 1, [D(500)]),
    ):
        for n in range(started):
            p = make_project(
                unit=unit, category=cat, started_on=dt.date(2021, 2, 10 + n), stage="started"
            )
            make_listing(p)
            projects.append(p)
            when = submitted("2021-04-03T10:00:00" if unit != c else "2021-04-09T10:00:00")
            stamps = {"submitted_at": when}
            # The reporting workflow judges timeliness by the first submission when it has one.
            if any(f.name == "first_submitted_at" for f in MonthlyReport._meta.get_fields()):
                stamps["first_submitted_at"] = when
            MonthlyReport.objects.create(
                project=p,
                year=2021,
                month=3,
                status=ReportStatus.APPROVED,
                investment_wan=amounts[n],
                **stamps,
            )
    return {"units": (a, b, c), "targets": targets, "projects": projects, "category": cat}
