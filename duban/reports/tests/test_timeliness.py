"""Reporting windows, late and missing reports, 月报及时率 inputs and `duban reports`."""

from __future__ import annotations

import datetime as dt
import io
import json

import time_machine
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from duban.core.asof import Month
from duban.projects.choices import Listing
from duban.projects.models import ProjectNode
from duban.reports.queries import due_date, is_late, missing_reports, timeliness_by_unit
from duban.reports.services import save_draft, set_window, submit_report
from tests.support.factories import Personas, make_category, make_listing, make_project

GOOD = {"investment_wan": "120.5", "progress_text": "基础施工", "confidence": "high",
        "confidence_reason": "顺利"}  # fmt: skip


def file_on(when: str, *, actor: object, project: object, month: int = 9) -> object:
    with time_machine.travel(when, tick=False):
        report = save_draft(
            actor=actor, project=project, year=2021, month=month, data=GOOD, expected_version=None
        )
        return submit_report(report, actor=actor)


class TimelinessTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        category = make_category()
        cls.a = make_project(unit=cls.street, category=category, code="GD001")
        cls.b = make_project(unit=cls.street, category=category, code="GD002")
        cls.c = make_project(unit=cls.street, category=category, code="GD003")
        cls.reserve = make_project(unit=cls.street, category=category, code="GD004")
        cls.west = make_project(unit=cls.other_street, category=category, code="GX001")
        for p in (cls.a, cls.b, cls.c, cls.west):
            make_listing(p)
        make_listing(cls.reserve, kind=Listing.RESERVE)

    @override_settings(DUBAN_REPORT_DUE_DAY=5)
    def test_the_due_date_defaults_to_the_setting_day_of_the_next_month(self) -> None:
        self.assertEqual(due_date(2021, 9), dt.date(2021, 10, 5))
        self.assertEqual(due_date(2021, 12), dt.date(2022, 1, 5))

    def test_the_development_office_sets_a_months_window(self) -> None:
        set_window(actor=self.supervisor, year=2021, month=9, due_on=dt.date(2021, 10, 8))
        self.assertEqual(due_date(2021, 9), dt.date(2021, 10, 8))

    @override_settings(DUBAN_REPORT_DUE_DAY=5)
    def test_a_report_after_the_deadline_is_marked_late(self) -> None:
        on_time = file_on("2021-10-05 23:59 +0800", actor=self.reporter, project=self.a)
        late = file_on("2021-10-06 00:01 +0800", actor=self.reporter, project=self.b)
        with time_machine.travel("2021-10-10 09:00 +0800", tick=False):
            self.assertFalse(is_late(on_time))
            self.assertTrue(is_late(late))
            self.assertEqual(timeliness_by_unit(2021, 9)[self.street.pk], (1, 3))
            self.assertEqual(timeliness_by_unit(2021, 9)[self.other_street.pk], (0, 1))
            self.assertEqual(
                [p.code for p in missing_reports(self.street, Month(2021, 9))], ["GD003"]
            )

    @override_settings(DUBAN_REPORT_DUE_DAY=5)
    def test_the_units_page_shows_what_it_still_owes(self) -> None:
        file_on("2021-10-02 10:00 +0800", actor=self.reporter, project=self.a)
        with time_machine.travel("2021-10-10 09:00 +0800", tick=False):
            self.client.force_login(self.reporter)
            page = self.client.get(reverse("reports:index"), {"as_of": "2021-09"})
            self.assertContains(page, "2021年9月</a>：2 个项目未报送")
            self.assertContains(page, "2021年8月</a>：3 个项目未报送")
            self.assertNotContains(page, "鼓西")

    @override_settings(DUBAN_REPORT_DUE_DAY=5)
    def test_the_reports_command_prints_the_months_reports_as_json(self) -> None:
        file_on("2021-10-07 10:00 +0800", actor=self.reporter, project=self.a)
        ProjectNode.objects.create(
            project=self.a, year=2021, order=1, name="开工", planned_on=dt.date(2021, 9, 1),
            original_planned_on=dt.date(2021, 9, 1), completed_on=dt.date(2021, 9, 12),
        )  # fmt: skip
        with time_machine.travel("2021-10-10 09:00 +0800", tick=False):
            out = io.StringIO()
            call_command("reports", month="2021-09", format="json", stdout=out)
        rows = json.loads(out.getvalue())
        self.assertEqual(len(rows), 1)
        row = rows[0]
        self.assertEqual(
            {k: row[k] for k in ("project_code", "unit", "status", "version", "investment_wan",
                                 "nodes_completed", "late")},
            {"project_code": "GD001", "unit": "鼓东街道", "status": "submitted", "version": 1,
             "investment_wan": "120.50", "nodes_completed": ["开工"], "late": True},
        )  # fmt: skip
        out = io.StringIO()
        call_command("reports", month="2021-09", format="json", user="guxi", stdout=out)
        self.assertEqual(json.loads(out.getvalue()), [])  # scoped like the pages
