"""Every write of claims and spot checks leaves exactly one audit row of its event (C1), and
every event is catalogued with its English meaning."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import time_machine
from django.utils import translation

from duban.audit.catalogue import EVENTS, describe
from duban.audit.models import AuditEvent
from duban.claims import services
from duban.claims.choices import CheckResult
from duban.claims.events import EVENTS as CLAIM_EVENTS
from duban.claims.models import Claim
from duban.core.asof import Month
from duban.projects import services as projects
from duban.projects.choices import Stage
from duban.projects.events import EVENTS as PROJECT_EVENTS
from tests.support.dispatch import photo
from tests.support.factories import Personas, day, make_category, make_project


def test_the_claims_events_are_catalogued_and_read_in_english() -> None:
    for code in [*CLAIM_EVENTS, *PROJECT_EVENTS]:
        assert code in EVENTS
        with translation.override("en"):
            english = describe(code)
        assert english and english != CLAIM_EVENTS.get(code, PROJECT_EVENTS.get(code)), code


@time_machine.travel("2021-09-20 09:00 +0800", tick=False)
class OneRowEachTests(Personas):
    def test_each_write_leaves_one_row_of_its_event(self) -> None:
        commerce = make_category(name="服务业", lead_department=self.lead_department)
        a = make_project(unit=self.street, category=commerce)
        b = make_project(unit=self.street, category=commerce)
        made: dict[str, Any] = {}

        def file() -> None:
            projects.change_stage(
                a, actor=self.reporter, to_stage=Stage.STARTED, on=day("2021-09-01")
            )
            made["a"] = Claim.objects.get(project=a)

        def confirm() -> None:
            claim = Claim.objects.get(pk=made["a"].pk)
            services.confirm(claim, actor=self.reviewer, expected_version=claim.version)

        def reject() -> None:
            projects.update_project(
                b, actor=self.reporter, expected_version=b.version,
                changes={"total_investment_wan": Decimal(1)},
            )  # fmt: skip
            claim = Claim.objects.get(project=b)
            services.reject(claim, actor=self.reviewer, expected_version=claim.version, reason="无")

        def draw() -> None:
            made["draw"] = services.draw_sample(Month(2021, 9), actor=self.supervisor, seed=1)

        def check() -> None:
            spot = made["draw"].checks.get()
            services.record_check(
                spot, actor=self.supervisor, expected_version=spot.version,
                result=CheckResult.TRUE, note="",
            )  # fmt: skip

        drivers: list[tuple[str, Callable[[], None]]] = [
            ("claim.filed", file),
            (
                "claim.evidence_added",
                lambda: services.add_evidence(made["a"], actor=self.reporter, files=[photo()]),
            ),
            ("claim.confirmed", confirm),
            ("claim.rejected", reject),
            ("spotcheck.drawn", draw),
            ("spotcheck.recorded", check),
            (
                "claim.revoked",
                lambda: services.revoke(made["a"], actor=self.supervisor, reason="抽查不实"),
            ),
        ]
        for code, drive in drivers:
            before = AuditEvent.objects.filter(event=code).count()
            drive()
            self.assertEqual(AuditEvent.objects.filter(event=code).count() - before, 1, code)
        # The revocation put the project back through the projects' service, audited there.
        self.assertEqual(AuditEvent.objects.filter(event="project.fact_withdrawn").count(), 1)
