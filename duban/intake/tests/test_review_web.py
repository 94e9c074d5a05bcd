"""The review page through the web client: upload, highlight, accept → target, reject, refuse."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duban.audit.models import AuditEvent
from duban.intake.models import IntakeDocument, Proposal
from duban.targets.choices import MetricKind
from duban.targets.models import Target
from tests.support.factories import Personas, make_metric

PLAN = Path(__file__).resolve().parent.parent / "evaluation" / "documents" / "seed_002_plan.txt"


class ReviewPageTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.new_starts = make_metric(
            MetricKind.NEW_STARTS, code="new_starts_x", name="亿元以上项目新开工", unit="个"
        )
        cls.investment = make_metric(
            MetricKind.NEW_START_INVESTMENT, code="nsi_x", name="新开工项目总投资", unit="万元"
        )

    def _upload(self) -> IntakeDocument:
        self.client.force_login(self.supervisor)
        upload = SimpleUploadedFile("方案.txt", PLAN.read_bytes(), content_type="text/plain")
        response = self.client.post(reverse("intake:index"), {"file": upload})
        document = IntakeDocument.objects.get()
        self.assertRedirects(response, reverse("intake:review", args=[document.pk]))
        return document

    def _post(self, proposal: Proposal, action: str, **fields: object) -> None:
        data = {
            "version": proposal.version,
            "value": str(proposal.value),
            "value_unit": proposal.unit,
            "metric_text": proposal.metric,
            "comparator": proposal.comparator,
            "year": 2021,
            "metric": self.new_starts.pk,
            "unit": "",
            **fields,
        }
        self.client.post(
            reverse("intake:decide", args=[proposal.pk]),
            {f"p{proposal.pk}-{k}": v for k, v in data.items()} | {"action": action},
        )

    def test_an_upload_stores_the_document_and_its_proposals(self) -> None:
        document = self._upload()
        self.assertEqual(document.original_text, PLAN.read_text(encoding="utf-8"))
        self.assertEqual(document.year, 2021)
        self.assertEqual(document.proposals.count(), 34)
        self.assertEqual(len(document.sha256), 64)
        self.assertTrue(AuditEvent.objects.filter(event="intake.document_read").exists())

    def test_the_review_page_highlights_every_proposal(self) -> None:
        document = self._upload()
        response = self.client.get(reverse("intake:review", args=[document.pk]))
        self.assertEqual(response.content.decode().count('class="mark mark-pending"'), 34)
        self.assertContains(response, "168个")

    def test_accepting_a_proposal_creates_a_target_linked_to_the_span(self) -> None:
        document = self._upload()
        proposal = document.proposals.get(text="168个")
        self._post(proposal, "accept")
        proposal.refresh_from_db()
        self.assertEqual(proposal.status, "accepted")
        target = Target.objects.get()
        self.assertEqual(proposal.target, target)
        self.assertEqual((target.year, target.value, target.metric), (2021, 168, self.new_starts))
        self.assertIsNone(target.unit)
        self.assertIn("168个", target.source_text)
        self.assertIn(f"[{proposal.start}:{proposal.end}]", target.source_text)
        self.assertTrue(AuditEvent.objects.filter(event="target.created").exists())
        self.assertTrue(AuditEvent.objects.filter(event="intake.proposal_accepted").exists())

    def test_an_edited_value_and_a_unit_of_responsibility_are_used(self) -> None:
        document = self._upload()
        proposal = document.proposals.filter(unit="亿元").first()
        assert proposal is not None
        self._post(proposal, "accept", value="27", metric=self.investment.pk, unit=self.street.pk)
        target = Target.objects.get()
        self.assertEqual(target.value, Decimal(270000))  # 27 亿元 kept as 万元
        self.assertEqual(target.unit, self.street)

    def test_rejecting_creates_no_target(self) -> None:
        document = self._upload()
        proposal = document.proposals.first()
        assert proposal is not None
        self._post(proposal, "reject")
        proposal.refresh_from_db()
        self.assertEqual(proposal.status, "rejected")
        self.assertFalse(Target.objects.exists())

    def test_a_settled_proposal_cannot_be_accepted_twice(self) -> None:
        document = self._upload()
        proposal = document.proposals.get(text="168个")
        self._post(proposal, "accept")
        proposal.refresh_from_db()
        self._post(proposal, "accept")
        self.assertEqual(Target.objects.count(), 1)

    def test_a_bad_upload_is_refused_with_a_message_and_nothing_is_saved(self) -> None:
        self.client.force_login(self.supervisor)
        fake = SimpleUploadedFile("plan.docx", b"MZ\x90\x00 not a word file")
        response = self.client.post(reverse("intake:index"), {"file": fake})
        self.assertContains(response, "不是有效的 Word")
        self.assertFalse(IntakeDocument.objects.exists())
        self.assertTrue(
            AuditEvent.objects.filter(event="intake.document_refused", outcome="failure").exists()
        )

    def test_pasted_markup_is_escaped(self) -> None:
        self.client.force_login(self.supervisor)
        text = "2021年方案。<script>alert(1)</script>项目<svg onload=1>全年新开工168个。"
        self.client.post(reverse("intake:index"), {"text": text})
        document = IntakeDocument.objects.get()
        response = self.client.get(reverse("intake:review", args=[document.pk]))
        self.assertNotContains(response, "<script>alert")
        self.assertNotContains(response, "<svg onload")
        self.assertContains(response, "&lt;script&gt;")

    def test_only_the_supervisor_role_may_use_the_intake(self) -> None:
        document = self._upload()
        proposal = document.proposals.first()
        assert proposal is not None
        for user in (self.reviewer, self.reporter, self.leader_user, self.sysadmin):
            self.client.force_login(user)
            self.assertEqual(self.client.get(reverse("intake:index")).status_code, 403)
            review = self.client.get(reverse("intake:review", args=[document.pk]))
            self.assertEqual(review.status_code, 404)
            self.client.post(reverse("intake:decide", args=[proposal.pk]), {"action": "reject"})
        proposal.refresh_from_db()
        self.assertEqual(proposal.status, "pending")

    def test_anonymous_visitors_are_sent_to_login(self) -> None:
        response = self.client.get(reverse("intake:index"))
        self.assertEqual(response.status_code, 302)
