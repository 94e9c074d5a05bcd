"""Project edits: versioned, audited, and stage moves only go forward with their dates."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse

from duban.audit.models import AuditEvent
from duban.core.models import StaleVersionError
from duban.projects.choices import Stage
from duban.projects.models import Project
from duban.projects.services import change_stage, update_project
from tests.support.factories import Personas, day, make_project


class ProjectServiceTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.project = make_project(unit=cls.street, name="鼓东商业综合体")

    def test_an_edit_is_audited_with_before_and_after(self) -> None:
        # 发改局 corrects a counted fact directly (a unit's change is a claim: duban.claims).
        update_project(
            self.project,
            actor=self.supervisor,
            expected_version=1,
            changes={"total_investment_wan": Decimal(35000)},
        )
        event = AuditEvent.objects.for_object(self.project).get(event="project.updated")
        self.assertEqual(event.actor_username, "fgj")
        self.assertEqual(event.before, {"total_investment_wan": "20000.00", "version": 1})
        self.assertEqual(event.after, {"total_investment_wan": "35000.00", "version": 2})

    def test_a_save_based_on_a_stale_version_is_refused_and_nothing_is_lost(self) -> None:
        first = Project.objects.get(pk=self.project.pk)
        second = Project.objects.get(pk=self.project.pk)
        update_project(first, actor=self.reporter, expected_version=1, changes={"location": "甲"})
        with self.assertRaises(StaleVersionError):
            update_project(
                second, actor=self.supervisor, expected_version=1, changes={"location": "乙"}
            )
        self.project.refresh_from_db()
        self.assertEqual(self.project.location, "甲")
        self.assertEqual(self.project.version, 2)

    def test_the_edit_page_answers_409_to_a_stale_save(self) -> None:
        self.client.force_login(self.reporter)
        url = reverse("projects:edit", args=[self.project.pk])
        form = self.client.get(url).context["form"]
        data = {k: v for k, v in form.initial.items() if v is not None}
        data.update(
            {"name": "新名称", "version": 1, "category": self.project.category_id,
             "total_investment_wan": "20000"}
        )  # fmt: skip
        self.assertEqual(self.client.post(url, data).status_code, 302)
        stale = self.client.post(url, {**data, "name": "另一个名称"})
        self.assertEqual(stale.status_code, 409)
        self.assertContains(stale, "已被他人修改", status_code=409)
        self.project.refresh_from_db()
        self.assertEqual(self.project.name, "新名称")

    def test_stage_changes_move_forward_and_date_the_start(self) -> None:
        change_stage(
            self.project, actor=self.supervisor, to_stage=Stage.STARTED, on=day("2021-03-02")
        )
        self.project.refresh_from_db()
        self.assertEqual(self.project.stage, Stage.STARTED)
        self.assertEqual(self.project.started_on, day("2021-03-02"))
        self.assertEqual(self.project.signed_on, day("2021-03-02"))
        with self.assertRaises(ValidationError):
            change_stage(
                self.project, actor=self.reporter, to_stage=Stage.SIGNED, on=day("2021-04-01")
            )

    def test_the_detail_page_shows_stage_and_change_history(self) -> None:
        change_stage(
            self.project, actor=self.supervisor, to_stage=Stage.STARTED, on=day("2021-03-02"),
            evidence_note="施工许可证照片",
        )  # fmt: skip
        self.client.force_login(self.supervisor)
        response = self.client.get(reverse("projects:detail", args=[self.project.pk]))
        self.assertContains(response, "施工许可证照片")
        self.assertContains(response, "项目阶段推进")  # the event as people say it (issue 13)

    def test_the_investment_prints_with_its_unit(self) -> None:
        self.client.force_login(self.supervisor)
        response = self.client.get(reverse("projects:detail", args=[self.project.pk]))
        self.assertContains(response, "2亿元")
        self.assertContains(response, "20,000万元")
