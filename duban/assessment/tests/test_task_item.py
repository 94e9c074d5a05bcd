"""Tasks can be an assessment item: 督查任务按期办结率 per lead unit (tasks, findings and
decisions due by the month's end, closed by their deadline)."""

from __future__ import annotations

import datetime as dt

from django.test import override_settings

from duban.assessment.items import REGISTRY
from duban.core.asof import Month
from duban.tasks import services
from duban.tasks.choices import TaskKind, TaskSource
from duban.tasks.models import Task
from tests.support.factories import SYSTEM, Personas


def _task(lead: object, title: str, deadline: dt.date) -> Task:
    return services.create_task(
        actor=SYSTEM, kind=TaskKind.TASK, title=title, source=TaskSource.PLAN,
        lead_unit=lead, assigned_on=dt.date(2021, 3, 1), deadline=deadline,  # type: ignore[arg-type]
    )  # fmt: skip


@override_settings(DUBAN_TODAY="2021-10-08")
class TaskCompletionItemTests(Personas):
    def test_tasks_closed_by_their_deadline_count_for_their_lead_unit(self) -> None:
        on_time = _task(self.street, "按期", dt.date(2021, 10, 31))
        services.request_closure(on_time, actor=self.reporter, expected_version=1, note="完成")
        services.confirm_closure(on_time, actor=self.supervisor, expected_version=2)
        _task(self.street, "逾期未办", dt.date(2021, 8, 31))
        _task(self.street, "未到期", dt.date(2021, 12, 31))
        kind = REGISTRY["task_completion"]
        self.assertEqual(kind.label, "督查任务按期办结率")
        got = kind.source([self.street.pk, self.other_street.pk], Month(2021, 10), {})
        self.assertEqual((got[self.street.pk].numerator, got[self.street.pk].denominator), (1, 2))
        self.assertEqual(
            [s["value"] for s in got[self.street.pk].sources],
            ["未按期销号", "按期销号（2021-10-08）"],
        )
        self.assertEqual(got[self.other_street.pk].denominator, 0)
