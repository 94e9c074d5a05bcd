"""B3: one declared role × action matrix, checked cell by cell and enforced on every page of
the main menu; forms ignore injected fields (role, unit, is_staff, is_superuser)."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from duban.accounts.models import User
from duban.core.navigation import NAV
from duban.core.roles import ALL_ACTIONS, ROLE_ACTIONS, Role, can
from tests.support.factories import PASSWORD, Personas, make_project

ADMIN_ACTIONS = {
    Role.SYSADMIN: {"user.manage", "user.view", "user.phone_reveal", "backup.run"},
    Role.SECADMIN: {"grant.manage", "security.settings", "user.view"},
    Role.AUDITADMIN: {"audit.view", "audit.export"},
}
# Cells that must stay empty whatever else is added to the matrix.
FORBIDDEN = {
    Role.REPORTER: {"report.review", "score.publish", "score.view_draft", "target.change",
                    "method.change", "letter.issue", "bulletin.publish", "import.run",
                    # a unit never confirms closure (销号) of its own findings, nor assigns tasks
                    "task.confirm", "task.manage", "meeting.manage"},
    Role.REVIEWER: {"score.publish", "target.change", "method.change", "project.create"},
    Role.LEADER: {"project.change", "report.submit", "score.publish", "target.change"},
    Role.SUPERVISOR: {"report.submit", "report.edit"},
}  # fmt: skip


class _User:
    """A stand-in with exactly the attributes `can` reads, for every cell of the table."""

    is_authenticated = True

    def __init__(self, role: str, active: bool = True) -> None:
        self.role = role
        self.is_active = active


CELLS = [(role, action) for role in Role.values for action in sorted(ALL_ACTIONS | {"x.unknown"})]


@pytest.mark.parametrize(("role", "action"), CELLS)
def test_b3_each_cell_of_the_matrix(role: str, action: str) -> None:
    granted = can(_User(role), action)
    assert granted == (action in ROLE_ACTIONS[role])
    assert not can(_User(role, active=False), action), "停用账户不得有任何权限"
    admin_only = set().union(*ADMIN_ACTIONS.values())
    if role in ADMIN_ACTIONS:
        assert granted == (action in ADMIN_ACTIONS[role]), "管理员只有本职权限"
    else:
        assert not (granted and action in admin_only), "业务角色不得持有管理员权限"
    assert not (granted and action in FORBIDDEN.get(role, set()))
    assert not can(_User(""), action), "未授权账户没有任何权限"


def test_b3_unknown_actions_and_anonymous_users_are_refused() -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not any(can(AnonymousUser(), a) for a in ALL_ACTIONS)
    assert not can(None, "project.view")


class MenuPagesTests(Personas):
    """Every page of the main menu answers 200 to a role the matrix grants, else 403/404."""

    def test_b3_menu_pages_follow_the_matrix_for_every_role(self) -> None:
        users = [self.supervisor, self.reviewer, self.reporter, self.leader_user,
                 self.sysadmin, self.secadmin, self.auditadmin]  # fmt: skip
        for item in NAV:
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            for user in users:
                self.client.force_login(user)
                status = self.client.get(url).status_code
                if can(user, item.action):
                    self.assertIn(status, (200, 302), f"{user.role} {url}")
                else:
                    self.assertIn(status, (302, 403, 404), f"{user.role} {url} 应被拒绝")
                    if status == 302:
                        self.assertEqual(item.url_name, "portal:home")  # admins go to their page


class InjectedFieldsTests(Personas):
    INJECTED = {"role": Role.SUPERVISOR, "unit": "", "is_staff": "on", "is_superuser": "on"}

    def _assert_unchanged(self, user: User, role: str) -> None:
        user.refresh_from_db()
        self.assertEqual(user.role, role)
        self.assertFalse(user.is_staff or user.is_superuser)

    def test_b3_the_project_form_ignores_role_and_unit(self) -> None:
        project = make_project(unit=self.street, name="鼓东项目")
        self.client.force_login(self.reporter)
        data = {
            "name": "鼓东项目（改）", "category": project.category_id, "industry": project.industry,
            "total_investment_wan": "20000", "version": project.version,
            **self.INJECTED, "unit": self.other_street.pk,
        }  # fmt: skip
        self.client.post(reverse("projects:edit", args=[project.pk]), data)
        project.refresh_from_db()
        self.assertEqual(project.unit, self.street)
        self._assert_unchanged(self.reporter, Role.REPORTER)

    def test_b3_the_password_form_ignores_role_and_staff_flags(self) -> None:
        self.client.force_login(self.reporter)
        self.client.post(
            reverse("accounts:password_change"),
            {"old_password": PASSWORD, "new_password1": "Hq7#meeting-plan",
             "new_password2": "Hq7#meeting-plan", **self.INJECTED},
        )  # fmt: skip
        self._assert_unchanged(self.reporter, Role.REPORTER)

    def test_b3_the_account_forms_ignore_role_unit_and_staff_flags(self) -> None:
        self.client.force_login(self.sysadmin)
        self.client.post(
            reverse("accounts:user", args=[self.reporter.pk]),
            {"form": "account", "first_name": "陈", "phone": "", **self.INJECTED},
        )
        self._assert_unchanged(self.reporter, Role.REPORTER)
        self.client.post(
            reverse("accounts:user_create"),
            {"username": "xinren", "first_name": "新人", **self.INJECTED},
        )
        created = User.objects.get(username="xinren")
        self._assert_unchanged(created, "")
        self.client.force_login(self.secadmin)
        self.client.post(
            reverse("accounts:user", args=[created.pk]),
            {"form": "grant", "role": Role.REVIEWER, "unit": self.lead_department.pk,
             "is_staff": "on", "is_superuser": "on"},
        )  # fmt: skip
        self._assert_unchanged(created, Role.REVIEWER)
