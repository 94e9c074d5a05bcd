"""B4 (issue #14): 三权分立 cannot be crossed by one administrator.

The finding: the system administrator could reset any business account's password and sign
in as it (a reviewer, who can then approve reports), and could disable the audit and security
administrators; the security administrator could remove the audit administrator's role.
Now such changes wait for a second administrator of the same duty (never the requester, never
the holder), the holder is notified (in-app, and by mail when the account has an address),
every step is audited, and a temporary password can do nothing until it is changed.
"""

from __future__ import annotations

import datetime as dt

import time_machine
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from duban.accounts import approvals, services
from duban.accounts.choices import ChangeKind, ChangeStatus
from duban.accounts.models import ChangeRequest, Notice, User
from duban.core.roles import Role
from tests.security.support import events, full_login, post_login
from tests.support.factories import PASSWORD, Personas, make_project, make_user


class TwoPersonTests(Personas):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.sysadmin2 = make_user(Role.SYSADMIN, username="sysadmin2")
        cls.secadmin2 = make_user(Role.SECADMIN, username="secadmin2")

    def _post(self, admin: User, target: User, form: str, **data: str) -> None:
        self.client.force_login(admin)
        response = self.client.post(
            reverse("accounts:user", args=[target.pk]), {"form": form, **data}
        )
        self.assertEqual(response.status_code, 302)

    def test_b4_resetting_a_business_accounts_password_waits_for_a_second_admin(self) -> None:
        self._post(self.sysadmin, self.reviewer, "reset_password")
        self.reviewer.refresh_from_db()
        self.assertTrue(self.reviewer.check_password(PASSWORD))  # nothing changed yet
        request = ChangeRequest.objects.get(target=self.reviewer)
        self.assertEqual((request.kind, request.status), (ChangeKind.PASSWORD_RESET, "pending"))
        self.assertEqual(len(events("user.change_requested")), 1)
        self.assertEqual(events("user.password_reset"), [])
        self.assertEqual(Notice.objects.filter(user=self.reviewer).count(), 1)
        # The same administrator cannot get round it through the service either.
        with self.assertRaises(PermissionDenied):
            services.reset_password(self.reviewer, actor=self.sysadmin)

    def test_b4_only_a_second_admin_of_the_same_duty_approves(self) -> None:
        request = approvals.submit(
            actor=self.sysadmin, target=self.reviewer, kind=ChangeKind.PASSWORD_RESET
        ).request
        assert request is not None
        for not_allowed in (self.sysadmin, self.reviewer, self.secadmin, self.auditadmin):
            with self.assertRaises(PermissionDenied):
                approvals.approve(request, actor=not_allowed)
        outcome = approvals.approve(request, actor=self.sysadmin2)
        self.reviewer.refresh_from_db()
        self.assertTrue(self.reviewer.check_password(outcome.password or ""))
        self.assertTrue(self.reviewer.must_change_password)
        reset = events("user.password_reset")[0]
        self.assertEqual((reset.actor_username, reset.detail["request"]), ("sysadmin2", request.pk))
        self.assertEqual(len(events("user.change_approved")), 1)
        self.assertEqual(Notice.objects.filter(user=self.reviewer).count(), 2)
        with self.assertRaises(PermissionDenied):  # decided once
            approvals.approve(request, actor=self.sysadmin2)

    def test_b4_the_temporary_password_goes_to_the_holders_mail_not_to_an_admin(self) -> None:
        User.objects.filter(pk=self.reviewer.pk).update(email="swj@example.gov.cn")
        self.reviewer.refresh_from_db()
        request = approvals.submit(
            actor=self.sysadmin, target=self.reviewer, kind=ChangeKind.PASSWORD_RESET
        ).request
        with self.captureOnCommitCallbacks(execute=True):
            outcome = approvals.approve(request, actor=self.sysadmin2)  # type: ignore[arg-type]
        self.assertIsNone(outcome.password)
        sent = [m for m in mail.outbox if m.to == ["swj@example.gov.cn"]]
        password = next(line for m in sent for line in m.body.splitlines() if "临时密码" in line)
        self.reviewer.refresh_from_db()
        self.assertTrue(self.reviewer.check_password(password.split("：", 1)[1].strip()))
        self.assertFalse(any(password in n.body for n in Notice.objects.all()))

    def test_b4_one_admin_cannot_disable_another_admin(self) -> None:
        self._post(self.sysadmin, self.secadmin, "disable")
        self._post(self.sysadmin, self.auditadmin, "disable")
        for admin in (self.secadmin, self.auditadmin):
            admin.refresh_from_db()
            self.assertTrue(admin.is_active)
        with self.assertRaises(PermissionDenied):
            services.set_active(self.auditadmin, actor=self.sysadmin, active=False)
        request = ChangeRequest.objects.get(target=self.auditadmin)
        approvals.approve(request, actor=self.sysadmin2)
        self.auditadmin.refresh_from_db()
        self.assertFalse(self.auditadmin.is_active)
        self.assertEqual(events("user.disabled")[0].detail["request"], request.pk)

    def test_b4_the_security_admin_cannot_strip_the_audit_admins_role_alone(self) -> None:
        self._post(self.secadmin, self.auditadmin, "grant", role="")
        self.auditadmin.refresh_from_db()
        self.assertEqual(self.auditadmin.role, Role.AUDITADMIN)
        with self.assertRaises(PermissionDenied):
            services.grant_role(self.auditadmin, actor=self.secadmin, role="")
        request = ChangeRequest.objects.get(target=self.auditadmin)
        with self.assertRaises(PermissionDenied):  # another duty cannot approve a grant
            approvals.approve(request, actor=self.sysadmin2)
        approvals.approve(request, actor=self.secadmin2)
        self.auditadmin.refresh_from_db()
        self.assertEqual(self.auditadmin.role, "")

    def test_b4_making_someone_an_admin_needs_two_security_admins(self) -> None:
        user, _ = services.create_user(actor=self.sysadmin, username="xinren", first_name="新人")
        outcome = approvals.submit(
            actor=self.secadmin, target=user, kind=ChangeKind.GRANT, payload={"role": "sysadmin"}
        )
        self.assertTrue(outcome.pending)
        user.refresh_from_db()
        self.assertEqual(user.role, "")
        # A business role for an account without one stays the security admin's own duty.
        outcome = approvals.submit(
            actor=self.secadmin,
            target=user,
            kind=ChangeKind.GRANT,
            payload={"role": "reporter", "unit": self.street.pk},
        )
        self.assertFalse(outcome.pending)
        user.refresh_from_db()
        self.assertEqual((user.role, user.unit), (Role.REPORTER, self.street))

    def test_b4_a_request_expires_and_the_requester_may_withdraw_it(self) -> None:
        first = approvals.submit(actor=self.sysadmin, target=self.reporter, kind="password_reset")
        later = dt.timedelta(hours=settings.DUBAN_APPROVAL_HOURS, seconds=1)
        with time_machine.travel(later), self.assertRaises(ValidationError):
            approvals.approve(first.request, actor=self.sysadmin2)  # type: ignore[arg-type]
        self.assertEqual(ChangeRequest.objects.get().status, ChangeStatus.EXPIRED)
        second = approvals.submit(actor=self.sysadmin, target=self.reporter, kind="password_reset")
        with self.assertRaises(PermissionDenied):
            approvals.cancel(second.request, actor=self.sysadmin2)  # type: ignore[arg-type]
        approvals.cancel(second.request, actor=self.sysadmin)  # type: ignore[arg-type]
        self.assertEqual(len(events("user.change_cancelled")), 1)
        self.assertTrue(User.objects.get(pk=self.reporter.pk).check_password(PASSWORD))

    def test_b4_the_approval_page_lists_what_the_second_admin_may_decide(self) -> None:
        self._post(self.sysadmin, self.reviewer, "reset_password")
        request = ChangeRequest.objects.get()
        self.client.force_login(self.sysadmin)
        self.assertNotContains(self.client.get(reverse("accounts:approvals")), "批准并执行")
        self.client.force_login(self.sysadmin2)
        page = self.client.get(reverse("accounts:approvals"))
        self.assertContains(page, "批准并执行")
        response = self.client.post(
            reverse("accounts:approval", args=[request.pk]), {"action": "approve"}
        )
        self.assertEqual(response.status_code, 302)
        shown = [str(m) for m in response.wsgi_request._messages]  # type: ignore[attr-defined]
        self.assertTrue(any("临时密码" in m for m in shown), shown)
        self.assertEqual(ChangeRequest.objects.get().status, ChangeStatus.APPROVED)

    def test_b4_a_temporary_password_can_do_nothing_until_it_is_changed(self) -> None:
        project = make_project(unit=self.street, name="鼓东项目")
        holder = self.client_class()
        full_login(holder, self.reporter)
        old_session = holder.session.session_key
        request = approvals.submit(actor=self.sysadmin, target=self.reporter, kind="password_reset")
        temporary = approvals.approve(request.request, actor=self.sysadmin2).password  # type: ignore[arg-type]
        # The reset ends the sessions signed in with the old password.
        self.assertEqual(holder.get(reverse("projects:ledger")).status_code, 302)
        self.assertNotEqual(holder.session.session_key, old_session)
        self.assertEqual(post_login(holder, "gudong", temporary or "").status_code, 302)
        for url in (reverse("projects:ledger"), reverse("projects:detail", args=[project.pk])):
            response = holder.get(url)
            self.assertEqual(response["Location"], reverse("accounts:password_change"), url)
        response = holder.post(
            reverse("projects:edit", args=[project.pk]), {"name": "冒名修改", "version": 1}
        )
        self.assertEqual(response["Location"], reverse("accounts:password_change"))
        project.refresh_from_db()
        self.assertEqual(project.name, "鼓东项目")
        # At sign-in the holder is told their account was changed.
        page = holder.get(reverse("accounts:password_change"))
        self.assertContains(page, "未读通知")
