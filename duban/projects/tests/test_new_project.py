"""新建项目: a project typed by hand goes through the one creation path an import uses, so it
gets the category's lead department, its listing in the year's plan, the node plan of the
category's template and its audit rows; a unit creates only its own projects; a role without
project.create sees neither the page nor the link."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.test import override_settings
from django.urls import reverse

from duban.audit.models import AuditEvent
from duban.projects.choices import Industry, Listing
from duban.projects.models import PlanListing, Project, ProjectNode
from duban.projects.queries import suggested_code
from tests.support.dispatch import standard_template
from tests.support.factories import Personas, make_category, make_project

NEW = reverse("projects:new")


@override_settings(DUBAN_AS_OF="2021-05", DUBAN_TODAY="2021-05-10")
class NewProjectTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.category = make_category(name="服务业", lead_department=cls.lead_department)
        standard_template(cls.category)

    def form(self, **overrides: Any) -> dict[str, Any]:
        data = {
            "code": "XM20210001",
            "name": "鼓东智慧停车楼",
            "category": self.category.pk,
            "industry": Industry.TERTIARY,
            "total_investment_wan": "12000",
            "unit": self.street.pk,
            "planned_start": "2021-06-01",
            "planned_completion": "2022-12-31",
            "listing_kind": Listing.NEW_START,
            "planned_investment_wan": "3000",
        }
        return {**data, **overrides}

    def test_the_supervisor_creates_a_listed_project_with_its_node_plan_and_audit_rows(
        self,
    ) -> None:
        self.client.force_login(self.supervisor)
        page = self.client.get(NEW)
        self.assertContains(page, 'value="XM20210001"')  # the suggested code
        response = self.client.post(NEW, self.form())
        project = Project.objects.get(code="XM20210001")
        self.assertRedirects(response, reverse("projects:detail", args=[project.pk]))
        assert project.unit == self.street
        assert project.lead_department == self.lead_department  # from the category
        listing = PlanListing.objects.get(project=project, year=2021)
        assert listing.kind == Listing.NEW_START
        assert listing.planned_investment_wan == Decimal(3000)
        assert listing.listed_on == dt.date(2021, 5, 10)  # the business clock, not the machine's
        assert ProjectNode.objects.filter(project=project, year=2021).count() > 0
        events = set(
            AuditEvent.objects.filter(object_id=str(project.pk)).values_list("event", flat=True)
        )
        assert {"project.created", "project.listing_set", "project.node_plan_created"} <= events

    def test_a_unit_creates_only_its_own_projects(self) -> None:
        self.client.force_login(self.reporter)
        page = self.client.get(NEW)
        assert 'name="unit"' not in page.content.decode()
        self.client.post(NEW, self.form(unit=self.other_street.pk))
        assert Project.objects.get(code="XM20210001").unit == self.street

    def test_an_unlisted_project_has_no_listing_and_no_node_plan(self) -> None:
        self.client.force_login(self.supervisor)
        self.client.post(NEW, self.form(listing_kind="", planned_investment_wan=""))
        project = Project.objects.get(code="XM20210001")
        assert not PlanListing.objects.filter(project=project).exists()
        assert not ProjectNode.objects.filter(project=project).exists()

    def test_nothing_is_saved_when_a_rule_fails(self) -> None:
        self.client.force_login(self.supervisor)
        existing = make_project(code="XM20210009", unit=self.street)
        cases = [
            self.form(planned_completion="2021-01-01"),  # completion before start
            self.form(code=existing.code),  # a code in use
            self.form(listing_kind=""),  # plan investment but no listing
        ]
        for data in cases:
            response = self.client.post(NEW, data)
            assert response.status_code == 200
            self.assertContains(response, 'class="error"')
        assert Project.objects.count() == 1
        assert not AuditEvent.objects.filter(event="project.created").exists()

    def test_roles_without_project_create_see_neither_page_nor_link(self) -> None:
        for user in (self.reviewer, self.leader_user):
            self.client.force_login(user)
            assert self.client.get(NEW).status_code == 403
            assert self.client.post(NEW, self.form()).status_code == 403
            assert NEW not in self.client.get(reverse("projects:ledger")).content.decode()
        self.client.force_login(self.supervisor)
        self.assertContains(self.client.get(reverse("projects:ledger")), NEW)
        assert not Project.objects.exists()

    def test_the_suggested_code_skips_codes_in_use(self) -> None:
        make_project(code="XM20210001")
        make_project(code="XM2021-ABCDEF0123")  # an import's digest code is not counted
        assert suggested_code(2021) == "XM20210002"
