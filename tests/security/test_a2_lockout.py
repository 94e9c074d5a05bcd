"""A2: per-account lockout after N failures for T minutes, across client addresses; unknown
user and wrong password look the same; every failure and the lockout are audited."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.conf import settings
from django.urls import reverse

from tests.security.support import events, post_login, without_csrf
from tests.support.factories import PASSWORD, Personas

START = dt.datetime(2021, 9, 10, 9, 0, tzinfo=dt.UTC)


class LockoutTests(Personas):
    def test_a2_the_account_locks_after_n_failures_from_different_addresses(self) -> None:
        n = settings.DUBAN_LOCKOUT_THRESHOLD
        with time_machine.travel(START, tick=False) as clock:
            for i in range(n):
                post_login(self.client, "gudong", "wrong-Password-1", ip=f"10.1.0.{i + 1}")
            response = post_login(self.client, "gudong", PASSWORD, ip="10.9.9.9")
            self.assertEqual(response.status_code, 200)
            self.assertFalse(response.wsgi_request.user.is_authenticated)
            self.assertEqual(len(events("auth.locked")), 1)
            self.assertEqual(len(events("auth.login_failed")), n + 1)
            self.assertEqual(
                {e.ip for e in events("auth.login_failed")[:n]},
                {f"10.1.0.{i + 1}" for i in range(n)},
            )
            clock.shift(dt.timedelta(minutes=settings.DUBAN_LOCKOUT_MINUTES - 1))
            response = post_login(self.client, "gudong", PASSWORD)
            self.assertEqual(response.status_code, 200)
            clock.shift(dt.timedelta(minutes=2))
            response = post_login(self.client, "gudong", PASSWORD)
            self.assertEqual(response.status_code, 302)

    def test_a2_fewer_failures_than_the_threshold_do_not_lock(self) -> None:
        for _ in range(settings.DUBAN_LOCKOUT_THRESHOLD - 1):
            post_login(self.client, "gudong", "wrong-Password-1")
        self.assertEqual(post_login(self.client, "gudong", PASSWORD).status_code, 302)
        self.assertEqual(events("auth.locked"), [])

    def test_a2_a_success_resets_the_count(self) -> None:
        for _ in range(settings.DUBAN_LOCKOUT_THRESHOLD - 1):
            post_login(self.client, "gudong", "wrong-Password-1")
        post_login(self.client, "gudong", PASSWORD)
        self.client.post(reverse("accounts:logout"))
        for _ in range(settings.DUBAN_LOCKOUT_THRESHOLD - 1):
            post_login(self.client, "gudong", "wrong-Password-1")
        self.assertEqual(post_login(self.client, "gudong", PASSWORD).status_code, 302)

    def test_a2_unknown_user_and_wrong_password_answer_identically(self) -> None:
        unknown = post_login(self.client, "nobody-here", "wrong-Password-1")
        wrong = post_login(self.client, "gudong", "wrong-Password-1")
        self.assertEqual(unknown.status_code, wrong.status_code)
        self.assertEqual(without_csrf(unknown.content), without_csrf(wrong.content))

    def test_a2_a_locked_account_answers_like_a_wrong_password(self) -> None:
        for _ in range(settings.DUBAN_LOCKOUT_THRESHOLD):
            post_login(self.client, "gudong", "wrong-Password-1")
        locked = post_login(self.client, "gudong", PASSWORD)
        wrong = post_login(self.client, "guxi", "wrong-Password-1")
        self.assertEqual(without_csrf(locked.content), without_csrf(wrong.content))

    def test_a2_each_failure_is_audited_with_the_typed_username(self) -> None:
        post_login(self.client, "nobody-here", "wrong-Password-1", ip="10.2.2.2")
        post_login(self.client, "GuDong", "wrong-Password-1", ip="10.3.3.3")
        rows = events("auth.login_failed")
        self.assertEqual([r.actor_username for r in rows], ["nobody-here", "gudong"])
        self.assertEqual([r.ip for r in rows], ["10.2.2.2", "10.3.3.3"])
        self.assertEqual(rows[1].object_id, str(self.reporter.pk))
