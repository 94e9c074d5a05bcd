"""A district target's parts must add up to at least the whole; shortfalls are visible."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from duban.targets.choices import Comparator
from duban.targets.queries import decomposition_for
from tests.support.factories import Personas, make_metric, make_target


class DecompositionTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.metric = make_metric(name="新开工项目数")
        cls.whole = make_target(metric=cls.metric, value=Decimal(168), title="亿元以上项目新开工")
        make_target(metric=cls.metric, value=Decimal(100), unit=cls.street, parent=cls.whole)
        make_target(metric=cls.metric, value=Decimal(60), unit=cls.other_street, parent=cls.whole)

    def test_parts_summing_below_the_whole_are_a_shortfall(self) -> None:
        d = decomposition_for([self.whole])[self.whole.pk]
        self.assertEqual(d.parts_sum, Decimal(160))
        self.assertEqual(d.gap, Decimal(-8))
        self.assertTrue(d.shortfall)

    def test_parts_reaching_the_whole_are_not_a_shortfall(self) -> None:
        make_target(metric=self.metric, value=Decimal(8), unit=self.third_unit, parent=self.whole)
        self.assertFalse(decomposition_for([self.whole])[self.whole.pk].shortfall)

    def test_growth_rates_do_not_add_up_and_are_never_a_shortfall(self) -> None:
        rate = make_metric(name="R&D经费投入增长", unit="%")
        whole = make_target(metric=rate, value=Decimal(15), comparator=Comparator.GROWTH)
        make_target(metric=rate, value=Decimal(15), unit=self.street, parent=whole)
        self.assertFalse(decomposition_for([whole])[whole.pk].shortfall)

    def test_the_target_page_shows_the_gap(self) -> None:
        self.client.force_login(self.supervisor)
        response = self.client.get(reverse("targets:table"), {"as_of": "2021-06"})
        self.assertContains(response, "亿元以上项目新开工")
        self.assertContains(response, "缺口 -8个")
        self.assertContains(response, "有 1 项目标的分解合计低于全区目标")

    def test_a_reporter_sees_its_own_part_but_not_another_units(self) -> None:
        self.client.force_login(self.reporter)
        response = self.client.get(reverse("targets:table"), {"as_of": "2021-06"})
        self.assertContains(response, "鼓东")
        self.assertNotContains(response, "鼓西")
