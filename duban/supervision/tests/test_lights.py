"""Lights from the records: moving a report or a node changes the light as the rule says."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal as D
from typing import Any

from django.core.management import call_command

from duban.core.asof import Month
from duban.projects.choices import Listing, Stage
from duban.projects.models import Project, ProjectNode
from duban.projects.services import change_stage
from duban.reports.choices import Confidence, ReportStatus
from duban.reports.models import MonthlyReport
from duban.supervision.models import LightSnapshot
from duban.supervision.queries import Light, compute_lights, thresholds_for
from duban.supervision.services import compute_snapshots
from duban.supervision.tests.factories import SupervisionCase, make_curve, make_rule
from duban.targets.choices import MetricKind
from duban.targets.models import Metric, Target
from tests.support.factories import (
    SYSTEM,
    make_listing,
    make_metric,
    make_project,
    make_report,
    make_target,
)

SEPT = Month(2021, 9)


def only(lights: list[Light], kind: str, object_id: int) -> Light:
    return next(x for x in lights if x.kind == kind and x.object_id == object_id)


class TargetLightTests(SupervisionCase):
    """A unit target of 4 new starts; September expects 75% (3 of 4) on the linear curve."""

    metric: Metric
    target: Target
    projects: list[Project]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.metric = make_metric(MetricKind.NEW_STARTS, code="new_starts")
        cls.target = make_target(metric=cls.metric, unit=cls.street, value=D(4))
        cls.projects = [make_project(unit=cls.street) for _ in range(4)]

    def start(self, n: int) -> None:
        for project in self.projects[:n]:
            change_stage(project, actor=SYSTEM, to_stage=Stage.STARTED, on=dt.date(2021, 5, 1))

    def light(self, month: Month = SEPT) -> Light:
        return only(compute_lights(month), "target", self.target.pk)

    def test_three_of_four_by_september_is_on_trajectory(self) -> None:
        self.start(3)
        light = self.light()
        self.assertEqual(light.colour, "green")
        self.assertEqual((light.expected, light.actual, light.gap), (D(75), D(75), D(0)))
        self.assertEqual(light.subject, "new_starts")

    def test_starting_one_more_project_turns_red_to_green(self) -> None:
        self.start(2)
        light = self.light()
        self.assertEqual(light.colour, "red")  # 50% against 75%: 25 points behind
        self.assertIn("落后25个百分点，超过红灯阈值20个百分点", light.reasons[0])
        change_stage(self.projects[2], actor=SYSTEM, to_stage=Stage.STARTED, on=dt.date(2021, 9, 3))
        self.assertEqual(self.light().colour, "green")

    def test_a_start_after_the_month_does_not_count_for_it(self) -> None:
        self.start(2)
        change_stage(
            self.projects[2], actor=SYSTEM, to_stage=Stage.STARTED, on=dt.date(2021, 10, 3)
        )
        self.assertEqual(self.light().colour, "red")

    def test_the_rule_version_in_force_at_the_month_is_named(self) -> None:
        make_rule(dt.date(2021, 1, 1))
        make_rule(dt.date(2021, 7, 1), red_gap_pp=D(30))
        self.start(2)
        self.assertEqual(thresholds_for(Month(2021, 6)).version, "2021-01-01")
        light = self.light()
        self.assertEqual(light.rule_version, "2021-07-01")
        self.assertEqual(light.colour, "yellow")  # 25 behind is no longer more than 30

    def test_a_front_loaded_curve_raises_the_bar_in_the_first_quarter(self) -> None:
        make_rule(dt.date(2021, 1, 1), curve=make_curve())
        light = self.light(Month(2021, 3))
        self.assertEqual(light.expected, D(27))
        self.assertIn("开门红", light.rule)


class ProjectLightTests(SupervisionCase):
    """A continuing project planned to invest 1200万元 in 2021."""

    project: Project

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.project = make_project(unit=cls.street, code="GL20210001")
        make_listing(cls.project, kind=Listing.CONTINUING, planned_investment_wan=D(1200))

    def report(self, month: int, amount: str, **kw: Any) -> None:
        kw.setdefault("status", ReportStatus.APPROVED)
        make_report(self.project, month=month, investment_wan=D(amount), **kw)

    def light(self) -> Light:
        return only(compute_lights(SEPT), "project", self.project.pk)

    def test_exactly_ten_points_behind_is_green_and_a_tenth_less_is_yellow(self) -> None:
        self.report(9, "780")  # 65% against 75%
        self.assertEqual(self.light().colour, "green")
        MonthlyReport.objects.filter(project=self.project, month=9).update(
            investment_wan=D("779.88")
        )  # 64.99%, shown (and judged) as 65.0%: still exactly on the threshold
        self.assertEqual(self.light().colour, "green")
        MonthlyReport.objects.filter(project=self.project, month=9).update(
            investment_wan=D("778.8")
        )  # 64.9%
        light = self.light()
        self.assertEqual(light.colour, "yellow")
        self.assertEqual(light.gap, D("10.1"))

    def test_exactly_twenty_points_behind_is_yellow_and_beyond_is_red(self) -> None:
        self.report(9, "660")  # 55%
        self.assertEqual(self.light().colour, "yellow")
        MonthlyReport.objects.filter(project=self.project, month=9).update(
            investment_wan=D("658.8")
        )  # 54.9%
        self.assertEqual(self.light().colour, "red")

    def test_only_approved_reports_count(self) -> None:
        self.report(3, "900", status=ReportStatus.SUBMITTED)
        self.assertEqual(self.light().colour, "red")
        MonthlyReport.objects.filter(project=self.project).update(status=ReportStatus.APPROVED)
        self.assertEqual(self.light().colour, "green")

    def test_the_forecast_sits_beside_the_units_confidence_and_disagreement_shows(self) -> None:
        self.report(9, "600", confidence=Confidence.HIGH)  # 50%: heading for 66.7%
        light = self.light()
        self.assertEqual(light.forecast, D(800))
        self.assertEqual(light.confidence, Confidence.HIGH)
        self.assertIn("单位自报信心“高”，但按进度预测年末仅完成66.7%", light.disagreement)

    def test_one_aggregate_serves_every_project(self) -> None:
        self.report(9, "600", confidence=Confidence.HIGH)
        # 8 for targets and projects (one pass over the reports for sums and confidences,
        # the listings, the dates of those listed to start or complete, ...), 1 for the open
        # tasks (duban.tasks; none here, so no progress query).
        with self.assertNumQueries(9):
            compute_lights(SEPT)
        for i in range(5):
            p = make_project(unit=self.other_street)
            make_listing(p, kind=Listing.CONTINUING, planned_investment_wan=D(1000 + i))
            make_report(p, month=9, status=ReportStatus.APPROVED)
        with self.assertNumQueries(9):
            lights = compute_lights(SEPT)
        self.assertEqual(len([x for x in lights if x.kind == "project"]), 6)


class NodeLightFromRecordsTests(SupervisionCase):
    """A new start planned for 10 September, on track for investment (25% of the plan)."""

    project: Project

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.project = make_project(
            unit=cls.street, code="GL20210002", planned_start=dt.date(2021, 9, 10)
        )
        make_listing(cls.project, kind=Listing.NEW_START, planned_investment_wan=D(1200))
        make_report(cls.project, month=9, investment_wan=D(300), status=ReportStatus.APPROVED)

    def light(self, month: Month = SEPT) -> Light:
        return only(compute_lights(month), "project", self.project.pk)

    def test_a_planned_start_passed_without_starting_lights_the_project(self) -> None:
        light = self.light()
        self.assertEqual(light.colour, "yellow")  # 20 days: over 0, not over 30
        self.assertEqual([(n.name, n.days) for n in light.nodes], [("开工", 20)])
        self.assertIn("计划节点逾期未完成", light.rule)

    def test_a_month_later_the_same_miss_is_red(self) -> None:
        make_report(self.project, month=10, investment_wan=D(300), status=ReportStatus.APPROVED)
        self.assertEqual(self.light(Month(2021, 10)).colour, "red")  # 51 days

    def test_starting_the_project_clears_the_node(self) -> None:
        change_stage(self.project, actor=SYSTEM, to_stage=Stage.STARTED, on=dt.date(2021, 9, 20))
        light = self.light()
        self.assertEqual(light.colour, "green")
        self.assertEqual(light.nodes, [])

    def test_before_the_planned_month_nothing_is_expected(self) -> None:
        light = self.light(Month(2021, 8))
        self.assertEqual((light.colour, light.expected), ("green", D(0)))

    def test_a_node_of_the_projects_node_plan_lights_it_until_completed(self) -> None:
        # Once a project has a node plan, its nodes (not the record's two dates) are judged.
        node = ProjectNode.objects.create(
            project=self.project, year=2021, order=1, name="施工许可",
            planned_on=dt.date(2021, 8, 1), original_planned_on=dt.date(2021, 8, 1),
        )  # fmt: skip
        light = self.light()
        self.assertEqual(light.colour, "red")  # 60 days past 1 August by 30 September
        self.assertEqual([n.name for n in light.nodes], ["施工许可"])
        node.completed_on = dt.date(2021, 9, 5)
        node.save()
        self.assertEqual(self.light().nodes, [])


class SnapshotAndCliTests(SupervisionCase):
    project: Project

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.project = make_project(unit=cls.street, code="GL20210003")
        make_listing(cls.project, kind=Listing.CONTINUING, planned_investment_wan=D(1200))
        make_report(cls.project, month=2, investment_wan=D(250), status=ReportStatus.APPROVED)

    def rows(self) -> list[tuple[object, ...]]:
        return list(
            LightSnapshot.objects.order_by("year", "month", "kind", "object_id").values_list(
                "year", "month", "kind", "object_id", "colour", "expected", "actual", "gap",
                "forecast", "rule_version", "explanation",
            )
        )  # fmt: skip

    def test_computing_a_month_twice_gives_identical_rows(self) -> None:
        call_command("compute_lights", month="2021-01", through="2021-04", stdout=io.StringIO())
        first = self.rows()
        call_command("compute_lights", month="2021-01", through="2021-04", stdout=io.StringIO())
        self.assertEqual(self.rows(), first)
        self.assertEqual(len(first), 4)

    def test_the_history_keeps_each_months_colour(self) -> None:
        for m in (2, 4):
            compute_snapshots(Month(2021, m), actor=SYSTEM)
        colours = dict(LightSnapshot.objects.values_list("month", "colour"))
        # 250 of 1200 (20.83%): ahead in February (16.67%), 12.5 points behind in April.
        self.assertEqual(colours, {2: "green", 4: "yellow"})

    def test_lights_json_has_the_documented_shape(self) -> None:
        out = io.StringIO()
        call_command("lights", as_of="2021-04", format="json", stdout=out)
        data = json.loads(out.getvalue())
        self.assertEqual(len(data), 1)
        row = data[0]
        for key in ("kind", "subject", "unit", "colour", "expected", "actual", "gap", "rule",
                    "rule_version", "forecast"):  # fmt: skip
            self.assertIn(key, row)
        self.assertEqual(
            (row["kind"], row["subject"], row["unit"], row["colour"]),
            ("project", "GL20210003", "鼓东", "yellow"),
        )
        self.assertEqual((row["expected"], row["actual"], row["gap"]), (33.3, 20.8, 12.5))
