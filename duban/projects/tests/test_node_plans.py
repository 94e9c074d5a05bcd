"""Node plans (节点计划): instantiated from the category's template when a project enters the
year's plan, dates revised only with a reason, nodes completed with evidence, stages moved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from duban.files.models import Attachment
from duban.projects.choices import Listing, Stage
from duban.projects.queries import overdue_nodes
from duban.projects.services import (
    change_stage,
    complete_node,
    plan_dates,
    revise_node_date,
    set_listing,
)
from tests.support.dispatch import EXE, TempMedia, photo, standard_template, upload
from tests.support.factories import (
    Personas,
    day,
    make_category,
    make_project,
)


@time_machine.travel("2021-05-10 09:00 +0800", tick=False)
class NodePlanCase(TempMedia, Personas):
    """A 服务业 project listed as a 2021 new start, with the standard five-node plan."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.category = make_category(name="服务业")
        cls.template = standard_template(cls.category)

    def setUp(self) -> None:
        super().setUp()
        self.project = make_project(
            unit=self.street, category=self.category, planned_start=day("2021-04-01"),
            stage=Stage.SIGNED,
        )  # fmt: skip
        # 发改局 lists it (a unit's listing is a claim until confirmed: duban.claims).
        set_listing(
            self.project, actor=self.supervisor, year=2021, kind=Listing.NEW_START,
            planned_investment_wan=Decimal(6000),
        )  # fmt: skip
        self.nodes = {n.name: n for n in self.project.nodes.all()}


@time_machine.travel("2021-05-10 09:00 +0800", tick=False)
class NodePlanTests(NodePlanCase):
    def test_a_project_gets_its_plan_from_the_template_when_listed_for_the_year(self) -> None:
        self.assertEqual(list(self.nodes), ["签约", "施工许可", "规划许可", "开工", "竣工验收"])
        start = self.nodes["开工"]
        self.assertEqual(start.planned_on, day("2021-04-01"))
        self.assertEqual(start.required_evidence, "施工许可证照片")
        self.assertEqual(start.responsible_unit, self.street)
        # The project is already signed: that node is done, not overdue.
        self.assertIsNotNone(self.nodes["签约"].completed_on)

    def test_offsets_chain_from_the_previous_node_and_parallel_nodes_share_its_start(self) -> None:
        nodes = list(self.template.nodes.order_by("order"))
        dates = plan_dates(nodes, year=2021, start=day("2021-04-01"))
        self.assertEqual(
            dates,
            [day("2021-03-02"), day("2021-03-22"), day("2021-03-12"), day("2021-04-01"),
             day("2021-12-20")],
        )  # fmt: skip

    def test_a_revised_date_needs_a_reason_and_keeps_the_original_beside_it(self) -> None:
        node = self.nodes["施工许可"]
        with self.assertRaisesMessage(ValidationError, "必须填写原因"):
            revise_node_date(node, actor=self.reporter, new_date=day("2021-06-01"), reason=" ")
        revise_node_date(
            node, actor=self.reporter, new_date=day("2021-06-01"), reason="规划方案调整"
        )
        node.refresh_from_db()
        self.assertEqual(
            (node.original_planned_on, node.planned_on), (day("2021-03-22"), day("2021-06-01"))
        )
        self.client.force_login(self.supervisor)
        page = self.client.get(reverse("projects:detail", args=[self.project.pk]))
        self.assertContains(page, "2021-03-22")
        self.assertContains(page, "2021-06-01")
        self.assertContains(page, "规划方案调整")

    def test_completing_the_start_node_without_its_evidence_is_refused(self) -> None:
        with self.assertRaisesMessage(ValidationError, "施工许可证照片"):
            complete_node(self.nodes["开工"], actor=self.reporter, on=day("2021-05-06"))
        with self.assertRaisesMessage(ValidationError, "要求佐证材料"):
            change_stage(
                self.project, actor=self.reporter, to_stage=Stage.STARTED, on=day("2021-05-06")
            )
        self.project.refresh_from_db()
        self.assertEqual(self.project.stage, Stage.SIGNED)
        self.assertIsNone(self.project.started_on)
        # A renamed executable is no evidence either; nothing is written.
        with self.assertRaisesMessage(ValidationError, "不是允许的类型"):
            complete_node(
                self.nodes["开工"], actor=self.reporter, on=day("2021-05-06"),
                evidence_files=[upload("施工许可证.jpg", EXE)],
            )  # fmt: skip
        self.assertFalse(Attachment.objects.exists())
        self.assertEqual(self.stored_files(), [])

    def test_the_node_page_refuses_completion_without_evidence_with_a_clear_message(self) -> None:
        node = self.nodes["开工"]
        # 发改局 completes it: a unit's completion of a start node is a claim (duban.claims).
        self.client.force_login(self.supervisor)
        response = self.client.post(
            reverse("projects:node_complete", args=[node.pk]),
            {"version": node.version, "completed_on": "2021-05-06"},
        )
        self.assertContains(response, "要求佐证材料：施工许可证照片", status_code=400)
        response = self.client.post(
            reverse("projects:node_complete", args=[node.pk]),
            {"version": node.version, "completed_on": "2021-05-06", "evidence": photo()},
        )
        self.assertEqual(response.status_code, 302)
        self.project.refresh_from_db()
        self.assertEqual(self.project.stage, Stage.STARTED)

    def test_overdue_nodes_are_listed_per_unit_and_on_the_project_page(self) -> None:
        late = overdue_nodes(self.supervisor, dt.date(2021, 5, 10))
        self.assertEqual(
            [n.name for n in late if n.project_id == self.project.pk],
            ["施工许可", "规划许可", "开工"],
        )
        self.assertFalse(overdue_nodes(self.other_reporter, dt.date(2021, 5, 10)).exists())
        self.client.force_login(self.reporter)
        page = self.client.get(reverse("projects:overdue_nodes"), {"as_of": "2021-05"})
        self.assertContains(page, self.street.name)
        self.assertContains(page, "施工许可")
        detail = self.client.get(reverse("projects:detail", args=[self.project.pk]))
        self.assertContains(detail, "3 个节点逾期")

    def test_another_units_reporter_cannot_touch_the_nodes(self) -> None:
        node = self.nodes["开工"]
        self.client.force_login(self.other_reporter)
        self.assertEqual(self.client.get(reverse("projects:node", args=[node.pk])).status_code, 404)
        response = self.client.post(
            reverse("projects:node_complete", args=[node.pk]),
            {"version": node.version, "completed_on": "2021-05-06", "evidence": photo()},
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Attachment.objects.exists())
