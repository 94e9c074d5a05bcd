"""The warning board and the screen read stored lights; a change refreshes them.

Issue 22: recomputing every light on each request does not scale to a province, so the board
reads `LightSnapshot` rows; a report, node, target or rule change refreshes the months already
stored, for the units concerned, once the change commits.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.core.asof import Month
from duban.orgs.models import Unit
from duban.projects.choices import Listing
from duban.projects.models import Project
from duban.reports.choices import ReportStatus
from duban.reports.models import MonthlyReport
from duban.supervision.models import LightSnapshot
from duban.supervision.queries import compute_lights, red_projects, stored_lights
from duban.supervision.services import compute_snapshots
from duban.supervision.tests.factories import SupervisionCase, make_district, make_rule
from tests.support.factories import SYSTEM, make_listing, make_project, make_report

BOARD = reverse("supervision:board") + "?as_of=2021-09&colour=all"
SEPTEMBER = Month(2021, 9)


@time_machine.travel(dt.datetime(2021, 10, 8, 2, tzinfo=dt.UTC), tick=False)
class StoredLightsTests(SupervisionCase):
    red: Project
    green: Project

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_district()
        cls.red = cls.project(cls.street, "GL20210201", "鼓东项目", "300")
        cls.green = cls.project(cls.third_unit, "GL20210203", "软件园研发中心", "850")

    @classmethod
    def project(cls, unit: Unit, code: str, name: str, done: str) -> Project:
        p = make_project(unit=unit, code=code, name=name)
        make_listing(p, kind=Listing.CONTINUING, planned_investment_wan=D(1200))
        make_report(p, month=9, investment_wan=D(done), status=ReportStatus.APPROVED)
        return p

    def colours(self) -> dict[str, str]:
        self.client.force_login(self.supervisor)
        response = self.client.get(BOARD)
        return {row.subject: row.colour for row in response.context["rows"]}

    def test_stored_lights_are_the_computed_lights(self) -> None:
        compute_snapshots(SEPTEMBER, actor=SYSTEM)
        stored = stored_lights(SEPTEMBER)
        assert stored is not None
        computed = compute_lights(SEPTEMBER)
        self.assertEqual([x.as_json() for x in stored], [x.as_json() for x in computed])
        self.assertEqual(
            [(x.unit_kind, x.category_label, x.nodes) for x in stored],
            [(x.unit_kind, x.category_label, x.nodes) for x in computed],
        )

    def test_a_month_never_stored_is_computed_and_a_stored_one_only_read(self) -> None:
        self.assertIsNone(stored_lights(SEPTEMBER))
        self.assertEqual(self.colours(), {"GL20210201": "red", "GL20210203": "green"})
        compute_snapshots(SEPTEMBER, actor=SYSTEM)
        self.client.force_login(self.supervisor)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(BOARD)
        self.assertEqual(response.context["counts"], {"green": 1, "yellow": 0, "red": 1})
        sql = " ".join(q["sql"] for q in queries.captured_queries)
        self.assertIn("supervision_lightsnapshot", sql)
        # No light is recomputed: none of the tables lights are computed from is read.
        for table in ("reports_monthlyreport", "projects_planlisting", "targets_target"):
            self.assertNotIn(table, sql)

    def test_a_saved_report_refreshes_its_units_stored_lights_on_commit(self) -> None:
        compute_snapshots(SEPTEMBER, actor=SYSTEM)
        report = MonthlyReport.objects.get(project=self.red, month=9)
        report.investment_wan = D(1000)  # 83% of the plan against 75% expected: green
        with self.captureOnCommitCallbacks(execute=True):
            report.save()
        self.assertEqual(self.colours(), {"GL20210201": "green", "GL20210203": "green"})
        self.assertEqual(red_projects(SEPTEMBER), [])
        refreshed = LightSnapshot.objects.get(object_id=self.red.pk, month=9)
        self.assertEqual(refreshed.colour, "green")

    def test_a_change_before_the_commit_is_not_yet_shown_and_other_units_are_untouched(
        self,
    ) -> None:
        compute_snapshots(SEPTEMBER, actor=SYSTEM)
        before = LightSnapshot.objects.get(object_id=self.green.pk, month=9).payload
        MonthlyReport.objects.filter(project=self.red, month=9).update(investment_wan=D(1000))
        self.assertEqual(self.colours()["GL20210201"], "red")  # stored, not recomputed
        report = MonthlyReport.objects.get(project=self.red, month=9)
        with self.captureOnCommitCallbacks(execute=True):
            report.save()
        self.assertEqual(self.colours()["GL20210201"], "green")
        self.assertEqual(
            LightSnapshot.objects.get(object_id=self.green.pk, month=9).payload, before
        )

    def test_a_new_rule_refreshes_every_unit_and_months_never_stored_stay_so(self) -> None:
        compute_snapshots(SEPTEMBER, actor=SYSTEM)
        with self.captureOnCommitCallbacks(execute=True):
            make_rule(effective_from=dt.date(2021, 1, 1), yellow_gap_pp=D(2), red_gap_pp=D(3))
        self.assertEqual(self.colours(), {"GL20210201": "red", "GL20210203": "red"})
        self.assertEqual(set(LightSnapshot.objects.values_list("month", flat=True)), {9})


@time_machine.travel(dt.datetime(2021, 10, 8, 2, tzinfo=dt.UTC), tick=False)
class StoredBoardTests(SupervisionCase):
    """The board from stored lights shows what the board computing them showed."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_district()
        for unit, done in ((cls.street, "300"), (cls.other_street, "700"), (cls.third_unit, "900")):
            for i in range(3):
                p = make_project(unit=unit, code=f"GL2021{unit.pk:02d}{i:02d}", name=f"项目{i}")
                make_listing(p, kind=Listing.NEW_START, planned_investment_wan=D(1200))
                p.planned_start = dt.date(2021, 3, 1)  # not started: an overdue node
                p.save()
                make_report(p, month=9, investment_wan=D(done), status=ReportStatus.APPROVED)

    def board(self, query: str) -> tuple[list[tuple[str, str]], dict[str, int], int, int]:
        self.client.force_login(self.supervisor)
        response = self.client.get(BOARD + query)
        self.assertEqual(response.status_code, 200)
        rows = [(r.subject, r.colour) for r in response.context["rows"]]
        nodes = len(response.context["node_rows"])
        return rows, response.context["counts"], response.context["total"], nodes

    def test_every_filter_gives_the_same_rows_stored_as_computed(self) -> None:
        queries = [
            "",
            "&colour=warn",
            "&colour=red",
            "&colour=green",
            "&group=park",
            f"&unit={self.other_street.pk}",
            "&kind=project",
            "&kind=target",
        ]
        computed = {q: self.board(q) for q in queries}
        compute_snapshots(SEPTEMBER, actor=SYSTEM)
        for q in queries:
            with self.subTest(query=q):
                self.assertEqual(self.board(q), computed[q])
        self.assertGreater(computed[""][3], 0)  # overdue nodes are shown from stored lights too

    def test_the_screens_red_projects_are_the_same_stored_as_computed(self) -> None:
        computed = red_projects(SEPTEMBER)
        compute_snapshots(SEPTEMBER, actor=SYSTEM)
        with CaptureQueriesContext(connection) as queries:
            stored = red_projects(SEPTEMBER)
        self.assertEqual(stored, computed)
        self.assertEqual(len(computed), 9)  # every start is months overdue: all red
        self.assertLessEqual(len(queries), 2)
