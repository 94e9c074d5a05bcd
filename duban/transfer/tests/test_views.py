"""The pages: upload → preview → confirm, exports scoped to the user's unit (B2)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duban.audit.models import AuditEvent
from duban.core.roles import Role
from duban.orgs.models import Unit
from duban.projects.models import Project
from duban.transfer.models import ImportBatch
from duban.transfer.tests.helpers import xlsx
from tests.support.factories import Personas, make_category, make_project, make_user
from tests.support.spreadsheets import setup_district


class TransferPageTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.category = make_category(code="industry", name="工业")
        cls.own = make_project(code="OWN1", unit=cls.street, category=cls.category)
        cls.foreign = make_project(code="FOR1", unit=cls.other_street, category=cls.category)

    def test_upload_preview_and_confirm_writes_only_after_confirmation(self) -> None:
        self.client.force_login(self.supervisor)
        data = xlsx(
            [
                ["项目名称", "责任单位", "项目类别", "总投资（万元）"],
                ["页面导入项目", "鼓东", "工业", 12000],
            ]
        )
        response = self.client.post(
            reverse("transfer:upload"),
            {"kind": "ledger", "file": SimpleUploadedFile("台账.xlsx", data)},
        )
        self.assertContains(response, "新增 1 行")
        self.assertFalse(Project.objects.filter(name="页面导入项目").exists())
        token = next(iter(self.client.session["transfer_pending"]))
        response = self.client.post(reverse("transfer:confirm", args=[token]), {"confirm": "1"})
        self.assertRedirects(response, reverse("transfer:index"))
        self.assertTrue(Project.objects.filter(name="页面导入项目").exists())
        batch = ImportBatch.objects.get()
        self.assertEqual((batch.rows, batch.counts["new"]), (1, 1))
        self.assertTrue(AuditEvent.objects.filter(event="import.committed").exists())

    def test_a_refused_upload_shows_its_reason_and_writes_nothing_but_the_audit_row(self) -> None:
        self.client.force_login(self.supervisor)
        response = self.client.post(
            reverse("transfer:upload"),
            {"kind": "ledger", "file": SimpleUploadedFile("x.xlsx", b"MZ\x90\x00 not a workbook")},
            follow=True,
        )
        self.assertContains(response, "可执行程序")
        self.assertEqual(ImportBatch.objects.count(), 0)
        self.assertEqual(AuditEvent.objects.filter(event="import.refused").count(), 1)

    def test_another_sessions_token_is_not_found(self) -> None:
        self.client.force_login(self.supervisor)
        response = self.client.get(reverse("transfer:preview", args=["0" * 32]))
        self.assertEqual(response.status_code, 404)

    def test_a_reporter_exports_only_its_own_units_ledger_and_template(self) -> None:
        self.client.force_login(self.reporter)
        response = self.client.get(reverse("transfer:export_ledger"))
        self.assertEqual(response.status_code, 200)
        import io

        from openpyxl import load_workbook

        ws = load_workbook(io.BytesIO(response.content))["项目台账"]
        codes = {ws.cell(row=r, column=1).value for r in range(3, ws.max_row + 1)}
        self.assertEqual(codes, {"OWN1"})
        own = self.client.get(reverse("transfer:export_monthly"), {"unit": self.street.code})
        self.assertEqual(own.status_code, 200)
        other = self.client.get(
            reverse("transfer:export_monthly"), {"unit": self.other_street.code}
        )
        self.assertEqual(other.status_code, 404)

    def test_a_reporter_cannot_import_a_ledger(self) -> None:
        self.client.force_login(self.reporter)
        data = xlsx([["项目名称", "责任单位"], ["x", "鼓东"]])
        response = self.client.post(
            reverse("transfer:upload"),
            {"kind": "ledger", "file": SimpleUploadedFile("a.xlsx", data)},
        )
        self.assertEqual(response.status_code, 403)

    def test_the_page_lists_exports_with_a_bounded_number_of_queries(self) -> None:
        self.client.force_login(self.supervisor)
        with self.assertNumQueries(5):
            response = self.client.get(reverse("transfer:index"))
        self.assertContains(response, "下载月报模板")


def test_setup_district_is_usable_without_personas(db: None) -> None:
    setup_district()
    assert Unit.objects.filter(code="gudong").exists()
    assert make_user(Role.SUPERVISOR, Unit.objects.get(code="fgj")).can("import.run")
