"""The demo district carries the seed plan's targets, decomposed, with consistent projects."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from duban.accounts.models import User
from duban.agreements.queries import summary as agreement_summary
from duban.claims.models import Claim, SpotCheck
from duban.core.asof import Month
from duban.core.roles import Role
from duban.orgs.models import Unit
from duban.projects.models import PlanListing, Programme, Project
from duban.rollover import services as rollover
from duban.targets.models import Target
from duban.targets.queries import decomposition_for, progress_for


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> object:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("load_demo", verbosity=0)
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        from django.core.management import call_command as cc

        cc("flush", interactive=False, verbosity=0)


pytestmark = pytest.mark.django_db


def district(title: str) -> Target:
    return Target.objects.get(year=2021, unit__isnull=True, title=title)


def test_the_demo_has_ten_streets_two_parks_and_sixteen_departments(demo: object) -> None:
    counts = {k: Unit.objects.filter(kind=k).count() for k in ("street", "park", "department")}
    assert counts == {"street": 10, "park": 2, "department": 16}


def test_the_seed_plans_headline_targets_are_there_and_fully_decomposed(demo: object) -> None:
    new_starts = district("亿元以上项目新开工")
    completions = district("亿元以上项目建成投产")
    assert (new_starts.value, completions.value) == (Decimal(168), Decimal(118))
    decomposition = decomposition_for([new_starts, completions])
    assert decomposition[new_starts.pk].parts_sum == Decimal(168)
    assert decomposition[completions.pk].parts_sum == Decimal(118)


def test_category_targets_match_the_plan(demo: object) -> None:
    services = Target.objects.get(
        year=2021, unit__isnull=True, category__name="服务业", metric__code="new_starts",
        strategic_only=False,
    )  # fmt: skip
    assert services.value == 95
    amount = Target.objects.get(
        year=2021, unit__isnull=True, category__name="服务业",
        metric__code="new_start_investment", strategic_only=False,
    )  # fmt: skip
    assert amount.value == Decimal(1900000)  # 190亿元 held in 万元


def test_every_listed_new_start_is_at_least_one_yi(demo: object) -> None:
    small = Project.objects.filter(
        listings__year=2021, listings__kind="new_start", total_investment_wan__lt=10000
    )
    assert not small.exists()


def test_progress_rises_through_the_year_and_some_units_lag(demo: object) -> None:
    whole = district("亿元以上项目新开工")
    by_month = [progress_for([whole], Month(2021, m))[0].actual for m in (3, 6, 9, 12)]
    assert by_month == sorted(by_month) and by_month[0] < by_month[-1]
    parts = progress_for(whole.parts.select_related("metric"), Month(2021, 9))
    rates = [p.rate for p in parts if p.rate is not None]
    assert min(rates) < 60 < max(rates)


def test_there_is_a_demo_account_for_every_role(demo: object) -> None:
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    reporter = User.objects.get(username="gudong")
    assert reporter.unit is not None and reporter.unit.name == "鼓东街道"


def test_the_demo_holds_claims_of_every_fact_and_an_untrue_spot_check(demo: object) -> None:
    """Issue 15: for 2021, confirmed, pending and rejected claims of every fact type, and a
    spot check that found a fact untrue (revoked)."""
    have = set(Claim.objects.filter(filed_on__year=2021).values_list("fact", "status"))
    for fact in ("start", "completion", "signing", "landing", "stats", "field_change"):
        for status in ("confirmed", "pending", "rejected"):
            assert (fact, status) in have, (fact, status)
    untrue = SpotCheck.objects.get(result="untrue")
    assert untrue.claim.status == "revoked"


def test_the_demo_has_2021_agreements_signed_by_all_units_but_two(demo: object) -> None:
    rows = agreement_summary(2021)
    statuses = sorted(r["status"] for r in rows)
    assert len(rows) == 23 and statuses.count("signed") == 21 and statuses.count("issued") == 2
    assert all(r["signed_on"] for r in rows if r["status"] == "signed")


def test_the_demo_keeps_the_plans_six_programmes_above_its_categories(demo: object) -> None:
    assert Programme.objects.count() == 6
    services = Target.objects.get(
        year=2021, unit__isnull=True, category__name="服务业", metric__code="new_starts",
        strategic_only=False,
    )  # fmt: skip
    assert services.programme_of.name == "产业发展和科技创新提升工程"


def test_opening_2022_from_the_demo_carries_projects_with_their_history(demo: object) -> None:
    office = User.objects.get(username="fgj")
    plan = rollover.plan_for(2021, 2022)
    counts = rollover.preview(plan).counts
    assert counts["projects"] > 300 and counts["targets"] == 32 and counts["tasks"] > 0
    rollover.run(plan, actor=office)  # rolled back with the test's transaction
    carried = PlanListing.objects.filter(year=2022, kind="continuing").select_related("project")
    assert carried.count() > 300
    project = next(p.project for p in carried if p.project.stage_changes.exists())
    assert project.stage_changes.count() >= 1
    assert project.listings.filter(year=2021).exists()
