"""Actuals of project-derived metrics are computed from the records, never typed twice."""

from __future__ import annotations

from decimal import Decimal

from duban.core.asof import Month
from duban.projects.choices import Stage
from duban.projects.services import change_stage
from duban.reports.choices import ReportStatus
from duban.targets.choices import MetricKind
from duban.targets.models import ActualEntry
from duban.targets.queries import progress_for, unit_totals_many
from tests.support.factories import (
    Personas,
    day,
    make_category,
    make_metric,
    make_project,
    make_report,
    make_target,
)


class ProjectDerivedActualTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.industry = make_category(name="工业")
        cls.services = make_category(name="服务业")
        cls.new_starts = make_metric(MetricKind.NEW_STARTS, name="新开工项目数")
        cls.whole = make_target(
            metric=cls.new_starts,
            value=Decimal(3),
            category=cls.industry,
            min_total_investment_wan=Decimal(10000),
        )
        cls.part = make_target(
            metric=cls.new_starts,
            value=Decimal(2),
            category=cls.industry,
            min_total_investment_wan=Decimal(10000),
            unit=cls.street,
            parent=cls.whole,
        )

    def start(self, on: str, **kw: object) -> None:
        project = make_project(**{"category": self.industry, "unit": self.street, **kw})
        change_stage(project, actor=self.supervisor, to_stage=Stage.STARTED, on=day(on))

    def test_a_project_counts_as_a_new_start_from_the_month_it_started(self) -> None:
        self.start("2021-03-15")
        march, february = Month(2021, 3), Month(2021, 2)
        self.assertEqual(progress_for([self.whole], february)[0].actual, 0)
        self.assertEqual(progress_for([self.whole], march)[0].actual, 1)
        self.assertEqual(progress_for([self.part], march)[0].actual, 1)

    def test_projects_below_one_yi_or_of_another_category_do_not_count(self) -> None:
        self.start("2021-03-01", total_investment_wan=Decimal(9999))
        self.start("2021-03-01", category=self.services)
        self.start("2021-03-01", total_investment_wan=Decimal(10000))
        self.assertEqual(progress_for([self.whole], Month(2021, 12))[0].actual, 1)

    def test_a_start_in_the_previous_year_is_not_this_years_new_start(self) -> None:
        self.start("2020-12-31")
        self.assertEqual(progress_for([self.whole], Month(2021, 12))[0].actual, 0)

    def test_a_unit_part_counts_only_that_units_projects(self) -> None:
        self.start("2021-04-01")
        self.start("2021-04-01", unit=self.other_street)
        rows = progress_for([self.whole, self.part], Month(2021, 6))
        self.assertEqual([r.actual for r in rows], [2, 1])
        self.assertEqual(rows[1].rate, Decimal("50.0"))

    def test_investment_completed_sums_approved_reports_up_to_the_month(self) -> None:
        metric = make_metric(MetricKind.INVESTMENT_COMPLETED, name="年度完成投资", unit="万元")
        target = make_target(metric=metric, value=Decimal(12000), unit=self.street)
        project = make_project(unit=self.street)
        make_report(project, month=1, status=ReportStatus.APPROVED, investment_wan=Decimal(1000))
        make_report(project, month=2, status=ReportStatus.APPROVED, investment_wan=Decimal(1500))
        make_report(project, month=3, status=ReportStatus.SUBMITTED, investment_wan=Decimal(900))
        self.assertEqual(progress_for([target], Month(2021, 1))[0].actual, Decimal(1000))
        # The March report is not approved yet, so it does not count.
        self.assertEqual(progress_for([target], Month(2021, 3))[0].actual, Decimal(2500))

    def test_manual_metrics_take_each_units_latest_year_to_date_entry(self) -> None:
        metric = make_metric(MetricKind.MANUAL, name="新增限上商贸业企业", unit="家")
        whole = make_target(metric=metric, value=Decimal(120))
        for unit, month, value in [
            (self.street, 2, 3),
            (self.street, 5, 9),
            (self.other_street, 4, 4),
        ]:
            ActualEntry.objects.create(
                metric=metric, unit=unit, year=2021, month=month, value=Decimal(value)
            )
        self.assertEqual(progress_for([whole], Month(2021, 4))[0].actual, Decimal(7))
        self.assertEqual(progress_for([whole], Month(2021, 9))[0].actual, Decimal(13))

    def test_manual_targets_are_read_together_each_to_its_own_last_month(self) -> None:
        """Many manual targets (other metrics, a 上半年 target, next year's) come from one read
        of the entries, each exactly as measuring it alone."""
        shops = make_metric(MetricKind.MANUAL, name="新增限上商贸业企业", unit="家")
        firms = make_metric(MetricKind.MANUAL, name="新增规上工业企业", unit="家")
        targets = [
            make_target(metric=shops, value=Decimal(120)),
            make_target(metric=shops, value=Decimal(60), due_month=6),
            make_target(metric=firms, value=Decimal(10)),
            make_target(metric=shops, value=Decimal(130), year=2022),
        ]
        for metric, unit, month, value in [
            (shops, self.street, 2, 3), (shops, self.street, 7, 9),
            (shops, self.other_street, 4, 4), (firms, self.other_street, 8, 2),
        ]:  # fmt: skip
            ActualEntry.objects.create(
                metric=metric, unit=unit, year=2021, month=month, value=Decimal(value)
            )
        as_of = Month(2021, 9)
        with self.assertNumQueries(1):
            together = unit_totals_many(targets, as_of)
        for target in targets:
            self.assertEqual(together[target.pk], unit_totals_many([target], as_of)[target.pk])
        whole, half, other, next_year = (together[t.pk] for t in targets)
        self.assertEqual(whole, {self.street.pk: 9, self.other_street.pk: 4, None: 13})
        self.assertEqual(half, {self.street.pk: 3, self.other_street.pk: 4, None: 7})
        self.assertEqual(other, {self.other_street.pk: 2, None: 2})
        self.assertEqual(next_year, {None: 0})

    def test_a_table_of_targets_costs_one_query_per_distinct_filter(self) -> None:
        self.start("2021-04-01")
        targets = [self.whole, self.part]
        with self.assertNumQueries(1):
            progress_for(targets, Month(2021, 6))


class BatchedActualTests(Personas):
    """`unit_totals_many` measures many targets in one pass per table and gives each target
    exactly what measuring it alone gives (the scoring relies on both)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.industry = make_category(name="工业")
        cls.services = make_category(name="服务业")
        starts = make_metric(MetricKind.NEW_STARTS, name="新开工项目数")
        completions = make_metric(MetricKind.COMPLETIONS, name="建成投产项目数")
        start_money = make_metric(MetricKind.NEW_START_INVESTMENT, unit="万元")
        invested = make_metric(MetricKind.INVESTMENT_COMPLETED, unit="万元")
        cls.targets = [
            make_target(metric=starts),
            make_target(metric=starts, category=cls.services),
            make_target(metric=starts, min_total_investment_wan=Decimal(30000)),
            make_target(metric=completions),
            make_target(metric=start_money, strategic_only=True),
            make_target(metric=invested),
            make_target(metric=invested, category=cls.services),
            make_target(metric=starts, year=2022),
        ]
        plan = [
            (cls.street, cls.industry, "2021-02-10", None, 20000, False),
            (cls.street, cls.services, "2021-05-03", "2021-11-30", 40000, True),
            (cls.other_street, cls.services, "2020-12-31", "2021-03-01", 50000, False),
            (cls.other_street, cls.industry, "2021-07-01", None, 35000, True),
        ]
        for n, (unit, category, started, completed, total, strategic) in enumerate(plan):
            project = make_project(
                unit=unit,
                category=category,
                started_on=day(started),
                completed_on=day(completed) if completed else None,
                total_investment_wan=Decimal(total),
                strategic_emerging=strategic,
            )
            for month in (1, 4, 8):
                make_report(
                    project,
                    month=month,
                    status=ReportStatus.APPROVED if month < 8 or n % 2 else ReportStatus.SUBMITTED,
                    investment_wan=Decimal(100 * (n + 1) + month),
                )

    def test_each_target_gets_what_measuring_it_alone_gives(self) -> None:
        for as_of in (Month(2021, 3), Month(2021, 6), Month(2021, 12), Month(2022, 1)):
            together = unit_totals_many(self.targets, as_of)
            for target in self.targets:
                alone = unit_totals_many([target], as_of)[target.pk]
                nonzero = {k: v for k, v in together[target.pk].items() if v}
                assert nonzero == {k: v for k, v in alone.items() if v}, (target, as_of)

    def test_the_figures_follow_the_rules(self) -> None:
        totals = unit_totals_many(self.targets, Month(2021, 6))
        starts, services, big, completions, money, invested, _svc_inv, _next = (
            totals[t.pk] for t in self.targets
        )
        assert starts[None] == 1 + 1  # the 2020 start is not this year's
        assert services == {self.street.pk: 1, self.other_street.pk: 0, None: 1}
        assert big[None] == 1  # only the 40,000 万元 project reaches 30,000
        assert completions[self.other_street.pk] == 1 and completions[None] == 1
        assert money[None] == 40000  # strategic emerging and started by June
        # Approved reports of January and April; the unapproved August ones do not count.
        assert invested[None] == sum(100 * (n + 1) * 2 + 5 for n in range(4))

    def test_all_record_measured_targets_cost_two_queries(self) -> None:
        with self.assertNumQueries(2):
            unit_totals_many(self.targets[:-1], Month(2021, 6))
