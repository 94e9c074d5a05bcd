"""The month's dispatch end to end through the web client: a 街道 files all its projects on
one page, a reviewer returns one and approves the rest, the unit corrects and resubmits, and
every version stays visible with who and when."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.projects.choices import Listing
from duban.reports.choices import ReportStatus, RevisionEvent
from duban.reports.models import MonthlyReport
from tests.support.dispatch import TempMedia, photo
from tests.support.factories import Personas, make_category, make_listing, make_project

NOW = "2021-10-03 10:00 +0800"


def row(project: Any, **values: Any) -> dict[str, Any]:
    """The POST fields of one grid row."""
    defaults = {
        "version": "",
        "investment_wan": "500",
        "progress_text": "主体结构施工至5层",
        "problems_text": "",
        "confidence": "high",
        "confidence_reason": "进度符合计划",
    }
    defaults.update(values)
    return {f"p{project.pk}-{k}": v for k, v in defaults.items()}


@time_machine.travel(NOW, tick=False)
class MonthlyWorkflowTests(TempMedia, Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.services = make_category(name="服务业", lead_department=cls.lead_department)
        cls.projects = [
            make_project(unit=cls.street, category=cls.services, name=f"鼓东项目{i}")
            for i in range(1, 4)
        ]
        for p in cls.projects:
            make_listing(p, kind=Listing.CONTINUING)
        cls.foreign = make_project(unit=cls.other_street, category=cls.services, name="鼓西项目")
        make_listing(cls.foreign)
        cls.grid = reverse("reports:unit_month", args=[cls.street.pk, "2021-09"])

    def post_grid(self, data: dict[str, Any], action: str = "submit") -> Any:
        return self.client.post(self.grid, {**data, "action": action})

    def report(self, project: Any) -> MonthlyReport:
        return MonthlyReport.objects.get(project=project, year=2021, month=9)

    def test_a_reporter_files_the_month_a_reviewer_returns_one_and_the_history_keeps_every_version(
        self,
    ) -> None:
        a, b, c = self.projects
        self.client.force_login(self.reporter)
        page = self.client.get(self.grid)
        for p in self.projects:
            self.assertContains(page, p.name)
        self.assertNotContains(page, "鼓西项目")

        data = {**row(a), **row(b, investment_wan="１,２００"), **row(c, confidence="medium")}
        data[f"p{a.pk}-evidence"] = photo("开工现场照片.png")
        response = self.post_grid(data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            [self.report(p).status for p in self.projects], [ReportStatus.SUBMITTED] * 3
        )
        self.assertEqual(self.report(b).investment_wan, Decimal(1200))  # full-width typed
        self.assertEqual(self.report(a).evidence_files.count(), 1)

        self.client.force_login(self.reviewer)
        index = self.client.get(reverse("reports:index"), {"as_of": "2021-09"})
        for p in self.projects:
            self.assertContains(index, p.name)
        ra = self.report(a)
        self.client.post(
            reverse("reports:review", args=[ra.pk]),
            {"action": "return", "reason": "形象进度过简，请补充", "version": ra.version},
        )
        for p in (b, c):
            r = self.report(p)
            self.client.post(
                reverse("reports:review", args=[r.pk]), {"action": "approve", "version": r.version}
            )
        self.assertEqual(self.report(a).status, ReportStatus.RETURNED)
        self.assertEqual(self.report(b).status, ReportStatus.APPROVED)

        self.client.force_login(self.reporter)
        page = self.client.get(self.grid)
        self.assertContains(page, "形象进度过简，请补充")
        form = page.context["rows"][0][1]
        self.assertIsNotNone(form)
        self.assertIsNone(page.context["rows"][1][1])  # approved rows are locked
        fixed = row(a, version=form.initial["version"], progress_text="主体结构施工至6层，附照片")
        self.assertEqual(self.post_grid(fixed).status_code, 302)
        ra = self.report(a)
        self.assertEqual((ra.status, ra.revision), (ReportStatus.SUBMITTED, 2))

        self.client.force_login(self.reviewer)
        self.client.post(
            reverse("reports:review", args=[ra.pk]), {"action": "approve", "version": ra.version}
        )
        ra = self.report(a)
        self.assertEqual(ra.status, ReportStatus.APPROVED)
        events = [(v.revision, v.event, v.actor_username) for v in ra.revisions.order_by("seq")]
        self.assertEqual(
            events,
            [
                (1, RevisionEvent.SUBMITTED, "gudong"),
                (1, RevisionEvent.RETURNED, "swj"),
                (2, RevisionEvent.SUBMITTED, "gudong"),
                (2, RevisionEvent.APPROVED, "swj"),
            ],
        )
        history = self.client.get(reverse("reports:detail", args=[ra.pk]))
        self.assertContains(history, "第1版")
        self.assertContains(history, "取代第1版")
        self.assertContains(history, "形象进度过简，请补充")
        self.assertContains(history, "gudong")

    def test_a_reviewer_reviews_only_the_categories_its_department_leads(self) -> None:
        industry = make_category(name="工业", lead_department=self.development_office)
        p = make_project(unit=self.street, category=industry)
        make_listing(p)
        report = MonthlyReport.objects.create(
            project=p, year=2021, month=9, status=ReportStatus.SUBMITTED, progress_text="x"
        )
        self.client.force_login(self.reviewer)
        response = self.client.post(
            reverse("reports:review", args=[report.pk]), {"action": "approve"}
        )
        self.assertEqual(response.status_code, 404)
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.SUBMITTED)
        self.client.force_login(self.supervisor)  # 发改局 reviews every category
        self.client.post(reverse("reports:review", args=[report.pk]), {"action": "approve"})
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.APPROVED)

    def test_submitting_an_incomplete_row_saves_nothing_and_names_the_row(self) -> None:
        a, b, _ = self.projects
        self.client.force_login(self.reporter)
        response = self.post_grid({**row(a), **row(b, progress_text="")})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, f"{b.code}", status_code=400)
        self.assertContains(response, "形象进度", status_code=400)
        self.assertFalse(MonthlyReport.objects.exists())

    def test_another_units_grid_answers_404(self) -> None:
        self.client.force_login(self.reporter)
        other = reverse("reports:unit_month", args=[self.other_street.pk, "2021-09"])
        self.assertEqual(self.client.get(other).status_code, 404)
        self.assertEqual(self.client.post(other, {"action": "save"}).status_code, 404)

    def test_the_grid_and_overview_cost_a_fixed_number_of_queries(self) -> None:
        more = [make_project(unit=self.street, category=self.services) for _ in range(6)]
        for p in more:
            make_listing(p)
        self.client.force_login(self.reporter)
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.grid)
        for p in more:
            MonthlyReport.objects.create(project=p, year=2021, month=9, progress_text="y")
        with CaptureQueriesContext(connection) as many:
            self.client.get(self.grid)
        self.assertLessEqual(len(many), len(few) + 1)
        self.assertLess(len(many), 30)
        self.client.force_login(self.supervisor)
        with self.assertNumQueriesLessThan(25):
            self.client.get(reverse("reports:index"), {"as_of": "2021-09"})

    def assertNumQueriesLessThan(self, n: int) -> Any:
        test = self

        class _Ctx(CaptureQueriesContext):
            def __exit__(self, *exc: Any) -> None:
                super().__exit__(*exc)
                test.assertLess(len(self), n, [q["sql"] for q in self.captured_queries])

        return _Ctx(connection)
