"""Monthly dispatch reads the business clock and the ledger as it stood: with the demo at
September 2021 (the machine in 2026), an October report is not late before its window closes,
and a project added to the plan in October owes no September report."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.test import override_settings

from duban.core.asof import Month
from duban.reports.queries import is_late, missing_reports, owed_projects
from duban.reports.services import save_draft
from tests.support.factories import Personas, make_listing, make_project

MACHINE = dt.datetime(2026, 12, 4, 3, tzinfo=dt.UTC)


@time_machine.travel(MACHINE, tick=False)
@override_settings(DUBAN_AS_OF="2021-09", DUBAN_TODAY="")
class DemoClockTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.project = make_project(unit=cls.street)
        make_listing(cls.project)

    def draft(self, month: int) -> object:
        return save_draft(
            actor=self.reporter, project=self.project, year=2021, month=month,
            data={"progress_text": "施工中"}, expected_version=None,
        )  # fmt: skip

    def test_an_october_report_is_not_late_before_its_window_closes(self) -> None:
        self.assertFalse(is_late(self.draft(10)))

    def test_a_september_report_still_unsubmitted_after_its_deadline_is_late(self) -> None:
        self.assertTrue(is_late(self.draft(9)))

    def test_a_project_listed_in_october_owes_no_september_report(self) -> None:
        late = make_project(unit=self.street)
        make_listing(late, listed_on=dt.date(2021, 10, 8))
        owed = set(owed_projects(2021, 9).values_list("pk", flat=True))
        self.assertIn(self.project.pk, owed)
        self.assertNotIn(late.pk, owed)
        self.assertNotIn(late.pk, set(missing_reports(self.street, Month(2021, 9))))
        self.assertIn(late.pk, set(owed_projects(2021, 10).values_list("pk", flat=True)))
