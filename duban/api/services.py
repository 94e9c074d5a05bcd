"""Every write of the API app: issuing and revoking tokens, and the figures external systems
push (which go through the reports app's own services, so they reach review like any other).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duban.accounts.actors import Actor, person, require
from duban.accounts.models import User
from duban.api.models import ApiToken
from duban.api.tokens import display_prefix, new_token, token_hash
from duban.audit.services import record
from duban.core.scoping import restrict
from duban.projects.models import Project
from duban.reports import services as reports
from duban.reports.models import MonthlyReport

# How often last_used_at is refreshed: one write a minute at most, not one per request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class Issued:
    """A new token: the stored row and the token itself, which exists only here."""

    row: ApiToken
    token: str


def issue_token(*, actor: Actor, user: User, name: str = "", days: int | None = None) -> Issued:
    """Issue a token acting as `user`, valid for `days` (DUBAN_API_TOKEN_DAYS by default).

    Only the system administrator (user.manage) or a command on the server issues tokens; the
    token string is returned once and never stored."""
    require(actor, "user.manage")
    if not user.is_active:
        raise ValidationError(_("账户已停用，不能签发令牌"))
    days = settings.DUBAN_API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= settings.DUBAN_API_TOKEN_MAX_DAYS:
        raise ValidationError(
            _("有效期须在 1 至 %(days)s 天之间") % {"days": settings.DUBAN_API_TOKEN_MAX_DAYS}
        )
    token = new_token()
    issued_at = timezone.now()
    with transaction.atomic():
        row = ApiToken.objects.create(
            name=(name or user.username)[:64],
            user=user,
            prefix=display_prefix(token),
            token_hash=token_hash(token),
            created_at=issued_at,
            created_by=person(actor),
            expires_at=issued_at + dt.timedelta(days=days),
        )
        record(
            "api.token_issued",
            actor=actor,
            obj=row,
            after={
                "user": user.username,
                "name": row.name,
                "expires_at": row.expires_at.isoformat(),
            },
        )
    return Issued(row=row, token=token)


def revoke_token(row: ApiToken, *, actor: Actor) -> ApiToken:
    """Revoke a token now; a revoked token is refused on its next request. Idempotent."""
    require(actor, "user.manage")
    with transaction.atomic():
        row = ApiToken.objects.select_for_update().get(pk=row.pk)
        if row.revoked_at is not None:
            return row
        row.revoked_at = timezone.now()
        row.revoked_by = person(actor)
        row.save(update_fields=["revoked_at", "revoked_by"])
        record(
            "api.token_revoked",
            actor=actor,
            obj=row,
            detail={"user": row.user.username, "prefix": row.prefix},
        )
    return row


def authenticate(token: str) -> ApiToken | None:
    """The valid token row for a presented token string, or None. Refreshes last_used_at at
    most once a minute (a conditional update: concurrent requests write it once)."""
    row = (
        ApiToken.objects.select_related("user", "user__unit")
        .filter(token_hash=token_hash(token))
        .first()
    )
    moment = timezone.now()
    if row is None or not row.is_valid_at(moment) or not row.user.is_active:
        return None
    if row.last_used_at is None or moment - row.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=row.pk, last_used_at=row.last_used_at).update(
            last_used_at=moment
        )
        row.last_used_at = moment
    return row


def push_report(
    *,
    actor: User,
    project_code: str,
    year: int,
    month: int,
    data: dict[str, Any],
    submit: bool,
) -> MonthlyReport:
    """Figures an external system pushes for a project's monthly report.

    The same path as the reporting page: the draft is saved with the reports app's service
    (its checks and version), then, when asked, submitted, which sends it to review. Nothing
    here approves a report. One audit row names the push itself besides the reports app's own
    rows, so an API write is told apart from a person's."""
    project = (
        restrict(Project.objects.all(), actor, "report.edit").filter(code=project_code).first()
    )
    if project is None:
        raise PermissionDenied("report.edit")
    with transaction.atomic():
        current = MonthlyReport.objects.filter(project=project, year=year, month=month).first()
        # A push names only the figures it carries; the others keep what the report holds.
        merged = {name: getattr(current, name) for name in reports.DRAFT_FIELDS} if current else {}
        merged.update(data)
        report = reports.save_draft(
            actor=actor,
            project=project,
            year=year,
            month=month,
            data=merged,
            expected_version=None if current is None else current.version,
        )
        if submit:
            report = reports.submit_report(report, actor=actor)
        record(
            "api.report_pushed",
            actor=actor,
            obj=report,
            after={k: str(v) for k, v in data.items()},
            detail={"submitted": submit},
        )
    return report
