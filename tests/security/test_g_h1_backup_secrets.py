"""G1, G2, H1 (issue #14): backups hand out no live session and nothing readable.

The finding: `duban backup` copied the session table unencrypted into world-readable files
(0644); replaying a key from a backup opened the audit admin's TOTP-protected session; a
restore checked row counts only. Now: sessions (bearer secrets) are left out, everything is
encrypted with a key kept outside the database and the backup, written 0600 in 0700
directories, and a restore checks an authenticated manifest and every table's content hash.

Interface other checks rely on: `duban backup --output DIR` writes nothing readable by other
users, and no file under DIR contains the text of any live session key.
"""

from __future__ import annotations

import json
import stat
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, override_settings

from duban.audit.models import AuditEvent
from duban.core.roles import Role
from duban.ops import crypto
from duban.ops.services import sha256_file
from tests.support.factories import make_project, make_unit, make_user

pytestmark = pytest.mark.django_db(transaction=True)
MARKER = "鼓东独有项目名称XYZ"


@pytest.fixture
def live(tmp_path: Path) -> Path:
    """A live system: data, an uploaded file and three signed-in sessions."""
    media = tmp_path / "uploads"
    (media / "evidence").mkdir(parents=True)
    (media / "evidence" / "abc.pdf").write_bytes(b"%PDF-1.4 " + MARKER.encode())
    unit = make_unit()
    make_project(unit=unit, name=MARKER)
    for role in (Role.REPORTER, Role.SUPERVISOR, Role.AUDITADMIN):
        Client().force_login(make_user(role, unit if role == Role.REPORTER else None))
    assert Session.objects.count() == 3
    return media


def _backup(output: Path, media: Path) -> Path:
    with override_settings(MEDIA_ROOT=media):
        out = StringIO()
        call_command("backup", output=str(output), stdout=out)
    return Path(out.getvalue().split("：", 1)[1].strip())


def _everything_under(root: Path) -> list[Path]:
    return [root, *sorted(root.rglob("*"))]


def test_g1_no_file_of_a_backup_holds_a_live_session_key(tmp_path: Path, live: Path) -> None:
    keys = list(Session.objects.values_list("session_key", flat=True))
    output = tmp_path / "backups"
    _backup(output, live)
    for path in _everything_under(output):
        if path.is_file():
            data = path.read_bytes()
            for key in keys:
                assert key.encode() not in data, path


def test_g1_nothing_the_backup_writes_is_readable_by_other_users(
    tmp_path: Path, live: Path
) -> None:
    output = tmp_path / "backups"
    dest = _backup(output, live)
    for path in _everything_under(output):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path}: {oct(mode)}"
        assert mode == (0o700 if path.is_dir() else 0o600), f"{path}: {oct(mode)}"
    assert dest.parent == output


def test_g1_the_backup_is_encrypted_and_the_restore_leaves_sessions_out(
    tmp_path: Path, live: Path
) -> None:
    dest = _backup(tmp_path / "backups", live)
    for path in dest.rglob("*"):
        if path.is_file() and path.name != "manifest.json":
            assert MARKER.encode() not in path.read_bytes(), path
    manifest = json.loads((dest / "manifest.json").read_text("utf-8"))
    assert manifest["excluded_tables"] == ["django_session"]
    assert manifest["tables"]["django_session"]["rows"] == 0
    if connection.vendor != "sqlite":
        return
    target = tmp_path / "restored"
    call_command("restore", str(dest), target=str(target), stdout=StringIO())
    import sqlite3

    with sqlite3.connect(target / "db.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM django_session").fetchone() == (0,)
        names = [r[0] for r in db.execute("SELECT name FROM projects_project")]
    assert MARKER in names
    assert MARKER.encode() in (target / "uploads" / "evidence" / "abc.pdf").read_bytes()


def test_g2_restoring_needs_the_key_kept_outside_the_backup(tmp_path: Path, live: Path) -> None:
    dest = _backup(tmp_path / "backups", live)
    with override_settings(DUBAN_BACKUP_KEY=crypto.new_key()), pytest.raises(CommandError):
        call_command("restore", str(dest), target=str(tmp_path / "r"), stdout=StringIO())
    assert not (tmp_path / "r").exists()


def test_g2_a_forged_backup_with_a_recomputed_manifest_is_refused(
    tmp_path: Path, live: Path
) -> None:
    dest = _backup(tmp_path / "backups", live)
    db_file = next(p for p in dest.iterdir() if p.name.startswith("db."))
    # The forger swaps in a database of their own and recomputes every hash they can.
    db_file.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
    manifest = json.loads((dest / "manifest.json").read_text("utf-8"))
    manifest["files"][db_file.name] = {
        "sha256": sha256_file(db_file),
        "size": db_file.stat().st_size,
    }
    (dest / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    target = tmp_path / "restored"
    with pytest.raises(CommandError, match="校验码不符"):
        call_command("restore", str(dest), target=str(target), stdout=StringIO())
    assert not target.exists()
    # An old-style plain backup (no MAC at all) is refused the same way.
    manifest.pop("mac")
    manifest["format"] = 1
    (dest / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(CommandError):
        call_command("restore", str(dest), target=str(target), stdout=StringIO())
    assert AuditEvent.objects.filter(event="backup.restore_refused").count() == 2


@pytest.mark.skipif(connection.vendor != "sqlite", reason="rewrites the SQLite image")
def test_g2_the_restore_compares_each_tables_content_not_only_its_row_count(
    tmp_path: Path, live: Path
) -> None:
    import sqlite3

    dest = _backup(tmp_path / "backups", live)
    key = crypto.configured_keys()[0]
    # Someone holding the key alters one name (same row count) but not the manifest.
    plain = tmp_path / "plain.sqlite3"
    with (dest / "db.sqlite3.enc").open("rb") as handle:
        plain.write_bytes(b"".join(crypto.decrypt_stream(handle, name="db.sqlite3", key=key)))
    with sqlite3.connect(plain) as db:
        db.execute("UPDATE projects_project SET name = 'altered'")
    (dest / "db.sqlite3.enc").unlink()
    with (dest / "db.sqlite3.enc").open("wb") as out:
        crypto.encrypt_stream([plain.read_bytes()], out, name="db.sqlite3", key=key)
    manifest = json.loads((dest / "manifest.json").read_text("utf-8"))
    manifest["files"]["db.sqlite3.enc"]["sha256"] = sha256_file(dest / "db.sqlite3.enc")
    (dest / "manifest.json").write_text(json.dumps(crypto.sign_manifest(manifest, key)), "utf-8")
    out = StringIO()
    with pytest.raises(CommandError, match="内容哈希"):
        call_command("restore", str(dest), target=str(tmp_path / "r"), stdout=out)
    assert "projects_project" in out.getvalue()
    drill = AuditEvent.objects.get(event="backup.restored")
    assert drill.detail["table_differences"] == 1
