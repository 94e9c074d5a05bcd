"""The authentication backend reads the signed-in user's unit with the user: every page shows
it in its header, and it cost a query of its own on every request."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.support.factories import Personas


class AccountBackendTests(Personas):
    def test_a_page_reads_the_users_unit_with_the_user(self) -> None:
        self.client.force_login(self.reporter)
        self.client.get(reverse("projects:ledger"))
        with CaptureQueriesContext(connection) as seen:
            page = self.client.get(reverse("projects:ledger")).content.decode()
        self.assertIn(self.reporter.unit.label, page)
        users = [q["sql"] for q in seen if 'FROM "accounts_user"' in q["sql"]]
        self.assertEqual(len(users), 1)
        self.assertIn('JOIN "orgs_unit"', users[0])
        units = [
            q["sql"]
            for q in seen
            if q["sql"].startswith('SELECT "orgs_unit"."id", "orgs_unit"."created_at"')
        ]
        self.assertEqual(units, [])

    def test_an_inactive_user_is_signed_out(self) -> None:
        self.client.force_login(self.reporter)
        type(self.reporter).objects.filter(pk=self.reporter.pk).update(is_active=False)
        response = self.client.get(reverse("projects:ledger"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])
