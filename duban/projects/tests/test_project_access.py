"""Reporters act on their own unit's projects only; anyone else's answers 404 (B2)."""

from __future__ import annotations

from django.urls import reverse

from tests.support.factories import Personas, make_project


class ProjectAccessTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.own = make_project(unit=cls.street, name="鼓东商业综合体")
        cls.foreign = make_project(unit=cls.other_street, name="鼓西总部大楼")

    def test_a_reporter_opens_its_own_project(self) -> None:
        self.client.force_login(self.reporter)
        response = self.client.get(reverse("projects:detail", args=[self.own.pk]))
        self.assertContains(response, "鼓东商业综合体")

    def test_another_units_project_answers_404_like_a_missing_one(self) -> None:
        self.client.force_login(self.reporter)
        foreign = self.client.get(reverse("projects:detail", args=[self.foreign.pk]))
        missing = self.client.get(reverse("projects:detail", args=[999999]))
        self.assertEqual(foreign.status_code, 404)
        self.assertEqual(missing.status_code, 404)
        edit = self.client.post(
            reverse("projects:edit", args=[self.foreign.pk]), {"name": "篡改", "version": 1}
        )
        self.assertEqual(edit.status_code, 404)
        self.foreign.refresh_from_db()
        self.assertEqual(self.foreign.name, "鼓西总部大楼")

    def test_the_ledger_lists_only_the_reporters_own_projects(self) -> None:
        self.client.force_login(self.reporter)
        response = self.client.get(reverse("projects:ledger"))
        self.assertContains(response, "鼓东商业综合体")
        self.assertNotContains(response, "鼓西总部大楼")

    def test_the_supervisor_sees_every_project(self) -> None:
        self.client.force_login(self.supervisor)
        response = self.client.get(reverse("projects:ledger"))
        self.assertContains(response, "鼓东商业综合体")
        self.assertContains(response, "鼓西总部大楼")
