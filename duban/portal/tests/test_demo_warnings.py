"""The demo district shows every colour for a stated reason, letters in each fate and a leader
with overdue problems."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.test import TestCase, override_settings
from django.urls import reverse

from duban.accounts.models import User
from duban.core.asof import Month
from duban.portal import demo
from duban.problems.models import Problem
from duban.supervision.models import LightSnapshot, SupervisionLetter
from duban.supervision.queries import compute_lights


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class DemoWarningsTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        demo.load(demo.DemoContext())

    def test_every_colour_appears_and_explains_itself(self) -> None:
        lights = compute_lights(Month(2021, 9))
        self.assertEqual({x.colour for x in lights}, {"green", "yellow", "red"})
        for light in lights:
            self.assertTrue(light.reasons and light.rule and light.rule_version == "2021-07-01")

        # The slowest demo unit (南街, pace 0.62) has more red than the fastest (软件园, 1.1).
        def reds(label: str) -> int:
            return sum(1 for x in lights if x.unit_label == label and x.colour == "red")

        self.assertGreater(reds("南街"), reds("软件园"))

    def test_the_history_moves_across_months(self) -> None:
        months = set(LightSnapshot.objects.values_list("month", flat=True))
        self.assertEqual(months, set(range(1, 10)))
        changed = LightSnapshot.objects.values("kind", "object_id").distinct().count() > 0
        self.assertTrue(changed)
        colours_per_object: dict[tuple[str, int], set[str]] = {}
        for kind, oid, colour in LightSnapshot.objects.values_list("kind", "object_id", "colour"):
            colours_per_object.setdefault((kind, oid), set()).add(colour)
        self.assertTrue(any(len(c) == 3 for c in colours_per_object.values()))

    def test_letters_and_problems_in_every_state(self) -> None:
        statuses = set(SupervisionLetter.objects.values_list("status", flat=True))
        self.assertTrue({"closed", "escalated", "replied", "issued"} <= statuses)
        self.assertEqual(
            set(Problem.objects.values_list("status", flat=True)),
            {"open", "in_progress", "resolved", "confirmed", "reopened"},
        )
        self.assertEqual(Problem.objects.count(), 12)

    @time_machine.travel(dt.datetime(2021, 10, 8, 2, tzinfo=dt.UTC), tick=False)
    def test_the_demo_leader_finds_overdue_problems_first(self) -> None:
        self.client.force_login(User.objects.get(username="lingdao"))
        response = self.client.get(reverse("problems:my_problems"))
        rows = response.context["rows"]
        self.assertGreater(response.context["overdue_count"], 0)
        self.assertTrue(rows[0].is_overdue(dt.date(2021, 10, 8)))
