"""Everything is seen as of a reporting month taken from the request or a setting."""

from __future__ import annotations

import time_machine
from django.test import RequestFactory, override_settings

from duban.core.asof import Month, default_month, month_from_request


def test_months_parse_in_the_forms_people_type() -> None:
    assert Month.parse("2021-09") == Month(2021, 9)
    assert Month.parse("2021年9月") == Month(2021, 9)
    assert Month.parse("2021.3") == Month(2021, 3)


def test_month_arithmetic_crosses_years() -> None:
    assert Month(2021, 12).next() == Month(2022, 1)
    assert Month(2021, 1).previous() == Month(2020, 12)
    assert Month(2021, 2).last_day.day == 28
    assert Month(2021, 9).quarter == 3


@time_machine.travel("2021-10-01 00:30 +08:00", tick=False)
@override_settings(DUBAN_AS_OF="")
def test_the_default_month_is_the_one_before_today_in_shanghai() -> None:
    # 00:30 on 1 October in Shanghai is still 30 September in UTC; Shanghai decides.
    assert default_month() == Month(2021, 9)


@override_settings(DUBAN_AS_OF="2021-06")
def test_a_malformed_request_month_falls_back_to_the_setting() -> None:
    request = RequestFactory().get("/", {"as_of": "2021-13"})
    assert month_from_request(request) == Month(2021, 6)
    request = RequestFactory().get("/", {"as_of": "2021-09"})
    assert month_from_request(request) == Month(2021, 9)
