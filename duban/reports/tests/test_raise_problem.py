"""A monthly report's 存在问题 is raised as a 协调事项 in one step, by the unit or by the
reviewer, so what is said at 月调度 is tracked instead of lost in free text."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from duban.problems.models import Problem
from duban.reports.choices import ReportStatus
from tests.support.factories import Personas, make_leader, make_project, make_report


@override_settings(DUBAN_TODAY="2021-10-08")
class RaiseProblemTests(Personas):
    def setUp(self) -> None:
        self.project = make_project(
            unit=self.street, lead_department=self.lead_department, leader=make_leader()
        )
        self.report = make_report(
            self.project, month=9, status=ReportStatus.SUBMITTED,
            problems_text="地块内3户征迁未签约\n影响桩基施工",
        )  # fmt: skip

    def test_the_unit_raises_its_reports_problem_in_one_step(self) -> None:
        self.client.force_login(self.reporter)
        page = self.client.get(reverse("reports:detail", args=[self.report.pk]))
        self.assertContains(page, "转为协调事项")
        answer = self.client.post(reverse("reports:raise_problem", args=[self.report.pk]))
        problem = Problem.objects.get()
        self.assertRedirects(
            answer, reverse("problems:problem", args=[problem.pk]), fetch_redirect_response=False
        )
        self.assertEqual(problem.title, "地块内3户征迁未签约")
        self.assertEqual(problem.description, "地块内3户征迁未签约\n影响桩基施工")
        self.assertEqual(problem.department, self.lead_department)
        self.assertEqual(problem.owner_unit, self.street)
        self.assertGreater(problem.deadline, problem.raised_on)
        # Raised once: the page now links to it and a second post is refused.
        page = self.client.get(reverse("reports:detail", args=[self.report.pk]))
        self.assertContains(page, "已转为协调事项")
        self.client.post(reverse("reports:raise_problem", args=[self.report.pk]))
        self.assertEqual(Problem.objects.count(), 1)

    def test_the_reviewer_may_raise_it_and_another_unit_may_not(self) -> None:
        self.client.force_login(self.other_reporter)
        answer = self.client.post(reverse("reports:raise_problem", args=[self.report.pk]))
        self.assertEqual(answer.status_code, 404)
        self.client.force_login(self.reviewer)
        self.client.post(reverse("reports:raise_problem", args=[self.report.pk]))
        self.assertEqual(Problem.objects.get().raised_by, self.reviewer)
