"""Shared helpers for the transfer tests: table counts and workbook building."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

from duban.audit.models import AuditEvent
from duban.projects.models import PlanListing, Project
from duban.reports.models import MonthlyReport
from duban.targets.models import Target
from duban.transfer.models import ColumnMapping, ImportBatch

BUSINESS = [Project, PlanListing, MonthlyReport, Target, ImportBatch, ColumnMapping]


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in [*BUSINESS, AuditEvent]}


def business_counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in BUSINESS}


def xlsx(rows: list[list[Any]], title: str = "Sheet1") -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = title
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
