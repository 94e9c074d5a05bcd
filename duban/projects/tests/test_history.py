"""A project's change history reads as a person would say it: field labels, dates, 万元/亿元,
unit names and choices, who and when; never `project.updated` or `unit: 4`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import time_machine
from django.urls import reverse
from django.utils import translation

from duban.audit.presentation import present
from duban.audit.queries import history_for
from duban.core.money import format_wan
from duban.projects.services import update_project
from tests.support.factories import Personas, make_project, make_unit


@time_machine.travel("2021-09-10 10:00 +0800", tick=False)
class HistoryTests(Personas):
    def setUp(self) -> None:
        super().setUp()
        self.project = make_project(unit=self.street, planned_start=dt.date(2021, 8, 23))
        self.moved_to = make_unit(name="测试迁入街道", short_name="迁入")
        update_project(
            self.project, actor=self.supervisor, expected_version=self.project.version,
            changes={
                "planned_start": dt.date(2021, 9, 1), "unit": self.moved_to,
                "total_investment_wan": Decimal(25000), "industry": "secondary",
            },
        )  # fmt: skip

    def test_each_change_names_its_field_and_prints_values_in_the_products_formats(self) -> None:
        (entry,) = [e for e in present(history_for(self.project)) if e.changes]
        changes = {c.label: (c.before, c.after) for c in entry.changes}
        self.assertEqual(entry.title, "修改项目信息")
        self.assertEqual(changes["计划开工日期"], ("2021-08-23", "2021-09-01"))
        self.assertEqual(
            changes["总投资（万元）"],
            (format_wan(Decimal(20000)), format_wan(Decimal(25000))),
        )
        self.assertIn(self.moved_to.label, changes["责任单位"][1])
        self.assertEqual(changes["产业类型"], ("三产", "二产"))
        self.assertIn("发改局", entry.who)

    def test_the_project_page_shows_no_developer_output(self) -> None:
        self.client.force_login(self.supervisor)
        page = self.client.get(reverse("projects:detail", args=[self.project.pk]))
        text = page.content.decode()
        for raw in ("project.updated", "planned_start:", "unit:", "None"):
            self.assertNotIn(raw, text)
        self.assertIn("计划开工日期", text)

    def test_in_english_the_history_reads_in_english(self) -> None:
        with translation.override("en"):
            (entry,) = [e for e in present(history_for(self.project)) if e.changes]
            labels = [c.label for c in entry.changes]
        self.assertEqual(entry.title, "Project edited")
        # Field labels are English; the money unit keeps its Chinese name (万元 is a unit, not
        # a word to translate: the number policy prints it the same way in both languages).
        self.assertTrue(all(label.replace("万元", "").isascii() for label in labels), labels)
