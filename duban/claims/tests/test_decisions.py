"""Who decides a claim, with what evidence, and what a revocation does (issue 15)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from duban.audit.models import AuditEvent
from duban.claims import queries, services
from duban.claims.choices import ClaimStatus, Fact
from duban.claims.models import Claim, EvidenceRule
from duban.projects import services as projects
from duban.projects.choices import Stage
from duban.projects.models import ProjectNode
from tests.support.dispatch import photo
from tests.support.factories import Personas, day, make_category, make_project


@time_machine.travel("2021-09-10 09:00 +0800", tick=False)
class DecisionTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.commerce = make_category(name="服务业", lead_department=cls.lead_department)
        cls.industry = make_category(name="工业", lead_department=cls.development_office)
        cls.unled = make_category(name="生态及民生")

    def start_claim(self, category: object) -> Claim:
        project = make_project(unit=self.street, category=category)
        projects.change_stage(
            project, actor=self.reporter, to_stage=Stage.STARTED, on=day("2021-05-06")
        )
        return Claim.objects.get(project=project)

    def test_the_lead_department_confirms_with_who_and_when(self) -> None:
        claim = self.start_claim(self.commerce)
        services.confirm(claim, actor=self.reviewer, expected_version=claim.version)
        claim.refresh_from_db()
        self.assertEqual(claim.status, ClaimStatus.CONFIRMED)
        self.assertEqual(claim.decided_on, dt.date(2021, 9, 10))
        self.assertEqual(claim.decided_by_unit, self.lead_department)
        self.assertTrue(AuditEvent.objects.filter(event="claim.confirmed").exists())

    def test_a_pending_claim_shows_as_pending_on_the_ledger_and_the_project_page(self) -> None:
        claim = self.start_claim(self.commerce)
        self.client.force_login(self.reporter)
        ledger = self.client.get(reverse("projects:ledger"))
        self.assertContains(ledger, "待认定")
        page = self.client.get(reverse("projects:detail", args=[claim.project_id]))
        self.assertContains(page, "1 项待认定，暂不计入")
        services.confirm(claim, actor=self.reviewer, expected_version=claim.version)
        self.assertNotContains(self.client.get(reverse("projects:ledger")), "badge warn")

    def test_the_claim_page_shows_what_was_claimed_and_its_history(self) -> None:
        claim = self.start_claim(self.commerce)
        self.client.force_login(self.reporter)
        page = self.client.get(reverse("claims:detail", args=[claim.pk]))
        self.assertContains(page, claim.project.code)
        self.assertContains(page, "2021-05-06")
        self.assertContains(page, "补充佐证")  # the filing unit may add evidence
        self.assertNotContains(page, "提交认定")  # but not decide
        self.client.force_login(self.reviewer)
        page = self.client.get(reverse("claims:detail", args=[claim.pk]))
        self.assertContains(page, "提交认定")
        self.assertContains(page, "责任单位申报待认定事实")  # the audit history, as people read it

    def test_the_list_shows_claims_as_they_stood_at_the_viewed_month(self) -> None:
        claim = self.start_claim(self.commerce)
        self.client.force_login(self.supervisor)
        url = reverse("claims:index")
        self.assertNotContains(self.client.get(url + "?as_of=2021-08"), claim.project.code)
        self.assertContains(self.client.get(url + "?as_of=2021-09"), claim.project.code)
        with time_machine.travel("2021-10-12 09:00 +0800", tick=False):
            services.confirm(claim, actor=self.reviewer, expected_version=claim.version)
        september = self.client.get(url + "?as_of=2021-09")
        self.assertEqual([str(then) for _, then in september.context["shown"]], ["pending"])
        october = self.client.get(url + "?as_of=2021-10")
        self.assertEqual([str(then) for _, then in october.context["shown"]], ["confirmed"])

    def test_a_reviewer_outside_the_category_cannot_confirm(self) -> None:
        claim = self.start_claim(self.industry)
        with self.assertRaises(PermissionDenied):
            services.confirm(claim, actor=self.reviewer, expected_version=claim.version)
        self.client.force_login(self.reviewer)
        url = reverse("claims:decide", args=[claim.pk])
        response = self.client.post(url, {"version": claim.version, "decision": "confirm"})
        self.assertEqual(response.status_code, 404)
        claim.refresh_from_db()
        self.assertEqual(claim.status, ClaimStatus.PENDING)

    def test_a_category_without_a_lead_department_is_decided_by_the_supervisor(self) -> None:
        claim = self.start_claim(self.unled)
        with self.assertRaises(PermissionDenied):
            services.confirm(claim, actor=self.reviewer, expected_version=claim.version)
        services.confirm(claim, actor=self.supervisor, expected_version=claim.version)
        self.assertEqual(Claim.objects.get(pk=claim.pk).decided_by_unit, self.development_office)

    def test_a_reporter_cannot_confirm_its_own_claim(self) -> None:
        claim = self.start_claim(self.commerce)
        with self.assertRaises(PermissionDenied):
            services.confirm(claim, actor=self.reporter, expected_version=claim.version)

    def test_a_rejection_needs_a_reason(self) -> None:
        claim = self.start_claim(self.commerce)
        with self.assertRaises(ValidationError):
            services.reject(claim, actor=self.reviewer, expected_version=claim.version, reason=" ")
        services.reject(
            claim, actor=self.reviewer, expected_version=claim.version, reason="无施工许可证"
        )
        self.assertEqual(Claim.objects.get(pk=claim.pk).status, ClaimStatus.REJECTED)

    def test_the_evidence_rule_is_data_and_blocks_confirmation_until_met(self) -> None:
        EvidenceRule.objects.create(
            fact=Fact.START, requirement="施工许可证或带日期和位置的现场照片", min_files=1
        )
        claim = self.start_claim(self.commerce)
        with self.assertRaisesMessage(ValidationError, "施工许可证"):
            services.confirm(claim, actor=self.reviewer, expected_version=claim.version)
        services.add_evidence(claim, actor=self.reporter, files=[photo("现场照片.png")])
        claim.refresh_from_db()
        services.confirm(claim, actor=self.reviewer, expected_version=claim.version)
        self.assertEqual(Claim.objects.get(pk=claim.pk).status, ClaimStatus.CONFIRMED)

    def test_revoking_puts_the_project_back_and_marks_the_months(self) -> None:
        claim = self.start_claim(self.commerce)
        services.confirm(claim, actor=self.reviewer, expected_version=claim.version)
        with self.assertRaises(ValidationError):
            services.revoke(claim, actor=self.supervisor, reason="")
        services.revoke(claim, actor=self.supervisor, reason="抽查发现未开工")
        project = claim.project
        project.refresh_from_db()
        self.assertEqual((project.stage, project.started_on), (Stage.PLANNING, None))
        months = [(m.year, m.month) for m in queries.months_to_revise(2021)]
        self.assertEqual(months, [(2021, m) for m in range(5, 10)])

    def test_revoking_a_field_change_restores_the_old_value(self) -> None:
        project = make_project(unit=self.street, category=self.commerce)
        projects.update_project(
            project,
            actor=self.reporter,
            expected_version=project.version,
            changes={"total_investment_wan": Decimal(99000)},
        )
        claim = Claim.objects.get()
        services.confirm(claim, actor=self.reviewer, expected_version=claim.version)
        project.refresh_from_db()
        self.assertEqual(project.total_investment_wan, Decimal(99000))
        services.revoke(claim, actor=self.supervisor, reason="批复总投资为2亿元")
        project.refresh_from_db()
        self.assertEqual(project.total_investment_wan, Decimal(20000))
        self.assertEqual([m.month for m in queries.months_to_revise(2021)], [9])


@time_machine.travel("2021-05-10 09:00 +0800", tick=False)
class NodeScopingTests(Personas):
    """A reviewer completes nodes only of projects in the categories it leads (issue 15)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.commerce = make_category(name="服务业", lead_department=cls.lead_department)
        cls.industry = make_category(name="工业", lead_department=cls.development_office)

    def node_of(self, category: object) -> ProjectNode:
        project = make_project(unit=self.street, category=category)
        return ProjectNode.objects.create(
            project=project,
            year=2021,
            order=1,
            name="签约",
            planned_on=dt.date(2021, 4, 1),
            original_planned_on=dt.date(2021, 4, 1),
        )

    def test_a_reviewer_cannot_complete_a_node_outside_its_categories(self) -> None:
        node = self.node_of(self.industry)
        self.client.force_login(self.reviewer)
        url = reverse("projects:node_complete", args=[node.pk])
        response = self.client.post(url, {"version": node.version, "completed_on": "2021-05-06"})
        self.assertEqual(response.status_code, 404)
        with self.assertRaises(PermissionDenied):
            projects.complete_node(node, actor=self.reviewer, on=dt.date(2021, 5, 6))
        node.refresh_from_db()
        self.assertIsNone(node.completed_on)

    def test_a_reviewer_completes_a_node_within_its_categories(self) -> None:
        node = self.node_of(self.commerce)
        self.client.force_login(self.reviewer)
        url = reverse("projects:node_complete", args=[node.pk])
        response = self.client.post(url, {"version": node.version, "completed_on": "2021-05-06"})
        self.assertEqual(response.status_code, 302)
        node.refresh_from_db()
        self.assertEqual(node.completed_on, dt.date(2021, 5, 6))


class CommandTests(Personas):
    def test_claims_command_prints_the_months_claims_as_json(self) -> None:
        commerce = make_category(name="服务业", lead_department=self.lead_department)
        project = make_project(unit=self.street, category=commerce, code="GL-2021-001")
        with time_machine.travel("2021-09-10 09:00 +0800", tick=False):
            projects.change_stage(
                project, actor=self.reporter, to_stage=Stage.STARTED, on=day("2021-09-01")
            )
            claim = Claim.objects.get()
            services.add_evidence(claim, actor=self.reporter, files=[photo()])
            claim.refresh_from_db()
            services.confirm(claim, actor=self.reviewer, expected_version=claim.version)
        with time_machine.travel("2021-10-08 09:00 +0800", tick=False):
            projects.change_stage(
                project, actor=self.reporter, to_stage=Stage.COMPLETED, on=day("2021-10-01")
            )
        out = StringIO()
        call_command("claims", "--month", "2021-09", "--format", "json", stdout=out)
        rows = json.loads(out.getvalue())
        self.assertEqual(
            rows,
            [
                {
                    "id": claim.pk,
                    "project_code": "GL-2021-001",
                    "unit": "鼓东街道",
                    "fact": "start",
                    "status": "confirmed",
                    "filed_on": "2021-09-10",
                    "decided_on": "2021-09-10",
                    "decided_by_unit": "区商务局",
                    "evidence_count": 1,
                }
            ],
        )
        out = StringIO()
        call_command("claims", "--month", "2021-10", "--format", "json", stdout=out)
        (october,) = json.loads(out.getvalue())
        self.assertEqual(
            (october["fact"], october["status"], october["decided_on"]),
            ("completion", "pending", None),
        )
