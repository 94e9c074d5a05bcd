"""Factories of the supervision app's own rows (the shared ones live in tests.support.factories)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.test import override_settings
from django.utils import timezone

from duban.orgs.models import District, Unit
from duban.supervision.models import LightRule, SupervisionLetter, TrajectoryCurve
from tests.support.factories import Personas, make_project


def make_district(name: str = "鼓楼区") -> District:
    return District.objects.get_or_create(name=name)[0]


def make_rule(effective_from: dt.date = dt.date(2021, 1, 1), **kw: Any) -> LightRule:
    kw.setdefault("yellow_gap_pp", Decimal(10))
    kw.setdefault("red_gap_pp", Decimal(20))
    kw.setdefault("node_overdue_yellow_days", 0)
    kw.setdefault("node_overdue_red_days", 30)
    kw.setdefault("forecast_yellow_ratio", Decimal(85))
    kw.setdefault("forecast_from_month", 3)
    return LightRule.objects.create(effective_from=effective_from, **kw)


def make_curve(shares: list[int] | None = None, **kw: Any) -> TrajectoryCurve:
    kw.setdefault("code", "kaimenhong")
    kw.setdefault("name", "开门红")
    return TrajectoryCurve.objects.create(
        shares=shares or [10, 18, 27, 35, 43, 51, 59, 67, 75, 83, 91, 100], **kw
    )


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class SupervisionCase(Personas):
    """The shared personas, built with a fast hasher: these tests are about warnings, not
    passwords, and nine PBKDF2 hashes per class would dominate the suite's time."""


def make_letter_rows(case: SupervisionCase) -> list[SupervisionLetter]:
    """Four letters to case.street: replied on time, replied late, unanswered (all due in
    September) and one due in October."""
    make_district()
    unit: Unit = case.street
    rows = []
    for serial, deadline, replied in (
        (1, "2021-09-10", "2021-09-09"),
        (2, "2021-09-12", "2021-09-20"),
        (3, "2021-09-15", None),
        (4, "2021-10-15", None),
    ):
        project = make_project(unit=unit)
        rows.append(
            SupervisionLetter.objects.create(
                year=2021, serial=serial, number=f"鼓楼督〔2021〕{serial}号", unit=unit,
                kind="project", project=project, subject_label=project.name,
                light_month="2021-08", gap_text="落后", deadline=dt.date.fromisoformat(deadline),
                status="replied" if replied else "issued", issued_on=dt.date(2021, 9, 1),
                issuer_name="区发改局",
                replied_at=timezone.make_aware(
                    dt.datetime.fromisoformat(replied + "T10:00")
                ) if replied else None,
            )
        )  # fmt: skip
    return rows
