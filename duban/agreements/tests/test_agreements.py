"""目标责任书: drawn from the decomposition, issued, signed with the scan uploaded and then
locked; a later revision appears as an annex; the page shows who has not signed; the command
line answers in the agreed JSON."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from decimal import Decimal
from io import StringIO
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from duban.agreements import services
from duban.agreements.content import annex_rows
from duban.agreements.documents import document
from duban.agreements.models import Agreement
from duban.audit.models import AuditEvent
from duban.core.officialdoc.pdfcheck import layout_problems, pages
from duban.core.officialdoc.tests.support import require_pdf_tools
from duban.files.models import Attachment
from duban.orgs.models import District
from duban.projects.choices import Listing
from duban.targets.choices import RevisionStatus
from duban.targets.models import TargetRevision
from tests.support.dispatch import photo
from tests.support.factories import SYSTEM, Personas, make_listing, make_project, make_target

ISSUED = dt.date(2021, 2, 26)


@override_settings(DUBAN_AS_OF="2021-09", DUBAN_TODAY="")
class AgreementTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        district = make_target(value=Decimal(20), title="服务业新开工项目数")
        cls.part = make_target(unit=cls.street, parent=district, value=Decimal(6))
        make_target(unit=cls.other_street, parent=district, value=Decimal(14))
        cls.project = make_project(unit=cls.street, name="鼓东商业综合体")
        make_listing(cls.project, kind=Listing.CONTINUING)

    def _drafts(self) -> dict[int, Agreement]:
        return {a.unit_id: a for a in services.generate(2021, actor=self.supervisor)}

    def _issued(self) -> Agreement:
        agreement = self._drafts()[self.street.pk]
        return services.issue(
            agreement, actor=self.supervisor, expected_version=agreement.version,
            unit_signatory="张某", issued_on=ISSUED,
        )  # fmt: skip

    def test_the_draft_is_drawn_from_the_units_share_of_the_decomposition(self) -> None:
        drafts = self._drafts()
        self.assertEqual(set(drafts), {self.street.pk, self.other_street.pk})
        content = drafts[self.street.pk].content
        self.assertEqual([t["value"] for t in content["targets"]], ["6个"])
        self.assertEqual([p["name"] for p in content["projects"]], ["鼓东商业综合体"])
        self.assertEqual(content["projects"][0]["listing"], "续建")
        self.assertEqual(AuditEvent.objects.filter(event="agreement.generated").count(), 2)

    def test_only_the_development_office_drafts_and_issues(self) -> None:
        with self.assertRaises(PermissionDenied):
            services.generate(2021, actor=self.reporter)

    def test_issuing_freezes_the_content_and_gives_a_number(self) -> None:
        agreement = self._issued()
        self.assertEqual(agreement.status, "issued")
        self.assertEqual(agreement.serial, 1)
        self.assertIn("〔2021〕1号", document(agreement).number)
        # A target edited after issue does not change the issued agreement, even when the
        # drafts are drawn again.
        self.part.value = Decimal(9)
        self.part.save()
        services.generate(2021, actor=self.supervisor)
        agreement.refresh_from_db()
        self.assertEqual(agreement.content["targets"][0]["value"], "6个")

    def test_signing_needs_the_scan_and_then_locks_the_agreement(self) -> None:
        agreement = self._issued()
        with self.assertRaises(ValidationError):
            services.sign(agreement, actor=self.supervisor, expected_version=agreement.version,
                          signed_on=dt.date(2021, 3, 1), scans=[])  # fmt: skip
        services.sign(agreement, actor=self.supervisor, expected_version=agreement.version,
                      signed_on=dt.date(2021, 3, 1), scans=[photo("签字页.png")])  # fmt: skip
        agreement.refresh_from_db()
        self.assertEqual((agreement.status, agreement.signed_on), ("signed", dt.date(2021, 3, 1)))
        self.assertEqual(Attachment.objects.filter(owner_id=agreement.pk).count(), 1)
        with self.assertRaises(services.AgreementLocked):
            services.issue(agreement, actor=self.supervisor, expected_version=agreement.version)
        with self.assertRaises(services.AgreementLocked):
            services.sign(agreement, actor=self.supervisor, expected_version=agreement.version,
                          signed_on=dt.date(2021, 3, 2), scans=[photo()])  # fmt: skip
        self.assertEqual(AuditEvent.objects.filter(event="agreement.signed").count(), 1)

    def test_a_later_revision_appears_as_an_annex_never_in_the_agreement(self) -> None:
        agreement = self._issued()
        TargetRevision.objects.create(
            target=self.part, revised_value=Decimal(4), reason="受疫情影响调减",
            status=RevisionStatus.APPROVED, approved_at=timezone.now(),
        )  # fmt: skip
        annex = annex_rows(agreement.content)
        self.assertEqual([(r["original"], r["revised"]) for r in annex], [("6个", "4个")])
        self.assertEqual(agreement.content["targets"][0]["value"], "6个")
        labels = [getattr(b, "text", "") for b in document(agreement).body]
        self.assertIn("附件：目标任务调整情况", labels)

    def test_the_page_shows_who_has_not_signed(self) -> None:
        agreement = self._issued()
        services.sign(agreement, actor=self.supervisor, expected_version=agreement.version,
                      signed_on=dt.date(2021, 3, 1), scans=[photo()])  # fmt: skip
        self.client.force_login(self.supervisor)
        page = self.client.get(reverse("agreements:index"), {"year": 2021})
        self.assertEqual(page.status_code, 200)
        pending = page.content.decode().split("尚未签订：")[1].split("</p>")[0]
        self.assertIn(self.other_street.label, pending)
        self.assertNotIn(self.street.label, pending)

    def test_a_unit_sees_its_own_agreement_and_not_anothers(self) -> None:
        drafts = self._drafts()
        self.client.force_login(self.reporter)
        own = self.client.get(reverse("agreements:detail", args=[drafts[self.street.pk].pk]))
        self.assertEqual(own.status_code, 200)
        other = reverse("agreements:detail", args=[drafts[self.other_street.pk].pk])
        self.assertEqual(self.client.get(other).status_code, 404)

    def test_the_web_walk_issues_and_signs(self) -> None:
        agreement = self._drafts()[self.street.pk]
        self.client.force_login(self.supervisor)
        self.client.post(
            reverse("agreements:issue", args=[agreement.pk]),
            {"version": agreement.version, "district_signatory": "区长", "unit_signatory": "张某"},
        )
        agreement.refresh_from_db()
        self.assertEqual(agreement.status, "issued")
        self.client.post(
            reverse("agreements:sign", args=[agreement.pk]),
            {"version": agreement.version, "signed_on": agreement.issued_on, "scans": photo()},
        )
        agreement.refresh_from_db()
        self.assertEqual(agreement.status, "signed")
        docx = self.client.get(reverse("agreements:docx", args=[agreement.pk]))
        self.assertEqual(docx.status_code, 200)
        self.assertTrue(docx.content.startswith(b"PK"))

    def test_the_command_prints_the_agreed_json(self) -> None:
        agreement = self._issued()
        services.sign(agreement, actor=SYSTEM, expected_version=agreement.version,
                      signed_on=dt.date(2021, 3, 1), scans=[photo()])  # fmt: skip
        out = StringIO()
        call_command("agreements", "--year", "2021", "--format", "json", stdout=out)
        rows = {r["unit"]: r for r in json.loads(out.getvalue())}
        self.assertEqual(
            rows[self.street.name],
            {"unit": self.street.name, "year": 2021, "targets": 1, "status": "signed",
             "signed_on": "2021-03-01"},
        )  # fmt: skip
        self.assertEqual(rows[self.other_street.name]["status"], "draft")
        self.assertIsNone(rows[self.other_street.name]["signed_on"])


@override_settings(DUBAN_AS_OF="2021-09", DUBAN_TODAY="")
class AgreementPdfTests(Personas):
    """The agreement follows GB/T 9704-2012 like the bulletin and the letters, read back from
    the PDF; with enough projects to run over pages, the signature never stands alone."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        District.objects.create(name="鼓楼区", campaign_name="“抓项目促提升”专项行动")
        district = make_target(value=Decimal(20), title="服务业新开工项目数")
        make_target(unit=cls.street, parent=district, value=Decimal(6))
        for n in range(24):
            project = make_project(unit=cls.street, code=f"GL2021{n:04d}", name=f"鼓东项目{n}")
            make_listing(project, kind=Listing.NEW_START, planned_investment_wan=Decimal(1200 + n))
        drafts = services.generate(2021, actor=SYSTEM)
        cls.agreement = services.issue(
            drafts[0], actor=SYSTEM, expected_version=drafts[0].version,
            district_signatory="区长", unit_signatory="张某", issued_on=ISSUED,
        )  # fmt: skip

    def test_the_agreement_pdf_keeps_the_official_format(self) -> None:
        require_pdf_tools()
        self.client.force_login(self.supervisor)
        response = self.client.get(reverse("agreements:pdf", args=[self.agreement.pk]))
        self.assertEqual(response["Content-Type"], "application/pdf")
        pdf = Path(tempfile.mkdtemp(prefix="duban-agreement-pdf-")) / "agreement.pdf"
        pdf.write_bytes(response.content)
        problems = layout_problems(
            pdf,
            imprint=True,
            numbers=["1,200", "1,223"],
            texts=[
                "2021年鼓东街道目标责任书",
                "鼓楼责〔2021〕1号",
                "主要领导：张某",
                "2021年2月26日",
            ],
        )
        self.assertEqual(problems, [])
        last = pages(pdf)[-1].text.replace(" ", "")
        self.assertIn("乙方", last, "签订双方与署名、日期同页")
        self.assertIn("甲方", last)
        self.assertEqual(
            AuditEvent.objects.get(event="agreement.downloaded").detail, {"format": "pdf"}
        )


@override_settings(DUBAN_AS_OF="2021-09", DUBAN_TODAY="")
class UnitPanelTests(Personas):
    def test_the_units_page_says_whether_its_agreement_is_signed(self) -> None:
        make_target(unit=self.street, value=Decimal(3))
        agreement = services.generate(2021, actor=SYSTEM)[0]
        self.client.force_login(self.supervisor)
        page = self.client.get(reverse("orgs:unit", args=[self.street.code]))
        self.assertContains(page, reverse("agreements:detail", args=[agreement.pk]))
        self.assertContains(page, "草稿")
