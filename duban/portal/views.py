from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from duban.core.asof import month_from_request
from duban.core.scoping import restrict
from duban.projects.models import Programme
from duban.supervision.queries import trajectory
from duban.targets.models import Target
from duban.targets.queries import group_by_programme, progress_for, targets_for_year


def home(request: HttpRequest) -> HttpResponse:
    """The district's targets for the as-of year with progress, as the supervisor opens them."""
    as_of = month_from_request(request)
    expected, curve = trajectory(as_of)
    district_targets = restrict(targets_for_year(as_of.year), request.user, "target.view").filter(
        unit__isnull=True
    )
    own_targets: list[Target] = []
    if request.user.unit_id:  # type: ignore[union-attr]
        own_targets = list(
            restrict(
                targets_for_year(as_of.year).filter(unit_id=request.user.unit_id),  # type: ignore[union-attr]
                request.user,
                "target.view",
            )
        )
    district = list(district_targets)
    # One computation for the district's targets and the unit's own parts: they share their
    # aggregates (one per metric and filter), which two calls computed twice.
    progress = progress_for([*district, *own_targets], as_of)
    rows, own = progress[: len(district)], progress[len(district) :]
    # Headline cards: district-wide targets without a category or flag filter.
    headline = [
        p
        for p in rows
        if not (p.target.category_id or p.target.strategic_only or p.target.foreign_only)
        and p.target.metric.kind != "manual"
    ]
    years = Target.objects.values_list("year", flat=True).distinct().order_by("year")
    return render(
        request,
        "portal/home.html",
        {
            "rows": rows,
            "headline": headline,
            "own_rows": own,
            "years": list(years),
            # 序时进度 from the light rule in force: the curve the lights and scores read.
            "expected": expected,
            "expected_curve": gettext(curve),  # the built-in curve's name; a district's as named
            # 按工程分组: the plan's programmes (六大提升工程) above categories.
            "has_programmes": Programme.objects.exists(),
            "by_programme": group_by_programme(rows, lambda p: p.target)
            if request.GET.get("group") == "programme"
            else None,
        },
    )
