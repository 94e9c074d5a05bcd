from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from duban.core.asof import month_from_request
from duban.core.scoping import get_scoped_or_404, restrict
from duban.orgs.choices import UnitKind
from duban.orgs.models import Unit
from duban.projects.models import Project
from duban.targets.queries import progress_for, targets_for_year


def units(request: HttpRequest) -> HttpResponse:
    rows = restrict(Unit.objects.filter(is_active=True), request.user, "unit.view")
    groups = [(UnitKind(k).group_label, [u for u in rows if u.kind == k]) for k in UnitKind.values]
    return render(request, "orgs/units.html", {"groups": groups})


def unit(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's page: its targets with progress and its projects."""
    as_of = month_from_request(request)
    obj = get_scoped_or_404(Unit.objects.all(), request.user, "unit.view", code=code)
    targets = restrict(targets_for_year(as_of.year).filter(unit=obj), request.user, "target.view")
    projects = restrict(
        Project.objects.with_relations().filter(unit=obj), request.user, "project.view"
    )
    return render(
        request,
        "orgs/unit.html",
        {"unit": obj, "rows": progress_for(targets, as_of), "projects": projects},
    )
