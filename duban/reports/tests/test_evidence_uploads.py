"""Evidence uploads (SECURITY.md E1, E5): checked by content, refused cleanly, stored outside
the web root under random names and served only as attachments to those who may see them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from duban.audit.models import AuditEvent
from duban.files.models import Attachment
from duban.reports.models import MonthlyReport
from duban.reports.services import attach_evidence, save_draft
from tests.support.dispatch import (
    EXE,
    JPEG,
    OLE,
    PDF,
    PNG,
    TempMedia,
    docx_bytes,
    upload,
    xlsm_bytes,
    xlsx_bytes,
)
from tests.support.factories import Personas, make_category, make_listing, make_project

NOW = "2021-10-03 10:00 +0800"


@time_machine.travel(NOW, tick=False)
class EvidenceTests(TempMedia, Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.project = make_project(unit=cls.street, category=make_category())
        make_listing(cls.project)
        cls.grid = reverse("reports:unit_month", args=[cls.street.pk, "2021-09"])

    def post_with_file(self, name: str, data: bytes) -> Any:
        p = self.project.pk
        return self.client.post(
            self.grid,
            {
                f"p{p}-investment_wan": "100",
                f"p{p}-progress_text": "基础施工",
                f"p{p}-confidence": "high",
                f"p{p}-confidence_reason": "顺利",
                f"p{p}-evidence": upload(name, data),
                "action": "save",
            },
        )

    def assert_refused_and_nothing_kept(self, response: Any, message: str) -> None:
        self.assertContains(response, message, status_code=400)
        self.assertFalse(MonthlyReport.objects.exists())  # not even the typed row
        self.assertFalse(Attachment.objects.exists())
        self.assertEqual(self.stored_files(), [])
        self.assertEqual(os.listdir(self.upload_tmp), [])

    def test_e1_a_renamed_executable_is_refused_by_content(self) -> None:
        self.client.force_login(self.reporter)
        response = self.post_with_file("现场照片.jpg", EXE)
        self.assert_refused_and_nothing_kept(response, "文件内容不是允许的类型")

    def test_e1_a_macro_workbook_is_refused_even_when_named_xlsx(self) -> None:
        self.client.force_login(self.reporter)
        self.assert_refused_and_nothing_kept(
            self.post_with_file("台账.xlsm", xlsm_bytes()), "含有宏"
        )
        self.assert_refused_and_nothing_kept(
            self.post_with_file("台账.xlsx", xlsm_bytes()), "含有宏"
        )

    def test_e1_legacy_office_files_are_refused_with_the_formats_to_use(self) -> None:
        self.client.force_login(self.reporter)
        response = self.post_with_file("旧版文档.doc", OLE)
        self.assert_refused_and_nothing_kept(response, "不接受旧版 Office 格式")

    def test_e1_an_extension_that_lies_about_the_content_is_refused(self) -> None:
        self.client.force_login(self.reporter)
        response = self.post_with_file("照片.png", PDF)
        self.assert_refused_and_nothing_kept(response, "与实际内容（PDF文档）不符")

    @override_settings(DUBAN_EVIDENCE_MAX_BYTES=3 * 1024 * 1024, FILE_UPLOAD_MAX_MEMORY_SIZE=1024)
    def test_e1_a_file_over_the_size_limit_is_refused_and_no_temporary_file_remains(self) -> None:
        # Larger than FILE_UPLOAD_MAX_MEMORY_SIZE, so Django spools it to a temporary file.
        big = PNG + b"\x00" * (settings.DUBAN_EVIDENCE_MAX_BYTES + 1)
        self.client.force_login(self.reporter)
        response = self.post_with_file("大照片.png", big)
        self.assert_refused_and_nothing_kept(response, "过大")
        self.assertContains(response, "不能超过3.0MB", status_code=400)

    @override_settings(DUBAN_EVIDENCE_MAX_FILES=2)
    def test_e1_more_files_than_the_count_limit_are_refused_all_together(self) -> None:
        report = save_draft(
            actor=self.reporter, project=self.project, year=2021, month=9,
            data={"progress_text": "x"}, expected_version=None,
        )  # fmt: skip
        files = [upload(f"照片{i}.png", PNG) for i in range(3)]
        with self.assertRaisesMessage(ValidationError, "最多2个"):
            attach_evidence(actor=self.reporter, report=report, uploads=files)
        self.assertFalse(Attachment.objects.exists())
        self.assertEqual(self.stored_files(), [])

    def test_e1_every_allowed_kind_is_accepted(self) -> None:
        report = save_draft(
            actor=self.reporter, project=self.project, year=2021, month=9,
            data={"progress_text": "x"}, expected_version=None,
        )  # fmt: skip
        files = [
            upload("a.png", PNG), upload("b.jpg", JPEG), upload("c.pdf", PDF),
            upload("d.docx", docx_bytes()), upload("e.xlsx", xlsx_bytes()),
        ]  # fmt: skip
        stored = attach_evidence(actor=self.reporter, report=report, uploads=files)
        self.assertEqual([f.kind for f in stored], ["png", "jpeg", "pdf", "docx", "xlsx"])

    def test_e5_files_are_stored_outside_the_web_root_under_random_names(self) -> None:
        self.client.force_login(self.reporter)
        self.assertEqual(self.post_with_file("鼓东项目现场照片.png", PNG).status_code, 302)
        item = Attachment.objects.get()
        self.assertEqual(item.original_name, "鼓东项目现场照片.png")
        self.assertRegex(item.stored_name, r"^[0-9a-f]{32}\.png$")
        path = Path(settings.MEDIA_ROOT) / "evidence" / item.stored_name
        self.assertEqual(path.read_bytes(), PNG)
        self.assertNotIn(str(settings.MEDIA_ROOT), str(settings.STATIC_ROOT))
        # No URL maps the storage: the only way in is the authorising view.
        self.assertEqual(
            self.client.get(f"/_private-not-served/evidence/{item.stored_name}").status_code, 404
        )

    def test_e5_evidence_is_served_only_as_an_attachment_to_those_who_may_see_the_project(
        self,
    ) -> None:
        self.client.force_login(self.reporter)
        self.post_with_file("现场照片.png", PNG)
        item = Attachment.objects.get()
        url = reverse("files:download", args=[item.pk])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), PNG)
        self.assertTrue(response["Content-Disposition"].startswith("attachment"))
        self.assertIn("filename*=utf-8''", response["Content-Disposition"])
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertTrue(AuditEvent.objects.filter(event="evidence.downloaded").exists())
        self.client.force_login(self.other_reporter)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.reviewer)
        self.assertEqual(self.client.get(url).status_code, 200)
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 302)
