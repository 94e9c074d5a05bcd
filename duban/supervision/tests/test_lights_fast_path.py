"""The fast paths of the lights stay pinned to the rules.

`compute_lights` reads projects as rows (not model instances), looks colour severity up in a
precomputed table, formats shown percentages with str() and gives the screen the project
lights alone. Each shortcut must give exactly what the rules and the plain objects give.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from decimal import Decimal as D
from decimal import InvalidOperation

from django.test import SimpleTestCase

from duban.core.asof import Month
from duban.orgs.models import Unit
from duban.projects.choices import Listing
from duban.projects.models import PlanListing, Project
from duban.reports.choices import Confidence, ReportStatus
from duban.supervision.choices import Colour, LightKind
from duban.supervision.queries import (
    compute_lights,
    compute_project_lights,
    project_node_dates,
    red_projects,
    thresholds_for,
)
from duban.supervision.rules import (
    HUNDRED,
    expected_share,
    fmt,
    forecast_light,
    forecast_value,
    node_light,
    overdue_nodes,
    pct,
    share_light,
)
from duban.supervision.tests.factories import SupervisionCase
from tests.support.factories import make_listing, make_project, make_report

SEPT = Month(2021, 9)


class SeverityAndFormatTests(SimpleTestCase):
    def test_severity_is_the_declaration_order_and_worst_picks_the_first_worst(self) -> None:
        self.assertEqual([Colour.severity(c) for c in Colour.values], [0, 1, 2])
        self.assertEqual([Colour.severity(c) for c in Colour], [0, 1, 2])
        for values in (["green", "red", "yellow"], ["yellow", "green"], ["green"]):
            expected = max(values, key=list(Colour.values).index)
            self.assertEqual(Colour.worst(*values), expected)
        self.assertIs(Colour.worst(Colour.YELLOW, "yellow"), Colour.YELLOW)
        self.assertEqual(Colour.worst(), Colour.GREEN)
        with self.assertRaises(ValueError):
            Colour.severity("blue")
        with self.assertRaises(ValueError):
            Colour.worst("green", "blue")

    def test_fmt_gives_the_plain_f_format_it_always_gave(self) -> None:
        def reference(value: D) -> str:
            text = f"{pct(value):f}"
            return text.rstrip("0").rstrip(".") if "." in text else text

        rng = random.Random(3)
        values = [D(0), D("-0"), D("0.005"), D("-0.005"), D("100"), D("1E+3"), D("12.5")]
        values += [D("1E-9"), D("123456789.999"), D(1200) * HUNDRED / D(7)]
        values += [D(rng.randint(-(10**8), 10**8)) / D(rng.randint(1, 10**4)) for _ in range(500)]
        for value in values:
            self.assertEqual(fmt(value), reference(value), value)
        self.assertEqual(fmt(None), "—")
        with self.assertRaises(InvalidOperation):
            fmt(D("Infinity"))


class ProjectLightFastPathTests(SupervisionCase):
    """Project lights built from rows equal what the rules give for the project's figures."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.behind = make_project(unit=cls.street, code="GL20210101")
        make_listing(cls.behind, kind=Listing.CONTINUING, planned_investment_wan=D(1200))
        make_report(cls.behind, month=9, investment_wan=D(300), status=ReportStatus.APPROVED)
        make_report(
            cls.behind,
            month=8,
            investment_wan=D(5),
            confidence=Confidence.HIGH,
            status=ReportStatus.SUBMITTED,
        )
        cls.late = make_project(
            unit=cls.other_street, code="GL20210102", planned_start=dt.date(2021, 7, 10)
        )
        make_listing(cls.late, kind=Listing.NEW_START, planned_investment_wan=D(900))
        make_report(cls.late, month=9, investment_wan=D(200), status=ReportStatus.APPROVED)
        cls.done = make_project(
            unit=cls.street, code="GL20210103", planned_completion=dt.date(2021, 6, 30)
        )
        make_listing(cls.done, kind=Listing.COMPLETION, planned_investment_wan=D(100))
        make_report(cls.done, month=9, investment_wan=D(100), status=ReportStatus.APPROVED)

    def test_each_project_light_is_what_the_rules_say(self) -> None:
        t = thresholds_for(SEPT)
        lights = {x.object_id: x for x in compute_lights(SEPT) if x.kind == LightKind.PROJECT}
        self.assertEqual(set(lights), {self.behind.pk, self.late.pk, self.done.pk})
        projects = Project.objects.select_related("unit", "category").filter(pk__in=list(lights))
        kinds = {
            self.behind.pk: "continuing",
            self.late.pk: "new_start",
            self.done.pk: "completion",
        }
        nodes = project_node_dates(projects, SEPT, kinds)
        invested = {self.behind.pk: D(300), self.late.pk: D(200), self.done.pk: D(100)}
        plans = {self.behind.pk: D(1200), self.late.pk: D(900), self.done.pk: D(100)}
        for project in projects:
            light = lights[project.pk]
            start = 7 if project.pk == self.late.pk else 1
            expected = expected_share(t.shares, 9, start)
            actual = invested[project.pk] * HUNDRED / plans[project.pk]
            forecast = forecast_value(invested[project.pk], expected)
            verdicts = [share_light(expected, actual, t)]
            if (fv := forecast_light(forecast, plans[project.pk], 9, t)) is not None:
                verdicts.append(fv)
            if (nv := node_light(nodes[project.pk], SEPT.last_day, t)) is not None:
                verdicts.append(nv)
            colour = max((v.colour for v in verdicts), key=list(Colour.values).index)
            self.assertEqual(light.colour, colour)
            self.assertEqual(light.rule, next(v.rule for v in verdicts if v.colour == colour))
            self.assertEqual(light.reasons, [v.reason for v in verdicts])
            self.assertEqual(light.nodes, overdue_nodes(nodes[project.pk], SEPT.last_day))
            self.assertEqual(
                (light.subject, light.subject_label, light.category_id, light.category_label),
                (project.code, project.name, project.category_id, str(project.category)),
            )
            self.assertEqual(
                (light.unit_id, light.unit_label, light.unit_kind),
                (project.unit.pk, project.unit.label, project.unit.kind),
            )
            self.assertEqual((light.expected, light.actual), (expected, actual))
            self.assertEqual(light.target_value, plans[project.pk])
            self.assertEqual(light.actual_value, invested[project.pk])
            self.assertEqual(light.forecast, forecast)
        self.assertEqual(lights[self.behind.pk].confidence, Confidence.HIGH)
        self.assertTrue(lights[self.behind.pk].disagreement)
        self.assertEqual([n.name for n in lights[self.done.pk].nodes], ["建成投产"])

    def test_the_project_lights_alone_are_those_of_compute_lights(self) -> None:
        every = compute_lights(SEPT)
        alone = compute_project_lights(SEPT)
        self.assertEqual(
            [dataclasses.asdict(x) for x in alone],
            [dataclasses.asdict(x) for x in every if x.kind == LightKind.PROJECT],
        )
        self.assertEqual(
            compute_project_lights(SEPT, [self.street.pk]),
            [x for x in compute_lights(SEPT, [self.street.pk]) if x.kind == LightKind.PROJECT],
        )
        reds = [x for x in every if x.kind == LightKind.PROJECT and x.colour == Colour.RED]
        self.assertTrue(reds)
        self.assertEqual(
            sorted(row["code"] for row in red_projects(SEPT, limit=100)),
            sorted(x.subject for x in reds),
        )

    def test_project_lights_come_in_the_listing_order_by_unit_then_code(self) -> None:
        for n, unit in enumerate([self.third_unit, self.other_street, self.lead_department]):
            Unit.objects.filter(pk=unit.pk).update(sort_order=5 - n)
            for code in ("GL20219002", "GL20219001"):
                project = make_project(unit=unit, code=f"{code}{n}")
                make_listing(project, kind=Listing.CONTINUING, planned_investment_wan=D(50))
        expected = list(
            PlanListing.objects.filter(year=2021)
            .order_by("project__unit", "project__code")
            .values_list("project_id", flat=True)
        )
        self.assertEqual([x.object_id for x in compute_project_lights(SEPT)], expected)
        lights = compute_lights(SEPT)
        self.assertEqual([x.object_id for x in lights if x.kind == LightKind.PROJECT], expected)
