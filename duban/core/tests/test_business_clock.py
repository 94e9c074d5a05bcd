"""One business clock: rules read business today (the demo's day, or the real date), never
the machine's date; audit rows keep the real time."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.test import SimpleTestCase, override_settings

from duban.core.asof import Month, default_month, now, today

# The machine lives in 2026; the demo district in 2021.
MACHINE = dt.datetime(2026, 12, 4, 3, 30, tzinfo=dt.UTC)  # 11:30 in Shanghai


@time_machine.travel(MACHINE, tick=False)
class BusinessClockTests(SimpleTestCase):
    @override_settings(DUBAN_TODAY="", DUBAN_AS_OF="")
    def test_in_production_today_is_the_real_date_in_shanghai(self) -> None:
        self.assertEqual(today(), dt.date(2026, 12, 4))
        self.assertEqual(default_month(), Month(2026, 11))

    @override_settings(DUBAN_TODAY="2021-10-08", DUBAN_AS_OF="")
    def test_a_fixed_business_day_moves_today_and_the_as_of_month(self) -> None:
        self.assertEqual(today(), dt.date(2021, 10, 8))
        self.assertEqual(default_month(), Month(2021, 9))

    @override_settings(DUBAN_TODAY="", DUBAN_AS_OF="2021-09")
    def test_a_demo_set_by_its_as_of_month_lives_a_week_into_the_next_month(self) -> None:
        self.assertEqual(today(), dt.date(2021, 10, 8))
        self.assertEqual(default_month(), Month(2021, 9))

    @override_settings(DUBAN_TODAY="2021-10-08")
    def test_business_timestamps_take_business_today_at_the_wall_clocks_time(self) -> None:
        stamp = now()
        self.assertEqual(stamp.date(), dt.date(2021, 10, 8))
        self.assertEqual((stamp.hour, stamp.minute), (11, 30))
        self.assertIsNotNone(stamp.tzinfo)
