from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from duban.core.panels import panels_for
from duban.core.scoping import get_scoped_or_404, restrict
from duban.orgs.choices import UnitKind
from duban.orgs.models import Unit


def units(request: HttpRequest) -> HttpResponse:
    rows = restrict(Unit.objects.filter(is_active=True), request.user, "unit.view")
    groups = [(UnitKind(k).group_label, [u for u in rows if u.kind == k]) for k in UnitKind.values]
    return render(request, "orgs/units.html", {"groups": groups})


def unit(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's page: what the apps above contribute about it (its targets with progress, its
    projects), each in its own panel."""
    obj = get_scoped_or_404(Unit.objects.all(), request.user, "unit.view", code=code)
    return render(
        request, "orgs/unit.html", {"unit": obj, "panels": panels_for("unit.detail", request, obj)}
    )
