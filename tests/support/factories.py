"""Test factories and named personas shared by every app's tests.

Factories are plain functions with sensible defaults (override any field by keyword). The
`Personas` mixin builds the cast of DESIGN.md once per test class: a 发改局 supervisor, a
lead-department reviewer, reporters of two different 街道, a leader, an outsider (a reporter
of a third unit), and the three separated admins.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from django.test import TestCase

from duban.accounts.models import User
from duban.core.actors import SystemActor
from duban.core.roles import Role
from duban.orgs.choices import UnitKind
from duban.orgs.models import Leader, Unit
from duban.projects.choices import Industry, Listing, Stage
from duban.projects.models import Category, PlanListing, Project
from duban.reports.choices import ReportStatus
from duban.reports.models import MonthlyReport
from duban.targets.choices import Comparator, MetricKind
from duban.targets.models import Metric, Target

_seq = itertools.count(1)
PASSWORD = "Zx!duban-Test-2021"


def make_unit(**kw: Any) -> Unit:
    n = next(_seq)
    kw.setdefault("code", f"unit{n}")
    kw.setdefault("name", f"测试单位{n}")
    kw.setdefault("kind", UnitKind.STREET)
    return Unit.objects.create(**kw)


def make_user(role: str = Role.REPORTER, unit: Unit | None = None, **kw: Any) -> User:
    n = next(_seq)
    kw.setdefault("username", f"user{n}")
    kw.setdefault("first_name", f"用户{n}")
    kw.setdefault("must_change_password", False)
    if role == Role.REPORTER and unit is None:
        unit = make_unit()
    user = User(role=role, unit=unit, **kw)
    user.set_password(kw.pop("password", PASSWORD))
    user.save()
    return user


def make_leader(**kw: Any) -> Leader:
    kw.setdefault("name", f"领导{next(_seq)}")
    kw.setdefault("title", "副区长")
    return Leader.objects.create(**kw)


def make_category(**kw: Any) -> Category:
    n = next(_seq)
    kw.setdefault("code", f"cat{n}")
    kw.setdefault("name", f"类别{n}")
    return Category.objects.create(**kw)


def make_project(**kw: Any) -> Project:
    n = next(_seq)
    kw.setdefault("code", f"P{n:05d}")
    kw.setdefault("name", f"测试项目{n}")
    if "category" not in kw:
        kw["category"] = make_category()
    if "unit" not in kw:
        kw["unit"] = make_unit()
    kw.setdefault("industry", Industry.TERTIARY)
    kw.setdefault("total_investment_wan", Decimal(20000))
    kw.setdefault("stage", Stage.PLANNING)
    return Project.objects.create(**kw)


def make_listing(project: Project, year: int = 2021, **kw: Any) -> PlanListing:
    kw.setdefault("kind", Listing.NEW_START)
    kw.setdefault("planned_investment_wan", Decimal(6000))
    kw.setdefault("listed_on", dt.date(year, 1, 1))
    return PlanListing.objects.create(project=project, year=year, **kw)


def make_metric(kind: str = MetricKind.NEW_STARTS, **kw: Any) -> Metric:
    n = next(_seq)
    kw.setdefault("code", f"metric{n}")
    kw.setdefault("name", f"指标{n}")
    kw.setdefault("unit", "个")
    return Metric.objects.create(kind=kind, **kw)


def make_target(**kw: Any) -> Target:
    if "metric" not in kw:
        kw["metric"] = make_metric()
    kw.setdefault("year", 2021)
    kw.setdefault("value", Decimal(10))
    kw.setdefault("comparator", Comparator.AT_LEAST)
    return Target.objects.create(**kw)


def make_report(project: Project, year: int = 2021, month: int = 3, **kw: Any) -> MonthlyReport:
    kw.setdefault("status", ReportStatus.DRAFT)
    kw.setdefault("investment_wan", Decimal(500))
    return MonthlyReport.objects.create(project=project, year=year, month=month, **kw)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


class Personas(TestCase):
    """Base test case with the named cast, built once per class."""

    supervisor: User
    reviewer: User
    reporter: User
    other_reporter: User
    outsider: User
    leader_user: User
    sysadmin: User
    secadmin: User
    auditadmin: User
    street: Unit
    other_street: Unit
    third_unit: Unit
    lead_department: Unit
    development_office: Unit

    @classmethod
    def setUpTestData(cls) -> None:
        cls.development_office = make_unit(
            code="fgj", name="区发改局", kind=UnitKind.DEPARTMENT, short_name="发改局"
        )
        cls.lead_department = make_unit(
            code="swj", name="区商务局", kind=UnitKind.DEPARTMENT, short_name="商务局"
        )
        cls.street = make_unit(code="gudong", name="鼓东街道", short_name="鼓东")
        cls.other_street = make_unit(code="guxi", name="鼓西街道", short_name="鼓西")
        cls.third_unit = make_unit(code="ruanjianyuan", name="福州软件园", kind=UnitKind.PARK)
        cls.supervisor = make_user(Role.SUPERVISOR, cls.development_office, username="fgj")
        cls.reviewer = make_user(Role.REVIEWER, cls.lead_department, username="swj")
        cls.reporter = make_user(Role.REPORTER, cls.street, username="gudong")
        cls.other_reporter = make_user(Role.REPORTER, cls.other_street, username="guxi")
        cls.outsider = make_user(Role.REPORTER, cls.third_unit, username="rjy")
        cls.leader_user = make_user(Role.LEADER, username="lingdao", leader=make_leader())
        cls.sysadmin = make_user(Role.SYSADMIN, username="sysadmin")
        cls.secadmin = make_user(Role.SECADMIN, username="secadmin")
        cls.auditadmin = make_user(Role.AUDITADMIN, username="auditadmin")


# The actor of the scheduled jobs and commands a test runs on their behalf.
SYSTEM = SystemActor("test")
