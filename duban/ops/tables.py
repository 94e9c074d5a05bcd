"""Row counts and content hashes of every table, so a restore is verified by content.

The same function reads the live database at backup time (inside the backup's own snapshot)
and the restored copy afterwards; a table whose rows or hash differ is a difference of the
drill. Rows are hashed in primary-key order from a text form that does not depend on the
client library: SQLite values as JSON, PostgreSQL rows as the server's own `row::text` under
fixed session settings (time zone, date style, float digits).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Any

# Tables whose rows are bearer secrets: whoever holds a row can act as its owner. They are
# never written to a backup (the table is restored empty, so everyone signs in again).
BEARER_SECRET_TABLES = ("django_session",)
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
_BATCH = 2000


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _digest(rows: Any) -> tuple[int, str]:
    digest = hashlib.sha256()
    count = 0
    for text in rows:
        if count:
            digest.update(b"\n")
        digest.update(text.encode("utf-8"))
        count += 1
    return count, digest.hexdigest()


def _sqlite_text(row: tuple[Any, ...]) -> str:
    values = [v.hex() if isinstance(v, bytes | memoryview) else v for v in row]
    return json.dumps(values, ensure_ascii=False, default=str)


def sqlite_tables(db: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    """{table: {"rows": n, "sha256": h}} of a SQLite database, rows in rowid order."""
    names = sorted(
        r[0]
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
    )
    out: dict[str, dict[str, Any]] = {}
    for name in names:
        # Table names come from the catalogue, not from input; quoted all the same.
        cursor = db.execute(f"SELECT * FROM {quote(name)} ORDER BY rowid")  # noqa: S608  # nosec B608
        rows, sha = _digest(_sqlite_text(r) for r in iter(cursor.fetchone, None))
        out[name] = {"rows": rows, "sha256": sha}
    return out


def _pg_primary_key(cursor: Any, table: str) -> list[str]:
    cursor.execute(
        "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
        "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
        "WHERE i.indrelid = %s::regclass AND i.indisprimary "
        "ORDER BY array_position(i.indkey, a.attnum)",
        [quote(table)],
    )
    return [r[0] for r in cursor.fetchall()]


def pg_tables(cursor: Any, *, skip: tuple[str, ...] = ()) -> dict[str, dict[str, Any]]:
    """{table: {"rows": n, "sha256": h}} of the public schema of a PostgreSQL database, read
    through `cursor` inside the caller's transaction (so within its snapshot). Tables named in
    `skip` are reported empty without being read (they are not in the backup)."""
    for statement in (
        "SET LOCAL TIME ZONE 'UTC'",
        "SET LOCAL DateStyle = 'ISO, YMD'",
        "SET LOCAL IntervalStyle = 'postgres'",
        "SET LOCAL extra_float_digits = 3",
        "SET LOCAL bytea_output = 'hex'",
    ):
        cursor.execute(statement)
    cursor.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
    )
    names = [r[0] for r in cursor.fetchall()]
    out: dict[str, dict[str, Any]] = {}
    for name in names:
        if name in skip:
            out[name] = {"rows": 0, "sha256": EMPTY_SHA256}
            continue
        order = ", ".join(quote(c) for c in _pg_primary_key(cursor, name)) or "1"
        cursor.execute(f"SELECT t::text FROM {quote(name)} AS t ORDER BY {order}")  # noqa: S608  # nosec B608

        def rows() -> Any:
            while batch := cursor.fetchmany(_BATCH):
                for (text,) in batch:
                    yield text

        count, sha = _digest(rows())
        out[name] = {"rows": count, "sha256": sha}
    return out


def differences(
    expected: dict[str, dict[str, Any]], actual: dict[str, dict[str, Any]]
) -> dict[str, tuple[dict[str, Any], dict[str, Any] | None]]:
    """Tables whose row count or content hash differ (or that are missing after restore)."""
    return {
        name: (want, actual.get(name))
        for name, want in expected.items()
        if actual.get(name) != want
    }
