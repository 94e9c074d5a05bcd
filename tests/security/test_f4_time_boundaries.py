"""F4: month boundaries are Asia/Shanghai, not UTC; recomputing a month gives identical output."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from django.test import RequestFactory

from duban.core.asof import Month, month_from_request, today
from duban.projects.choices import Stage
from duban.targets.choices import MetricKind
from duban.targets.models import Target
from duban.targets.queries import progress_for
from tests.support.factories import Personas, make_listing, make_metric, make_project, make_target

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_f4_the_time_zone_is_shanghai_and_aware() -> None:
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True


def test_f4_half_past_eleven_on_march_31st_local_is_still_march() -> None:
    moment = dt.datetime(2021, 3, 31, 23, 30, tzinfo=SHANGHAI)  # 15:30 UTC
    with time_machine.travel(moment, tick=False):
        assert today() == dt.date(2021, 3, 31)
        assert Month.of(today()) == Month(2021, 3)


def test_f4_half_past_midnight_on_april_1st_local_is_april_though_utc_says_march() -> None:
    moment = dt.datetime(2021, 4, 1, 0, 30, tzinfo=SHANGHAI)  # 2021-03-31 16:30 UTC
    assert moment.astimezone(dt.UTC).month == 3
    with time_machine.travel(moment, tick=False):
        assert Month.of(today()) == Month(2021, 4)
        request = RequestFactory().get("/")
        if not settings.DUBAN_AS_OF:
            assert month_from_request(request) == Month(2021, 3)  # the month being reported


class RecomputeTests(Personas):
    def test_f4_recomputing_a_month_gives_identical_output(self) -> None:
        metric = make_metric(MetricKind.NEW_STARTS)
        parent = make_target(metric=metric, value=4)
        for unit in (self.street, self.other_street):
            make_target(metric=metric, value=2, unit=unit, parent=parent)
            for i in range(3):
                p = make_project(unit=unit, stage=Stage.STARTED,
                                 started_on=dt.date(2021, 1 + i * 2, 28 + i))  # fmt: skip
                make_listing(p)
        targets = list(Target.objects.filter(metric=metric))

        def snapshot(month: Month) -> list[tuple[object, ...]]:
            return [(p.target.pk, str(p.actual), str(p.rate)) for p in progress_for(targets, month)]

        first = snapshot(Month(2021, 3))
        self.assertEqual(first, snapshot(Month(2021, 3)))
        self.assertNotEqual(first, snapshot(Month(2021, 6)))
