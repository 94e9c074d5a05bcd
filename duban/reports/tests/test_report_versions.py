"""Immutable versions (SECURITY.md F3): every submission, return, approval and correction is
a frozen row with the sha256 of its content; a correction is version n+1 with actor, reason
and the version it supersedes; an approved report is locked."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from duban.audit.models import AuditEvent
from duban.reports.choices import ReportStatus, RevisionEvent
from duban.reports.models import ImmutableError, MonthlyReport, ReportRevision, content_hash
from duban.reports.services import (
    approve_report,
    correct_report,
    return_report,
    save_draft,
    submit_report,
)
from tests.support.factories import Personas, make_category, make_listing, make_project

GOOD = {"investment_wan": "800", "progress_text": "主体施工", "confidence": "medium",
        "confidence_reason": "个别节点略滞后"}  # fmt: skip


@time_machine.travel("2021-10-04 09:00 +0800", tick=False)
class ReportVersionTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.project = make_project(
            unit=cls.street, category=make_category(lead_department=cls.lead_department)
        )
        make_listing(cls.project)

    def approved(self) -> MonthlyReport:
        report = save_draft(
            actor=self.reporter, project=self.project, year=2021, month=9, data=GOOD,
            expected_version=None,
        )  # fmt: skip
        report = submit_report(report, actor=self.reporter)
        return approve_report(report, actor=self.reviewer)

    def test_f3_each_version_carries_the_sha256_of_its_content(self) -> None:
        report = self.approved()
        rows = list(report.revisions.order_by("seq"))
        self.assertEqual([r.event for r in rows], [RevisionEvent.SUBMITTED, RevisionEvent.APPROVED])
        for row in rows:
            self.assertEqual(row.content["investment_wan"], "800.00")
            self.assertEqual(row.content_sha256, content_hash(row.content))
            self.assertTrue(row.intact)
        event = AuditEvent.objects.get(event="report.approved")
        self.assertEqual(event.detail["sha256"], rows[1].content_sha256)

    def test_f3_a_frozen_version_cannot_be_changed_or_deleted(self) -> None:
        row = self.approved().revisions.first()
        row.reason = "改写历史"
        with pytest.raises(ImmutableError):
            row.save()
        with pytest.raises(ImmutableError):
            row.delete()
        # Even a change behind the model's back is caught by the hash and shown.
        ReportRevision.objects.filter(pk=row.pk).update(
            content={**row.content, "investment_wan": "9999.00"}
        )
        self.assertFalse(ReportRevision.objects.get(pk=row.pk).intact)
        self.client.force_login(self.supervisor)
        page = self.client.get(reverse("reports:detail", args=[row.report_id]))
        self.assertContains(page, "内容被改动")

    def test_f3_an_approved_report_is_locked_against_draft_saves(self) -> None:
        report = self.approved()
        with self.assertRaisesMessage(ValidationError, "不能再修改"):
            save_draft(
                actor=self.reporter, project=self.project, year=2021, month=9,
                data={"investment_wan": "1"}, expected_version=report.version,
            )  # fmt: skip
        self.assertEqual(MonthlyReport.objects.get().investment_wan, Decimal(800))

    def test_f3_a_correction_is_version_n_plus_1_with_actor_reason_and_what_it_supersedes(
        self,
    ) -> None:
        report = self.approved()
        with self.assertRaisesMessage(ValidationError, "必须填写更正原因"):
            correct_report(report, actor=self.reporter, reason="", data={"investment_wan": "1"})
        corrected = correct_report(
            report, actor=self.reporter, reason="统计口径更正：含设备购置",
            data={"investment_wan": "950"},
        )  # fmt: skip
        self.assertEqual((corrected.revision, corrected.status), (2, ReportStatus.SUBMITTED))
        last = corrected.revisions.order_by("-seq").first()
        self.assertEqual(last.event, RevisionEvent.CORRECTED)
        self.assertEqual((last.revision, last.actor_username), (2, "gudong"))
        self.assertEqual(last.reason, "统计口径更正：含设备购置")
        self.assertEqual(last.supersedes.event, RevisionEvent.APPROVED)
        self.assertEqual(last.supersedes.content["investment_wan"], "800.00")  # kept visible
        self.assertEqual(last.content["investment_wan"], "950.00")
        # A unit's correction is reviewed again before its figure counts.
        approved = approve_report(corrected, actor=self.reviewer)
        self.assertEqual(approved.status, ReportStatus.APPROVED)

    def test_f3_a_reviewers_correction_stays_approved(self) -> None:
        report = self.approved()
        corrected = correct_report(
            report, actor=self.reviewer, reason="录入错误", data={"investment_wan": "80"}
        )
        self.assertEqual((corrected.revision, corrected.status), (2, ReportStatus.APPROVED))

    def test_a_return_needs_a_reason_and_another_unit_cannot_correct(self) -> None:
        report = save_draft(
            actor=self.reporter, project=self.project, year=2021, month=9, data=GOOD,
            expected_version=None,
        )  # fmt: skip
        report = submit_report(report, actor=self.reporter)
        with self.assertRaisesMessage(ValidationError, "必须填写退回原因"):
            return_report(report, actor=self.reviewer, reason="  ")
        report = approve_report(report, actor=self.reviewer)
        with pytest.raises(PermissionDenied):
            correct_report(report, actor=self.other_reporter, reason="x", data={})
        with pytest.raises(PermissionDenied):
            save_draft(
                actor=self.other_reporter, project=self.project, year=2021, month=8, data=GOOD,
                expected_version=None,
            )  # fmt: skip

    def test_each_workflow_step_writes_exactly_one_audit_row(self) -> None:
        report = self.approved()
        correct_report(report, actor=self.reviewer, reason="录入错误", data={"investment_wan": "8"})
        events = list(
            AuditEvent.objects.for_object(report)
            .order_by("id")
            .values_list("event", "actor_username")
        )
        self.assertEqual(
            events,
            [
                ("report.draft_created", "gudong"),
                ("report.submitted", "gudong"),
                ("report.approved", "swj"),
                ("report.corrected", "swj"),
            ],
        )
