"""The stored lights follow every write of the services, however it is written.

The services save with a version check (a conditional UPDATE, which sends no `post_save`),
import projects with bulk INSERTs, and save rows plainly; the board reads stored lights. The
rule these tests keep: after any service write commits, the month's stored lights are exactly
what computing them gives. (Before, an approval, a node completed through its service, a
task changed or an import left the board as it was until the daily job.)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.core import signals as core_signals
from duban.core.asof import Month
from duban.projects import services as project_services
from duban.projects.choices import Listing
from duban.projects.models import Category, PlanListing, Project
from duban.reports import services as report_services
from duban.reports.choices import ReportStatus
from duban.reports.models import MonthlyReport
from duban.supervision.models import LightSnapshot
from duban.supervision.queries import Light, compute_lights, stored_lights
from duban.supervision.services import compute_snapshots
from duban.supervision.tests.factories import SupervisionCase, make_district
from duban.tasks import services as task_services
from duban.tasks.choices import TaskKind, TaskSource
from duban.tasks.models import Task
from tests.support.factories import SYSTEM, make_category, make_listing, make_project, make_report

SEPTEMBER = Month(2021, 9)


@time_machine.travel(dt.datetime(2021, 10, 8, 2, tzinfo=dt.UTC), tick=False)
class StoredLightsFollowServicesTests(SupervisionCase):
    project: Project
    report: MonthlyReport

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_district()
        cls.project = make_project(unit=cls.street, code="GL20210301", name="鼓东项目")
        make_listing(cls.project, kind=Listing.CONTINUING, planned_investment_wan=D(1200))
        make_report(cls.project, month=8, investment_wan=D(100), status=ReportStatus.APPROVED)
        cls.report = make_report(
            cls.project, month=9, investment_wan=D(900), status=ReportStatus.SUBMITTED
        )

    def setUp(self) -> None:
        compute_snapshots(SEPTEMBER, actor=SYSTEM)
        self.assertStoredAsComputed()

    def assertStoredAsComputed(self) -> None:
        stored = stored_lights(SEPTEMBER)
        assert stored is not None

        def rows(lights: list[Light]) -> list[dict[str, Any]]:  # a refreshed unit's rows are new
            return sorted((x.as_json() for x in lights), key=lambda j: (j["kind"], j["subject"]))

        self.assertEqual(rows(stored), rows(compute_lights(SEPTEMBER)))

    def colour_of(self, subject: str) -> str | None:
        stored = stored_lights(SEPTEMBER) or []
        return next((x.colour for x in stored if x.subject == subject), None)

    def test_an_approval_through_the_service_refreshes_the_board(self) -> None:
        self.assertEqual(self.colour_of("GL20210301"), "red")  # 100 of 1,200 approved
        with self.captureOnCommitCallbacks(execute=True):
            report_services.approve_report(self.report, actor=self.supervisor)
        self.assertEqual(self.colour_of("GL20210301"), "green")  # 1,000 of 1,200
        self.assertStoredAsComputed()

    def test_projects_imported_in_bulk_appear_on_the_board(self) -> None:
        category = Category.objects.first() or make_category(name="工业")
        new = [
            project_services.NewProject(
                {
                    "code": f"GL2021040{i}",
                    "name": f"新项目{i}",
                    "category": category,
                    "industry": "tertiary",
                    "total_investment_wan": 5000,
                    "unit": self.third_unit,
                },
                listing_year=2021,
                listing_kind=Listing.NEW_START,
                planned_investment_wan=D(800),
            )
            for i in range(3)
        ]
        with self.captureOnCommitCallbacks(execute=True):
            project_services.create_projects(new, actor=self.supervisor)
        self.assertEqual(
            {x.subject for x in stored_lights(SEPTEMBER) or [] if x.unit_id == self.third_unit.pk},
            {"GL20210400", "GL20210401", "GL20210402"},
        )
        self.assertStoredAsComputed()

    def test_a_task_changed_or_reported_through_its_services_refreshes_the_board(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            task = task_services.create_task(
                actor=SYSTEM, kind=TaskKind.TASK, title="老旧小区改造（示例）",
                source=TaskSource.PLAN, lead_unit=self.street,
                assigned_on=dt.date(2021, 3, 1), deadline=dt.date(2021, 6, 30),
            )  # fmt: skip
        subject = next(x.subject for x in stored_lights(SEPTEMBER) or [] if x.kind == "task")
        self.assertEqual(self.colour_of(subject), "red")  # past its deadline
        with self.captureOnCommitCallbacks(execute=True):
            task_services.change_task(
                task, actor=self.supervisor, expected_version=task.version,
                data={"deadline": dt.date(2021, 12, 31)},
            )  # fmt: skip
        self.assertEqual(self.colour_of(subject), "yellow")  # no progress this month
        self.assertStoredAsComputed()
        task = Task.objects.get(pk=task.pk)
        with self.captureOnCommitCallbacks(execute=True):
            task_services.report_progress(
                task, actor=self.reporter, year=2021, month=9, text="已完成立项"
            )
        self.assertEqual(self.colour_of(subject), "green")
        self.assertStoredAsComputed()

    def test_a_draft_saved_as_a_draft_refreshes_nothing(self) -> None:
        """No light reads a draft: saving one leaves the stored lights as they are, without
        recomputing them (a unit's month-end typing would otherwise recompute at every save)."""
        other = make_project(unit=self.street, code="GL20210302", name="鼓东二期")
        make_listing(other, kind=Listing.CONTINUING, planned_investment_wan=D(600))
        draft = make_report(other, month=9, status=ReportStatus.DRAFT)
        before = list(LightSnapshot.objects.order_by("pk").values_list("pk", "payload"))
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            report_services.save_draft(
                actor=self.reporter, project=other, year=2021, month=9,
                data={"progress_text": "土建施工"}, expected_version=draft.version,
            )  # fmt: skip
        self.assertEqual(
            list(LightSnapshot.objects.order_by("pk").values_list("pk", "payload")), before
        )
        self.assertFalse([c for c in callbacks if getattr(c, "__name__", "") == "flush"])

    def test_a_large_bulk_insert_looks_its_projects_up_in_chunks(self) -> None:
        """An import can insert 100,000 listings: their projects' units are read in chunks
        (SQLite bounds a statement's parameters), and every unit concerned is refreshed."""
        rows = [{"project_id": pk, "year": 2021} for pk in range(10**6, 10**6 + 2500)]
        rows.append({"project_id": self.project.pk, "year": 2021})
        # Approved without a signal, so only the bulk insert's signal can refresh it.
        MonthlyReport.objects.filter(pk=self.report.pk).update(status=ReportStatus.APPROVED)
        self.assertEqual(self.colour_of("GL20210301"), "red")
        with (
            CaptureQueriesContext(connection) as seen,
            self.captureOnCommitCallbacks() as callbacks,
        ):
            core_signals.rows_inserted.send(sender=PlanListing, rows=rows)
        lookups = [q for q in seen if 'FROM "projects_project"' in q["sql"]]
        self.assertEqual(len(lookups), 3)  # 2,501 project ids, 900 a query
        for callback in callbacks:
            callback()
        self.assertEqual(self.colour_of("GL20210301"), "green")
        self.assertStoredAsComputed()

    def test_a_task_step_that_only_moves_its_version_refreshes_nothing(self) -> None:
        """A milestone added to a task moves the task's version and nothing its light reads:
        no recomputation is queued for it."""
        task = task_services.create_task(
            actor=SYSTEM, kind=TaskKind.TASK, title="老旧小区改造（示例）",
            source=TaskSource.PLAN, lead_unit=self.street,
            assigned_on=dt.date(2021, 3, 1), deadline=dt.date(2021, 12, 31),
        )  # fmt: skip
        with self.captureOnCommitCallbacks() as callbacks:
            task_services.add_milestone(
                task, actor=self.supervisor, expected_version=task.version,
                name="完成立项", due=dt.date(2021, 11, 30),
            )  # fmt: skip
        self.assertFalse([c for c in callbacks if getattr(c, "__name__", "") == "flush"])
