"""Facts count only when confirmed (issue 15): a reporter's change of any score-relevant field,
through the edit form, a stage move or a plan listing, leaves the unit's target totals as they
were until the category's lead department confirms it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import time_machine
from django.urls import reverse

from duban.claims import services
from duban.claims.choices import ClaimStatus, Fact
from duban.claims.models import Claim
from duban.core.asof import Month
from duban.projects import services as projects
from duban.projects.choices import Industry, Listing, Stage, StatsStatus
from duban.projects.models import Project
from duban.targets.choices import MetricKind
from duban.targets.models import Target
from duban.targets.queries import unit_totals_many
from tests.security.support import form_data
from tests.support.factories import (
    Personas,
    day,
    make_category,
    make_listing,
    make_metric,
    make_project,
    make_target,
)

SEPT = Month(2021, 9)


@time_machine.travel("2021-09-10 09:00 +0800", tick=False)
class ReporterChangesCountOnlyWhenConfirmedTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # 商务局 (the reviewer's unit) leads both categories.
        cls.services_cat = make_category(name="服务业", lead_department=cls.lead_department)
        cls.digital = make_category(name="数字经济", lead_department=cls.lead_department)
        starts = make_metric(MetricKind.NEW_STARTS)
        cls.t_digital = make_target(metric=starts, category=cls.digital)
        cls.t_strategic = make_target(metric=starts, strategic_only=True)
        cls.t_foreign = make_target(metric=starts, foreign_only=True)
        cls.t_big = make_target(metric=starts, min_total_investment_wan=Decimal(30000))
        cls.t_all = make_target(metric=starts)
        cls.t_invest = make_target(metric=make_metric(MetricKind.NEW_START_INVESTMENT))
        cls.t_done = make_target(metric=make_metric(MetricKind.COMPLETIONS))
        cls.t_landed = make_target(metric=make_metric(MetricKind.NEW_LANDED))

    def setUp(self) -> None:
        self.project = make_project(
            unit=self.street,
            category=self.services_cat,
            total_investment_wan=Decimal(20000),
            stage=Stage.STARTED,
            started_on=day("2021-03-02"),
            signed_on=day("2021-02-01"),
        )
        self.client.force_login(self.reporter)

    def totals(self, target: Target) -> Decimal:
        return unit_totals_many([target], SEPT)[target.pk].get(self.street.pk, Decimal(0))

    def edit(self, **overrides: Any) -> None:
        url = reverse("projects:edit", args=[self.project.pk])
        data = form_data(self.client, url, **overrides)
        for name, value in overrides.items():
            if value is None:
                data.pop(name, None)
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))

    def confirm_all(self) -> None:
        for claim in Claim.objects.filter(status=ClaimStatus.PENDING):
            services.confirm(claim, actor=self.reviewer, expected_version=claim.version)

    def assert_counts_after_confirmation(
        self, target: Target, before: int | Decimal, after: int | Decimal
    ) -> None:
        self.assertEqual(self.totals(target), before, "认定前不应计入")
        self.assertTrue(Claim.objects.filter(status=ClaimStatus.PENDING).exists())
        self.confirm_all()
        self.assertEqual(self.totals(target), after, "认定后应计入")

    def test_category_change_counts_only_when_confirmed(self) -> None:
        self.edit(category=self.digital.pk)
        self.project.refresh_from_db()
        self.assertEqual(self.project.category, self.services_cat)
        self.assert_counts_after_confirmation(self.t_digital, 0, 1)
        self.project.refresh_from_db()
        self.assertEqual(self.project.category, self.digital)

    def test_strategic_emerging_flag_counts_only_when_confirmed(self) -> None:
        self.edit(strategic_emerging="on")
        self.assert_counts_after_confirmation(self.t_strategic, 0, 1)

    def test_foreign_funded_flag_counts_only_when_confirmed(self) -> None:
        self.edit(foreign_funded="on")
        self.assert_counts_after_confirmation(self.t_foreign, 0, 1)

    def test_total_investment_counts_only_when_confirmed(self) -> None:
        self.edit(total_investment_wan="35000")
        self.assertEqual(self.totals(self.t_invest), Decimal(20000))
        self.assert_counts_after_confirmation(self.t_big, 0, 1)
        self.assertEqual(self.totals(self.t_invest), Decimal(35000))

    def test_dropping_a_flag_also_waits_for_confirmation(self) -> None:
        Project.objects.filter(pk=self.project.pk).update(strategic_emerging=True)
        self.edit(strategic_emerging=None)
        self.assert_counts_after_confirmation(self.t_strategic, 1, 0)

    def test_industry_and_stats_status_wait_for_confirmation(self) -> None:
        self.edit(industry=Industry.SECONDARY, stats_status=StatsStatus.REGISTERED)
        self.project.refresh_from_db()
        self.assertEqual(
            (self.project.industry, self.project.stats_status),
            (Industry.TERTIARY, StatsStatus.NONE),
        )
        facts = sorted(Claim.objects.values_list("fact", flat=True))
        self.assertEqual(facts, [Fact.FIELD_CHANGE, Fact.STATS])
        services.add_evidence(
            Claim.objects.get(fact=Fact.STATS), actor=self.reporter, note="统计系统编号 35010221"
        )
        self.confirm_all()
        self.project.refresh_from_db()
        self.assertEqual(
            (self.project.industry, self.project.stats_status),
            (Industry.SECONDARY, StatsStatus.REGISTERED),
        )

    def test_a_reporter_is_not_offered_the_responsible_unit(self) -> None:
        url = reverse("projects:edit", args=[self.project.pk])
        self.assertNotIn("unit", self.client.get(url).context["form"].fields)

    def test_other_fields_still_save_directly(self) -> None:
        self.edit(location="鼓东路1号", category=self.digital.pk)
        self.project.refresh_from_db()
        self.assertEqual(self.project.location, "鼓东路1号")
        self.assertEqual(Claim.objects.count(), 1)

    def test_start_claimed_by_a_stage_move_counts_only_when_confirmed(self) -> None:
        fresh = make_project(unit=self.street, category=self.services_cat)
        self.assertIsNone(
            projects.change_stage(
                fresh, actor=self.reporter, to_stage=Stage.STARTED, on=day("2021-08-02")
            )
        )
        fresh.refresh_from_db()
        self.assertEqual((fresh.stage, fresh.started_on), (Stage.PLANNING, None))
        self.assert_counts_after_confirmation(self.t_all, 1, 2)
        fresh.refresh_from_db()
        self.assertEqual(fresh.started_on, day("2021-08-02"))

    def test_completion_counts_only_when_confirmed(self) -> None:
        projects.change_stage(
            self.project, actor=self.reporter, to_stage=Stage.COMPLETED, on=day("2021-09-01")
        )
        self.assertEqual(Claim.objects.get().fact, Fact.COMPLETION)
        self.assert_counts_after_confirmation(self.t_done, 0, 1)

    def test_signing_and_landing_count_only_when_confirmed(self) -> None:
        invest = make_category(name="招商", lead_department=self.lead_department)
        landed = make_project(unit=self.street, category=invest)
        projects.change_stage(
            landed, actor=self.reporter, to_stage=Stage.SIGNED, on=day("2021-06-01")
        )
        projects.set_listing(
            landed,
            actor=self.reporter,
            year=2021,
            kind=Listing.NEW_LANDED,
            planned_investment_wan=Decimal(5000),
        )
        self.assertEqual(
            sorted(Claim.objects.values_list("fact", flat=True)), [Fact.LANDING, Fact.SIGNING]
        )
        self.assertFalse(landed.listings.exists())
        self.assert_counts_after_confirmation(self.t_landed, 0, 1)

    def test_plan_listing_change_waits_for_confirmation(self) -> None:
        make_listing(self.project, kind=Listing.RESERVE)
        projects.set_listing(
            self.project,
            actor=self.reporter,
            year=2021,
            kind=Listing.NEW_START,
            planned_investment_wan=Decimal(6000),
        )
        self.assertEqual(self.project.listings.get().kind, Listing.RESERVE)
        self.confirm_all()
        self.assertEqual(self.project.listings.get().kind, Listing.NEW_START)

    def test_a_rejected_claim_never_counts(self) -> None:
        self.edit(category=self.digital.pk)
        claim = Claim.objects.get()
        services.reject(
            claim, actor=self.reviewer, expected_version=claim.version, reason="产业类型不符"
        )
        self.assertEqual(self.totals(self.t_digital), 0)
        self.project.refresh_from_db()
        self.assertEqual(self.project.category, self.services_cat)

    def test_the_supervisor_corrects_directly_with_a_reason(self) -> None:
        self.client.force_login(self.supervisor)
        url = reverse("projects:edit", args=[self.project.pk])
        data = form_data(self.client, url, category=self.digital.pk)
        self.assertEqual(self.client.post(url, data).status_code, 200)  # reason required
        data["fact_reason"] = "按立项批复更正类别"
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(self.totals(self.t_digital), 1)
        self.assertFalse(Claim.objects.exists())

    def test_the_drilldown_lists_the_confirmation_behind_each_counted_project(self) -> None:
        self.edit(category=self.digital.pk)
        url = reverse("targets:drilldown", args=[self.t_digital.pk]) + "?as_of=2021-09"
        self.client.force_login(self.supervisor)
        page = self.client.get(url)
        self.assertNotContains(page, self.project.code + "</a> " + self.project.name + "</td>")
        self.assertContains(page, "待认定")  # the pending claim, not counted
        self.confirm_all()
        page = self.client.get(url)
        self.assertContains(page, self.project.code)
        self.assertContains(page, "商务局")
        self.assertContains(page, "2021-09-10")
        self.assertEqual([p for p, _ in page.context["rows"]], [self.project])
        self.assertFalse(page.context["pending"])
