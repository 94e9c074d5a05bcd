"""Trigram indexes for the ledger's text search on PostgreSQL (issue 22).

The ledger's keyword filter is `icontains` on the name, the code and the national code, which
PostgreSQL runs as `UPPER(col::text) LIKE UPPER('%…%')`: a scan of every project (0.3 s of a
page at 100,000 projects). GIN trigram indexes on exactly those expressions answer it from
the index. pg_trgm is a trusted extension (PostgreSQL 13+: the database's owner may create
it); where it cannot be created, the indexes are skipped and the search stays a scan, as on
SQLite. Reversing drops the indexes and leaves the extension (other objects may use it).
"""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError, migrations, transaction

COLUMNS = ("name", "code", "national_code")


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):  # a savepoint
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:  # no right to create it: the search stays a scan
        return
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS project_ledger_{column}_trgm ON projects_project "
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS project_ledger_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("projects", "0007_ledger_sort_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
