"""Backup and verified restore (SECURITY.md G1, G2).

A backup is a directory: the database (`db.sqlite3` made with SQLite's online backup API, or
`db.dump` from pg_dump with an exported snapshot), `media/` (uploaded files), and
`manifest.json` with the sha256 of every file, the row count of every table taken from the
same snapshot, the migration head of every app and the creation time. A restore checks every
hash and the file list before it writes anything, and after writing counts the rows again:
the drill's result (duration, tables that differ) is an audit row.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from duban.accounts.actors import Actor
from duban.audit.models import Outcome
from duban.audit.services import record

MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    """A backup could not be made or is not safe to restore; nothing was overwritten."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        names = [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        # Table names come from the catalogue, not from input; quoted all the same.
        return {
            n: db.execute(f"SELECT COUNT(*) FROM {_quote(n)}").fetchone()[0]  # noqa: S608  # nosec B608
            for n in sorted(names)
        }


def _migration_head() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        head: dict[str, str] = {}
        for app, name in cursor.fetchall():
            head[app] = max(head.get(app, ""), name)
    return head


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for value, var in (
        (db.get("HOST"), "PGHOST"),
        (db.get("PORT"), "PGPORT"),
        (db.get("USER"), "PGUSER"),
    ):
        if value:
            env[var] = str(value)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_backup(dest: Path) -> dict[str, int]:
    """pg_dump and the row counts from one exported snapshot, so they describe the same data."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError("未找到 pg_dump：请安装 PostgreSQL 客户端（postgresql-client）后重试")
    counts: dict[str, int] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        # A fixed argument list with the resolved path of pg_dump; no shell.
        result = subprocess.run(  # noqa: S603  # nosec B603
            [
                pg_dump,
                "--format=custom",
                f"--snapshot={snapshot}",
                "--no-owner",
                f"--file={dest / 'db.dump'}",
                str(settings.DATABASES["default"]["NAME"]),
            ],
            env=_pg_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump 失败：{result.stderr.strip()[:500]}")
        for name in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608  # nosec B608
            counts[name] = cursor.fetchone()[0]
    return counts


def create_backup(output: Path, *, actor: Actor) -> Path:
    """Back up the live system into a new directory under `output`; returns that directory."""
    started = time.monotonic()
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    dest = Path(output) / f"duban-{stamp}"
    suffix = 1
    while dest.exists():
        suffix += 1
        dest = Path(output) / f"duban-{stamp}-{suffix}"
    dest.mkdir(parents=True)
    engine = connection.vendor
    if engine == "sqlite":
        target = dest / "db.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(str(target))
        # The online backup API on Django's own connection: consistent while others write.
        connection.connection.backup(copy)
        # A self-contained file: no -wal/-shm companions appearing when it is opened later.
        copy.execute("PRAGMA journal_mode=DELETE")
        copy.close()
        counts = _sqlite_counts(target)
    elif engine == "postgresql":
        counts = _pg_backup(dest)
    else:  # pragma: no cover
        raise BackupError(f"不支持的数据库：{engine}")
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists():
        shutil.copytree(media_root, dest / "media", symlinks=False)
    else:
        (dest / "media").mkdir()
    files = {
        str(p.relative_to(dest)): {"sha256": sha256_file(p), "size": p.stat().st_size}
        for p in sorted(dest.rglob("*"))
        if p.is_file()
    }
    manifest = {
        "format": FORMAT,
        "engine": engine,
        "created_at": timezone.now().isoformat(),
        "migration_head": _migration_head(),
        "tables": counts,
        "files": files,
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
    with transaction.atomic():
        record(
            "backup.created",
            actor=actor,
            object_type="backup",
            object_repr=dest.name,
            detail={
                "path": str(dest),
                "files": len(files),
                "rows": sum(counts.values()),
                "seconds": round(time.monotonic() - started, 3),
                "manifest_sha256": sha256_file(dest / MANIFEST),
            },
        )
    return dest


@dataclass
class RestoreResult:
    target: str
    seconds: float
    tables: int
    differences: dict[str, tuple[int, int | None]] = field(default_factory=dict)


def verify_backup(backup: Path) -> dict[str, Any]:
    """Every listed file present with its hash, nothing unlisted; else BackupError."""
    backup = Path(backup)
    manifest_path = backup / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{backup}：缺少 {MANIFEST}，不是 duban 备份")
    try:
        manifest: dict[str, Any] = json.loads(manifest_path.read_text("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{MANIFEST} 无法解析：{exc}") from exc
    listed = manifest.get("files", {})
    present = {
        str(p.relative_to(backup)) for p in backup.rglob("*") if p.is_file() and p.name != MANIFEST
    }
    problems = [f"缺少文件 {n}" for n in sorted(set(listed) - present)]
    problems += [f"多出未登记的文件 {n}" for n in sorted(present - set(listed))]
    for name in sorted(set(listed) & present):
        if sha256_file(backup / name) != listed[name]["sha256"]:
            problems.append(f"文件 {name} 的 sha256 与清单不符（已损坏或被修改）")
    if problems:
        raise BackupError("备份校验失败，未恢复任何内容：" + "；".join(problems))
    return manifest


def restore_backup(backup: Path, target: str, *, actor: Actor) -> RestoreResult:
    """Restore into a fresh place (an empty directory for SQLite, an empty database URL for
    PostgreSQL) after verifying the backup; then compare row counts with the manifest."""
    started = time.monotonic()
    backup = Path(backup)
    try:
        manifest = verify_backup(backup)
    except BackupError as exc:
        with transaction.atomic():
            record(
                "backup.restore_refused",
                actor=actor,
                object_type="backup",
                object_repr=backup.name,
                outcome=Outcome.FAILURE,
                detail={"reason": str(exc)[:1000]},
            )
        raise
    expected: dict[str, int] = manifest["tables"]
    if manifest["engine"] == "sqlite":
        dest = Path(target)
        if dest.exists() and any(dest.iterdir()):
            raise BackupError(f"目标目录 {dest} 不为空：恢复只写入新的位置")
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copy2(backup / "db.sqlite3", dest / "db.sqlite3")
        shutil.copytree(backup / "media", dest / "uploads")
        actual: dict[str, int] = _sqlite_counts(dest / "db.sqlite3")
    else:
        actual = _pg_restore(backup / "db.dump", target)
    differences = {
        name: (count, actual.get(name))
        for name, count in expected.items()
        if actual.get(name) != count
    }
    result = RestoreResult(
        target=str(target) if manifest["engine"] == "sqlite" else "postgresql",
        seconds=round(time.monotonic() - started, 3),
        tables=len(expected),
        differences=differences,
    )
    with transaction.atomic():
        record(
            "backup.restored",
            actor=actor,
            object_type="backup",
            object_repr=backup.name,
            outcome=Outcome.SUCCESS if not differences else Outcome.FAILURE,
            detail={
                "target": result.target,
                "seconds": result.seconds,
                "tables": result.tables,
                "table_differences": len(differences),
            },
        )
    return result


def _pg_restore(dump: Path, url: str) -> dict[str, int]:
    pg_restore = shutil.which("pg_restore")
    if pg_restore is None:
        raise BackupError("未找到 pg_restore：请安装 PostgreSQL 客户端后重试")
    # deferred: the PostgreSQL driver is loaded only for a PostgreSQL restore.
    import psycopg

    with psycopg.connect(url) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema='public'"
        ).fetchone()
        if tables and tables[0]:
            raise BackupError("目标数据库不为空：恢复只写入新的数据库")
    # A fixed argument list with the resolved path of pg_restore; no shell.
    result = subprocess.run(  # noqa: S603  # nosec B603
        [pg_restore, "--no-owner", f"--dbname={url}", str(dump)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore 失败：{result.stderr.strip()[:500]}")
    counts: dict[str, int] = {}
    with psycopg.connect(url) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema='public'"
            )
        ]
        for name in sorted(names):
            row = conn.execute(f"SELECT COUNT(*) FROM {_quote(name)}").fetchone()  # noqa: S608  # nosec B608
            counts[name] = row[0] if row else 0
    return counts
