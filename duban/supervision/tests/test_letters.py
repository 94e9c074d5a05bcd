"""Supervision letters: numbered, a readable .docx, answered by the unit, escalated when late."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from decimal import Decimal as D
from pathlib import Path

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from duban.audit.models import AuditEvent
from duban.core.asof import Month
from duban.projects.choices import Listing
from duban.projects.models import Project
from duban.supervision import services
from duban.supervision.models import SupervisionLetter
from duban.supervision.queries import Light, compute_lights
from duban.supervision.tests.factories import SupervisionCase, make_district
from tests.support.factories import SYSTEM, make_listing, make_project

SEPT = Month(2021, 9)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MEDIA = tempfile.mkdtemp(prefix="duban-letters-")


@override_settings(MEDIA_ROOT=MEDIA)
@time_machine.travel(dt.datetime(2021, 10, 8, 10, tzinfo=dt.UTC), tick=False)
class LetterTests(SupervisionCase):
    project: Project
    green_project: Project

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_district()
        cls.project = make_project(unit=cls.street, code="GL20210042", name="鼓东商业综合体项目")
        make_listing(cls.project, kind=Listing.CONTINUING, planned_investment_wan=D(1200))
        cls.green_project = make_project(unit=cls.street, code="GL20210043")
        make_listing(cls.green_project, kind=Listing.RESERVE)

    def red(self) -> Light:
        return next(x for x in compute_lights(SEPT) if x.object_id == self.project.pk)

    def issue(self, deadline: dt.date = dt.date(2021, 10, 18)) -> SupervisionLetter:
        return services.issue_letter(
            self.red(), actor=self.supervisor, deadline=deadline, month=SEPT
        )

    def test_letters_are_numbered_in_sequence_per_year_and_never_reused(self) -> None:
        first = self.issue()
        second = self.issue()
        self.assertEqual(first.number, "鼓楼督〔2021〕1号")
        self.assertEqual(second.number, "鼓楼督〔2021〕2号")
        services.cancel_letter(second, actor=self.supervisor, reason="误发")
        third = self.issue()
        self.assertEqual(third.number, "鼓楼督〔2021〕3号")
        with time_machine.travel(dt.datetime(2022, 1, 5, 10, tzinfo=dt.UTC), tick=False):
            next_year = self.issue(deadline=dt.date(2022, 1, 20))
        self.assertEqual(next_year.number, "鼓楼督〔2022〕1号")

    def test_only_a_red_light_earns_a_letter(self) -> None:
        light = self.red()
        light.colour = "yellow"
        with self.assertRaises(ValidationError):
            services.issue_letter(light, actor=self.supervisor, deadline=dt.date(2021, 10, 18),
                                  month=SEPT)  # fmt: skip

    def test_a_reporter_cannot_issue(self) -> None:
        with self.assertRaises(PermissionDenied):
            services.issue_letter(
                self.red(), actor=self.reporter, deadline=dt.date(2021, 10, 18), month=SEPT
            )

    def test_the_docx_reads_back_in_formal_chinese(self) -> None:
        letter = self.issue()
        self.client.force_login(self.supervisor)
        response = self.client.get(reverse("supervision:letter_docx", args=[letter.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment;", response["Content-Disposition"])
        doc = Document(io.BytesIO(response.content))
        # 信函格式: the issuing office in red in the first page's header, then the number
        # flush right, the title, the addressee, the body and the signature block.
        mark = doc.sections[0].first_page_header.paragraphs[0]
        self.assertEqual(mark.text, "鼓楼区发展和改革局")
        text = [p.text for p in doc.paragraphs if p.text]
        self.assertEqual(text[0], "鼓楼督〔2021〕1号")
        self.assertEqual(text[1], "关于加快推进鼓东商业综合体项目的督办函")
        self.assertEqual(text[2], "鼓东街道：")
        body = "".join(text)
        self.assertIn("你单位负责的项目“鼓东商业综合体项目”进度滞后", body)
        self.assertIn("序时进度75%，实际完成0%", body)
        self.assertIn("于2021年10月18日前将整改情况书面回函", body)
        self.assertEqual(text[-3:], ["特此函告。", "鼓楼区发展和改革局", "2021年10月8日"])
        run = mark.runs[0]
        fonts = run._element.find(qn("w:rPr")).find(qn("w:rFonts"))  # type: ignore[union-attr]
        east_asia = fonts.get(qn("w:eastAsia"))  # type: ignore[union-attr]
        self.assertEqual(east_asia, "方正小标宋简体")
        self.assertTrue(AuditEvent.objects.filter(event="letter.downloaded").exists())

    def test_another_unit_cannot_see_or_download_the_letter(self) -> None:
        letter = self.issue()
        self.client.force_login(self.other_reporter)
        for name in ("supervision:letter", "supervision:letter_docx"):
            self.assertEqual(self.client.get(reverse(name, args=[letter.pk])).status_code, 404)

    def test_the_unit_replies_with_evidence_and_the_supervisor_closes(self) -> None:
        letter = self.issue()
        self.client.force_login(self.reporter)
        response = self.client.post(
            reverse("supervision:letter", args=[letter.pk]),
            {
                "version": letter.version,
                "reply_text": "已倒排工期，10月底前追回进度。",
                "evidence": SimpleUploadedFile("现场照片.pdf", PDF, "application/pdf"),
            },
        )
        self.assertEqual(response.status_code, 302)
        letter.refresh_from_db()
        self.assertEqual(letter.status, "replied")
        self.assertTrue(letter.replied_on_time)
        self.assertEqual(letter.evidence_name, "现场照片.pdf")
        stored = Path(MEDIA) / "supervision" / letter.evidence_path
        self.assertEqual(stored.read_bytes(), PDF)
        self.assertNotIn("现场", letter.evidence_path)
        download = self.client.get(reverse("supervision:letter_evidence", args=[letter.pk]))
        self.assertEqual(download.status_code, 200)
        self.assertIn("attachment", download["Content-Disposition"])
        self.client.force_login(self.other_reporter)
        self.assertEqual(
            self.client.get(reverse("supervision:letter_evidence", args=[letter.pk])).status_code,
            404,
        )
        services.close_letter(letter, actor=self.supervisor)
        letter.refresh_from_db()
        self.assertEqual(letter.status, "closed")

    def test_a_renamed_executable_is_refused_and_nothing_is_saved(self) -> None:
        letter = self.issue()
        before = set((Path(MEDIA) / "supervision").glob("*"))
        self.client.force_login(self.reporter)
        response = self.client.post(
            reverse("supervision:letter", args=[letter.pk]),
            {
                "version": letter.version,
                "reply_text": "已整改",
                "evidence": SimpleUploadedFile("照片.pdf", b"MZ\x90\x00" + b"\0" * 64),
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "佐证文件：文件内容不是允许的类型", status_code=400)
        letter.refresh_from_db()
        self.assertEqual(letter.status, "issued")
        self.assertEqual(set((Path(MEDIA) / "supervision").glob("*")), before)

    def test_another_units_reporter_cannot_reply(self) -> None:
        letter = self.issue()
        with self.assertRaises(PermissionDenied):
            services.reply_letter(
                letter, actor=self.other_reporter, expected_version=letter.version,
                reply_text="冒名回函",
            )  # fmt: skip

    def test_an_unanswered_letter_escalates_after_its_deadline_once(self) -> None:
        letter = self.issue(deadline=dt.date(2021, 10, 18))
        self.assertEqual(services.escalate_overdue(actor=SYSTEM), {"letters": 0, "problems": 0})
        with time_machine.travel(dt.datetime(2021, 10, 18, 15, tzinfo=dt.UTC), tick=False):
            # 23:00 in Shanghai on the deadline day: still on time.
            self.assertEqual(services.escalate_overdue(actor=SYSTEM)["letters"], 0)
        with time_machine.travel(dt.datetime(2021, 10, 18, 16, 30, tzinfo=dt.UTC), tick=False):
            out = io.StringIO()
            call_command("escalate_overdue", stdout=out)
            self.assertIn("升级督办函 1 件", out.getvalue())
            call_command("escalate_overdue", stdout=io.StringIO())
        letter.refresh_from_db()
        self.assertEqual(letter.status, "escalated")
        self.assertEqual(AuditEvent.objects.filter(event="letter.escalated").count(), 1)

    def test_a_late_reply_to_an_escalated_letter_is_kept_as_late(self) -> None:
        letter = self.issue(deadline=dt.date(2021, 10, 18))
        with time_machine.travel(dt.datetime(2021, 10, 25, 2, tzinfo=dt.UTC), tick=False):
            services.escalate_overdue(actor=SYSTEM)
            letter.refresh_from_db()
            services.reply_letter(
                letter, actor=self.reporter, expected_version=letter.version, reply_text="迟复"
            )
        letter.refresh_from_db()
        self.assertEqual(letter.status, "replied")
        self.assertFalse(letter.replied_on_time)
