"""The queue's warnings are pure rules of a report's figures, tested at their edges."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from django.test import SimpleTestCase, override_settings

from duban.reports.flags import (
    JUMP,
    LOW_CONFIDENCE,
    NO_PHOTO,
    OVER_PLAN,
    Figures,
    Thresholds,
    flags_for,
)

RULES = Thresholds(jump_ratio=Decimal(3), jump_min_wan=Decimal(500))
CALM = Figures(
    this_month_wan=Decimal(600),
    last_month_wan=Decimal(500),
    year_to_date_wan=Decimal(4000),
    planned_wan=Decimal(6000),
    photos=2,
    files=3,
    confidence="high",
)


class ReviewFlagTests(SimpleTestCase):
    def test_a_report_like_last_month_with_photos_inside_its_plan_has_no_warning(self) -> None:
        self.assertEqual(flags_for(CALM, RULES), ())

    def test_a_jump_needs_both_the_ratio_and_the_amount(self) -> None:
        at_both = replace(CALM, this_month_wan=Decimal(1500))  # 3× and +1000
        self.assertEqual(flags_for(at_both, RULES), (JUMP,))
        just_under_ratio = replace(CALM, this_month_wan=Decimal("1499.99"))
        self.assertEqual(flags_for(just_under_ratio, RULES), ())
        small = replace(CALM, this_month_wan=Decimal(30), last_month_wan=Decimal(5))  # 6×, +25
        self.assertEqual(flags_for(small, RULES), ())
        exactly = replace(CALM, this_month_wan=Decimal(750), last_month_wan=Decimal(250))
        self.assertEqual(flags_for(exactly, RULES), (JUMP,))  # 3× and +500: both at the edge

    def test_no_report_last_month_counts_as_zero(self) -> None:
        first = replace(CALM, last_month_wan=None, this_month_wan=Decimal(500))
        self.assertEqual(flags_for(first, RULES), (JUMP,))
        self.assertEqual(flags_for(replace(first, this_month_wan=Decimal(499)), RULES), ())

    def test_the_year_to_date_passing_the_plan_is_flagged_reaching_it_is_not(self) -> None:
        self.assertEqual(flags_for(replace(CALM, year_to_date_wan=Decimal(6000)), RULES), ())
        over = replace(CALM, year_to_date_wan=Decimal("6000.01"))
        self.assertEqual(flags_for(over, RULES), (OVER_PLAN,))
        self.assertEqual(flags_for(replace(over, planned_wan=None), RULES), ())

    def test_files_without_a_photo_and_low_confidence_are_flagged_in_page_order(self) -> None:
        figures = replace(CALM, photos=0, files=2, confidence="low")
        self.assertEqual(flags_for(figures, RULES), (NO_PHOTO, LOW_CONFIDENCE))

    @override_settings(DUBAN_REVIEW_JUMP_RATIO="2", DUBAN_REVIEW_JUMP_MIN_WAN="100")
    def test_thresholds_are_district_settings(self) -> None:
        rules = Thresholds.from_settings()
        self.assertEqual(rules, Thresholds(Decimal(2), Decimal(100)))
        self.assertEqual(flags_for(replace(CALM, this_month_wan=Decimal(1000)), rules), (JUMP,))
