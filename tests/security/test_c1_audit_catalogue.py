"""C1: every catalogued event present on this branch writes exactly one audit row; every code
written anywhere in the code is catalogued."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyotp
import time_machine
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from duban.accounts import services as accounts
from duban.accounts.models import User
from duban.audit.catalogue import EVENTS
from duban.audit.models import AuditEvent
from duban.core.roles import Role
from duban.projects import services as projects
from duban.projects.choices import Listing, Stage
from duban.targets import services as targets
from duban.targets.choices import Comparator, MetricKind
from tests.security.support import post_login
from tests.support.factories import PASSWORD, SYSTEM, Personas, day, make_project

ROOT = Path(__file__).resolve().parents[2] / "duban"


def written_codes() -> set[str]:
    """Every literal code passed to record(...) in the source tree."""
    pattern = re.compile(r"record(?:_many)?\(\s*\"([a-z_]+\.[a-z_]+)\"")
    codes: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts:
            continue
        codes |= set(pattern.findall(path.read_text("utf-8")))
    return codes


def test_c1_every_code_written_in_the_code_is_catalogued() -> None:
    missing = written_codes() - set(EVENTS)
    assert not missing, f"未列入事件目录的审计事件：{sorted(missing)}"


class CatalogueTests(Personas):
    """Drivers: one action per event; each must add exactly one row of that event."""

    def drivers(self) -> dict[str, Callable[[], Any]]:
        project = make_project(unit=self.street, name="鼓东项目")
        client = Client()
        otp_client = Client()
        self.supervisor.otp_secret = pyotp.random_base32()
        self.supervisor.save()

        def enrol() -> None:
            post_login(otp_client, "secadmin", PASSWORD)
            secret = otp_client.get(reverse("accounts:otp")).context["secret"]
            otp_client.post(reverse("accounts:otp"), {"code": pyotp.TOTP(secret).now()})

        def lock() -> None:
            for _ in range(settings.DUBAN_LOCKOUT_THRESHOLD - 1):
                post_login(client, "guxi", "wrong-Password-1")

        def expire() -> None:
            c = Client()
            with override_settings(SESSION_COOKIE_AGE=10**7):
                c.force_login(self.leader_user)
                c.get("/projects/")
                with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(hours=13)):
                    c.get("/projects/")

        def dormant() -> None:
            User.objects.update(last_login=timezone.now())
            User.objects.filter(pk=self.leader_user.pk).update(
                last_login=timezone.now() - dt.timedelta(days=settings.DUBAN_DORMANT_DAYS + 1)
            )
            accounts.disable_dormant(actor=SYSTEM)

        def audit_client() -> Client:
            c = Client()
            c.force_login(self.auditadmin)
            return c

        new_user: dict[str, Any] = {}
        made: dict[str, Any] = {}

        def create() -> None:
            new_user["u"], _ = accounts.create_user(
                actor=self.sysadmin, username="xinren", first_name="新人", phone="13800000000"
            )

        return {
            "auth.login": lambda: post_login(client, "gudong", PASSWORD),
            "auth.logout": lambda: client.post(reverse("accounts:logout")),
            "auth.login_failed": lambda: post_login(client, "nobody", "x"),
            "auth.locked": lambda: (lock(), post_login(client, "guxi", "wrong-Password-1")),
            "auth.session_expired": expire,
            "auth.password_changed": lambda: accounts.change_password(
                self.reviewer, actor=self.reviewer, new_password="Hq7#meeting-plan"
            ),
            "auth.otp_enrolled": enrol,
            "user.created": create,
            "user.updated": lambda: accounts.update_account(
                new_user["u"], actor=self.sysadmin, changes={"first_name": "新人甲"}
            ),
            "user.disabled": lambda: accounts.set_active(
                new_user["u"], actor=self.sysadmin, active=False
            ),
            "user.enabled": lambda: accounts.set_active(
                new_user["u"], actor=self.sysadmin, active=True
            ),
            "user.password_reset": lambda: accounts.reset_password(
                new_user["u"], actor=self.sysadmin
            ),
            "user.role_granted": lambda: accounts.grant_role(
                new_user["u"], actor=self.secadmin, role=Role.REPORTER, unit=self.street
            ),
            "user.otp_reset": lambda: accounts.reset_otp(self.supervisor, actor=self.secadmin),
            "user.phone_revealed": lambda: accounts.reveal_phone(
                new_user["u"], actor=self.sysadmin
            ),
            "user.dormant_disabled": dormant,
            "project.created": lambda: projects.create_project(
                actor=self.reporter,
                code="P-C1",
                name="新项目",
                category=project.category,
                industry=project.industry,
                total_investment_wan=1000,
            ),
            "project.updated": lambda: projects.update_project(
                project,
                actor=self.reporter,
                expected_version=project.version,
                changes={"name": "鼓东项目（改）"},
            ),
            "project.stage_changed": lambda: projects.change_stage(
                project, actor=self.supervisor, to_stage=Stage.SIGNED, on=day("2021-03-01")
            ),
            "project.listing_set": lambda: projects.set_listing(
                project,
                actor=self.supervisor,
                year=2021,
                kind=Listing.NEW_START,
                planned_investment_wan=500,
            ),
            "metric.created": lambda: made.setdefault(
                "metric",
                targets.create_metric(
                    actor=self.supervisor,
                    code="m-c1",
                    name="新开工",
                    unit="个",
                    kind=MetricKind.NEW_STARTS,
                ),
            ),
            "target.created": lambda: made.setdefault(
                "target",
                targets.create_target(
                    actor=self.supervisor,
                    metric=made["metric"],
                    year=2021,
                    value=Decimal(10),
                    comparator=Comparator.AT_LEAST,
                ),
            ),
            "target.updated": lambda: targets.update_target(
                made["target"],
                actor=self.supervisor,
                expected_version=1,
                changes={"value": Decimal(12)},
            ),
            "target.actual_entered": lambda: targets.enter_actual(
                actor=self.supervisor,
                metric=made["metric"],
                unit=self.street,
                year=2021,
                month=3,
                value=Decimal(4),
            ),
            "audit.viewed": lambda: audit_client().get(reverse("audit:index")),
            "audit.exported": lambda: b"".join(
                audit_client().get(reverse("audit:export")).streaming_content
            ),
        }

    def test_c1_each_catalogued_event_writes_exactly_one_row(self) -> None:
        drivers = self.drivers()
        self.assertLessEqual(set(drivers), set(EVENTS))
        for code, drive in drivers.items():
            before = AuditEvent.objects.filter(event=code).count()
            drive()
            after = AuditEvent.objects.filter(event=code).count()
            self.assertEqual(
                after - before, 1, f"{code}：应写入 1 条审计记录，实际 {after - before}"
            )


def test_c1_every_event_of_the_catalogue_reads_in_english_too() -> None:
    """The trail and the histories show each event's meaning in the reader's language."""
    from django.utils import translation

    from duban.audit.catalogue import EVENTS, describe

    with translation.override("en"):
        untranslated = [code for code in EVENTS if not describe(code).isascii()]
    assert untranslated == []
