"""A published month never changes because of later data: a project that enters the plan
after the month (imported in April, with the machine years later) leaves March's published
scores exactly as they were when recomputed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import time_machine
from django.test import override_settings

from duban.assessment.models import ScoreRun
from duban.assessment.services import compute_month, publish_month
from duban.assessment.tests.test_compute_scores import MARCH, ScoresTestCase
from duban.projects.choices import Listing
from duban.projects.services import create_project, set_listing


@time_machine.travel(dt.datetime(2026, 12, 4, 3, tzinfo=dt.UTC), tick=False)
@override_settings(DUBAN_TODAY="2021-04-12", DUBAN_AS_OF="")
class PublishedMonthTests(ScoresTestCase):
    def test_a_project_listed_after_the_month_leaves_its_published_scores_unchanged(
        self,
    ) -> None:
        compute_month(MARCH, actor=self.supervisor)
        publish_month(MARCH, actor=self.supervisor)
        published = ScoreRun.objects.get(status="published")
        late = create_project(
            actor=self.supervisor, code="GL20210999", name="四月新增项目",
            category=self.district["category"], unit=self.a,
            total_investment_wan=Decimal(30000), stage="planning", industry="tertiary",
        )  # fmt: skip
        listing = set_listing(
            late, actor=self.supervisor, year=2021, kind=Listing.NEW_START,
            planned_investment_wan=Decimal(6000),
        )  # fmt: skip
        self.assertEqual(listing.listed_on, dt.date(2021, 4, 12))
        result = compute_month(MARCH, actor=self.supervisor)
        self.assertEqual([outcome for _run, outcome in result], ["unchanged"])
        self.assertEqual(ScoreRun.objects.get(status="published").pk, published.pk)
        self.assertEqual(ScoreRun.objects.count(), 1)
