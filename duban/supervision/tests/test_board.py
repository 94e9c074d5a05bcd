"""The warning board: who sees what, filters, each row explained, bounded queries."""

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
from duban.supervision.models import SupervisionLetter
from duban.supervision.services import compute_snapshots
from duban.supervision.tests.factories import SupervisionCase, make_district
from tests.support.factories import SYSTEM, make_listing, make_project, make_report

BOARD = reverse("supervision:board") + "?as_of=2021-09"


@time_machine.travel(dt.datetime(2021, 10, 8, 2, tzinfo=dt.UTC), tick=False)
class BoardTests(SupervisionCase):
    red: Project
    yellow: Project
    green: Project

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_district()
        # 鼓东 lags badly (red), 鼓西 a little (yellow), 软件园 is on track (green).
        cls.red = cls.project(cls.street, "GL20210201", "鼓东<script>alert(1)</script>项目", "300")
        cls.yellow = cls.project(cls.other_street, "GL20210202", "鼓西总部大楼", "700")
        cls.green = cls.project(cls.third_unit, "GL20210203", "软件园研发中心", "900")

    @classmethod
    def project(cls, unit: Unit, code: str, name: str, done: str) -> Project:
        p = make_project(unit=unit, code=code, name=name)
        make_listing(p, kind=Listing.CONTINUING, planned_investment_wan=D(1200))
        make_report(p, month=9, investment_wan=D(done), status=ReportStatus.APPROVED)
        return p

    def subjects(self, response: object) -> list[str]:
        return [row.subject for row in response.context["rows"]]  # type: ignore[attr-defined]

    def test_the_supervisor_sees_red_and_yellow_worst_first(self) -> None:
        self.client.force_login(self.supervisor)
        response = self.client.get(BOARD)
        self.assertEqual(self.subjects(response), ["GL20210201", "GL20210202"])
        self.assertEqual(response.context["counts"], {"green": 1, "yellow": 1, "red": 1})
        self.assertContains(response, "鼓东&lt;script&gt;alert(1)&lt;/script&gt;项目")
        self.assertNotContains(response, "<script>alert(1)")
        self.assertContains(response, reverse("supervision:light", args=["project", self.red.pk]))

    def test_filters_narrow_the_rows(self) -> None:
        self.client.force_login(self.leader_user)
        cases = {
            "&colour=green": ["GL20210203"],
            "&colour=all&group=park": ["GL20210203"],
            f"&colour=all&unit={self.other_street.pk}": ["GL20210202"],
            "&kind=target": [],
            "&colour=purple&kind=nonsense": ["GL20210201", "GL20210202"],
        }
        for query, expected in cases.items():
            with self.subTest(query=query):
                response = self.client.get(BOARD + query)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(self.subjects(response), expected)

    def test_a_reporter_sees_only_its_own_units_lights(self) -> None:
        self.client.force_login(self.other_reporter)
        response = self.client.get(BOARD + "&colour=all")
        self.assertEqual(self.subjects(response), ["GL20210202"])
        explain = reverse("supervision:light", args=["project", self.red.pk])
        self.assertEqual(self.client.get(explain + "?as_of=2021-09").status_code, 404)

    def test_admins_and_strangers_are_kept_out(self) -> None:
        self.client.force_login(self.sysadmin)
        self.assertEqual(self.client.get(BOARD).status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get(BOARD).status_code, 302)

    def test_the_explanation_page_says_why_and_shows_the_history(self) -> None:
        for m in range(1, 10):
            compute_snapshots(Month(2021, m), actor=SYSTEM)
        self.client.force_login(self.supervisor)
        url = reverse("supervision:light", args=["project", self.red.pk]) + "?as_of=2021-09"
        response = self.client.get(url)
        self.assertContains(
            response, "序时进度75%，实际完成25%，落后50个百分点，超过红灯阈值20个百分点"
        )
        self.assertContains(response, "规则版本")
        self.assertContains(response, "年末预测值 = 截至本月完成值 ÷ 本月序时进度")
        self.assertEqual(len(response.context["history"]), 9)

    def test_a_red_light_becomes_a_letter_from_its_page(self) -> None:
        self.client.force_login(self.supervisor)
        url = reverse("supervision:issue_letter", args=["project", self.red.pk])
        response = self.client.post(url + "?as_of=2021-09", {"deadline": "2021-10-18"})
        letter = SupervisionLetter.objects.get()
        self.assertRedirects(response, reverse("supervision:letter", args=[letter.pk]))
        self.assertEqual((letter.unit, letter.light_month), (self.street, "2021-09"))
        yellow = reverse("supervision:issue_letter", args=["project", self.yellow.pk])
        self.client.post(yellow + "?as_of=2021-09", {"deadline": "2021-10-18"})
        self.assertEqual(SupervisionLetter.objects.count(), 1)

    def test_the_board_costs_the_same_queries_for_many_projects(self) -> None:
        self.client.force_login(self.supervisor)
        with CaptureQueriesContext(connection) as small:
            self.client.get(BOARD)
        for i in range(30):
            self.project(self.street, f"GL2021030{i:02d}", f"项目{i}", "100")
        with CaptureQueriesContext(connection) as large:
            response = self.client.get(BOARD)
        self.assertEqual(response.context["total"], 32)
        self.assertEqual(len(large), len(small))
        # 20 to compute them, plus one to look for stored lights first (none stored here).
        self.assertLessEqual(len(large), 21)
