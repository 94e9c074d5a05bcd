"""G1: `duban backup` while live, with uploaded files and a manifest. G2: `duban restore` into
a fresh place, verified against the manifest; a corrupted backup is refused before anything is
written; the drill is recorded."""

from __future__ import annotations

import json
import os
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from duban.audit.models import AuditEvent
from duban.ops.services import restore_backup
from tests.support.factories import SYSTEM, make_project, make_unit, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live_data(tmp_path: Path) -> Path:
    media = tmp_path / "uploads"
    (media / "evidence" / "2021").mkdir(parents=True)
    (media / "evidence" / "2021" / "现场照片.jpg").write_bytes(b"\xff\xd8jpeg" * 100)
    unit = make_unit()
    make_user(unit=unit)
    for _ in range(3):
        make_project(unit=unit)
    return media


def _backup(tmp_path: Path, media: Path) -> Path:
    with override_settings(MEDIA_ROOT=media):
        out = StringIO()
        call_command("backup", output=str(tmp_path / "backups"), stdout=out)
    return Path(out.getvalue().split("：", 1)[1].strip())


def test_g1_the_backup_holds_the_database_the_files_and_a_manifest(
    tmp_path: Path, live_data: Path
) -> None:
    dest = _backup(tmp_path, live_data)
    manifest = json.loads((dest / "manifest.json").read_text("utf-8"))
    assert manifest["engine"] == connection.vendor
    assert manifest["tables"]["projects_project"]["rows"] == 3
    assert manifest["migration_head"]["audit"] >= "0002_append_only_trigger"
    assert "media/evidence/2021/现场照片.jpg.enc" in manifest["files"]
    assert manifest["created_at"]
    assert AuditEvent.objects.filter(event="backup.created").count() == 1
    if connection.vendor == "sqlite":
        assert sorted(p.name for p in dest.iterdir()) == [
            "db.sqlite3.enc",
            "manifest.json",
            "media",
        ]
        # Restored, the database is a self-contained file: opening it must not create
        # companions (-wal/-shm) the restore did not verify.
        import sqlite3

        call_command("restore", str(dest), target=str(tmp_path / "r"), stdout=StringIO())
        with sqlite3.connect(tmp_path / "r" / "db.sqlite3") as db:
            assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite drill; PostgreSQL below")
def test_g2_the_restore_drill_reproduces_every_table_and_is_recorded(
    tmp_path: Path, live_data: Path
) -> None:
    dest = _backup(tmp_path, live_data)
    make_project(unit=make_unit())  # the live system moves on after the backup
    target = tmp_path / "restored"
    out = StringIO()
    call_command("restore", str(dest), target=str(target), stdout=out)
    assert "行数或内容不一致的表 0 张" in out.getvalue()
    assert (
        (target / "uploads" / "evidence" / "2021" / "现场照片.jpg")
        .read_bytes()
        .startswith(b"\xff\xd8")
    )
    drill = AuditEvent.objects.get(event="backup.restored")
    assert drill.detail["table_differences"] == 0
    assert drill.detail["seconds"] >= 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump/pg_restore drill")
def test_g2_the_postgresql_drill_restores_into_a_fresh_database(
    tmp_path: Path, live_data: Path
) -> None:
    import psycopg

    settings_db = connection.settings_dict
    name = f"duban_restore_{uuid.uuid4().hex[:8]}"
    host = settings_db["HOST"] or "127.0.0.1"
    base = f"postgresql://{settings_db['USER']}@{host}:{settings_db['PORT'] or 5432}"
    with psycopg.connect(base + "/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        dest = _backup(tmp_path, live_data)
        result = restore_backup(dest, f"{base}/{name}", actor=SYSTEM)
        assert result.differences == {}
    finally:
        with psycopg.connect(base + "/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.parametrize("damage", ["flip_db", "flip_file", "drop_file", "add_file", "manifest"])
def test_g2_a_corrupted_backup_is_refused_before_anything_is_written(
    tmp_path: Path, live_data: Path, damage: str
) -> None:
    dest = _backup(tmp_path, live_data)
    db_file = next(p for p in dest.iterdir() if p.name.startswith("db."))
    photo = dest / "media" / "evidence" / "2021" / "现场照片.jpg.enc"
    if damage == "flip_db":
        data = bytearray(db_file.read_bytes())
        data[len(data) // 2] ^= 0xFF
        db_file.write_bytes(bytes(data))
    elif damage == "flip_file":
        photo.write_bytes(b"tampered")
    elif damage == "drop_file":
        os.remove(photo)
    elif damage == "add_file":
        (dest / "media" / "extra.exe").write_bytes(b"MZ")
    else:
        (dest / "manifest.json").write_text("{not json", "utf-8")
    target = tmp_path / "restored"
    with pytest.raises(CommandError):
        call_command("restore", str(dest), target=str(target), stdout=StringIO())
    assert not target.exists()
    assert AuditEvent.objects.filter(event="backup.restore_refused").count() == 1


def test_g2_restore_refuses_a_target_that_is_not_empty(tmp_path: Path, live_data: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite target directory")
    dest = _backup(tmp_path, live_data)
    target = tmp_path / "occupied"
    target.mkdir()
    (target / "keep.txt").write_text("x")
    with pytest.raises(CommandError):
        call_command("restore", str(dest), target=str(target), stdout=StringIO())
    assert sorted(p.name for p in target.iterdir()) == ["keep.txt"]
