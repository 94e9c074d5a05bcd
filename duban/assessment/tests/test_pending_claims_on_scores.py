"""A score's drill-down shows the unit's claims still pending beside the counted projects:
they are not in the score until confirmed (issue 15)."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse

from duban.assessment.models import UnitScore
from duban.assessment.services import compute_month
from duban.assessment.tests.factories import make_method, scored_district
from duban.core.asof import Month
from duban.projects import services as projects
from duban.projects.choices import Stage
from duban.projects.models import Category
from tests.support.factories import Personas, make_project, make_unit


@time_machine.travel("2021-03-25 09:00 +0800", tick=False)
class PendingOnScoresTests(Personas):
    def test_the_score_drill_down_lists_pending_claims_as_not_counted(self) -> None:
        third = make_unit(code="sc", name="丙街道", short_name="丙")
        scored_district([self.street, self.other_street, third])
        make_method()
        fresh = make_project(
            unit=self.street, category=Category.objects.get(code="services"), code="GL-PEND"
        )
        projects.change_stage(
            fresh, actor=self.reporter, to_stage=Stage.STARTED, on=dt.date(2021, 3, 20)
        )
        compute_month(Month(2021, 3), actor=self.supervisor, groups=["street"])
        score = UnitScore.objects.get(unit=self.street)
        self.client.force_login(self.supervisor)
        page = self.client.get(reverse("assessment:score", args=[score.pk]))
        self.assertContains(page, "待认定（不计入）")
        self.assertContains(page, "GL-PEND")
