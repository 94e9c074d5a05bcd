"""B2: a reporter of one unit reading or writing another unit's records gets 404, exactly as
for a record that does not exist; lists are filtered by the same scoping."""

from __future__ import annotations

from django.urls import reverse

from tests.security.support import without_csrf
from tests.support.factories import Personas, make_project


class CrossUnitTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.own = make_project(unit=cls.street, name="鼓东商业综合体")
        cls.foreign = make_project(unit=cls.other_street, name="鼓西总部大楼")

    def setUp(self) -> None:
        self.client.force_login(self.reporter)

    def test_b2_another_units_project_detail_and_edit_answer_404(self) -> None:
        for name in ("projects:detail", "projects:edit"):
            foreign = self.client.get(reverse(name, args=[self.foreign.pk]))
            missing = self.client.get(reverse(name, args=[987654]))
            self.assertEqual((foreign.status_code, missing.status_code), (404, 404))
            self.assertEqual(
                without_csrf(foreign.content).replace(f"/{self.foreign.pk}/", "/N/"),
                without_csrf(missing.content).replace("/987654/", "/N/"),
            )

    def test_b2_a_write_to_another_units_project_changes_nothing(self) -> None:
        response = self.client.post(
            reverse("projects:edit", args=[self.foreign.pk]),
            {"name": "篡改", "version": self.foreign.version, "description": "x"},
        )
        self.assertEqual(response.status_code, 404)
        self.foreign.refresh_from_db()
        self.assertEqual(self.foreign.name, "鼓西总部大楼")

    def test_b2_another_units_page_answers_404(self) -> None:
        self.assertEqual(self.client.get(reverse("orgs:unit", args=["guxi"])).status_code, 404)
        self.assertEqual(self.client.get(reverse("orgs:unit", args=["gudong"])).status_code, 200)

    def test_b2_a_unit_filter_cannot_widen_the_ledger(self) -> None:
        response = self.client.get(reverse("projects:ledger"), {"unit": self.other_street.pk})
        self.assertNotContains(response, "鼓西总部大楼")
        response = self.client.get(reverse("projects:ledger"), {"q": "鼓西"})
        self.assertNotContains(response, "鼓西总部大楼")

    def test_b2_the_units_list_shows_only_the_reporters_own_unit(self) -> None:
        response = self.client.get(reverse("orgs:units"))
        self.assertContains(response, "鼓东")
        self.assertNotContains(response, "鼓西街道")
