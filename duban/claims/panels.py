"""What the claims add to the project page (below them): the facts claimed, pending first."""

from __future__ import annotations

from django.http import HttpRequest

from duban.claims import queries
from duban.claims.choices import ClaimStatus
from duban.core.panels import Panel, contribute
from duban.core.roles import can
from duban.projects.models import Project


def project_claims(request: HttpRequest, project: Project) -> Panel | None:
    """The project's claims: a pending fact shows as pending (not counted) on its page."""
    if not can(request.user, "claim.view"):
        return None
    claims = list(queries.for_project(project.pk)[:50])
    pending = sum(c.status == ClaimStatus.PENDING for c in claims)
    return Panel("claims/_project_claims.html", {"claims": claims, "pending": pending})


def register() -> None:
    contribute("project.detail", project_claims, order=5)
