"""B5: no default credentials; the first login forces a password change; accounts unused for
90 days are disabled by an idempotent, audited command."""

from __future__ import annotations

import datetime as dt
import os
import re
from io import StringIO
from unittest import mock

import time_machine
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from duban.accounts import demo
from duban.accounts.models import User
from duban.core.roles import Role
from tests.security.support import events, full_login
from tests.support.factories import Personas, make_user

NOW = dt.datetime(2021, 9, 10, 9, 0, tzinfo=dt.UTC)


class CredentialTests(Personas):
    def test_b5_create_admin_without_a_password_generates_a_strong_one(self) -> None:
        out = StringIO()
        call_command("create_admin", "root", role="secadmin", stdout=out)
        password = re.search(r"初始密码.*?：(\S+)", out.getvalue()).group(1)
        root = User.objects.get(username="root")
        validate_password(password, root)
        self.assertTrue(root.check_password(password))
        self.assertTrue(root.must_change_password)

    def test_b5_the_demo_has_no_fixed_password(self) -> None:
        with mock.patch.dict(os.environ, {"DUBAN_DEMO_PASSWORD": ""}):
            first, second = demo.demo_password(), demo.demo_password()
        self.assertNotEqual(first, second)
        validate_password(first)

    def test_b5_the_first_login_goes_to_the_password_page_and_nowhere_else(self) -> None:
        user = make_user(Role.REPORTER, self.street, username="xinren", must_change_password=True)
        full_login(self.client, user)
        response = self.client.get(reverse("projects:ledger"))
        self.assertRedirects(response, reverse("accounts:password_change"))
        self.assertEqual(self.client.get(reverse("accounts:password_change")).status_code, 200)
        self.client.post(
            reverse("accounts:password_change"),
            {
                "old_password": "Zx!duban-Test-2021",
                "new_password1": "Hq7#meeting-plan",
                "new_password2": "Hq7#meeting-plan",
            },
        )
        self.assertEqual(self.client.get(reverse("projects:ledger")).status_code, 200)
        self.assertEqual(len(events("auth.password_changed")), 1)

    def test_b5_dormant_accounts_are_disabled_once_and_audited(self) -> None:
        days = settings.DUBAN_DORMANT_DAYS
        User.objects.update(last_login=NOW - dt.timedelta(days=1))
        User.objects.filter(pk=self.reporter.pk).update(
            last_login=NOW - dt.timedelta(days=days + 1)
        )
        User.objects.filter(pk=self.other_reporter.pk).update(
            last_login=NOW - dt.timedelta(days=days - 1)
        )
        never = make_user(Role.REPORTER, self.street, username="never")
        User.objects.filter(pk=never.pk).update(
            last_login=None, date_joined=NOW - dt.timedelta(days=days + 5)
        )
        with time_machine.travel(NOW, tick=False):
            call_command("disable_dormant", stdout=StringIO())
            call_command("disable_dormant", stdout=StringIO())
        disabled = set(User.objects.filter(is_active=False).values_list("username", flat=True))
        self.assertEqual(disabled, {"gudong", "never"})
        self.assertEqual(
            sorted(e.object_repr.split("（")[0] for e in events("user.dormant_disabled")),
            sorted(User.objects.get(username=u).display_name for u in disabled),
        )
        self.assertTrue(timezone.is_aware(events("user.dormant_disabled")[0].occurred_at))
