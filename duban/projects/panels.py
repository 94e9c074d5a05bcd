"""What the projects add to pages of apps below them (see duban.core.panels)."""

from __future__ import annotations

from django.http import HttpRequest

from duban.core.panels import Panel, contribute
from duban.core.scoping import restrict
from duban.orgs.models import Unit
from duban.projects.models import Project


def unit_projects(request: HttpRequest, unit: Unit) -> Panel:
    """The projects a unit is responsible for."""
    projects = restrict(
        Project.objects.with_relations().filter(unit=unit), request.user, "project.view"
    )
    return Panel("projects/_unit_projects.html", {"projects": projects})


def register() -> None:
    contribute("unit.detail", unit_projects, order=20)
