"""The item kind 抽查不属实扣分 reads the untrue spot-check findings of the month (issue 15)."""

from __future__ import annotations

from decimal import Decimal

import time_machine

from duban.assessment.items import REGISTRY
from duban.claims import services as claims
from duban.claims.choices import CheckResult
from duban.claims.models import Claim
from duban.core.asof import Month
from duban.projects import services as projects
from duban.projects.choices import Stage
from tests.support.factories import Personas, day, make_category, make_project


@time_machine.travel("2021-09-25 09:00 +0800", tick=False)
class UntrueClaimItemTests(Personas):
    def test_an_untrue_finding_deducts_its_points_from_the_unit(self) -> None:
        commerce = make_category(name="服务业", lead_department=self.lead_department)
        project = make_project(unit=self.street, category=commerce, code="GL-UNTRUE")
        projects.change_stage(
            project, actor=self.reporter, to_stage=Stage.STARTED, on=day("2021-09-01")
        )
        claim = Claim.objects.get()
        claims.confirm(claim, actor=self.reviewer, expected_version=claim.version)
        draw = claims.draw_sample(Month(2021, 9), actor=self.supervisor, seed=3)
        check = draw.checks.get()
        claims.record_check(
            check, actor=self.supervisor, expected_version=check.version,
            result=CheckResult.UNTRUE, note="未见施工", deduction=Decimal("1.5"),
        )  # fmt: skip
        kind = REGISTRY["claim_untrue"]
        got = kind.source([self.street.pk, self.other_street.pk], Month(2021, 9), {})
        self.assertEqual(got[self.street.pk].numerator, Decimal("-1.5"))
        self.assertIn("GL-UNTRUE", got[self.street.pk].sources[0]["reason"])
        self.assertEqual(got[self.other_street.pk].numerator, 0)
        october = kind.source([self.street.pk], Month(2021, 10), {})
        self.assertEqual(october[self.street.pk].numerator, 0)
