"""Problems walk one path, each side moves only its own steps, closure is scored per
coordinating department."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from duban.audit.models import AuditEvent
from duban.core.asof import Month
from duban.orgs.models import Leader
from duban.problems import services
from duban.problems.models import Problem
from duban.problems.queries import closure_stats_by_department, problem_closure
from duban.projects.models import Project
from tests.support.factories import SYSTEM, Personas, make_leader, make_project

NOW = dt.datetime(2021, 9, 10, 2, tzinfo=dt.UTC)  # 10 September, 10:00 in Shanghai


@time_machine.travel(NOW, tick=False)
class ProblemTests(Personas):
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
        return services.raise_problem(
            actor=self.reporter, project=self.project, type="land", title="用地红线待批复",
            description="红线调整待自然资源局批复", department=self.lead_department,
            deadline=deadline, **kw,
        )  # fmt: skip

    def test_a_problem_goes_through_every_status(self) -> None:
        problem = self.raise_one()
        self.assertEqual((problem.status, problem.owner_unit), ("open", self.street))
        services.move_problem(problem, actor=self.reviewer, to_status="in_progress")
        services.move_problem(problem, actor=self.reviewer, to_status="resolved")
        services.move_problem(
            problem, actor=self.reporter, to_status="reopened", note="批复附条件无法落实"
        )
        self.assertIsNone(problem.resolved_on)
        services.move_problem(problem, actor=self.leader_user, to_status="in_progress")
        services.move_problem(problem, actor=self.reviewer, to_status="resolved")
        services.move_problem(problem, actor=self.reporter, to_status="confirmed")
        problem.refresh_from_db()
        self.assertEqual(problem.status, "confirmed")
        self.assertEqual(
            list(problem.notes.values_list("to_status", flat=True)),
            ["in_progress", "resolved", "reopened", "in_progress", "resolved", "confirmed"],
        )
        self.assertEqual(
            AuditEvent.objects.filter(event="problem.status_changed", object_id=problem.pk).count(),
            6,
        )

    def test_a_skipped_step_is_refused_with_the_reason(self) -> None:
        problem = self.raise_one()
        with self.assertRaisesMessage(ValidationError, "状态不能从“待办”变为“已确认办结”"):
            services.move_problem(problem, actor=self.supervisor, to_status="confirmed")

    def test_each_side_moves_only_its_own_steps(self) -> None:
        problem = self.raise_one()
        with self.assertRaises(PermissionDenied):  # reporters do not coordinate
            services.move_problem(problem, actor=self.reporter, to_status="in_progress")
        services.move_problem(problem, actor=self.reviewer, to_status="in_progress")
        services.move_problem(problem, actor=self.reviewer, to_status="resolved")
        with self.assertRaises(PermissionDenied):  # the coordinator does not confirm itself
            services.move_problem(problem, actor=self.reviewer, to_status="confirmed")
        with self.assertRaises(PermissionDenied):  # nor does another unit
            services.move_problem(problem, actor=self.other_reporter, to_status="confirmed")

    def test_the_page_moves_a_problem_and_refuses_a_stale_form(self) -> None:
        problem = self.raise_one()
        url = reverse("problems:problem", args=[problem.pk])
        self.client.force_login(self.reviewer)
        page = self.client.get(url)
        self.assertEqual(page.context["moves"], [("in_progress", "协调中")])
        response = self.client.post(
            url, {"version": 1, "to_status": "in_progress", "note": "已约谈"}
        )
        self.assertRedirects(response, url)
        stale = self.client.post(url, {"version": 1, "to_status": "resolved"})
        self.assertEqual(stale.status_code, 409)
        problem.refresh_from_db()
        self.assertEqual((problem.status, problem.last_note), ("in_progress", "已约谈"))
        self.client.force_login(self.other_reporter)
        self.assertEqual(
            self.client.post(url, {"version": 2, "to_status": "resolved"}).status_code, 404
        )

    def test_a_reporter_sees_its_own_problems_only(self) -> None:
        problem = self.raise_one()
        self.client.force_login(self.other_reporter)
        url = reverse("problems:problem", args=[problem.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.reporter)
        self.assertContains(self.client.get(url), "用地红线待批复")

    def test_raising_from_the_page_names_the_field_in_error(self) -> None:
        self.client.force_login(self.reporter)
        response = self.client.post(
            reverse("problems:problem_new"),
            {"project_code": "GL99999999", "type": "land", "title": "x", "description": "y",
             "department": self.lead_department.pk, "leader": self.leader.pk,
             "deadline": "2021-09-30"},
        )  # fmt: skip
        self.assertContains(response, "项目编号：找不到该项目")
        self.assertFalse(Problem.objects.exists())


@time_machine.travel(NOW, tick=False)
class ScoringTests(Personas):
    fast: Problem
    slow: Problem
    october: Problem

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        project = make_project(unit=cls.street)
        leader = cls.leader_user.leader
        assert leader is not None

        def problem(raised: str, deadline: str) -> Problem:
            return services.raise_problem(
                actor=SYSTEM, project=project, type="funding", title=f"资金{raised}",
                description="专项资金", department=cls.lead_department, leader=leader,
                deadline=dt.date.fromisoformat(deadline),
                raised_on=dt.date.fromisoformat(raised),
            )  # fmt: skip

        cls.fast = problem("2021-08-01", "2021-08-20")
        services.move_problem(cls.fast, actor=SYSTEM, to_status="in_progress",
                              on=dt.date(2021, 8, 3))  # fmt: skip
        services.move_problem(cls.fast, actor=SYSTEM, to_status="resolved",
                              on=dt.date(2021, 8, 11))  # fmt: skip
        cls.slow = problem("2021-08-05", "2021-08-25")
        cls.october = problem("2021-10-02", "2021-10-20")

    def test_closure_counts_for_the_coordinating_department(self) -> None:
        aug = problem_closure([self.lead_department.pk, self.street.pk], Month(2021, 8))
        dept = aug[self.lead_department.pk]
        self.assertEqual((dept["numerator"], dept["denominator"]), (D(1), D(2)))
        self.assertEqual(
            [(s["type"], s["id"], s["value"]) for s in dept["sources"]],
            [
                ("problem", self.fast.pk, "已办结（2021-08-11）"),
                ("problem", self.slow.pk, "未办结"),
            ],
        )
        self.assertEqual(aug[self.street.pk]["denominator"], D(0))

    def test_closure_stats_give_rate_and_average_days(self) -> None:
        rows = closure_stats_by_department(2021, Month(2021, 8))
        self.assertEqual(len(rows), 1)
        row = rows[0]
        self.assertEqual((row["total"], row["closed"], row["overdue"]), (2, 1, 1))
        self.assertEqual((row["rate"], row["avg_days"]), (D("50.0"), D("10.0")))
