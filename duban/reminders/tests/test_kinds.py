"""Rule kinds beyond the reports: a claim waiting for its lead department, a letter's reply
due, counted in working days on the official calendar."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.claims import services as claims
from duban.claims.models import Claim
from duban.core.asof import Month
from duban.reminders import services
from duban.reminders.kinds import KINDS, _missing_by_unit, is_due
from duban.reminders.models import Rule
from duban.reminders.tests.receivers import robot_server
from duban.reports.queries import missing_reports
from tests.support.factories import (
    SYSTEM,
    Personas,
    make_category,
    make_listing,
    make_project,
    make_report,
    make_unit,
)

FILED = dt.date(2021, 9, 28)  # a Tuesday; two working days later is 9-30 (then National Day)


class ClaimWaitsTests(Personas):
    def test_the_lead_department_is_told_of_a_claim_waiting_two_working_days(self) -> None:
        services.ensure_default_rules()
        Rule.objects.exclude(kind="claim_waits").update(is_active=False)
        category = make_category(lead_department=self.lead_department)
        project = make_project(unit=self.street, category=category, code="CW-1")
        claim = claims.file_stage(project, actor=SYSTEM, to_stage="started", on=FILED)
        Claim.objects.filter(pk=claim.pk).update(filed_on=FILED)
        with robot_server() as robots:
            services.add_channel(
                actor=SYSTEM, kind="wecom", target=robots.url("wecom", "swj"),
                unit=self.lead_department,
            )  # fmt: skip
            services.add_channel(
                actor=SYSTEM, kind="wecom", target=robots.url("wecom", "gudong"), unit=self.street
            )
            assert services.plan(dt.date(2021, 9, 29)) == []
            planned, sent = services.remind(
                actor=SYSTEM, on=dt.date(2021, 9, 30), at=dt.time(9), send_now=True
            )
            assert {p.channel_kind for p in planned} == {"wecom", "inbox"}
            assert {d.status for d in sent} == {"sent"}
            assert [r.unit for r in robots.received] == ["swj"]  # the reviewer, not the unit
            content = robots.received[0].payload["markdown"]["content"]
            assert "CW-1" in content and f"/claims/{claim.pk}/" in content
        inbox = [p for p in planned if p.channel_kind == "inbox"]
        assert [p.recipient for p in inbox] == ["swj"]  # the lead department's reviewer

    def test_timing_is_in_working_days_and_stops_after_a_before_event(self) -> None:
        # Two working days before 2021-10-08 (after the National Day holiday) is 9-29.
        assert is_due(dt.date(2021, 10, 8), -2, dt.date(2021, 9, 29))
        assert not is_due(dt.date(2021, 10, 8), -2, dt.date(2021, 9, 28))
        assert not is_due(dt.date(2021, 10, 8), -2, dt.date(2021, 10, 9), until_event=True)
        assert {"claim_waits", "report_late", "node_due"} <= set(KINDS)


class MissingReportsTests(Personas):
    """The report-window rules list, per unit, exactly the projects `missing_reports` names,
    found with a fixed number of queries however many units owe reports."""

    def test_every_unit_owing_reports_is_listed_with_its_missing_projects_in_few_queries(
        self,
    ) -> None:
        march = Month(2021, 3)
        units = [self.street, self.other_street] + [
            make_unit(code=f"mr{i}", name=f"测试街道{i}") for i in range(5)
        ]
        for unit in units:
            for _ in range(3):
                make_listing(make_project(unit=unit))
        done = make_project(unit=self.street)
        make_listing(done)
        make_report(done, first_submitted_at=dt.datetime(2021, 4, 5, tzinfo=dt.UTC))
        with CaptureQueriesContext(connection) as queries:
            found = _missing_by_unit(march)
        assert len(queries) <= 2
        assert {u.pk: [p.pk for p in ps] for u, ps in found.items()} == {
            u.pk: list(missing_reports(u, march).values_list("pk", flat=True)) for u in units
        }
        assert done.pk not in [p.pk for ps in found.values() for p in ps]
