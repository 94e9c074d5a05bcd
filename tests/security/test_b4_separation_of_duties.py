"""B4 三权分立: the system, security and audit admins are distinct, none holds two duties,
none opens business pages, and no routine superuser exists."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from duban.accounts import services
from duban.accounts.models import User
from duban.core.roles import ADMIN_ROLES, BUSINESS_READ, ROLE_ACTIONS, Role
from tests.support.factories import Personas, make_project


class SeparationTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.project = make_project(unit=cls.street, name="鼓东项目")

    def test_b4_the_three_admin_duties_do_not_overlap_except_reading_the_account_list(
        self,
    ) -> None:
        sys_, sec, aud = (ROLE_ACTIONS[r] for r in (Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN))
        self.assertEqual(sys_ & sec, {"user.view"})
        self.assertEqual(sys_ & aud, set())
        self.assertEqual(sec & aud, set())
        self.assertNotIn("grant.manage", sys_)
        self.assertNotIn("user.manage", sec)
        for role in ADMIN_ROLES:
            self.assertFalse(ROLE_ACTIONS[role] & BUSINESS_READ)

    def test_b4_no_admin_opens_a_business_page(self) -> None:
        lists = [reverse("projects:ledger"), reverse("targets:table"), reverse("orgs:units")]
        records = [
            reverse("projects:detail", args=[self.project.pk]),
            reverse("projects:edit", args=[self.project.pk]),
            reverse("orgs:unit", args=["gudong"]),
        ]
        for admin in (self.sysadmin, self.secadmin, self.auditadmin):
            self.client.force_login(admin)
            for url in lists:
                self.assertEqual(self.client.get(url).status_code, 403, f"{admin.role} {url}")
            for url in records:
                self.assertEqual(self.client.get(url).status_code, 404, f"{admin.role} {url}")
            response = self.client.post(
                reverse("projects:edit", args=[self.project.pk]), {"name": "x", "version": 1}
            )
            self.assertEqual(response.status_code, 404)
        self.project.refresh_from_db()
        self.assertEqual(self.project.name, "鼓东项目")

    def test_b4_each_admin_opens_only_the_page_of_their_duty(self) -> None:
        expected = {
            self.sysadmin: {"accounts:users": 200, "audit:index": 403},
            self.secadmin: {"accounts:users": 200, "audit:index": 403},
            self.auditadmin: {"accounts:users": 403, "audit:index": 200},
            self.supervisor: {"accounts:users": 403, "audit:index": 403},
        }
        for user, pages in expected.items():
            self.client.force_login(user)
            for name, status in pages.items():
                self.assertEqual(self.client.get(reverse(name)).status_code, status, (user, name))

    def test_b4_the_system_admin_cannot_grant_and_the_security_admin_cannot_create(
        self,
    ) -> None:
        self.client.force_login(self.sysadmin)
        self.client.post(
            reverse("accounts:user", args=[self.reporter.pk]),
            {"form": "grant", "role": Role.SUPERVISOR},
        )
        self.reporter.refresh_from_db()
        self.assertEqual(self.reporter.role, Role.REPORTER)
        self.client.force_login(self.secadmin)
        response = self.client.post(
            reverse("accounts:user_create"), {"username": "shadow", "first_name": "影子"}
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(User.objects.filter(username="shadow").exists())

    def test_b4_the_security_admin_cannot_change_their_own_role(self) -> None:
        self.client.force_login(self.secadmin)
        self.client.post(
            reverse("accounts:user", args=[self.secadmin.pk]),
            {"form": "grant", "role": Role.AUDITADMIN},
        )
        self.secadmin.refresh_from_db()
        self.assertEqual(self.secadmin.role, Role.SECADMIN)

    def test_b4_a_new_account_has_no_role_until_the_security_admin_grants_one(self) -> None:
        user, _ = services.create_user(actor=self.sysadmin, username="xinren", first_name="新人")
        self.assertEqual(user.role, "")
        user.must_change_password = False
        user.save()
        self.client.force_login(user)
        self.assertEqual(self.client.get(reverse("projects:ledger")).status_code, 403)
        services.grant_role(user, actor=self.secadmin, role=Role.REPORTER, unit=self.street)
        user.refresh_from_db()
        self.assertEqual((user.role, user.unit), (Role.REPORTER, self.street))

    def test_b4_the_bootstrap_command_never_makes_a_superuser(self) -> None:
        call_command("create_admin", "root", role="sysadmin", stdout=StringIO())
        root = User.objects.get(username="root")
        self.assertFalse(root.is_superuser or root.is_staff)
        self.assertFalse(User.objects.filter(is_superuser=True).exists())
