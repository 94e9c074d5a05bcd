"""Tasks take part in the warning lights: overdue ones light red and are chased by a letter
(督办函) like a lagging project; an open task without this month's progress lights yellow."""

from __future__ import annotations

import datetime as dt
import io

from django.test import override_settings
from django.urls import reverse
from docx import Document

from duban.core.asof import Month
from duban.supervision import services
from duban.supervision.choices import LightKind
from duban.supervision.documents import build_docx
from duban.supervision.queries import compute_lights, light_for
from duban.supervision.tests.factories import SupervisionCase
from duban.tasks import services as tasks
from duban.tasks.choices import TaskKind, TaskSource
from tests.support.factories import SYSTEM

SEPT = Month(2021, 9)


@override_settings(DUBAN_TODAY="2021-10-08")
class TaskLightTests(SupervisionCase):
    def _task(self, title: str, deadline: dt.date) -> object:
        return tasks.create_task(
            actor=SYSTEM,
            kind=TaskKind.TASK,
            title=title,
            source=TaskSource.INSTRUCTION,
            lead_unit=self.street,
            assigned_on=dt.date(2021, 3, 1),
            deadline=deadline,
        )

    def test_overdue_tasks_light_red_and_quiet_ones_yellow(self) -> None:
        late = self._task("背街小巷提升（示例）", dt.date(2021, 8, 31))
        quiet = self._task("长者食堂（示例）", dt.date(2021, 12, 31))
        fine = self._task("口袋公园（示例）", dt.date(2021, 12, 31))
        tasks.report_progress(fine, actor=self.reporter, year=2021, month=9, text="已开工")
        lights = {
            light.object_id: light for light in compute_lights(SEPT) if light.kind == LightKind.TASK
        }
        self.assertEqual(lights[late.pk].colour, "red")  # type: ignore[attr-defined]
        self.assertIn("已逾期30天", lights[late.pk].reasons[0])  # type: ignore[attr-defined]
        self.assertEqual(lights[quiet.pk].colour, "yellow")  # type: ignore[attr-defined]
        self.assertEqual(lights[fine.pk].colour, "green")  # type: ignore[attr-defined]

    def test_an_overdue_task_is_chased_with_a_letter(self) -> None:
        late = self._task("背街小巷提升（示例）", dt.date(2021, 8, 31))
        light = light_for(self.supervisor, LightKind.TASK, late.pk, SEPT)  # type: ignore[attr-defined]
        assert light is not None
        self.client.force_login(self.supervisor)
        page = self.client.get(
            reverse("supervision:light", args=["task", late.pk]),  # type: ignore[attr-defined]
            {"as_of": "2021-09"},
        )
        self.assertContains(page, "背街小巷提升")
        self.assertIsNotNone(page.context["issue_form"])
        letter = services.issue_letter(
            light, actor=self.supervisor, deadline=dt.date(2021, 10, 20), month=SEPT
        )
        self.assertEqual(letter.task_id, late.pk)  # type: ignore[attr-defined]
        self.assertEqual(letter.unit_id, self.street.pk)
        text = "\n".join(p.text for p in Document(io.BytesIO(build_docx(letter))).paragraphs)
        self.assertIn("背街小巷提升", text)
        # The unit sees the letter and the light of its own task; another unit sees neither.
        self.assertIsNone(light_for(self.other_reporter, LightKind.TASK, late.pk, SEPT))  # type: ignore[attr-defined]
        self.assertIsNotNone(light_for(self.reporter, LightKind.TASK, late.pk, SEPT))  # type: ignore[attr-defined]
