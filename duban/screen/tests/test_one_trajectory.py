"""One 序时进度 per month: the screen, the home page and the bulletin read the trajectory from
the light rule in force, the same curve the warning lights and the scores read (DESIGN: the
business clock and the rules; issue 16: one definition of 序时进度 per year)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from duban.core.asof import Month
from duban.screen.queries import payload
from duban.supervision.models import LightRule, TrajectoryCurve
from duban.supervision.queries import trajectory
from tests.support.factories import Personas

MARCH = Month(2021, 3)
FRONT_LOADED = [10, 18, 27, 35, 43, 51, 59, 67, 75, 83, 91, 100]


@override_settings(DUBAN_AS_OF="2021-03", DUBAN_TODAY="")
class OneTrajectoryTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        curve = TrajectoryCurve.objects.create(code="front", name="开门红", shares=FRONT_LOADED)
        LightRule.objects.create(
            effective_from=dt.date(2021, 1, 1), yellow_gap_pp=D(10), red_gap_pp=D(20),
            node_overdue_yellow_days=0, node_overdue_red_days=30, forecast_yellow_ratio=D(85),
            curve=curve,
        )  # fmt: skip

    def setUp(self) -> None:
        cache.clear()

    def test_the_screen_reads_the_lights_curve_not_month_over_twelve(self) -> None:
        assert trajectory(MARCH) == (D(27), "开门红")
        data = payload(MARCH, public=False)
        # month/12 would say 25.0
        assert data["expected"] == 27.0 and data["expected_curve"] == "开门红"
        assert all(row["expected"] == 27.0 for row in data["district"])

    def test_the_home_page_names_the_curve_it_reads(self) -> None:
        self.client.force_login(self.supervisor)
        page = self.client.get(reverse("portal:home"))
        self.assertContains(page, "序时进度 27.0%（开门红）")

    def test_without_a_rule_the_built_in_linear_curve_is_named_in_the_readers_language(
        self,
    ) -> None:
        LightRule.objects.all().delete()
        self.client.force_login(self.supervisor)
        self.assertContains(
            self.client.get(reverse("portal:home")), "序时进度 25.0%（按月平均（月份/12））"
        )
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        page = self.client.get(reverse("portal:home"))
        self.assertContains(page, "(even monthly spread, month/12)")
        assert "按月平均" not in page.content.decode()
