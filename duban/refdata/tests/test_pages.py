"""The reference-data pages: 发改局 lists, creates and edits every kind; other roles are
refused; the menu shows the entry only to the role that may use it."""

from __future__ import annotations

from django.urls import reverse

from duban.audit.models import AuditEvent
from duban.core.navigation import menu_for
from duban.orgs.models import Unit
from duban.refdata.kinds import KINDS
from tests.support.factories import Personas, make_category, make_leader, make_metric


class ReferencePagesTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_leader(name="张三")
        make_category(name="服务业")
        make_metric(name="新增规上服务业企业数")

    def test_the_supervisor_opens_every_list_and_create_page(self) -> None:
        self.client.force_login(self.supervisor)
        self.assertEqual(self.client.get(reverse("refdata:index")).status_code, 200)
        for key in KINDS:
            self.assertEqual(
                self.client.get(reverse("refdata:records", args=[key])).status_code, 200, key
            )
            self.assertEqual(
                self.client.get(reverse("refdata:create", args=[key])).status_code, 200, key
            )
        page = self.client.get(reverse("refdata:records", args=["units"]))
        self.assertContains(page, "鼓东街道")
        self.assertContains(page, reverse("refdata:units_edit", args=[self.street.pk]))

    def test_other_roles_are_refused(self) -> None:
        urls = [
            reverse("refdata:index"),
            reverse("refdata:records", args=["units"]),
            reverse("refdata:create", args=["leaders"]),
            reverse("refdata:units_edit", args=[self.street.pk]),
        ]
        for who in (self.reporter, self.reviewer, self.leader_user, self.sysadmin):
            self.client.force_login(who)
            for url in urls:
                self.assertIn(self.client.get(url).status_code, (403, 404), (who.role, url))
            answer = self.client.post(urls[3], {"name": "改名", "version": 1})
            self.assertIn(answer.status_code, (403, 404))
        self.assertEqual(Unit.objects.get(pk=self.street.pk).name, "鼓东街道")

    def test_the_menu_entry_is_shown_only_to_the_supervisor(self) -> None:
        url = reverse("refdata:index")
        self.assertIn(url, [i["url"] for i in menu_for(self.supervisor, "/")])
        for who in (self.reporter, self.reviewer, self.leader_user, self.sysadmin):
            self.assertNotIn(url, [i["url"] for i in menu_for(who, "/")], who.role)

    def _unit_form(self, **kw: object) -> dict[str, object]:
        data: dict[str, object] = {
            "code": self.street.code, "name": self.street.name, "short_name": "鼓东",
            "kind": self.street.kind, "sort_order": 0, "is_active": "on", "version": 1,
        }  # fmt: skip
        data.update(kw)
        return data

    def test_an_edit_is_saved_with_its_audit_row(self) -> None:
        self.client.force_login(self.supervisor)
        url = reverse("refdata:units_edit", args=[self.street.pk])
        answer = self.client.post(url, self._unit_form(kind="park"))
        self.assertRedirects(answer, reverse("refdata:records", args=["units"]))
        self.assertEqual(Unit.objects.get(pk=self.street.pk).kind, "park")
        self.assertTrue(AuditEvent.objects.filter(event="unit.updated").exists())

    def test_a_stale_form_is_refused_with_409_and_nothing_changes(self) -> None:
        self.client.force_login(self.supervisor)
        url = reverse("refdata:units_edit", args=[self.street.pk])
        self.client.post(url, self._unit_form(short_name="鼓东街"))
        answer = self.client.post(url, self._unit_form(kind="park"))
        self.assertEqual(answer.status_code, 409)
        self.assertEqual(Unit.objects.get(pk=self.street.pk).kind, "street")

    def test_a_new_leader_is_created_from_the_page(self) -> None:
        self.client.force_login(self.supervisor)
        answer = self.client.post(
            reverse("refdata:create", args=["leaders"]),
            {"name": "李四", "title": "副区长", "sort_order": 3},
        )
        self.assertEqual(answer.status_code, 302)
        self.assertTrue(AuditEvent.objects.filter(event="leader.created").exists())

    def test_an_unknown_kind_is_404(self) -> None:
        self.client.force_login(self.supervisor)
        self.assertEqual(self.client.get("/reference/nothing/").status_code, 404)
