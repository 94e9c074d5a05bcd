"""Monthly spot checks (抽查): a reproducible draw, results with evidence, 不属实 revokes."""

from __future__ import annotations

from decimal import Decimal

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from duban.claims import queries, services
from duban.claims.choices import CheckResult, ClaimStatus, Stratify
from duban.claims.models import Claim, SpotCheckDraw, SpotCheckPolicy
from duban.claims.sampling import allocate, draw
from duban.core.asof import Month
from duban.projects import services as projects
from duban.projects.choices import Stage
from tests.support.dispatch import photo
from tests.support.factories import Personas, day, make_category, make_project

SEPT = Month(2021, 9)


def test_allocation_is_proportional_and_sums_to_the_sample_size() -> None:
    assert allocate(5, {"a": 10, "b": 10, "c": 0}) == {"a": 3, "b": 2, "c": 0}
    assert sum(allocate(7, {"a": 3, "b": 9, "c": 5}).values()) == 7
    assert allocate(50, {"a": 3, "b": 2}) == {"a": 3, "b": 2}


def test_the_same_seed_draws_the_same_sample_and_another_seed_may_not() -> None:
    population = [(i, float(1000 + 37 * i), str(i % 4)) for i in range(1, 60)]
    first = draw(population, size=8, seed=20210930, weighted=True)
    assert first == draw(list(reversed(population)), size=8, seed=20210930, weighted=True)
    assert len(first) == 8
    others = {tuple(draw(population, size=8, seed=s, weighted=True)) for s in range(20)}
    assert len(others) > 1


def test_weighting_by_investment_favours_the_large_projects() -> None:
    population = [(1, 100000.0, ""), *[(i, 100.0, "") for i in range(2, 40)]]
    hits = sum(1 in draw(population, size=1, seed=s, weighted=True) for s in range(200))
    assert hits > 150


@time_machine.travel("2021-09-28 09:00 +0800", tick=False)
class SpotCheckTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.commerce = make_category(name="服务业", lead_department=cls.lead_department)
        SpotCheckPolicy.objects.create(
            name="每月抽查", sample_size=3, stratify=Stratify.UNIT, weight_by_investment=True
        )
        for n, unit in enumerate([cls.street] * 4 + [cls.other_street] * 3):
            project = make_project(
                unit=unit, category=cls.commerce, total_investment_wan=Decimal(10000 * (n + 1))
            )
            reporter = cls.reporter if unit == cls.street else cls.other_reporter
            projects.change_stage(
                project, actor=reporter, to_stage=Stage.STARTED, on=day("2021-09-01")
            )
            claim = Claim.objects.get(project=project)
            services.confirm(claim, actor=cls.reviewer, expected_version=claim.version)

    def test_the_draw_is_reproducible_from_its_stored_seed(self) -> None:
        made = services.draw_sample(SEPT, actor=self.supervisor)
        stored = SpotCheckDraw.objects.get(pk=made.pk)
        self.assertEqual(len(stored.drawn), 3)
        self.assertEqual(len(stored.population), 7)
        again = draw(
            stored.population_rows(),
            size=stored.sample_size,
            seed=stored.seed,
            weighted=stored.weight_by_investment,
        )
        self.assertEqual(again, stored.drawn)
        self.assertEqual(sorted(made.checks.values_list("claim_id", flat=True)), stored.drawn)
        # Stratified by unit: both units are in the sample (4 and 3 of 7 → 2 and 1).
        units = set(Claim.objects.filter(pk__in=stored.drawn).values_list("unit_id", flat=True))
        self.assertEqual(units, {self.street.pk, self.other_street.pk})

    def test_a_month_is_drawn_once_and_only_by_the_supervisor(self) -> None:
        with self.assertRaises(PermissionDenied):
            services.draw_sample(SEPT, actor=self.reviewer)
        services.draw_sample(SEPT, actor=self.supervisor, seed=7)
        with self.assertRaises(ValidationError):
            services.draw_sample(SEPT, actor=self.supervisor, seed=8)

    def test_an_untrue_finding_revokes_the_fact_and_is_read_by_the_assessment(self) -> None:
        made = services.draw_sample(SEPT, actor=self.supervisor, seed=42)
        check = made.checks.first()
        assert check is not None
        with self.assertRaises(ValidationError):  # 不属实 needs the note saying what was found
            services.record_check(
                check, actor=self.supervisor, expected_version=check.version,
                result=CheckResult.UNTRUE, note="",
            )  # fmt: skip
        services.record_check(
            check, actor=self.supervisor, expected_version=check.version,
            result=CheckResult.UNTRUE, note="现场未见施工", deduction=Decimal(2),
            files=[photo("现场.png")],
        )  # fmt: skip
        claim = Claim.objects.get(pk=check.claim_id)
        self.assertEqual(claim.status, ClaimStatus.REVOKED)
        claim.project.refresh_from_db()
        self.assertIsNone(claim.project.started_on)
        (finding,) = queries.untrue_findings(2021, 9)
        self.assertEqual((finding.unit_id, finding.deduction), (claim.unit_id, Decimal(2)))
        self.assertEqual([m.month for m in queries.months_to_revise(2021)], [9])
        (row,) = [r for r in queries.reliability(2021) if r.unit.pk == claim.unit_id]
        self.assertEqual((row.checked, row.untrue, row.revoked), (1, 1, 1))

    def test_the_pages_show_the_draw_and_its_verification(self) -> None:
        made = services.draw_sample(SEPT, actor=self.supervisor, seed=42)
        self.client.force_login(self.supervisor)
        response = self.client.get(reverse("claims:draw", args=[made.pk]))
        self.assertContains(response, "按留存种子重抽，样本一致")
        self.assertContains(self.client.get(reverse("claims:checks")), "2021-09")
        self.assertContains(self.client.get(reverse("claims:reliability")), "鼓东街道")
