"""A2, A4 (issue #14): the second factor cannot be brute-forced.

The finding: a correct password reset the failure counter that wrong codes increment, so
"password + 4 wrong codes", repeated, never locked (12 wrong codes in 3 cycles); a session
already waiting for its code completed the login after the account was locked elsewhere.
Second-factor failures now count on their own and lock; a pending session is refused once
the account is locked; sign-in attempts are rate-limited per account and per address.
"""

from __future__ import annotations

import datetime as dt

import pyotp
import time_machine
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from tests.security.support import events, post_login
from tests.support.factories import PASSWORD, Personas

START = dt.datetime(2021, 9, 10, 9, 0, 5, tzinfo=dt.UTC)


def wrong_code(secret: str) -> str:
    good = pyotp.TOTP(secret).now()
    # Differs from the codes of the previous, current and next steps.
    totp = pyotp.TOTP(secret)
    near = {totp.at(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=s)) for s in (-30, 0, 30)}
    candidate = int(good)
    while f"{candidate:06d}" in near:
        candidate = (candidate + 1) % 1_000_000
    return f"{candidate:06d}"


class SecondFactorTests(Personas):
    def setUp(self) -> None:
        self.secret = pyotp.random_base32()
        self.supervisor.otp_secret = self.secret
        self.supervisor.save(update_fields=["otp_secret"])

    def test_a4_wrong_codes_lock_the_account_though_the_password_is_right_in_between(
        self,
    ) -> None:
        with time_machine.travel(START, tick=False):
            per_cycle = settings.DUBAN_OTP_LOCKOUT_THRESHOLD - 1
            wrong = 0
            for _cycle in range(3):
                if post_login(self.client, "fgj", PASSWORD).status_code != 302:
                    break  # the password step is refused: the account is locked
                for _ in range(per_cycle):
                    response = self.client.post(
                        reverse("accounts:otp"), {"code": wrong_code(self.secret)}
                    )
                    wrong += 1
                    if response.status_code == 302:  # locked: sent back to the login page
                        break
            self.assertEqual(wrong, settings.DUBAN_OTP_LOCKOUT_THRESHOLD)
            self.supervisor.refresh_from_db()
            self.assertIsNotNone(self.supervisor.locked_until)
            self.assertEqual(len(events("auth.locked")), 1)
            # Locked: even the password and a good code no longer sign in.
            post_login(self.client, "fgj", PASSWORD)
            response = self.client.post(
                reverse("accounts:otp"), {"code": pyotp.TOTP(self.secret).now()}
            )
            self.assertEqual(response.status_code, 302)
            self.assertEqual(response["Location"], reverse("accounts:login"))
            self.assertFalse(self.client.get("/projects/").wsgi_request.user.is_authenticated)

    def test_a4_a_session_waiting_for_its_code_is_refused_once_the_account_is_locked(
        self,
    ) -> None:
        with time_machine.travel(START, tick=False):
            waiting = self.client_class()
            self.assertEqual(post_login(waiting, "fgj", PASSWORD).status_code, 302)
            for _ in range(settings.DUBAN_LOCKOUT_THRESHOLD):
                post_login(self.client, "fgj", "wrong-Password-1", ip="10.6.6.6")
            self.assertEqual(len(events("auth.locked")), 1)
            response = waiting.post(
                reverse("accounts:otp"), {"code": pyotp.TOTP(self.secret).now()}
            )
            self.assertEqual(response["Location"], reverse("accounts:login"))
            self.assertFalse(waiting.get("/projects/").wsgi_request.user.is_authenticated)
            self.assertEqual(events("auth.login"), [])

    def test_a4_a_right_code_clears_the_second_factor_count(self) -> None:
        with time_machine.travel(START, tick=False) as clock:
            post_login(self.client, "fgj", PASSWORD)
            self.client.post(reverse("accounts:otp"), {"code": wrong_code(self.secret)})
            self.supervisor.refresh_from_db()
            self.assertEqual(self.supervisor.otp_failures, 1)
            clock.shift(dt.timedelta(seconds=31))
            response = self.client.post(
                reverse("accounts:otp"), {"code": pyotp.TOTP(self.secret).now()}
            )
            self.assertEqual(response.status_code, 302)
            self.supervisor.refresh_from_db()
            self.assertEqual(self.supervisor.otp_failures, 0)


@override_settings(DUBAN_LOGIN_IP_MAX_FAILURES=6, DUBAN_LOGIN_ACCOUNT_MAX_FAILURES=7)
class RateLimitTests(Personas):
    def test_a2_one_address_spraying_many_accounts_is_refused_even_a_right_password(
        self,
    ) -> None:
        with time_machine.travel(START, tick=False) as clock:
            names = ["nobody", "guxi", "rjy", "swj", "nobody2", "lingdao"]
            for name in names:  # one failure each: no account reaches its lockout
                post_login(self.client, name, "wrong-Password-1", ip="10.7.7.7")
            self.assertEqual(events("auth.locked"), [])
            response = post_login(self.client, "gudong", PASSWORD, ip="10.7.7.7")
            self.assertEqual(response.status_code, 200)
            self.assertEqual(events("auth.throttled")[0].detail, {"scope": "address"})
            # Another address is not affected; the window moves on.
            self.assertEqual(post_login(self.client_class(), "gudong", PASSWORD).status_code, 302)
            clock.shift(dt.timedelta(seconds=settings.DUBAN_LOGIN_IP_WINDOW_SECONDS + 1))
            response = post_login(self.client_class(), "gudong", PASSWORD, ip="10.7.7.7")
            self.assertEqual(response.status_code, 302)

    def test_a2_an_account_is_rate_limited_across_lock_periods_and_addresses(self) -> None:
        lock = dt.timedelta(minutes=settings.DUBAN_LOCKOUT_MINUTES, seconds=1)
        with time_machine.travel(START, tick=False) as clock:
            for i in range(settings.DUBAN_LOCKOUT_THRESHOLD):
                post_login(self.client, "gudong", "wrong-Password-1", ip=f"10.8.0.{i}")
            clock.shift(lock)  # the lock expires ...
            for i in range(2):
                post_login(self.client, "gudong", "wrong-Password-1", ip=f"10.8.1.{i}")
            # ... but 7 failures within the window: refused, though the password is right.
            response = post_login(self.client, "gudong", PASSWORD, ip="10.8.2.1")
            self.assertEqual(response.status_code, 200)
            self.assertEqual(events("auth.throttled")[-1].detail, {"scope": "account"})
            clock.shift(dt.timedelta(seconds=settings.DUBAN_LOGIN_ACCOUNT_WINDOW_SECONDS))
            self.assertEqual(post_login(self.client, "gudong", PASSWORD).status_code, 302)

    def test_a2_a_throttled_attempt_looks_like_any_failure(self) -> None:
        for i in range(6):
            post_login(self.client, f"nobody{i}", "wrong-Password-1", ip="10.9.9.9")
        throttled = post_login(self.client, "gudong", PASSWORD, ip="10.9.9.9")
        wrong = post_login(self.client_class(), "guxi", "wrong-Password-1", ip="10.1.1.1")
        from tests.security.support import without_csrf

        self.assertEqual(without_csrf(throttled.content), without_csrf(wrong.content))
