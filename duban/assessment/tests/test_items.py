"""The item kinds the plan needs beyond project counts: 招商新落地 with its qualification rules
as data, and a lead department scored on the categories it leads."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.test import TestCase

from duban.assessment.items import LANDING_DEFAULTS, investment_landing, lead_duties
from duban.core.asof import Month
from duban.projects.choices import Industry, Listing
from duban.projects.models import ProjectNode
from duban.targets.choices import MetricKind
from tests.support.factories import (
    make_category,
    make_listing,
    make_metric,
    make_project,
    make_target,
    make_unit,
)

D = Decimal
SEPT = Month(2021, 9)


def landed(unit: object, industry: str, wan: int, on: str | None, **kw: object) -> object:
    p = make_project(unit=unit, industry=industry, total_investment_wan=D(wan), **kw)
    make_listing(p, kind=Listing.NEW_LANDED)
    if on is not None:
        ProjectNode.objects.create(
            project=p, year=2021, order=3, name="注册落地", planned_on=dt.date(2021, 6, 1),
            original_planned_on=dt.date(2021, 6, 1), completed_on=dt.date.fromisoformat(on),
        )  # fmt: skip
    p.signed_on = dt.date(2021, 2, 1)
    p.save(update_fields=["signed_on"])
    return p


class LandingTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.unit = make_unit(code="gudong", name="鼓东街道")
        investment = make_category(code="investment", name="招商")
        metric = make_metric(MetricKind.NEW_LANDED, code="new_landed")
        parent = make_target(metric=metric, value=D(150), category=investment)
        make_target(metric=metric, value=D(10), unit=cls.unit, parent=parent, category=investment)
        estate = make_category(code="real_estate", name="房地产")
        cls.counted = [
            landed(cls.unit, Industry.SECONDARY, 30000, "2021-05-10"),  # 二产 at the 3亿 floor
            landed(cls.unit, Industry.TECH_UPGRADE, 10000, "2021-06-01"),  # 技改 at 1亿
            landed(cls.unit, Industry.TERTIARY, 5000, "2021-09-30"),  # 三产 at 5000万
        ]
        landed(cls.unit, Industry.SECONDARY, 29999, "2021-05-10")  # below the 二产 floor
        landed(cls.unit, Industry.TERTIARY, 4999, "2021-05-10")  # below the 三产 floor
        landed(cls.unit, Industry.TERTIARY, 90000, "2021-05-10", category=estate)  # 房地产
        landed(cls.unit, Industry.TERTIARY, 8000, None)  # signed, not yet registered
        landed(cls.unit, Industry.TERTIARY, 8000, "2021-10-02")  # registers after September

    def params(self, **kw: object) -> dict[str, object]:
        return {**LANDING_DEFAULTS, "pace": "year", "basis": "original", "cache": None, **kw}

    def test_only_qualifying_projects_registered_by_the_month_count(self) -> None:
        got = investment_landing([self.unit.pk], SEPT, self.params())[self.unit.pk]
        assert (got.numerator, got.denominator) == (D(3), D(10))
        codes = [s["code"] for s in got.sources if s["type"] == "project"]
        assert codes == sorted(p.code for p in self.counted)  # type: ignore[attr-defined]

    def test_the_method_may_count_at_signing_instead(self) -> None:
        got = investment_landing([self.unit.pk], SEPT, self.params(node="signed"))[self.unit.pk]
        # Signed in February: the unregistered and the October one count too (5 qualify).
        assert got.numerator == D(5)

    def test_the_floors_are_data(self) -> None:
        floors = {"secondary": "20000", "tech_upgrade": "10000", "tertiary": "1000"}
        got = investment_landing([self.unit.pk], SEPT, self.params(floors=floors))[self.unit.pk]
        assert got.numerator == D(5)  # the two below the plan's floors now qualify


class LeadDutyTests(TestCase):
    def test_a_department_is_scored_on_the_categories_it_leads_not_its_own_projects(
        self,
    ) -> None:
        swj = make_unit(code="swj", name="区商务局", kind="department")
        other = make_unit(code="czj", name="区财政局", kind="department")
        street = make_unit(code="gudong", name="鼓东街道")
        services = make_category(code="services", name="服务业", lead_department=swj)
        metric = make_metric(MetricKind.NEW_STARTS, code="new_starts")
        make_target(metric=metric, value=D(12), category=services)
        for n in range(3):  # the street's projects count for the lead department
            p = make_project(unit=street, category=services, started_on=dt.date(2021, 3, n + 1))
            make_listing(p)
        got = lead_duties([swj.pk, other.pk], SEPT, {"pace": "year", "cache": None})
        assert (got[swj.pk].numerator, got[swj.pk].denominator) == (D(3), D(12))
        assert got[other.pk].denominator is None  # leads nothing: no task
