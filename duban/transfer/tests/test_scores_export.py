"""Rankings export: the month's runs the user may see, with ranks, totals and item points."""

from __future__ import annotations

import io

import openpyxl
from django.urls import reverse

from duban.assessment.services import compute_month, publish_month
from duban.assessment.tests.factories import make_method, scored_district
from duban.core.asof import Month
from tests.support.factories import SYSTEM, Personas

MARCH = Month(2021, 3)


class ScoresExportTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        scored_district()
        make_method()
        compute_month(MARCH, actor=SYSTEM)

    def sheet_rows(self, user: object) -> list[tuple[object, ...]]:
        self.client.force_login(user)  # type: ignore[arg-type]
        response = self.client.get(reverse("transfer:export_scores"), {"as_of": "2021-03"})
        self.assertEqual(response.status_code, 200)
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        return list(book.active.iter_rows(values_only=True))

    def test_the_supervisor_exports_draft_ranks_with_item_points(self) -> None:
        rows = self.sheet_rows(self.supervisor)
        header = next(r for r in rows if r and r[0] == "考评组")
        self.assertIn("总分", header)
        units = [r[3] for r in rows if r and r[0] == "街镇组"]
        # Every street is ranked: the three scored ones and the personas' two.
        self.assertEqual(set(units), {"甲街道", "乙街道", "丙街道", "鼓东街道", "鼓西街道"})

    def test_a_leader_sees_nothing_until_the_month_is_published(self) -> None:
        self.client.force_login(self.leader_user)
        response = self.client.get(reverse("transfer:export_scores"), {"as_of": "2021-03"})
        self.assertNotEqual(response.status_code, 200)
        publish_month(MARCH, actor=self.supervisor)
        units = [r[3] for r in self.sheet_rows(self.leader_user) if r and r[0] == "街镇组"]
        self.assertEqual(len(units), 5)
