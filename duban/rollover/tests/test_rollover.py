"""Opening 2022 from 2021: previewed (what moves, what stays) without writing; run in one
transaction, audited; unfinished projects carry as 续建 with their open nodes and keep their
history; 储备 projects can be promoted; open problems carry with their notes; targets start as
drafts at last year's values; 2021 becomes read-only and stays readable."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from duban.audit.models import AuditEvent
from duban.core import rollover as registry
from duban.core.rollover import CarryStep, RolloverPlan, StepPreview, register, steps
from duban.core.services import save_versioned
from duban.core.yearlock import YearClosed
from duban.orgs.models import Leader
from duban.problems.choices import ProblemStatus, ProblemType
from duban.problems.models import Problem, ProblemNote
from duban.projects.choices import Listing, Stage
from duban.projects.models import PlanListing, ProjectNode, StageChange
from duban.projects.services import change_stage
from duban.rollover import services
from duban.rollover.models import Rollover
from duban.targets.models import Target
from duban.tasks.choices import TaskKind, TaskSource, TaskStatus
from duban.tasks.models import Task
from duban.tasks.services import create_task
from tests.support.factories import (
    SYSTEM,
    Personas,
    make_leader,
    make_listing,
    make_project,
    make_target,
)


def _problem(project: object, leader: Leader, unit: object, status: str, title: str) -> Problem:
    return Problem.objects.create(
        project=project, owner_unit=unit, department=unit, leader=leader,
        type=ProblemType.choices[0][0], title=title, description=title,
        deadline=dt.date(2021, 11, 30), raised_on=dt.date(2021, 6, 1), status=status,
    )  # fmt: skip


@override_settings(DUBAN_AS_OF="2021-12", DUBAN_TODAY="")
class RolloverTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.building = make_project(unit=cls.street, name="在建综合体")
        make_listing(cls.building, kind=Listing.NEW_START)
        change_stage(cls.building, actor=SYSTEM, to_stage=Stage.STARTED, on=dt.date(2021, 4, 8))
        ProjectNode.objects.create(
            project=cls.building, year=2021, order=1, name="开工",
            planned_on=dt.date(2021, 4, 1), original_planned_on=dt.date(2021, 4, 1),
            completed_on=dt.date(2021, 4, 8),
        )  # fmt: skip
        ProjectNode.objects.create(
            project=cls.building, year=2021, order=2, name="主体结构封顶",
            planned_on=dt.date(2021, 12, 31), original_planned_on=dt.date(2021, 10, 31),
            revised_reason="雨季延误",
        )  # fmt: skip
        cls.done = make_project(unit=cls.street, name="已竣工项目")
        make_listing(cls.done, kind=Listing.COMPLETION)
        change_stage(cls.done, actor=SYSTEM, to_stage=Stage.COMPLETED, on=dt.date(2021, 9, 1))
        cls.reserve = make_project(unit=cls.other_street, name="储备甲")
        make_listing(cls.reserve, kind=Listing.RESERVE)
        cls.reserve_kept = make_project(unit=cls.other_street, name="储备乙")
        make_listing(cls.reserve_kept, kind=Listing.RESERVE)
        leader = make_leader()
        cls.open_problem = _problem(cls.building, leader, cls.street, ProblemStatus.IN_PROGRESS,
                                    "用地报批")  # fmt: skip
        _problem(cls.done, leader, cls.street, ProblemStatus.CONFIRMED, "已办结")
        cls.district = make_target(value=Decimal(168), title="亿元以上项目新开工")
        cls.part = make_target(unit=cls.street, parent=cls.district, value=Decimal(10))

    def _plan(self, promote: frozenset[int] = frozenset()) -> RolloverPlan:
        return services.plan_for(2021, 2022, promote)

    def test_the_dry_run_answers_the_agreed_counts_and_writes_nothing(self) -> None:
        audit_rows = AuditEvent.objects.count()
        out = StringIO()
        call_command("rollover", "--from", "2021", "--to", "2022", "--dry-run",
                     "--format", "json", stdout=out)  # fmt: skip
        self.assertEqual(
            json.loads(out.getvalue()), {"projects": 3, "tasks": 0, "problems": 1, "targets": 1}
        )
        self.assertFalse(PlanListing.objects.filter(year=2022).exists())
        self.assertFalse(Rollover.objects.exists())
        self.assertEqual(AuditEvent.objects.count(), audit_rows)

    def test_the_preview_says_what_moves_and_what_stays(self) -> None:
        shown = dict((s.key, p) for s, p in services.preview(self._plan()).steps)
        self.assertEqual((shown["projects"].moves, shown["projects"].stays), (3, 1))
        self.assertIn(str(self.done), shown["projects"].staying)
        self.assertEqual((shown["problems"].moves, shown["problems"].stays), (1, 1))
        self.assertEqual((shown["targets"].moves, shown["targets"].stays), (1, 1))

    def test_carried_projects_keep_their_history_and_open_nodes(self) -> None:
        services.run(self._plan(frozenset({self.reserve.pk})), actor=self.supervisor)
        listing = PlanListing.objects.get(project=self.building, year=2022)
        self.assertEqual(
            (listing.kind, listing.listed_on), (Listing.CONTINUING, dt.date(2022, 1, 1))
        )
        # The same project record: its stage history is there in the new year.
        history = StageChange.objects.filter(project=self.building)
        self.assertEqual([c.to_stage for c in history], [Stage.STARTED])
        nodes = ProjectNode.objects.filter(project=self.building, year=2022)
        self.assertEqual([n.name for n in nodes], ["主体结构封顶"])
        self.assertEqual(nodes[0].original_planned_on, dt.date(2021, 10, 31))
        self.assertEqual(nodes[0].revised_reason, "雨季延误")
        self.assertFalse(PlanListing.objects.filter(project=self.done, year=2022).exists())
        self.assertEqual(
            PlanListing.objects.get(project=self.reserve, year=2022).kind, Listing.NEW_START
        )
        self.assertEqual(
            PlanListing.objects.get(project=self.reserve_kept, year=2022).kind, Listing.RESERVE
        )
        carried = AuditEvent.objects.filter(event="rollover.project_carried")
        self.assertEqual(carried.count(), 3)

    def test_open_problems_carry_with_their_notes_and_targets_start_as_drafts(self) -> None:
        services.run(self._plan(), actor=self.supervisor)
        notes = ProblemNote.objects.filter(problem=self.open_problem)
        self.assertEqual([n.note for n in notes], ["结转至2022年继续办理"])
        self.assertEqual(
            ProblemNote.objects.filter(note__startswith="结转").count(), 1, "已办结的问题不结转"
        )
        new = Target.objects.get(year=2022)
        self.assertTrue(new.draft)
        self.assertEqual(
            (new.value, new.title, new.unit), (Decimal(168), "亿元以上项目新开工", None)
        )
        self.assertEqual(services.confirm_targets(2022, actor=self.supervisor), 1)
        new.refresh_from_db()
        self.assertFalse(new.draft)

    def test_the_old_year_becomes_read_only_and_a_second_run_is_refused(self) -> None:
        services.run(self._plan(), actor=self.supervisor)
        row = AuditEvent.objects.get(event="rollover.run")
        self.assertEqual(row.detail["projects"], 3)
        self.part.value = Decimal(12)
        with self.assertRaises(YearClosed):
            save_versioned(self.part, expected_version=self.part.version, fields=["value"])
        with self.assertRaises(YearClosed):
            make_listing(make_project(), year=2021)
        make_listing(make_project(), year=2022)  # the new year is open
        with self.assertRaises(ValidationError):
            services.run(self._plan(), actor=self.supervisor)
        # Still readable by year.
        self.client.force_login(self.supervisor)
        page = self.client.get(reverse("targets:table"), {"as_of": "2021-12"})
        self.assertEqual(page.status_code, 200)

    def test_a_failing_step_leaves_nothing_behind(self) -> None:
        def boom(plan: RolloverPlan, actor: object) -> int:
            raise RuntimeError("磁盘已满")

        before = list(steps())
        register(CarryStep("zz_fail", "x", 99, lambda p: StepPreview(moves=0), boom))
        try:
            with self.assertRaises(RuntimeError):
                services.run(self._plan(), actor=self.supervisor)
        finally:
            registry._steps.pop("zz_fail")
        self.assertEqual(steps(), before)
        self.assertFalse(PlanListing.objects.filter(year=2022).exists())
        self.assertFalse(Rollover.objects.exists())

    def test_only_the_development_office_runs_it(self) -> None:
        with self.assertRaises(PermissionDenied):
            services.run(self._plan(), actor=self.reporter)
        self.client.force_login(self.reporter)
        self.assertEqual(self.client.get(reverse("rollover:index")).status_code, 403)
        self.client.force_login(self.supervisor)
        page = self.client.get(reverse("rollover:index"), {"from": 2021})
        self.assertContains(page, "储备甲")

    def test_the_page_runs_the_rollover_with_the_chosen_promotions(self) -> None:
        self.client.force_login(self.supervisor)
        self.client.post(reverse("rollover:run"), {"from": "2021", "promote": [self.reserve.pk]})
        self.assertEqual(
            PlanListing.objects.get(project=self.reserve, year=2022).kind, Listing.NEW_START
        )
        self.assertTrue(Rollover.objects.filter(from_year=2021).exists())


class TaskRolloverTests(Personas):
    """Open tasks and rectification findings carry forward with their history; closed ones
    stay in the year that closed them."""

    def test_open_tasks_carry_and_closed_ones_stay(self) -> None:
        def task(title: str) -> object:
            return create_task(
                actor=SYSTEM, kind=TaskKind.TASK, title=title, source=TaskSource.PLAN,
                lead_unit=self.street, assigned_on=dt.date(2021, 3, 1),
                deadline=dt.date(2021, 6, 30),
            )  # fmt: skip

        open_task = task("老旧小区改造（示例）")
        closed = task("背街小巷整治（示例）")
        Task.objects.filter(pk=closed.pk).update(status=TaskStatus.CLOSED)  # type: ignore[attr-defined]
        plan = services.plan_for(2021, 2022, frozenset())
        preview = services.preview(plan)
        self.assertEqual(preview.counts["tasks"], 1)
        services.run(plan, actor=self.supervisor)
        carried = AuditEvent.objects.filter(event="rollover.task_carried")
        self.assertEqual([e.object_id for e in carried], [str(open_task.pk)])  # type: ignore[attr-defined]
        self.assertTrue(Task.objects.filter(pk=open_task.pk).exists())  # type: ignore[attr-defined]
