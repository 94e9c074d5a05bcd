"""`duban pg-grants --role NAME`: the GRANTs of the PostgreSQL application role (C3).

Prints SQL for the DBA to run as the owner role after each `duban migrate`; see
`duban.audit.pgroles` and docs/security.md ("PostgreSQL role split").
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from duban.audit.pgroles import current_grants


class Command(BaseCommand):
    help = "打印 PostgreSQL 应用角色的授权语句（应用角色不拥有审计表，不能 TRUNCATE 或停用触发器）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--role", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("仅适用于 PostgreSQL")
        with connection.cursor() as cursor:
            for statement in current_grants(cursor, options["role"]):
                self.stdout.write(statement + ";")
