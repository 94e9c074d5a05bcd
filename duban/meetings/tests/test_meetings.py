"""Meetings: each decision becomes a tracked task with its lead unit and deadline, linked back;
the minutes (.docx, GB/T 9704) carry the record; a 通报会 lists who presented and who made a
statement from the speaking lists, and the statements' commitments are followed up next
quarter."""

from __future__ import annotations

import datetime as dt
import io
import json
from io import StringIO

from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from docx import Document

from duban.assessment.services import compute_month, publish_month
from duban.assessment.tests.factories import make_method, scored_district
from duban.core.asof import Month
from duban.meetings import services
from duban.meetings.choices import MeetingKind, SpeakerRole
from duban.meetings.documents import build_docx
from duban.meetings.models import Meeting
from duban.orgs.models import District
from duban.tasks.choices import TaskKind, TaskSource
from duban.tasks.models import Task
from tests.support.factories import Personas, make_leader, make_unit


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


@override_settings(DUBAN_TODAY="2021-10-08")
class DecisionTests(Personas):
    def setUp(self) -> None:
        District.objects.create(name="鼓楼区")
        self.chair = make_leader(name="王区长", title="副区长")
        self.meeting = services.record_meeting(
            actor=self.supervisor,
            kind=MeetingKind.MONTHLY,
            title="2021年9月重点项目月调度会",
            held_on=dt.date(2021, 9, 28),
            chair=self.chair,
            units=[self.street, self.other_street],
            leaders=[self.chair],
            summary="听取各单位9月项目推进情况汇报。",
        )

    def test_a_meetings_decisions_appear_as_tasks_with_deadlines(self) -> None:
        first = services.add_decision(
            self.meeting,
            actor=self.supervisor,
            text="鼓东街道牵头完成地块征迁扫尾",
            lead_unit=self.street,
            cooperating_units=[self.other_street],
            deadline=dt.date(2021, 10, 31),
        )
        second = services.add_decision(
            self.meeting,
            actor=self.supervisor,
            text="商务局协调企业用电增容",
            lead_unit=self.lead_department,
            working_days=5,
        )
        self.assertEqual((first.seq, second.seq), (1, 2))
        task = Task.objects.get(pk=first.task_id)
        self.assertEqual(task.kind, TaskKind.DECISION)
        self.assertEqual(task.source, TaskSource.MEETING)
        self.assertEqual(task.meeting_id, self.meeting.pk)
        self.assertEqual(task.lead_unit, self.street)
        self.assertEqual(task.deadline, dt.date(2021, 10, 31))
        self.assertEqual(task.assigned_on, self.meeting.held_on)
        # Five working days after Tuesday 28 September cross the National Day holiday.
        self.assertGreater(Task.objects.get(pk=second.task_id).deadline, dt.date(2021, 10, 7))
        # The decisions are tasks like any other: the lead unit reports on them monthly.
        self.client.force_login(self.reporter)
        page = self.client.get(reverse("reports:unit_month", args=[self.street.pk, "2021-10"]))
        self.assertContains(page, "鼓东街道牵头完成地块征迁扫尾")
        out = StringIO()
        call_command("tasks", "--as-of", "2021-10", "--format", "json", stdout=out)
        rows = {r["id"]: r for r in json.loads(out.getvalue())}
        self.assertEqual(rows[task.pk]["meeting_id"], self.meeting.pk)
        self.assertEqual(rows[task.pk]["kind"], "decision")

    def test_the_minutes_docx_carries_the_record(self) -> None:
        services.add_decision(
            self.meeting,
            actor=self.supervisor,
            text="鼓东街道牵头完成地块征迁扫尾",
            lead_unit=self.street,
            deadline=dt.date(2021, 10, 31),
        )
        text = docx_text(build_docx(self.meeting))
        self.assertIn("鼓楼区月调度会纪要", text)
        self.assertIn("〔2021〕1号", text)
        self.assertIn("2021年9月重点项目月调度会纪要", text)
        self.assertIn("王区长", text)
        self.assertIn("鼓东街道、鼓西街道", text)
        self.assertIn("鼓东街道牵头完成地块征迁扫尾 | 鼓东街道 | — | 2021-10-31", text)
        # The page offers the same file, audited.
        self.client.force_login(self.reporter)
        answer = self.client.get(reverse("meetings:minutes", args=[self.meeting.pk]))
        self.assertEqual(answer.status_code, 200)
        self.assertIn("鼓东街道牵头完成地块征迁扫尾", docx_text(answer.content))

    def test_only_the_office_records_meetings_and_a_unit_sees_only_its_own(self) -> None:
        with self.assertRaises(PermissionDenied):
            services.record_meeting(
                actor=self.reporter,
                kind=MeetingKind.TOPIC,
                title="x",
                held_on=dt.date(2021, 9, 1),
            )
        self.client.force_login(self.outsider)
        self.assertEqual(
            self.client.get(reverse("meetings:detail", args=[self.meeting.pk])).status_code, 404
        )
        self.client.force_login(self.reporter)
        self.assertEqual(
            self.client.get(reverse("meetings:detail", args=[self.meeting.pk])).status_code, 200
        )

    def test_decisions_are_added_from_the_meeting_page(self) -> None:
        self.client.force_login(self.supervisor)
        self.client.post(
            reverse("meetings:add_decision", args=[self.meeting.pk]),
            {"text": "鼓西街道推进老旧小区改造", "lead_unit": self.other_street.pk,
             "working_days": 10},
        )  # fmt: skip
        page = self.client.get(reverse("meetings:detail", args=[self.meeting.pk]))
        self.assertContains(page, "鼓西街道推进老旧小区改造")
        self.assertEqual(len(page.context["decisions"]), 1)


@override_settings(DUBAN_TODAY="2021-10-08")
class QuarterlyMeetingTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        third = make_unit(code="sc", name="丙街道", short_name="丙")
        cls.district = scored_district([cls.street, cls.other_street, third])
        make_method()

    def test_the_quarterly_meeting_lists_speakers_and_follows_up_commitments(self) -> None:
        compute_month(Month(2021, 3), actor=self.supervisor)
        publish_month(Month(2021, 3), actor=self.supervisor)
        q1 = services.record_meeting(
            actor=self.supervisor,
            kind=MeetingKind.QUARTERLY,
            title="一季度通报会",
            held_on=dt.date(2021, 4, 15),
            quarter=1,
        )
        speakers = services.list_speakers(q1, actor=self.supervisor)
        experience = [s.unit.code for s in speakers if s.role == SpeakerRole.EXPERIENCE]
        statements = [s for s in speakers if s.role == SpeakerRole.STATEMENT]
        self.assertEqual(experience, ["guxi"])
        self.assertEqual([s.unit.code for s in statements], ["sc"])
        services.record_commitment(
            statements[0], actor=self.supervisor, expected_version=1, commitments="二季度新开工2个"
        )
        q2 = services.record_meeting(
            actor=self.supervisor,
            kind=MeetingKind.QUARTERLY,
            title="二季度通报会",
            held_on=dt.date(2021, 7, 15),
            quarter=2,
        )
        earlier = services.previous_statements(q2)
        self.assertEqual([s.commitments for s in earlier], ["二季度新开工2个"])
        services.follow_up(
            earlier[0], actor=self.supervisor, at=q2, expected_version=2, note="已新开工1个"
        )
        text = docx_text(build_docx(q2))
        self.assertIn("上季度表态承诺跟进", text)
        self.assertIn("丙街道：承诺“二季度新开工2个”；跟进情况：已新开工1个。", text)
        text = docx_text(build_docx(q1))
        self.assertIn("介绍经验：鼓西街道。", text)
        self.assertIn("表态发言：丙街道。", text)
        self.assertEqual(Meeting.objects.get(pk=q2.pk).serial, 2)
