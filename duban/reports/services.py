"""Writes to monthly reports. Each takes the acting user, runs in one transaction and writes
its own audit row, so a page, a command and an Excel upload leave the same record."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from duban.audit.services import record
from duban.core.models import StaleVersionError
from duban.core.scoping import restrict
from duban.core.services import changed_fields, save_versioned, snapshot
from duban.projects.models import Project
from duban.reports.choices import ReportStatus
from duban.reports.models import MonthlyReport

DRAFT_FIELDS = [
    "investment_wan",
    "progress_text",
    "problems_text",
    "confidence",
    "confidence_reason",
]


def save_draft(
    *,
    actor: Any,
    project: Project,
    year: int,
    month: int,
    data: dict[str, Any],
    expected_version: int | None,
) -> MonthlyReport:
    """Create the month's draft (expected_version None) or update it if still at that version.

    Submitted and approved reports are immutable here; a stale version raises StaleVersionError.
    """
    if (
        actor is not None
        and not restrict(Project.objects.filter(pk=project.pk), actor, "report.edit").exists()
    ):
        raise PermissionDenied("report.edit")
    unknown = set(data) - set(DRAFT_FIELDS)
    if unknown:
        raise ValidationError(f"月报中不可填写的字段：{'、'.join(sorted(unknown))}")
    with transaction.atomic():
        report = (
            MonthlyReport.objects.select_for_update()
            .filter(project=project, year=year, month=month)
            .first()
        )
        if report is None:
            if expected_version is not None:
                raise StaleVersionError()
            report = MonthlyReport(
                project=project, year=year, month=month, status=ReportStatus.DRAFT, **data
            )
            report.full_clean(validate_unique=False)
            try:
                with transaction.atomic():
                    report.save()
            except IntegrityError as exc:  # someone created it a moment ago
                raise StaleVersionError() from exc
            record(
                "report.draft_saved",
                actor=actor,
                obj=report,
                after=snapshot(report, DRAFT_FIELDS),
                detail={"created": True},
            )
            return report
        if report.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
            raise ValidationError(
                f"{project.code} {year}年{month}月的月报{report.get_status_display()}，"
                "不能再修改草稿"
            )
        if expected_version is None or report.version != expected_version:
            raise StaleVersionError(report)
        before = snapshot(report, DRAFT_FIELDS)
        for name, value in data.items():
            setattr(report, name, value)
        report.full_clean(validate_unique=False)
        save_versioned(report, expected_version=expected_version, fields=list(data))
        diff = changed_fields(before, snapshot(report, DRAFT_FIELDS))
        record(
            "report.draft_saved",
            actor=actor,
            obj=report,
            before={k: v[0] for k, v in diff.items()},
            after={k: v[1] for k, v in diff.items()},
            detail={"created": False},
        )
    return report
