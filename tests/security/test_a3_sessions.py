"""A3: idle and absolute session timeouts from settings, a new session key at login, logout
deletes the server session, secure cookie flags in production."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.security.support import events, full_login
from tests.support.factories import Personas

START = dt.datetime(2021, 9, 10, 9, 0, tzinfo=dt.UTC)
HOME = "/projects/"


class SessionTests(Personas):
    def test_a3_the_timeouts_are_set_explicitly_not_djangos_two_weeks(self) -> None:
        self.assertLessEqual(settings.DUBAN_SESSION_IDLE_SECONDS, 30 * 60)
        self.assertLessEqual(settings.DUBAN_SESSION_ABSOLUTE_SECONDS, 12 * 3600)
        # The server session outlives the idle timeout, so the middleware sees an idle session
        # come back, ends it and audits it (the store would otherwise drop it silently).
        self.assertEqual(settings.SESSION_COOKIE_AGE, settings.DUBAN_SESSION_ABSOLUTE_SECONDS)

    def test_a3_an_idle_session_ends_after_the_idle_timeout(self) -> None:
        with time_machine.travel(START, tick=False) as clock:
            full_login(self.client, self.reporter)
            key = self.client.session.session_key
            clock.shift(dt.timedelta(seconds=settings.DUBAN_SESSION_IDLE_SECONDS - 5))
            self.assertEqual(self.client.get(HOME).status_code, 200)  # activity slides it
            clock.shift(dt.timedelta(seconds=settings.DUBAN_SESSION_IDLE_SECONDS - 5))
            self.assertEqual(self.client.get(HOME).status_code, 200)
            clock.shift(dt.timedelta(seconds=settings.DUBAN_SESSION_IDLE_SECONDS + 1))
            response = self.client.get(HOME)
            self.assertEqual(response.status_code, 302)
            self.assertTrue(response["Location"].startswith(reverse("accounts:login")))
            # Dead on the server: deleted by the middleware or expired in the store.
            self.assertFalse(
                Session.objects.filter(session_key=key, expire_date__gt=timezone.now()).exists()
            )

    def test_a3_the_idle_clock_is_written_once_a_minute_not_on_every_page(self) -> None:
        """A page read within the minute writes nothing (no session UPDATE, no commit); the
        first one after it moves the idle clock."""
        resolution = settings.DUBAN_SESSION_SEEN_RESOLUTION_SECONDS
        with time_machine.travel(START, tick=False) as clock:
            full_login(self.client, self.reporter)
            self.client.get(HOME)
            for shift in (1, resolution - 2):
                clock.shift(dt.timedelta(seconds=shift))
                with CaptureQueriesContext(connection) as seen:
                    self.assertEqual(self.client.get(HOME).status_code, 200)
                writes = [q["sql"] for q in seen if "django_session" in q["sql"]]
                self.assertFalse([w for w in writes if not w.startswith("SELECT")], writes)
            clock.shift(dt.timedelta(seconds=2))
            with CaptureQueriesContext(connection) as seen:
                self.assertEqual(self.client.get(HOME).status_code, 200)
            self.assertTrue(
                [q for q in seen if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]]
            )

    def test_a3_an_unwritten_minute_never_lengthens_the_idle_timeout(self) -> None:
        """Requests inside the minute are not written, so the idle clock can only run early:
        idle for the whole timeout after the last written request, the session is over."""
        with time_machine.travel(START, tick=False) as clock:
            full_login(self.client, self.reporter)
            clock.shift(dt.timedelta(seconds=30))  # inside the minute: not written
            self.assertEqual(self.client.get(HOME).status_code, 200)
            clock.shift(dt.timedelta(seconds=settings.DUBAN_SESSION_IDLE_SECONDS - 29))
            self.assertEqual(self.client.get(HOME).status_code, 302)
            self.assertEqual(events("auth.session_expired")[0].detail, {"reason": "idle"})

    @override_settings(SESSION_COOKIE_AGE=14 * 24 * 3600)
    def test_a3_the_idle_timeout_holds_even_with_a_long_cookie_age(self) -> None:
        with time_machine.travel(START, tick=False) as clock:
            full_login(self.client, self.reporter)
            key = self.client.session.session_key
            clock.shift(dt.timedelta(seconds=settings.DUBAN_SESSION_IDLE_SECONDS + 1))
            self.assertEqual(self.client.get(HOME).status_code, 302)
            self.assertFalse(Session.objects.filter(session_key=key).exists())
            self.assertEqual(events("auth.session_expired")[0].detail, {"reason": "idle"})

    @override_settings(
        DUBAN_SESSION_IDLE_SECONDS=600,
        DUBAN_SESSION_ABSOLUTE_SECONDS=3600,
        SESSION_COOKIE_AGE=14 * 24 * 3600,
    )
    def test_a3_an_active_session_still_ends_at_the_absolute_timeout(self) -> None:
        with time_machine.travel(START, tick=False) as clock:
            full_login(self.client, self.reporter)
            for _ in range(6):
                clock.shift(dt.timedelta(seconds=590))
                self.assertEqual(self.client.get(HOME).status_code, 200)
            clock.shift(dt.timedelta(seconds=100))
            self.assertEqual(self.client.get(HOME).status_code, 302)
            self.assertEqual(events("auth.session_expired")[0].detail, {"reason": "absolute"})

    def test_a3_login_issues_a_new_session_key(self) -> None:
        session = self.client.session
        session["probe"] = 1
        session.save()
        before = session.session_key
        full_login(self.client, self.reporter)
        self.assertNotEqual(self.client.session.session_key, before)
        self.assertFalse(Session.objects.filter(session_key=before).exists())

    def test_a3_logout_deletes_the_server_session(self) -> None:
        full_login(self.client, self.reporter)
        key = self.client.session.session_key
        self.assertTrue(Session.objects.filter(session_key=key).exists())
        self.client.post(reverse("accounts:logout"))
        self.assertFalse(Session.objects.filter(session_key=key).exists())
        self.assertEqual(len(events("auth.logout")), 1)


def test_a3_production_cookies_are_secure_httponly_and_samesite() -> None:
    env = {
        **os.environ,
        "DUBAN_ENV": "production",
        "SECRET_KEY": "k" * 20 + "x9Q!" * 10,
        "DUBAN_FIELD_KEY": "A" * 43 + "=",
        "ALLOWED_HOSTS": "duban.example.gov.cn",
        "DJANGO_SETTINGS_MODULE": "duban.settings",
    }
    code = (
        "import json,django;django.setup();from django.conf import settings as s;"
        "print(json.dumps([s.SESSION_COOKIE_SECURE,s.SESSION_COOKIE_HTTPONLY,"
        "s.SESSION_COOKIE_SAMESITE,s.CSRF_COOKIE_SECURE,s.DEBUG]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [True, True, "Lax", True, False]
