"""E1, E5 (issue #14): one module vets every upload (name, extension allow-list, content,
size, zip limits) and every download leaves as an attachment under a safe name, never
sniffed and never cached.

The finding: letter-reply evidence checked only the first bytes, so a `%PDF-` file named
`整改说明.hta` was accepted and served back under that name.
"""

from __future__ import annotations

import datetime as dt
import io

import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duban.core import evidence as report_evidence
from duban.core import uploads
from duban.intake.forms import UPLOAD_POLICY
from duban.reports.services import attach_evidence, save_draft
from duban.supervision import evidence as letter_evidence
from duban.supervision import services as supervision
from duban.supervision.models import SupervisionLetter
from duban.supervision.tests.factories import make_letter_rows
from tests.support.dispatch import PDF, PNG, TempMedia, docx_bytes
from tests.support.factories import Personas, make_category, make_listing, make_project

HOSTILE_NAME = "整改说明.hta"


@time_machine.travel(dt.datetime(2021, 9, 14, 10, tzinfo=dt.UTC), tick=False)
class UploadTests(TempMedia, Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.letter = make_letter_rows(cls)[2]  # issued, unanswered, addressed to cls.street
        cls.project = make_project(unit=cls.street, category=make_category())
        make_listing(cls.project)

    def test_e1_a_pdf_named_hta_is_refused_as_letter_reply_evidence(self) -> None:
        self.client.force_login(self.reporter)
        response = self.client.post(
            reverse("supervision:letter", args=[self.letter.pk]),
            {
                "version": self.letter.version,
                "reply_text": "已整改",
                "evidence": SimpleUploadedFile(HOSTILE_NAME, PDF, "application/pdf"),
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "不接受扩展名“.hta”", status_code=400)
        self.letter.refresh_from_db()
        self.assertEqual((self.letter.status, self.letter.evidence_path), ("issued", ""))
        self.assertEqual(self.stored_files(), [])

    def test_e1_every_upload_path_refuses_an_extension_off_its_allow_list(self) -> None:
        for policy in (report_evidence.policy(), letter_evidence.POLICY, UPLOAD_POLICY):
            with self.assertRaises(uploads.UploadRefused) as caught:
                uploads.vet(HOSTILE_NAME, PDF, policy)
            self.assertEqual(caught.exception.code, "extension")
        with self.assertRaises(ValidationError):
            supervision.reply_letter(
                self.letter, actor=self.reporter, expected_version=self.letter.version,
                reply_text="已整改", upload=SimpleUploadedFile(HOSTILE_NAME, PDF),
            )  # fmt: skip
        with self.assertRaises(ValidationError):
            report_evidence.check_upload(SimpleUploadedFile(HOSTILE_NAME, PDF))
        self.client.force_login(self.supervisor)
        response = self.client.post(
            reverse("intake:index"), {"file": SimpleUploadedFile("计划.hta", "目标".encode())}
        )
        self.assertContains(response, "不接受扩展名“.hta”")

    def test_e1_the_paths_declare_policies_of_the_one_module(self) -> None:
        self.assertEqual(letter_evidence.POLICY.kinds, {"pdf", "png", "jpeg"})
        self.assertIn("docx", report_evidence.policy().kinds)
        self.assertEqual(UPLOAD_POLICY.kinds, {"txt", "html", "docx", "doc", "pdf"})
        # The sniffed kind must also be the one the extension names.
        with self.assertRaises(uploads.UploadRefused) as caught:
            uploads.vet("照片.png", PDF, letter_evidence.POLICY)
        self.assertEqual(caught.exception.code, "mismatch")
        self.assertEqual(uploads.vet("照片.png", PNG, letter_evidence.POLICY).kind, "png")

    def test_e5_a_stored_hostile_name_is_served_under_a_safe_name(self) -> None:
        # A reply stored before the fix: the name says .hta, the bytes are a PDF.
        stored = letter_evidence.save(
            letter_evidence.CheckedFile(PDF, "application/pdf", "pdf", "")
        )
        SupervisionLetter.objects.filter(pk=self.letter.pk).update(
            evidence_path=stored, evidence_name=HOSTILE_NAME, evidence_type="application/pdf"
        )
        self.client.force_login(self.reporter)
        response = self.client.get(reverse("supervision:letter_evidence", args=[self.letter.pk]))
        self.assertEqual(response.status_code, 200)
        disposition = response["Content-Disposition"]
        self.assertTrue(disposition.startswith("attachment;"))
        self.assertTrue(disposition.endswith(".pdf"), disposition)
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertIn("no-store", response["Cache-Control"])

    def test_e5_every_download_is_an_attachment_never_sniffed_never_cached(self) -> None:
        report = report_evidence.check_upload(SimpleUploadedFile("许可证.docx", docx_bytes()))
        self.assertEqual(report.kind, "docx")
        draft = save_draft(
            actor=self.reporter, project=self.project, year=2021, month=8,
            data={"progress_text": "x"}, expected_version=None,
        )  # fmt: skip
        item = attach_evidence(
            actor=self.reporter, report=draft,
            uploads=[SimpleUploadedFile("现场.png", PNG)],
        )[0]  # fmt: skip
        downloads = [
            (self.reporter, reverse("files:download", args=[item.pk])),
            (self.reporter, reverse("supervision:letter_docx", args=[self.letter.pk])),
            (self.supervisor, reverse("transfer:export_ledger") + "?as_of=2021-08"),
            (self.supervisor, reverse("transfer:export_targets") + "?as_of=2021-08"),
            (self.auditadmin, reverse("audit:export")),
        ]
        for user, url in downloads:
            self.client.force_login(user)
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertTrue(response["Content-Disposition"].startswith("attachment;"), url)
            self.assertEqual(response["X-Content-Type-Options"], "nosniff", url)
            self.assertIn("no-store", response["Cache-Control"], url)


class NameTests(Personas):
    def test_e1_a_name_loses_directories_controls_and_direction_overrides(self) -> None:
        self.assertEqual(uploads.safe_name("../../etc/passwd"), "passwd")
        self.assertEqual(uploads.safe_name("C:\\temp\\照片.png"), "照片.png")
        self.assertEqual(uploads.safe_name("photo\u202egnp.exe"), "photognp.exe")
        self.assertEqual(uploads.safe_name("a\r\nb.pdf"), "a  b.pdf")
        self.assertEqual(uploads.safe_name(".htaccess"), "htaccess")
        self.assertEqual(len(uploads.safe_name("长" * 400 + ".pdf")), uploads.MAX_NAME_LENGTH)

    def test_e5_a_download_name_always_carries_the_extension_of_what_is_served(self) -> None:
        self.assertEqual(uploads.download_name(HOSTILE_NAME, "application/pdf"), "整改说明.hta.pdf")
        self.assertEqual(uploads.download_name("现场.jpeg", "image/jpeg"), "现场.jpeg")
        self.assertEqual(uploads.download_name("x", "application/x-unknown"), "x.bin")

    def test_e2_a_zip_bomb_is_refused_from_its_central_directory(self) -> None:
        import zipfile

        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
        with self.assertRaises(uploads.UploadRefused) as caught:
            uploads.vet("报告.docx", buf.getvalue(), UPLOAD_POLICY)
        self.assertEqual(caught.exception.code, "zip_bomb")


class LegacyOfficeKindTests(TempMedia, Personas):
    """Old binary Office files are told apart by the stream they hold, accepted only where a
    path's policy takes them, and refused when they carry macros (E1)."""

    OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64

    def test_a_word_binary_is_a_doc_and_a_wps_name_is_allowed_for_it(self) -> None:
        data = self.OLE + "WordDocument".encode("utf-16-le") + b"\x00" * 64
        policy = uploads.Policy(kinds=frozenset({"doc"}), max_bytes=1 << 20)
        self.assertEqual(uploads.vet("计划.wps", data, policy).kind, "doc")
        self.assertEqual(uploads.vet("计划.doc", data, policy).kind, "doc")
        with self.assertRaises(uploads.UploadRefused) as caught:
            uploads.vet("计划.doc", data, letter_evidence.POLICY)
        self.assertEqual(caught.exception.code, "legacy_office")

    def test_a_legacy_file_with_vba_macros_is_refused(self) -> None:
        data = self.OLE + "WordDocument".encode("utf-16-le") + "_VBA_PROJECT".encode("utf-16-le")
        policy = uploads.Policy(kinds=frozenset({"doc"}), max_bytes=1 << 20)
        with self.assertRaises(uploads.UploadRefused) as caught:
            uploads.vet("计划.doc", data, policy)
        self.assertEqual(caught.exception.code, "macro")

    def test_an_excel_binary_is_never_taken_for_a_word_document(self) -> None:
        data = self.OLE + "Workbook".encode("utf-16-le") + b"\x00" * 64
        both = uploads.Policy(kinds=frozenset({"doc", "xls"}), max_bytes=1 << 20)
        self.assertEqual(uploads.vet("台账.xls", data, both).kind, "xls")
        with self.assertRaises(uploads.UploadRefused) as caught:
            uploads.vet("台账.doc", data, both)
        self.assertEqual(caught.exception.code, "mismatch")
