"""A4: privileged roles need password + TOTP; a replayed code is refused."""

from __future__ import annotations

import datetime as dt

import pyotp
import time_machine
from django.urls import reverse

from duban.core.roles import PRIVILEGED_ROLES, Role
from tests.security.support import events, post_login
from tests.support.factories import PASSWORD, Personas

START = dt.datetime(2021, 9, 10, 9, 0, 5, tzinfo=dt.UTC)


class TotpTests(Personas):
    def test_a4_the_privileged_roles_are_the_admins_and_the_score_publisher(self) -> None:
        self.assertEqual(
            PRIVILEGED_ROLES,
            {Role.SUPERVISOR, Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN},
        )

    def test_a4_a_password_alone_does_not_log_a_privileged_user_in(self) -> None:
        for user in (self.supervisor, self.sysadmin, self.secadmin, self.auditadmin):
            client = self.client_class()
            response = post_login(client, user.username, PASSWORD)
            self.assertEqual(response["Location"], reverse("accounts:otp"))
            self.assertFalse(client.get(reverse("accounts:otp")).wsgi_request.user.is_authenticated)
            self.assertEqual(client.get("/projects/").status_code, 302)

    def test_a4_enrolment_then_a_code_logs_in_and_a_replayed_code_is_refused(self) -> None:
        with time_machine.travel(START, tick=False):
            post_login(self.client, "fgj", PASSWORD)
            page = self.client.get(reverse("accounts:otp"))
            secret = page.context["secret"]
            self.assertContains(page, secret)
            code = pyotp.TOTP(secret).now()
            response = self.client.post(reverse("accounts:otp"), {"code": code})
            self.assertEqual(response.status_code, 302)
            self.assertEqual(self.client.get("/projects/").status_code, 200)
            self.assertEqual(len(events("auth.otp_enrolled")), 1)
            self.client.post(reverse("accounts:logout"))
            # Same code, same 30-second step: refused.
            post_login(self.client, "fgj", PASSWORD)
            response = self.client.post(reverse("accounts:otp"), {"code": code})
            self.assertEqual(response.status_code, 200)
            self.assertContains(response, "已使用过")
            self.assertEqual(self.client.get("/projects/").status_code, 302)

    def test_a4_a_wrong_code_is_refused_and_counts_as_a_failure(self) -> None:
        self.sysadmin.otp_secret = pyotp.random_base32()
        self.sysadmin.save()
        post_login(self.client, "sysadmin", PASSWORD)
        good = pyotp.TOTP(self.sysadmin.otp_secret).now()
        wrong = f"{(int(good) + 1) % 1000000:06d}"
        response = self.client.post(reverse("accounts:otp"), {"code": wrong})
        self.assertEqual(response.status_code, 200)
        self.sysadmin.refresh_from_db()
        self.assertEqual(self.sysadmin.otp_failures, 1)
        self.assertEqual(events("auth.login_failed")[-1].detail["reason"], "otp_wrong")

    def test_a4_the_next_code_after_the_used_one_is_accepted(self) -> None:
        secret = pyotp.random_base32()
        self.auditadmin.otp_secret = secret
        self.auditadmin.save()
        with time_machine.travel(START, tick=False) as clock:
            post_login(self.client, "auditadmin", PASSWORD)
            self.client.post(reverse("accounts:otp"), {"code": pyotp.TOTP(secret).now()})
            self.client.post(reverse("accounts:logout"))
            clock.shift(dt.timedelta(seconds=30))
            post_login(self.client, "auditadmin", PASSWORD)
            response = self.client.post(reverse("accounts:otp"), {"code": pyotp.TOTP(secret).now()})
            self.assertEqual(response.status_code, 302)

    def test_a4_a_reporter_logs_in_with_the_password_alone(self) -> None:
        response = post_login(self.client, "gudong", PASSWORD)
        self.assertEqual(response.status_code, 302)
        self.assertNotEqual(response["Location"], reverse("accounts:otp"))
