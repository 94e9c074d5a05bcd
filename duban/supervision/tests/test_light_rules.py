"""The light rules as pure functions, at the edges of every threshold."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from django.test import SimpleTestCase

from duban.supervision.rules import (
    LINEAR,
    NodeDate,
    Thresholds,
    expected_share,
    forecast_light,
    forecast_value,
    node_light,
    share_light,
    validate_shares,
)

T = Thresholds(version="2021-01-01")


class ShareLightTests(SimpleTestCase):
    def test_on_or_ahead_of_the_trajectory_is_green(self) -> None:
        self.assertEqual(share_light(D(75), D(75), T).colour, "green")
        self.assertEqual(share_light(D(75), D(90), T).colour, "green")

    def test_exactly_ten_points_behind_is_still_green(self) -> None:
        verdict = share_light(D(75), D(65), T)
        self.assertEqual(verdict.colour, "green")
        self.assertIn("未超过黄灯阈值10个百分点", verdict.reason)

    def test_just_over_ten_points_behind_is_yellow(self) -> None:
        verdict = share_light(D(75), D("64.9"), T)
        self.assertEqual(verdict.colour, "yellow")
        self.assertIn("落后10.1个百分点", verdict.reason)

    def test_exactly_twenty_points_behind_is_yellow(self) -> None:
        self.assertEqual(share_light(D(75), D(55), T).colour, "yellow")

    def test_just_over_twenty_points_behind_is_red(self) -> None:
        verdict = share_light(D(75), D("54.9"), T)
        self.assertEqual(verdict.colour, "red")
        self.assertIn("超过红灯阈值20个百分点", verdict.reason)
        self.assertIn("落后序时进度超过10个百分点亮黄灯", verdict.rule)

    def test_the_gap_is_judged_at_the_precision_shown(self) -> None:
        # 64.96% prints as 65.0% (the number policy: one decimal), a gap of 10: the colour
        # must agree with what is printed.
        self.assertEqual(share_light(D(75), D("64.96"), T).colour, "green")
        self.assertEqual(share_light(D(75), D("64.996"), T).colour, "green")

    def test_the_thresholds_are_the_districts_not_ours(self) -> None:
        strict = Thresholds(version="x", yellow_gap_pp=D(5), red_gap_pp=D(8))
        self.assertEqual(share_light(D(50), D(44), strict).colour, "yellow")
        self.assertEqual(share_light(D(50), D("41.9"), strict).colour, "red")


class ExpectedShareTests(SimpleTestCase):
    def test_linear_by_default(self) -> None:
        self.assertEqual(expected_share(LINEAR, 9), D(75))
        self.assertEqual(expected_share(LINEAR, 12), D(100))

    def test_a_front_loaded_curve_expects_more_early(self) -> None:
        curve = [D(x) for x in (10, 18, 27, 35, 43, 51, 59, 67, 75, 83, 91, 100)]
        self.assertEqual(expected_share(curve, 1), D(10))
        self.assertGreater(expected_share(curve, 3), expected_share(LINEAR, 3))

    def test_a_late_start_rescales_the_curve_from_the_start_month(self) -> None:
        self.assertEqual(expected_share(LINEAR, 5, start_month=7), D(0))
        # Starting in July, September is 3 of the 6 remaining months.
        self.assertEqual(expected_share(LINEAR, 9, start_month=7), D(50))
        self.assertEqual(expected_share(LINEAR, 12, start_month=7), D(100))

    def test_a_curve_is_checked_month_by_month(self) -> None:
        self.assertEqual(validate_shares([8] * 11), ["序时进度曲线应有12个月的数值，现有11个"])
        errors = validate_shares([10, 5, 27, 35, 43, 51, 59, 67, 75, 83, 91, 100])
        self.assertEqual(errors, ["2月：累计进度不能小于上月"])
        self.assertEqual(validate_shares([*range(1, 12), 99]), ["12月：累计进度应为100"])
        self.assertEqual(validate_shares([float(x) for x in LINEAR]), [])


class NodeLightTests(SimpleTestCase):
    day = dt.date(2021, 9, 30)

    def node(self, planned: str, completed: str | None = None) -> NodeDate:
        done = dt.date.fromisoformat(completed) if completed else None
        return NodeDate("开工", dt.date.fromisoformat(planned), done)

    def test_no_missed_node_gives_no_verdict(self) -> None:
        self.assertIsNone(node_light([self.node("2021-10-15")], self.day, T))
        self.assertIsNone(node_light([self.node("2021-09-01", "2021-09-20")], self.day, T))

    def test_a_node_passed_without_completion_lights_yellow(self) -> None:
        verdict = node_light([self.node("2021-09-29")], self.day, T)
        assert verdict is not None
        self.assertEqual(verdict.colour, "yellow")
        self.assertIn("已过1天仍未完成", verdict.reason)

    def test_exactly_n_days_overdue_is_the_milder_colour(self) -> None:
        verdict = node_light([self.node("2021-08-31")], self.day, T)  # 30 days
        assert verdict is not None
        self.assertEqual(verdict.colour, "yellow")

    def test_more_than_n_days_overdue_is_red(self) -> None:
        verdict = node_light([self.node("2021-08-30")], self.day, T)  # 31 days
        assert verdict is not None
        self.assertEqual(verdict.colour, "red")

    def test_a_completion_after_the_as_of_day_did_not_exist_yet(self) -> None:
        verdict = node_light([self.node("2021-08-01", "2021-10-03")], self.day, T)
        assert verdict is not None
        self.assertEqual(verdict.colour, "red")

    def test_a_yellow_allowance_of_days_keeps_a_fresh_miss_green(self) -> None:
        lenient = Thresholds(version="x", node_overdue_yellow_days=7)
        verdict = node_light([self.node("2021-09-23")], self.day, lenient)  # 7 days
        assert verdict is not None
        self.assertEqual(verdict.colour, "green")


class ForecastTests(SimpleTestCase):
    def test_the_forecast_extrapolates_the_pace_against_the_curve(self) -> None:
        self.assertEqual(forecast_value(D(60), D(75)), D(80))
        self.assertIsNone(forecast_value(D(0), D(0)))

    def test_a_weak_forecast_turns_a_small_gap_yellow(self) -> None:
        # 9 of 12 months, 68% done: only 7 points behind (green) but heading for 90.7%.
        self.assertEqual(share_light(D(75), D(68), T).colour, "green")
        strict = Thresholds(version="x", forecast_yellow_ratio=D(95))
        verdict = forecast_light(forecast_value(D(68), D(75)), D(100), 9, strict)
        assert verdict is not None
        self.assertEqual(verdict.colour, "yellow")
        self.assertIn("90.7%", verdict.reason)

    def test_the_forecast_waits_until_there_is_enough_pace(self) -> None:
        self.assertIsNone(forecast_light(D(0), D(100), 2, T))
        self.assertIsNotNone(forecast_light(D(0), D(100), 3, T))

    def test_a_forecast_exactly_on_the_ratio_is_not_yellow(self) -> None:
        self.assertIsNone(forecast_light(D(85), D(100), 9, T))
        self.assertIsNone(forecast_light(D("84.96"), D(100), 9, T))  # shown as 85.0%
        self.assertIsNotNone(forecast_light(D("84.9"), D(100), 9, T))
