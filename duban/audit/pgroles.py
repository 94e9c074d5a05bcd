"""The PostgreSQL role split that keeps the audit trail out of the application's reach
(SECURITY.md C3).

The trigger of migration `audit/0002` refuses UPDATE and young DELETEs, but a table's owner
can disable a trigger, drop it, or TRUNCATE the table (TRUNCATE fires no row trigger). So
the application must not connect as the owner: migrations run as the owner role, the running
system as an application role holding only the grants below. On the audit tables that is
SELECT and INSERT on the trail (and what appending needs on the chain head), never UPDATE,
DELETE, TRUNCATE or ownership; the retention purge (`duban purge-audit`) runs as the owner.

`duban pg-grants --role NAME` prints the statements for the DBA to run as the owner after
every `duban migrate` (new tables need their grants).
"""

from __future__ import annotations

from typing import Any

# Tables the application may append to and read, nothing else.
APPEND_ONLY_TABLES = {"audit_auditevent": "SELECT, INSERT"}
# The chain head is one row updated on every append (locked with SELECT … FOR UPDATE).
CHAIN_TABLES = {"audit_chainhead": "SELECT, INSERT, UPDATE"}
BUSINESS_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def grant_statements(role: str, tables: list[str], sequences: list[str]) -> list[str]:
    """GRANTs for the application role `role` on the given tables and sequences."""
    who = quote_ident(role)
    statements = [f"GRANT USAGE ON SCHEMA public TO {who}"]
    for table in sorted(tables):
        privileges = APPEND_ONLY_TABLES.get(table) or CHAIN_TABLES.get(table) or BUSINESS_PRIVILEGES
        statements.append(f"GRANT {privileges} ON TABLE {quote_ident(table)} TO {who}")
    for sequence in sorted(sequences):
        statements.append(f"GRANT USAGE, SELECT ON SEQUENCE {quote_ident(sequence)} TO {who}")
    return statements


def current_grants(cursor: Any, role: str) -> list[str]:
    """The statements for every table and sequence of the public schema as it is now."""
    cursor.execute(
        "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'S') ORDER BY c.relname"
    )
    rows = cursor.fetchall()
    tables = [name for name, kind in rows if kind == "r"]
    sequences = [name for name, kind in rows if kind == "S"]
    return grant_statements(role, tables, sequences)
