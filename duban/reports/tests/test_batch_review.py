"""Month-end review in batches: a reviewer approves the clean reports in one action and returns
several with one reason, while each report is still reviewed, versioned and audited on its own,
a report changed meanwhile is named (not skipped in silence), and a report outside the
reviewer's categories refuses the whole request."""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.audit.models import AuditEvent
from duban.core.asof import Month
from duban.core.evidence import EvidenceKind
from duban.core.roles import Role
from duban.files.models import Attachment
from duban.orgs.choices import UnitKind
from duban.projects.choices import Listing
from duban.reports import queries, services
from duban.reports.choices import ReportStatus, RevisionEvent
from duban.reports.models import MonthlyReport
from tests.support.factories import (
    SYSTEM,
    Personas,
    make_category,
    make_listing,
    make_project,
    make_report,
    make_unit,
    make_user,
)

NOW = "2021-10-03 10:00 +0800"
SEPTEMBER = Month(2021, 9)


def submitted(project: Any, investment: int = 500, **kw: Any) -> MonthlyReport:
    """A September report as a unit submits it (through the service, so it has its version)."""
    draft = services.save_draft(
        actor=SYSTEM,
        project=project,
        year=2021,
        month=9,
        data={
            "investment_wan": investment,
            "progress_text": "主体施工",
            "confidence": kw.pop("confidence", "high"),
            "confidence_reason": "按计划推进",
        },
        expected_version=None,
    )
    report = services.submit_report(draft, actor=SYSTEM)
    if kw.pop("photo", True):
        Attachment.objects.create(
            owner_type=ContentType.objects.get_for_model(MonthlyReport),
            owner_id=report.pk,
            original_name="现场.png",
            stored_name=f"x{report.pk}.png",
            kind=EvidenceKind.PNG,
            content_type="image/png",
            size=10,
            sha256="0" * 64,
        )
    return report


@time_machine.travel(NOW, tick=False)
class BatchReviewTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.services_cat = make_category(name="服务业", lead_department=cls.lead_department)
        cls.industry = make_category(name="工业", lead_department=cls.development_office)
        cls.projects = [
            make_project(unit=cls.street, category=cls.services_cat, name=f"鼓东项目{i}")
            for i in range(1, 5)
        ]
        for p in cls.projects:
            make_listing(p, kind=Listing.CONTINUING, planned_investment_wan=Decimal(6000))
        cls.foreign = make_project(unit=cls.other_street, category=cls.industry, name="工业项目")
        make_listing(cls.foreign)

    def setUp(self) -> None:
        a, b, c, d = self.projects
        make_report(a, month=8, status=ReportStatus.APPROVED, investment_wan=Decimal(400),
                    first_submitted_at="2021-09-03T10:00+08:00")  # fmt: skip
        self.clean = [submitted(a, 450), submitted(b, 300)]
        self.no_photo = submitted(c, 200, photo=False)
        self.jump = submitted(d, 5000)  # nothing last month: +5000 万元 is a jump
        self.outside = submitted(self.foreign, 100)  # industry: not the 商务局 reviewer's

    def items(self, *reports: MonthlyReport) -> list[services.ReviewItem]:
        return [services.ReviewItem(r.pk, r.version) for r in reports]

    def test_the_queue_shows_each_reports_figures_and_warnings(self) -> None:
        rows = {
            row.report.project.name: row for row in queries.review_rows(self.reviewer, SEPTEMBER)
        }
        self.assertEqual(sorted(rows), ["鼓东项目1", "鼓东项目2", "鼓东项目3", "鼓东项目4"])
        first = rows["鼓东项目1"].figures
        self.assertEqual(
            (first.this_month_wan, first.last_month_wan, first.year_to_date_wan, first.planned_wan),
            (Decimal(450), Decimal(400), Decimal(850), Decimal(6000)),
        )
        self.assertEqual((first.photos, first.files), (1, 1))
        self.assertTrue(rows["鼓东项目1"].clean and rows["鼓东项目2"].clean)
        self.assertEqual([f.code for f in rows["鼓东项目3"].flags], ["no_photo"])
        self.assertEqual([f.code for f in rows["鼓东项目4"].flags], ["jump"])

    def test_a_batch_approves_each_report_with_its_own_version_and_audit_row(self) -> None:
        audit_before = AuditEvent.objects.filter(event="report.approved").count()
        outcome = services.review_batch(
            actor=self.reviewer, items=self.items(*self.clean), approve=True
        )
        self.assertEqual([r.pk for r in outcome.done], [r.pk for r in self.clean])
        self.assertEqual((outcome.stale, outcome.refused), ([], []))
        for report in self.clean:
            report.refresh_from_db()
            self.assertEqual(report.status, ReportStatus.APPROVED)
            self.assertEqual(report.reviewed_by, self.reviewer)
            last = report.revisions.order_by("-seq").first()
            assert last is not None
            self.assertEqual((last.event, last.actor_username), (RevisionEvent.APPROVED, "swj"))
            approved = AuditEvent.objects.filter(event="report.approved", object_id=str(report.pk))
            self.assertEqual(approved.count(), 1)
        self.assertEqual(
            AuditEvent.objects.filter(event="report.approved").count(), audit_before + 2
        )

    def test_a_report_changed_since_the_page_was_loaded_is_named_and_left_alone(self) -> None:
        a, b = self.clean
        seen = self.items(a, b)
        services.return_report(a, actor=self.supervisor, reason="请补充照片说明")  # meanwhile
        outcome = services.review_batch(actor=self.reviewer, items=seen, approve=True)
        self.assertEqual([r.pk for r in outcome.stale], [a.pk])
        self.assertEqual([r.pk for r in outcome.done], [b.pk])
        a.refresh_from_db()
        self.assertEqual((a.status, a.return_reason), (ReportStatus.RETURNED, "请补充照片说明"))
        self.assertFalse(
            AuditEvent.objects.filter(event="report.approved", object_id=str(a.pk)).exists()
        )

    def test_a_report_outside_the_reviewers_categories_refuses_the_whole_batch(self) -> None:
        with self.assertRaises(PermissionDenied):
            services.review_batch(
                actor=self.reviewer, items=self.items(*self.clean, self.outside), approve=True
            )
        with self.assertRaises(PermissionDenied):  # an id that does not exist at all
            services.review_batch(
                actor=self.reviewer, items=[services.ReviewItem(999999, 1)], approve=True
            )
        statuses = MonthlyReport.objects.filter(year=2021, month=9).values_list("status", flat=True)
        self.assertEqual(set(statuses), {ReportStatus.SUBMITTED})
        with self.assertRaises(PermissionDenied):  # a reporter reviews nothing
            services.review_batch(actor=self.reporter, items=self.items(*self.clean), approve=True)

    def test_several_are_returned_with_one_reason_and_a_reason_is_required(self) -> None:
        with self.assertRaises(ValidationError):
            services.review_batch(actor=self.reviewer, items=self.items(*self.clean), approve=False)
        outcome = services.review_batch(
            actor=self.reviewer, items=self.items(*self.clean), approve=False, reason="  缺少照片  "
        )
        self.assertEqual(len(outcome.done), 2)
        for report in self.clean:
            report.refresh_from_db()
            self.assertEqual(
                (report.status, report.return_reason), (ReportStatus.RETURNED, "缺少照片")
            )
        self.assertEqual(
            AuditEvent.objects.filter(
                event="report.returned", object_id__in=[str(r.pk) for r in self.clean]
            ).count(),
            2,
        )

    def test_the_page_approves_every_report_without_a_warning_in_one_action(self) -> None:
        self.client.force_login(self.reviewer)
        index = self.client.get(reverse("reports:index"), {"as_of": "2021-09"})
        self.assertContains(index, "全部无提示的通过（2 份）")
        self.assertContains(index, "无现场照片")
        self.assertContains(index, "投资大幅跳升")
        form = {"month": "2021-09", "action": "approve_clean"}
        form.update({f"v{r.pk}": r.version for r in [*self.clean, self.no_photo, self.jump]})
        response = self.client.post(reverse("reports:review_batch"), form, follow=True)
        self.assertContains(response, "已审核通过 2 份月报")
        status = dict(MonthlyReport.objects.filter(month=9).values_list("pk", "status"))
        self.assertEqual(
            [status[r.pk] for r in [*self.clean, self.no_photo, self.jump]],
            [ReportStatus.APPROVED] * 2 + [ReportStatus.SUBMITTED] * 2,
        )

    def test_the_page_returns_a_selection_and_names_a_stale_one(self) -> None:
        self.client.force_login(self.reviewer)
        form: dict[str, Any] = {"month": "2021-09", "action": "return", "reason": "数字有误"}
        form["report"] = [self.no_photo.pk, self.jump.pk]
        form.update({f"v{self.no_photo.pk}": self.no_photo.version, f"v{self.jump.pk}": 1})
        response = self.client.post(reverse("reports:review_batch"), form, follow=True)
        self.assertContains(response, "已退回 1 份月报")
        self.assertContains(response, self.jump.project.code)  # stale: named on the page
        self.no_photo.refresh_from_db()
        self.jump.refresh_from_db()
        self.assertEqual(self.no_photo.status, ReportStatus.RETURNED)
        self.assertEqual(self.jump.status, ReportStatus.SUBMITTED)

    def test_a_posted_id_outside_the_scope_answers_404_and_nothing_is_reviewed(self) -> None:
        self.client.force_login(self.reviewer)
        form = {
            "month": "2021-09",
            "action": "approve",
            "report": [self.clean[0].pk, self.outside.pk],
        }
        form.update({f"v{r.pk}": r.version for r in (self.clean[0], self.outside)})
        response = self.client.post(reverse("reports:review_batch"), form)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(
            set(MonthlyReport.objects.filter(month=9).values_list("status", flat=True)),
            {ReportStatus.SUBMITTED},
        )
        self.client.force_login(self.reporter)
        self.assertEqual(self.client.post(reverse("reports:review_batch"), form).status_code, 404)

    def test_a_mangled_form_is_refused_without_an_error_page(self) -> None:
        self.client.force_login(self.reviewer)
        for form in (
            {"month": "2021-09", "action": "approve", "report": ["x"]},
            {"month": "2021-09", "action": "approve"},
            {"month": "2021-09", "one": "1e9"},
        ):
            response = self.client.post(reverse("reports:review_batch"), form)
            self.assertEqual(response.status_code, 302, form)
        self.assertEqual(
            self.client.post(reverse("reports:review_batch"), {"month": "x"}).status_code, 404
        )

    def test_the_queue_page_costs_the_same_queries_for_seventy_reports_as_for_four(self) -> None:
        self.client.force_login(self.supervisor)
        url = reverse("reports:index")
        with CaptureQueriesContext(connection) as few:
            self.client.get(url, {"as_of": "2021-09"})
        for i in range(66):
            project = make_project(unit=self.street, category=self.services_cat, name=f"加{i}")
            make_listing(project, kind=Listing.CONTINUING)
            submitted(project, 100 + i, photo=i % 2 == 0)
        with CaptureQueriesContext(connection) as many:
            page = self.client.get(url, {"as_of": "2021-09"})
        self.assertEqual(len(page.context["queue"]), 71)
        self.assertEqual(len(many), len(few), [q["sql"] for q in many.captured_queries])
        self.assertLess(len(many), 25)


@pytest.mark.django_db(transaction=True)
@time_machine.travel(NOW, tick=False)
def test_two_reviewers_batching_overlapping_reports_at_once_review_each_report_once() -> None:
    """Two batches race over the same reports (PostgreSQL row locks): every report is reviewed
    exactly once; for each report both named, one batch wins and the other reports it stale."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite ignores row locks; the stale-version tests above cover SQLite")
    district_office = make_unit(code="fgj_race", kind=UnitKind.DEPARTMENT)
    commerce = make_unit(code="swj_race", kind=UnitKind.DEPARTMENT)
    supervisor = make_user(Role.SUPERVISOR, district_office, username="fgj_race")
    reviewer = make_user(Role.REVIEWER, commerce, username="swj_race")
    category = make_category(lead_department=commerce)
    street = make_unit()
    reports = []
    for _ in range(4):
        project = make_project(unit=street, category=category)
        make_listing(project)
        reports.append(submitted(project, photo=False))
    seen = {r.pk: r.version for r in reports}
    first_batch = [services.ReviewItem(r.pk, seen[r.pk]) for r in reports[:3]]
    second_batch = [services.ReviewItem(r.pk, seen[r.pk]) for r in reports[1:]]
    start, outcomes = threading.Barrier(2), {}

    def run(name: str, actor: Any, items: list[services.ReviewItem], approve: bool) -> None:
        try:
            start.wait(5)
            outcomes[name] = services.review_batch(
                actor=actor, items=items, approve=approve, reason="数字需核实"
            )
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=("approve", supervisor, first_batch, True)),
        threading.Thread(target=run, args=("return", reviewer, second_batch, False)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    done = {r.pk for o in outcomes.values() for r in o.done}
    stale = [r.pk for o in outcomes.values() for r in o.stale]
    assert done == set(seen) and len(stale) == 2 and set(stale) <= {r.pk for r in reports[1:3]}
    for report in reports:
        assert report.revisions.count() == 2  # submitted + exactly one review
        reviewed = AuditEvent.objects.filter(
            event__in=["report.approved", "report.returned"], object_id=str(report.pk)
        )
        assert reviewed.count() == 1
