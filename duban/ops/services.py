"""Backup and verified restore (SECURITY.md G1, G2, H1).

A backup is a directory only its owner can open (0700, files 0600), holding encrypted files:
the database (`db.sqlite3.enc`, from SQLite's online backup API, or `db.dump.enc`, pg_dump of
an exported snapshot), `media/…enc` (uploaded files) and `manifest.json`: the sha256 of every
file, the row count and content hash of every table (taken in the same snapshot), the
migration head of every app, the creation time and the key id, MACed with a key derived from
the backup key. The key lives outside the database and the backup (`duban.ops.crypto`).

Sessions and any other bearer secret (`tables.BEARER_SECRET_TABLES`) are never in a backup:
their rows are left out before anything is written, so a backup cannot be replayed to sign in.

A restore refuses a manifest whose MAC does not hold (a forged backup with a recomputed
manifest), any missing, extra or altered file, and a non-empty target, before it writes
anything; after writing it compares every table's row count *and content hash* with the
manifest. The drill's result (duration, tables that differ) is an audit row.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from duban.accounts.actors import Actor
from duban.audit.models import Outcome
from duban.audit.services import record
from duban.ops import crypto, tables
from duban.ops.crypto import BackupKey, BackupKeyError

MANIFEST = "manifest.json"
FORMAT = 2
SUFFIX = ".enc"


class BackupError(Exception):
    """A backup could not be made or is not safe to restore; nothing was overwritten."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@contextlib.contextmanager
def _private_umask() -> Iterator[None]:
    """Everything created meanwhile (by us or by pg_dump) is readable by its owner only."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def _private_dir(path: Path) -> None:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)


def _migration_head() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        head: dict[str, str] = {}
        for app, name in cursor.fetchall():
            head[app] = max(head.get(app, ""), name)
    return head


def _encrypt_bytes(data: bytes, dest: Path, name: str, key: BackupKey) -> None:
    with crypto.private_file(dest / (name + SUFFIX)) as out:
        crypto.encrypt_stream(
            (data[i : i + crypto.CHUNK] for i in range(0, len(data), crypto.CHUNK)),
            out,
            name=name,
            key=key,
        )


def _sqlite_backup(dest: Path, key: BackupKey) -> dict[str, dict[str, Any]]:
    """Online backup into memory, bearer secrets deleted and the pages they were on rewritten
    (VACUUM), hashed, then encrypted: no plaintext copy ever touches the disk."""
    connection.ensure_connection()
    memory = sqlite3.connect(":memory:")
    try:
        # The online backup API on Django's own connection: consistent while others write.
        connection.connection.backup(memory)
        present = {r[0] for r in memory.execute("SELECT name FROM sqlite_master")}
        for name in tables.BEARER_SECRET_TABLES:
            if name in present:
                memory.execute(f"DELETE FROM {tables.quote(name)}")  # noqa: S608  # nosec B608
        memory.commit()
        memory.execute("VACUUM")
        digests = tables.sqlite_tables(memory)
        data = memory.serialize()
    finally:
        memory.close()
    _encrypt_bytes(data, dest, "db.sqlite3", key)
    return digests


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


def _pg_backup(dest: Path, key: BackupKey) -> dict[str, dict[str, Any]]:
    """pg_dump streamed straight into the encrypted file, and the tables' counts and hashes
    from the same exported snapshot, so they describe the same data."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError("未找到 pg_dump：请安装 PostgreSQL 客户端（postgresql-client）后重试")
    excluded = [f"--exclude-table-data={name}" for name in tables.BEARER_SECRET_TABLES]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        # A fixed argument list with the resolved path of pg_dump; no shell.
        process = subprocess.Popen(  # noqa: S603  # nosec B603
            [
                pg_dump,
                "--format=custom",
                f"--snapshot={snapshot}",
                "--no-owner",
                *excluded,
                str(settings.DATABASES["default"]["NAME"]),
            ],
            env=_pg_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None
        with crypto.private_file(dest / ("db.dump" + SUFFIX)) as out:
            crypto.encrypt_stream(crypto.read_chunks(process.stdout), out, name="db.dump", key=key)
        _, stderr = process.communicate()
        if process.returncode != 0:
            raise BackupError(f"pg_dump 失败：{stderr.decode(errors='replace').strip()[:500]}")
        return tables.pg_tables(cursor, skip=tables.BEARER_SECRET_TABLES)


def _backup_media(dest: Path, key: BackupKey) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    _private_dir(dest / "media")
    if not media_root.exists():
        return
    for path in sorted(media_root.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue  # a symlink could point anywhere; uploads are never symlinks
        relative = path.relative_to(media_root).as_posix()
        target = dest / "media" / (relative + SUFFIX)
        _private_dir(target.parent)
        with path.open("rb") as source, crypto.private_file(target) as out:
            crypto.encrypt_stream(
                crypto.read_chunks(source), out, name=f"media/{relative}", key=key
            )


def _refuse_key_inside(output: Path) -> None:
    """The key must never travel with the backups it opens."""
    key_path = crypto.key_file_path()
    if key_path is None:
        return
    for place in (output.resolve(), Path(settings.MEDIA_ROOT).resolve()):
        if key_path == place or place in key_path.parents:
            raise BackupError(f"备份密钥文件 {key_path} 位于 {place} 之内：请把密钥放在备份之外")


def create_backup(output: Path, *, actor: Actor) -> Path:
    """Back up the live system into a new private directory under `output`; returns it."""
    started = time.monotonic()
    output = Path(output)
    try:
        key = crypto.configured_keys()[0]
    except BackupKeyError as exc:
        raise BackupError(str(exc)) from exc
    _refuse_key_inside(output)
    if not output.exists():
        _private_dir(output)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    dest = output / f"duban-{stamp}"
    suffix = 1
    while dest.exists():
        suffix += 1
        dest = output / f"duban-{stamp}-{suffix}"
    engine = connection.vendor
    with _private_umask():
        dest.mkdir(mode=0o700)
        if engine == "sqlite":
            digests = _sqlite_backup(dest, key)
        elif engine == "postgresql":
            digests = _pg_backup(dest, key)
        else:  # pragma: no cover
            raise BackupError(f"不支持的数据库：{engine}")
        _backup_media(dest, key)
        files = {
            p.relative_to(dest).as_posix(): {"sha256": sha256_file(p), "size": p.stat().st_size}
            for p in sorted(dest.rglob("*"))
            if p.is_file()
        }
        manifest = crypto.sign_manifest(
            {
                "format": FORMAT,
                "engine": engine,
                "created_at": timezone.now().isoformat(),
                "migration_head": _migration_head(),
                "tables": digests,
                "excluded_tables": list(tables.BEARER_SECRET_TABLES),
                "encryption": "AES-256-GCM, chunked; manifest HMAC-SHA256",
                "files": files,
            },
            key,
        )
        with crypto.private_file(dest / MANIFEST) as out:
            out.write(json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
    with transaction.atomic():
        record(
            "backup.created",
            actor=actor,
            object_type="backup",
            object_repr=dest.name,
            detail={
                "path": str(dest),
                "files": len(files),
                "rows": sum(t["rows"] for t in digests.values()),
                "seconds": round(time.monotonic() - started, 3),
                "manifest_sha256": sha256_file(dest / MANIFEST),
                "key_id": key.key_id,
                "excluded_tables": list(tables.BEARER_SECRET_TABLES),
            },
        )
    return dest


@dataclass
class RestoreResult:
    target: str
    seconds: float
    tables: int
    differences: dict[str, tuple[Any, Any]] = field(default_factory=dict)


def verify_backup(backup: Path) -> tuple[dict[str, Any], BackupKey]:
    """An authentic manifest (its MAC holds under our key), every listed file present with
    its hash, nothing unlisted; else BackupError. Returns the manifest and its key."""
    backup = Path(backup)
    manifest_path = backup / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{backup}：缺少 {MANIFEST}，不是 duban 备份")
    try:
        manifest: dict[str, Any] = json.loads(manifest_path.read_text("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{MANIFEST} 无法解析：{exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST}：不是本版本的加密备份（format {FORMAT}），拒绝恢复")
    try:
        key = crypto.key_for(str(manifest.get("key_id", "")))
    except BackupKeyError as exc:
        raise BackupError(str(exc)) from exc
    if not crypto.manifest_is_authentic(manifest, key):
        raise BackupError(f"{MANIFEST} 的校验码不符：清单被伪造或修改，拒绝恢复")
    listed = manifest.get("files", {})
    present = {
        p.relative_to(backup).as_posix()
        for p in backup.rglob("*")
        if p.is_file() and p.name != MANIFEST
    }
    problems = [f"缺少文件 {n}" for n in sorted(set(listed) - present)]
    problems += [f"多出未登记的文件 {n}" for n in sorted(present - set(listed))]
    for name in sorted(set(listed) & present):
        if sha256_file(backup / name) != listed[name]["sha256"]:
            problems.append(f"文件 {name} 的 sha256 与清单不符（已损坏或被修改）")
    if problems:
        raise BackupError("备份校验失败，未恢复任何内容：" + "；".join(problems))
    return manifest, key


def _decrypt_to(source: Path, target: Path, *, name: str, key: BackupKey) -> None:
    _private_dir(target.parent)
    with source.open("rb") as handle, crypto.private_file(target) as out:
        for piece in crypto.decrypt_stream(handle, name=name, key=key):
            out.write(piece)


def _restore_sqlite(backup: Path, dest: Path, key: BackupKey) -> dict[str, dict[str, Any]]:
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(f"目标目录 {dest} 不为空：恢复只写入新的位置")
    _private_dir(dest)
    _decrypt_to(backup / ("db.sqlite3" + SUFFIX), dest / "db.sqlite3", name="db.sqlite3", key=key)
    media = backup / "media"
    for path in sorted(media.rglob("*" + SUFFIX)):
        relative = path.relative_to(media).as_posix()[: -len(SUFFIX)]
        _decrypt_to(path, dest / "uploads" / relative, name=f"media/{relative}", key=key)
    _private_dir(dest / "uploads")
    with contextlib.closing(sqlite3.connect(dest / "db.sqlite3")) as db:
        return tables.sqlite_tables(db)


def restore_backup(backup: Path, target: str, *, actor: Actor) -> RestoreResult:
    """Restore into a fresh place (an empty directory for SQLite, an empty database URL for
    PostgreSQL) after verifying the backup; then compare every table with the manifest."""
    started = time.monotonic()
    backup = Path(backup)
    try:
        manifest, key = verify_backup(backup)
        with _private_umask():
            if manifest["engine"] == "sqlite":
                actual = _restore_sqlite(backup, Path(target), key)
            else:
                actual = _pg_restore(backup / ("db.dump" + SUFFIX), target, key)
    except (BackupError, BackupKeyError) as exc:
        with transaction.atomic():
            record(
                "backup.restore_refused",
                actor=actor,
                object_type="backup",
                object_repr=backup.name,
                outcome=Outcome.FAILURE,
                detail={"reason": str(exc)[:1000]},
            )
        raise BackupError(str(exc)) from exc
    expected: dict[str, dict[str, Any]] = manifest["tables"]
    differences = tables.differences(expected, actual)
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
                "verified": "rows and sha256 of every table",
            },
        )
    return result


def _pg_restore(dump: Path, url: str, key: BackupKey) -> dict[str, dict[str, Any]]:
    """Decrypt the dump straight into pg_restore's input (no plaintext file), then read every
    table's count and hash back from the restored database."""
    pg_restore = shutil.which("pg_restore")
    if pg_restore is None:
        raise BackupError("未找到 pg_restore：请安装 PostgreSQL 客户端后重试")
    # deferred: the PostgreSQL driver is loaded only for a PostgreSQL restore.
    import psycopg

    with psycopg.connect(url) as conn:
        existing = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema='public'"
        ).fetchone()
        if existing and existing[0]:
            raise BackupError("目标数据库不为空：恢复只写入新的数据库")
    # A fixed argument list with the resolved path of pg_restore; no shell.
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(  # noqa: S603  # nosec B603
            [pg_restore, "--no-owner", f"--dbname={url}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        assert process.stdin is not None
        try:
            with dump.open("rb") as handle:
                for piece in crypto.decrypt_stream(handle, name="db.dump", key=key):
                    process.stdin.write(piece)
        except BaseException:
            process.kill()
            process.wait()
            raise
        finally:
            with contextlib.suppress(BrokenPipeError):
                process.stdin.close()
        if process.wait() != 0:
            errors.seek(0)
            raise BackupError(f"pg_restore 失败：{errors.read().decode(errors='replace')[:500]}")
    with psycopg.connect(url) as conn, conn.cursor() as cursor:
        return tables.pg_tables(cursor)
