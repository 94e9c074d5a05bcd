"""C3 (issue #14): the audit chain survives an insider with SQL.

The finding: deleting the tail and fixing the chain head, emptying the trail, or rewriting a
row and recomputing every later hash with plain SQL all passed `duban verify-audit`. Signed
checkpoints (Ed25519, key outside the database) anchor the chain; `verify-audit --checkpoint`
fails on each of those. On PostgreSQL the application role does not own the audit table, so
it cannot TRUNCATE it or switch its trigger off.

Interface: `duban audit-checkpoint --out FILE` writes a signed checkpoint of the trail as it
stands; `duban verify-audit --checkpoint FILE` (repeatable) exits non-zero when the trail does
not extend every given checkpoint.
"""

from __future__ import annotations

import json
import uuid
from io import StringIO
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from duban.audit.checkpoints import private_pem, public_text
from duban.audit.models import AuditEvent, ChainHead, canonical_json, chain_hash
from duban.audit.pgroles import current_grants
from duban.audit.services import GENESIS, record, verify_chain
from tests.support.factories import Personas

KEY = Ed25519PrivateKey.generate()
SIGNING = {"DUBAN_AUDIT_SIGNING_KEY": private_pem(KEY).decode()}
VERIFY_ONLY = {
    "DUBAN_AUDIT_SIGNING_KEY": "",
    "DUBAN_AUDIT_VERIFY_KEY": public_text(KEY.public_key()),
}


def _sql(statement: str, params: list[object] | None = None) -> None:
    """Plain SQL as an insider would type it (the PostgreSQL trigger switched off by the
    owner, as the role split below prevents for the application)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_append_only")
        cursor.execute(statement, params or [])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_append_only")


class CheckpointTests(Personas):
    def setUp(self) -> None:
        self.folder = Path(self.enterContext(__import__("tempfile").TemporaryDirectory()))
        for i in range(6):
            record("user.updated", actor=self.sysadmin, obj=self.reporter, after={"i": i})

    def checkpoint(self, name: str = "cp.json") -> Path:
        out = self.folder / name
        with override_settings(**SIGNING):
            call_command("audit_checkpoint", out=str(out), stdout=StringIO())
        return out

    def verify(self, *files: Path) -> None:
        with override_settings(**VERIFY_ONLY):
            call_command("verify_audit", checkpoint=[str(f) for f in files], stdout=StringIO())

    def test_c3_a_checkpoint_is_signed_printed_recorded_and_verified_with_the_public_key(
        self,
    ) -> None:
        out = self.checkpoint()
        data = json.loads(out.read_text("utf-8"))
        last = AuditEvent.objects.filter(event="user.updated").order_by("-id").first()
        self.assertEqual((data["last_id"], data["head_hash"]), (last.pk, last.hash))
        self.assertTrue(AuditEvent.objects.filter(event="audit.checkpoint").exists())
        record("user.updated", actor=self.sysadmin, obj=self.reporter, after={"later": 1})
        self.verify(out, self.checkpoint("cp2.json"))  # the trail extends both

    def test_c3_deleting_the_tail_and_fixing_the_head_fails_against_a_checkpoint(self) -> None:
        out = self.checkpoint()
        rows = list(AuditEvent.objects.order_by("id"))
        keep = rows[2]
        _sql("DELETE FROM audit_auditevent WHERE id > %s", [keep.pk])
        ChainHead.objects.filter(pk=1).update(last_hash=keep.hash, last_id=keep.pk)
        self.assertTrue(verify_chain().ok)  # the careless check is fooled ...
        with self.assertRaisesMessage(CommandError, "截断"):  # ... the checkpoint is not
            self.verify(out)

    def test_c3_emptying_the_trail_fails_against_a_checkpoint(self) -> None:
        out = self.checkpoint()
        _sql("DELETE FROM audit_auditevent")
        ChainHead.objects.filter(pk=1).update(last_hash=GENESIS, last_id=0)
        self.assertTrue(verify_chain().ok)
        with self.assertRaisesMessage(CommandError, "清空"):
            self.verify(out)

    def test_c3_a_rewrite_with_every_later_hash_recomputed_fails_against_a_checkpoint(
        self,
    ) -> None:
        out = self.checkpoint()
        rows = list(AuditEvent.objects.order_by("id"))
        _sql("UPDATE audit_auditevent SET actor_username = 'someone' WHERE id = %s", [rows[1].pk])
        prev = rows[0].hash
        for row in AuditEvent.objects.filter(id__gte=rows[1].pk).order_by("id"):
            values = {**row.__dict__, "prev_hash": prev}
            new = chain_hash(prev, canonical_json(values))
            _sql("UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
                 [prev, new, row.pk])  # fmt: skip
            prev = new
        ChainHead.objects.filter(pk=1).update(last_hash=prev)
        self.assertTrue(verify_chain().ok)
        with self.assertRaisesMessage(CommandError, "改写"):
            self.verify(out)

    def test_c3_a_forged_checkpoint_is_refused(self) -> None:
        out = self.checkpoint()
        data = json.loads(out.read_text("utf-8"))
        data["last_id"] -= 1
        out.write_text(json.dumps(data), "utf-8")
        with self.assertRaisesMessage(CommandError, "签名无效"):
            self.verify(out)

    def test_c3_checkpoints_need_a_key_the_database_does_not_hold(self) -> None:
        with override_settings(DUBAN_AUDIT_SIGNING_KEY="", DUBAN_AUDIT_SIGNING_KEY_FILE=""), \
                self.assertRaisesMessage(CommandError, "签名密钥"):  # fmt: skip
            call_command("audit_checkpoint", stdout=StringIO())
        dump = " ".join(str(e.detail) for e in AuditEvent.objects.all())
        self.assertNotIn(SIGNING["DUBAN_AUDIT_SIGNING_KEY"].splitlines()[1], dump)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the role split is PostgreSQL's (SQLite has no roles: there the checkpoints alone "
    "detect tampering)",
)
class RoleSplitTests(Personas):
    def test_c3_the_application_role_cannot_truncate_the_trail_or_switch_its_trigger_off(
        self,
    ) -> None:
        record("user.updated", actor=self.sysadmin, obj=self.reporter, after={"i": 1})
        role = f"duban_app_{uuid.uuid4().hex[:8]}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
            for statement in current_grants(cursor, role):
                cursor.execute(statement)
            cursor.execute(f'SET ROLE "{role}"')
            try:
                # What the application does still works: append to the trail, read it.
                record("user.updated", actor=self.sysadmin, obj=self.reporter, after={"i": 2})
                self.assertTrue(verify_chain().ok)
                for statement in (
                    "TRUNCATE audit_auditevent",
                    "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_append_only",
                    "DROP TRIGGER audit_append_only ON audit_auditevent",
                    "DELETE FROM audit_auditevent",
                    "UPDATE audit_auditevent SET event = 'x'",
                ):
                    with self.assertRaises(DatabaseError, msg=statement), transaction.atomic():
                        cursor.execute(statement)
            finally:
                cursor.execute("RESET ROLE")
        self.assertEqual(AuditEvent.objects.filter(event="user.updated").count(), 2)
        self.assertTrue(verify_chain().ok)
