"""Programmes (工程) above categories: a target falls under its own programme or its
category's; the home page and the programmes page group the year's targets by programme,
with each programme's qualitative tasks."""

from __future__ import annotations

from decimal import Decimal

from django.test import override_settings
from django.urls import reverse

from duban.core.asof import Month
from duban.projects.models import Programme
from duban.targets.queries import group_by_programme, programme_progress, targets_for_year
from tests.support.factories import Personas, make_category, make_target


@override_settings(DUBAN_AS_OF="2021-09", DUBAN_TODAY="")
class ProgrammeTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.industry = Programme.objects.create(
            code="industry", name="产业发展和科技创新提升工程", sort_order=1,
            tasks="推动产业链升级\n坚持创新驱动引领",
        )  # fmt: skip
        cls.city = Programme.objects.create(
            code="city", name="城市品质和古厝保护提升工程", sort_order=2,
            tasks="建成福州古厝展示馆等一批项目",
        )  # fmt: skip
        services = make_category(name="服务业", programme=cls.industry)
        make_target(value=Decimal(168), title="亿元以上项目新开工")
        make_target(value=Decimal(95), title="服务业新开工", category=services)
        make_target(value=Decimal(120), title="新增限上商贸业企业", programme=cls.industry)

    def test_a_target_falls_under_its_own_or_its_categorys_programme(self) -> None:
        groups = group_by_programme(list(targets_for_year(2021)), lambda t: t)
        shown = [(g.programme, sorted(t.title for t in g.rows)) for g in groups]
        self.assertEqual(
            shown,
            [(None, ["亿元以上项目新开工"]),
             (self.industry, sorted(["服务业新开工", "新增限上商贸业企业"]))],
        )  # fmt: skip
        every = group_by_programme(list(targets_for_year(2021)), lambda t: t, every=True)
        self.assertEqual([g.programme for g in every], [None, self.industry, self.city])

    def test_the_home_page_groups_by_programme_on_request(self) -> None:
        self.client.force_login(self.supervisor)
        plain = self.client.get(reverse("portal:home")).content.decode()
        self.assertNotIn("<h2>产业发展和科技创新提升工程</h2>", plain)
        grouped = self.client.get(reverse("portal:home"), {"group": "programme"}).content.decode()
        self.assertIn("<h2>产业发展和科技创新提升工程</h2>", grouped)
        self.assertLess(grouped.index("全区总体目标"), grouped.index("产业发展和科技创新提升工程"))

    def test_the_programmes_page_lists_targets_and_qualitative_tasks(self) -> None:
        self.client.force_login(self.reporter)
        page = self.client.get(reverse("targets:programmes"))
        self.assertContains(page, "坚持创新驱动引领")
        self.assertContains(page, "建成福州古厝展示馆等一批项目")
        self.assertContains(page, "新增限上商贸业企业")

    def test_programme_progress_counts_targets_behind_the_trajectory(self) -> None:
        # 序时进度 at September on the linear curve: 75%
        rows = programme_progress(Month(2021, 9), Decimal(75))
        self.assertEqual(
            rows,
            [{"programme": "产业发展和科技创新提升工程", "targets": 2, "on_pace": 0, "behind": 2}],
        )
