"""C2–C6: the content of each audit row, append-only with a verifiable chain, retention of at
least 180 days, written in the same transaction as the change, and no secrets in it."""

from __future__ import annotations

import datetime as dt
import itertools
import logging

import pytest
import time_machine
from django.core import checks
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from duban.audit.models import AppendOnlyError, AuditEvent
from duban.audit.retention import purge_expired
from duban.audit.services import record, verify_chain
from duban.core.actors import SystemActor
from duban.core.logging import RequestContextFilter
from duban.projects import services as projects
from tests.security.support import events, form_data, full_login, post_login
from tests.support.factories import PASSWORD, Personas, make_project


class ContentTests(Personas):
    def test_c2_a_row_carries_time_actor_role_ip_event_object_outcome_and_request_id(
        self,
    ) -> None:
        project = make_project(unit=self.street, name="鼓东项目")
        self.client.force_login(self.reporter)
        url = reverse("projects:edit", args=[project.pk])
        data = form_data(self.client, url, name="鼓东项目（改）")
        response = self.client.post(url, data, REMOTE_ADDR="10.8.8.8")
        self.assertEqual(response.status_code, 302)
        row = events("project.updated")[0]
        self.assertTrue(timezone.is_aware(row.occurred_at))
        self.assertEqual((row.actor_id, row.actor_username, row.actor_role),
                         (self.reporter.pk, "gudong", "reporter"))  # fmt: skip
        self.assertEqual(row.ip, "10.8.8.8")
        self.assertEqual(row.request_id, response["X-Request-ID"])
        self.assertEqual((row.object_type, row.object_id), ("projects.project", str(project.pk)))
        self.assertEqual(row.object_repr, str(project.__class__.objects.get(pk=project.pk)))
        self.assertEqual(row.outcome, "success")
        self.assertEqual(row.before["name"], "鼓东项目")
        self.assertEqual(row.after["name"], "鼓东项目（改）")


class AppendOnlyTests(Personas):
    def setUp(self) -> None:
        for i in range(5):
            record("user.updated", actor=self.sysadmin, obj=self.reporter, after={"i": i})

    def test_c3_the_orm_has_no_update_or_delete_path(self) -> None:
        row = AuditEvent.objects.first()
        with self.assertRaises(AppendOnlyError):
            AuditEvent.objects.filter(pk=row.pk).update(event="x")
        with self.assertRaises(AppendOnlyError):
            AuditEvent.objects.filter(pk=row.pk).delete()
        with self.assertRaises(AppendOnlyError):
            row.event = "x"
            row.save()
        with self.assertRaises(AppendOnlyError):
            row.delete()

    def test_c3_each_row_links_to_the_hash_of_the_previous_one(self) -> None:
        rows = list(AuditEvent.objects.order_by("id"))
        for prev, row in itertools.pairwise(rows):
            self.assertEqual(row.prev_hash, prev.hash)
            self.assertEqual(row.hash, row.compute_hash())
        self.assertTrue(verify_chain().ok)
        call_command("verify_audit", stdout=open("/dev/null", "w"))  # noqa: SIM115

    def _raw_update(self, pk: int, sql: str) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_append_only")
            cursor.execute(sql, [pk])

    def test_c3_verify_audit_names_the_first_row_altered_with_raw_sql(self) -> None:
        target = AuditEvent.objects.order_by("id")[2]
        self._raw_update(
            target.pk, "UPDATE audit_auditevent SET actor_username = 'someone' WHERE id = %s"
        )
        with self.assertRaises(CommandError) as caught:
            call_command("verify_audit")
        self.assertIn(f"id={target.pk}", str(caught.exception))
        self.assertEqual(caught.exception.returncode, 1)

    def test_c3_verify_audit_finds_a_deleted_row(self) -> None:
        rows = list(AuditEvent.objects.order_by("id"))
        self._raw_update(rows[2].pk, "DELETE FROM audit_auditevent WHERE id = %s")
        result = verify_chain()
        self.assertFalse(result.ok)
        self.assertEqual(result.first_bad_id, rows[3].pk)

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL trigger")
    def test_c3_postgresql_refuses_a_raw_update_or_a_recent_delete(self) -> None:
        pk = AuditEvent.objects.first().pk
        for sql in (
            "UPDATE audit_auditevent SET event = 'x' WHERE id = %s",
            "DELETE FROM audit_auditevent WHERE id = %s",
        ):
            with self.assertRaises(DatabaseError), transaction.atomic(), connection.cursor() as c:
                c.execute(sql, [pk])
        self.assertTrue(verify_chain().ok)


class RetentionTests(Personas):
    @override_settings(DUBAN_AUDIT_RETENTION_DAYS=179)
    def test_c4_a_retention_below_180_days_fails_the_system_check(self) -> None:
        errors = [e for e in checks.run_checks() if e.id == "duban.E001"]
        self.assertEqual(len(errors), 1)
        with self.assertRaises(SystemCheckError):
            call_command("check")

    def test_c4_the_configured_retention_passes(self) -> None:
        self.assertFalse([e for e in checks.run_checks() if e.id == "duban.E001"])

    def test_c4_purge_keeps_young_rows_and_a_verifiable_chain(self) -> None:
        old = timezone.now() - dt.timedelta(days=400)
        with time_machine.travel(old, tick=False):
            for i in range(3):
                record("user.updated", actor=self.sysadmin, obj=self.reporter, after={"i": i})
        with time_machine.travel(timezone.now() - dt.timedelta(days=179), tick=False):
            record("user.updated", actor=self.sysadmin, obj=self.reporter, after={"young": 1})
        result = purge_expired(actor=SystemActor("test"))
        self.assertEqual(result.deleted, 3)
        self.assertEqual(AuditEvent.objects.filter(after={"young": 1}).count(), 1)
        self.assertTrue(verify_chain().ok, verify_chain())
        self.assertEqual(len(events("audit.purged")), 1)
        self.assertEqual(purge_expired(actor=SystemActor("test")).deleted, 0)


class SameTransactionTests(Personas):
    def _break_the_audit_table(self) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(
                    "CREATE TRIGGER audit_down BEFORE INSERT ON audit_auditevent "
                    "BEGIN SELECT RAISE(ABORT, 'audit store unavailable'); END"
                )
            else:
                cursor.execute(
                    "CREATE FUNCTION audit_down() RETURNS trigger AS $$ BEGIN "
                    "RAISE EXCEPTION 'audit store unavailable'; END; $$ LANGUAGE plpgsql"
                )
                cursor.execute(
                    "CREATE TRIGGER audit_down BEFORE INSERT ON audit_auditevent "
                    "FOR EACH ROW EXECUTE FUNCTION audit_down()"
                )

    def test_c5_when_the_audit_row_cannot_be_written_the_change_does_not_happen(self) -> None:
        project = make_project(unit=self.street, name="鼓东项目")
        self._break_the_audit_table()
        with self.assertRaises(DatabaseError), transaction.atomic():
            projects.update_project(
                project, actor=self.reporter, expected_version=project.version,
                changes={"name": "未审计的修改"},
            )  # fmt: skip
        project.refresh_from_db()
        self.assertEqual((project.name, project.version), ("鼓东项目", 1))


class NoSecretsTests(Personas):
    def test_c6_no_password_otp_secret_or_session_id_reaches_the_audit_trail(self) -> None:
        post_login(self.client, "gudong", "Wrong-Secret-Pass-77")
        full_login(self.client, self.reporter)
        session_key = self.client.session.session_key
        full_login(self.client_class(), self.supervisor)
        self.supervisor.refresh_from_db()
        leaky = {"password": "Leak-Me-123", "otp_secret": "ABC", "phone": "1"}
        row = record("user.updated", obj=self.reporter, after=leaky)
        self.assertEqual(row.after["password"], "***")
        dump = " ".join(
            f"{e.before} {e.after} {e.detail} {e.object_repr} {e.actor_username}"
            for e in AuditEvent.objects.all()
        )
        for secret in ("Wrong-Secret-Pass-77", PASSWORD, session_key, self.supervisor.otp_secret,
                       "Leak-Me-123"):  # fmt: skip
            self.assertNotIn(secret, dump)

    def test_c6_a_newline_in_a_username_cannot_forge_an_audit_or_log_line(self) -> None:
        forged = "evil\n2021-09-10 INFO auth.login admin"
        post_login(self.client, forged, "x")
        self.assertNotIn("\n", events("auth.login_failed")[0].actor_username)
        logger = logging.getLogger("duban.test")
        record_ = logger.makeRecord("duban.test", logging.INFO, __file__, 1,
                                    "login failed for %s", (forged,), None)  # fmt: skip
        RequestContextFilter().filter(record_)
        self.assertNotIn("\n", record_.getMessage())
        record_ = logger.makeRecord("duban.test", logging.INFO, __file__, 1, forged, (), None)
        RequestContextFilter().filter(record_)
        self.assertNotIn("\n", record_.getMessage())
