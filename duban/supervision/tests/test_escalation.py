"""The daily escalation: overdue letters and overdue problems are escalated once, and an
overdue problem leads its leader's page and the board; letter replies are scored per unit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import time_machine
from django.urls import reverse

from duban.core.asof import Month
from duban.orgs.models import Leader
from duban.problems import services as problem_services
from duban.problems.models import Problem
from duban.projects.models import Project
from duban.supervision import services
from duban.supervision.scoring import letter_reply
from duban.supervision.tests.factories import SupervisionCase, make_letter_rows
from tests.support.factories import SYSTEM, make_leader, make_project

NOW = dt.datetime(2021, 9, 10, 2, tzinfo=dt.UTC)  # 10 September, 10:00 in Shanghai


@time_machine.travel(NOW, tick=False)
class EscalationTests(SupervisionCase):
    project: Project
    leader: Leader
    other_leader: Leader

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.project = make_project(unit=cls.street, code="GL20210100", name="鼓东总部大楼")
        assert cls.leader_user.leader is not None
        cls.leader = cls.leader_user.leader
        cls.other_leader = make_leader(name="黄晓东")

    def raise_one(self, deadline: dt.date = dt.date(2021, 9, 30), **kw: Any) -> Problem:
        kw.setdefault("leader", self.leader)
        return problem_services.raise_problem(
            actor=self.reporter, project=self.project, type="land", title="用地红线待批复",
            description="红线调整待自然资源局批复", department=self.lead_department,
            deadline=deadline, **kw,
        )  # fmt: skip

    def test_an_overdue_problem_is_escalated_and_leads_its_leaders_page(self) -> None:
        later = self.raise_one(deadline=dt.date(2021, 10, 30))
        self.raise_one(deadline=dt.date(2021, 9, 20), leader=self.other_leader)
        overdue = self.raise_one(deadline=dt.date(2021, 9, 15))
        with time_machine.travel(dt.datetime(2021, 9, 20, 2, tzinfo=dt.UTC), tick=False):
            self.assertEqual(services.escalate_overdue(actor=SYSTEM), {"letters": 0, "problems": 1})
            self.assertEqual(services.escalate_overdue(actor=SYSTEM), {"letters": 0, "problems": 0})
            self.client.force_login(self.leader_user)
            response = self.client.get(reverse("problems:my_problems"))
            board = self.client.get(reverse("supervision:board") + "?as_of=2021-09")
        rows = response.context["rows"]
        self.assertEqual([p.pk for p in rows], [overdue.pk, later.pk])
        self.assertContains(response, "1 件逾期")
        self.assertContains(response, "已升级")
        self.assertEqual([p.pk for p in board.context["problems"]], [overdue.pk])


@time_machine.travel(NOW, tick=False)
class LetterScoringTests(SupervisionCase):
    def test_letter_reply_counts_letters_due_by_the_months_end(self) -> None:
        on_time, late, open_, not_due = make_letter_rows(self)
        result = letter_reply([self.street.pk], Month(2021, 9))[self.street.pk]
        self.assertEqual((result["numerator"], result["denominator"]), (D(1), D(3)))
        values = {s["id"]: s["value"] for s in result["sources"]}
        self.assertEqual(values, {on_time.pk: "按期回函", late.pk: "逾期回函", open_.pk: "未回函"})
        self.assertNotIn(not_due.pk, values)
