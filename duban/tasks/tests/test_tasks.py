"""Tasks and findings: assigned to a lead unit with cooperating units, overdue by the business
clock, seen only by their units, and closed (销号) only when the issuing office confirms the
unit's evidence."""

from __future__ import annotations

import json
import tempfile
from io import StringIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from duban.audit.models import AuditEvent
from duban.core.asof import Month
from duban.tasks import services
from duban.tasks.choices import FindingCategory, Standing, TaskKind, TaskSource, TaskStatus
from duban.tasks.models import Task
from duban.tasks.queries import reference_day, unit_month_rows
from tests.support.dispatch import photo
from tests.support.factories import SYSTEM, Personas, day, make_listing, make_project

MEDIA = tempfile.mkdtemp(prefix="duban-tasks-")


def make_task(**kw: object) -> Task:
    kw.setdefault("kind", TaskKind.TASK)
    kw.setdefault("title", "老旧小区改造（示例）")
    kw.setdefault("source", TaskSource.PLAN)
    kw.setdefault("assigned_on", day("2021-03-01"))
    kw.setdefault("deadline", day("2021-06-30"))
    return services.create_task(actor=SYSTEM, **kw)  # type: ignore[arg-type]


@override_settings(DUBAN_TODAY="2021-10-08", MEDIA_ROOT=MEDIA)
class TaskRulesTests(Personas):
    def test_a_deadline_in_working_days_follows_the_official_calendar(self) -> None:
        # 2021-09-30 + 3 working days skips the National Day holiday (10-01..10-07) and lands
        # on Saturday 10-09, a 调休 working day only when the calendar says so; at least it is
        # after the holiday.
        task = make_task(
            lead_unit=self.street, assigned_on=day("2021-09-30"), deadline=None, working_days=3
        )
        self.assertGreater(task.deadline, day("2021-10-07"))
        self.assertEqual(task.deadline_working_days, 3)

    def test_a_task_is_overdue_by_the_business_clock_and_not_before(self) -> None:
        task = make_task(lead_unit=self.street, deadline=day("2021-09-15"))
        self.assertEqual(task.standing(day("2021-08-31")), Standing.OPEN)
        self.assertEqual(task.standing(day("2021-09-30")), Standing.OVERDUE)
        self.assertEqual(task.standing(reference_day(Month(2021, 9))), Standing.OVERDUE)

    def test_a_unit_sees_the_tasks_it_leads_or_cooperates_on_and_no_others(self) -> None:
        led = make_task(lead_unit=self.street, cooperating_units=[self.other_street])
        other = make_task(lead_unit=self.third_unit)
        self.client.force_login(self.other_reporter)
        page = self.client.get(reverse("tasks:index"), {"as_of": "2021-09"})
        self.assertContains(page, led.title, count=1)
        self.assertEqual(self.client.get(reverse("tasks:detail", args=[other.pk])).status_code, 404)
        self.client.force_login(self.supervisor)
        page = self.client.get(reverse("tasks:index"), {"as_of": "2021-09"})
        self.assertEqual(len(page.context["rows"]), 2)

    def test_only_the_office_may_assign_tasks(self) -> None:
        with self.assertRaises(PermissionDenied):
            services.create_task(
                actor=self.reporter,
                kind=TaskKind.TASK,
                title="x",
                source=TaskSource.PLAN,
                lead_unit=self.street,
                deadline=day("2021-12-31"),
            )


@override_settings(DUBAN_TODAY="2021-10-08", MEDIA_ROOT=MEDIA)
class FindingClosureTests(Personas):
    """整改销号: the unit asks with evidence; only the issuing office confirms."""

    def setUp(self) -> None:
        self.finding = make_task(
            kind=TaskKind.FINDING,
            title="背街小巷垃圾清运不及时（示例）",
            source=TaskSource.INSPECTION,
            category=FindingCategory.URBAN,
            lead_unit=self.street,
            issuer=self.lead_department,
            measures="增加清运频次",
        )

    def test_a_finding_needs_evidence_before_closure_can_be_asked(self) -> None:
        with self.assertRaises(ValidationError):
            services.request_closure(
                self.finding, actor=self.reporter, expected_version=1, note="已整改"
            )

    def test_the_unit_cannot_close_its_own_finding(self) -> None:
        services.request_closure(
            self.finding, actor=self.reporter, expected_version=1, note="已整改", uploads=[photo()]
        )
        with self.assertRaises(PermissionDenied):
            services.confirm_closure(self.finding, actor=self.reporter, expected_version=2)
        # Another unit's reporter cannot either.
        with self.assertRaises(PermissionDenied):
            services.confirm_closure(self.finding, actor=self.other_reporter, expected_version=2)
        self.finding.refresh_from_db()
        self.assertEqual(self.finding.status, TaskStatus.OPEN)

    def test_the_issuing_office_confirms_the_evidence_and_the_finding_is_closed(self) -> None:
        services.request_closure(
            self.finding, actor=self.reporter, expected_version=1, note="已整改", uploads=[photo()]
        )
        services.confirm_closure(self.finding, actor=self.reviewer, expected_version=2)
        self.finding.refresh_from_db()
        self.assertEqual(self.finding.status, TaskStatus.CLOSED)
        self.assertEqual(self.finding.closed_on, day("2021-10-08"))
        closed = AuditEvent.objects.get(event="task.closed")
        self.assertEqual(len(closed.detail["evidence"]), 1)

    def test_confirming_without_a_request_is_refused(self) -> None:
        with self.assertRaises(ValidationError):
            services.confirm_closure(self.finding, actor=self.supervisor, expected_version=1)

    def test_a_closed_finding_is_reopened_by_a_look_back(self) -> None:
        services.request_closure(
            self.finding, actor=self.reporter, expected_version=1, note="已整改", uploads=[photo()]
        )
        services.confirm_closure(self.finding, actor=self.supervisor, expected_version=2)
        services.reopen(
            self.finding,
            actor=self.supervisor,
            expected_version=3,
            reason="回头看发现反弹",
            deadline=day("2021-11-30"),
        )
        self.finding.refresh_from_db()
        self.assertEqual(self.finding.standing(day("2021-10-08")), Standing.REOPENED)
        self.assertIsNone(self.finding.closed_on)

    def test_the_closure_steps_through_the_pages(self) -> None:
        self.client.force_login(self.reporter)
        url = reverse("tasks:closure", args=[self.finding.pk])
        self.client.post(
            url, {"step": "request", "version": 1, "note": "已整改", "evidence": [photo()]}
        )
        self.client.post(url, {"step": "confirm", "version": 2})  # refused: not the office
        self.finding.refresh_from_db()
        self.assertIsNotNone(self.finding.closure_requested_on)
        self.assertEqual(self.finding.status, TaskStatus.OPEN)
        self.client.force_login(self.reviewer)
        page = self.client.get(reverse("tasks:detail", args=[self.finding.pk]))
        self.assertIsNotNone(page.context["confirm_form"])
        self.client.post(url, {"step": "confirm", "version": 2})
        self.finding.refresh_from_db()
        self.assertEqual(self.finding.status, TaskStatus.CLOSED)


@override_settings(DUBAN_TODAY="2021-10-08", MEDIA_ROOT=MEDIA)
class MonthlyPageTests(Personas):
    """A 街道 reporter's month holds its projects, tasks and findings together."""

    def test_the_reporting_page_holds_projects_tasks_and_findings(self) -> None:
        project = make_project(unit=self.street)
        make_listing(project)
        task = make_task(lead_unit=self.street, title="为民办实事：长者食堂（示例）")
        finding = make_task(
            kind=TaskKind.FINDING,
            title="巡察反馈：台账不规范（示例）",
            source=TaskSource.INSPECTION,
            category=FindingCategory.PATROL,
            lead_unit=self.street,
            issuer=self.development_office,
        )
        make_task(lead_unit=self.other_street, title="别的街道的任务")
        self.client.force_login(self.reporter)
        url = reverse("reports:unit_month", args=[self.street.pk, "2021-09"])
        page = self.client.get(url)
        self.assertContains(page, project.name)
        self.assertContains(page, task.title)
        self.assertContains(page, finding.title)
        self.assertNotContains(page, "别的街道的任务")
        self.assertContains(page, "已逾期")
        # The month's progress is saved from the same page through the tasks service.
        answer = self.client.post(
            reverse("tasks:progress", args=[self.street.pk, "2021-09"]),
            {f"t{task.pk}-text": "已完成选址\r\n装修中", f"t{task.pk}-version": "0"},
        )
        self.assertRedirects(answer, url, fetch_redirect_response=False)
        rows = {r.task.pk: r for r in unit_month_rows(self.reporter, self.street, Month(2021, 9))}
        self.assertEqual(rows[task.pk].progress.text, "已完成选址\n装修中")  # type: ignore[union-attr]
        self.assertTrue(AuditEvent.objects.filter(event="task.progress_reported").exists())

    def test_another_unit_cannot_post_progress_on_this_units_page(self) -> None:
        task = make_task(lead_unit=self.street)
        self.client.force_login(self.other_reporter)
        answer = self.client.post(
            reverse("tasks:progress", args=[self.street.pk, "2021-09"]),
            {f"t{task.pk}-text": "冒名"},
        )
        self.assertEqual(answer.status_code, 404)


@override_settings(DUBAN_TODAY="2021-10-08")
class CommandTests(Personas):
    def test_duban_tasks_prints_the_json_contract(self) -> None:
        make_task(lead_unit=self.street, deadline=day("2021-09-15"), title="逾期任务")
        make_task(lead_unit=self.street, deadline=day("2021-12-31"), title="在办任务")
        make_task(
            lead_unit=self.street,
            assigned_on=day("2021-10-02"),
            deadline=day("2021-12-31"),
            title="十月才交办",
        )
        decision = make_task(
            kind=TaskKind.DECISION,
            source=TaskSource.MEETING,
            lead_unit=self.other_street,
            meeting_id=7,
            title="会议议定",
        )
        out = StringIO()
        call_command("tasks", "--as-of", "2021-09", "--format", "json", stdout=out)
        rows = json.loads(out.getvalue())
        self.assertEqual([r["title"] for r in rows], ["会议议定", "逾期任务", "在办任务"])
        keys = {"id", "title", "kind", "source", "lead_unit", "deadline", "status", "meeting_id"}
        self.assertTrue(all(set(r) == keys for r in rows))
        by_title = {r["title"]: r for r in rows}
        self.assertEqual(by_title["逾期任务"]["status"], "overdue")
        self.assertEqual(by_title["在办任务"]["status"], "open")
        self.assertEqual(by_title["会议议定"]["meeting_id"], 7)
        self.assertEqual(by_title["会议议定"]["kind"], "decision")
        self.assertEqual(by_title["会议议定"]["id"], decision.pk)
        self.assertIsNone(by_title["在办任务"]["meeting_id"])
        self.assertEqual(by_title["在办任务"]["lead_unit"], "鼓东街道")
        self.assertEqual(by_title["在办任务"]["deadline"], "2021-12-31")


@override_settings(DUBAN_TODAY="2021-10-08")
class NewTaskPageTests(Personas):
    def test_the_office_assigns_a_task_with_a_deadline_in_working_days(self) -> None:
        self.client.force_login(self.supervisor)
        answer = self.client.post(
            reverse("tasks:new"),
            {"title": "长者食堂提质（示例）", "source": "instruction", "source_detail": "区长批示",
             "lead_unit": self.street.pk, "cooperating_units": [self.other_street.pk],
             "working_days": 10, "completion_standard": "验收合格"},
        )  # fmt: skip
        task = Task.objects.get()
        self.assertRedirects(
            answer, reverse("tasks:detail", args=[task.pk]), fetch_redirect_response=False
        )
        self.assertEqual(task.assigned_on, day("2021-10-08"))
        self.assertEqual(task.deadline_working_days, 10)
        self.assertEqual(list(task.cooperating_units.all()), [self.other_street])
        self.client.force_login(self.reporter)
        self.assertEqual(self.client.get(reverse("tasks:new")).status_code, 404)
