"""What the monthly reports add to pages of apps below them (see duban.core.panels)."""

from __future__ import annotations

from django.http import HttpRequest

from duban.core.asof import month_from_request
from duban.core.panels import Panel, contribute
from duban.projects.models import Project
from duban.reports.queries import project_month_grid


def project_months(request: HttpRequest, project: Project) -> Panel:
    """The project page's twelve months: each month's report and the nodes completed in it."""
    as_of = month_from_request(request)
    return Panel(
        "reports/_project_months.html",
        {"month_cells": project_month_grid(project, as_of.year, as_of), "plan_year": as_of.year},
    )


def register() -> None:
    contribute("project.detail", project_months, order=10)
