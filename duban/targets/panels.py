"""What the targets add to pages of apps below them (see duban.core.panels)."""

from __future__ import annotations

from django.http import HttpRequest

from duban.core.asof import month_from_request
from duban.core.panels import Panel, contribute
from duban.core.scoping import restrict
from duban.orgs.models import Unit
from duban.targets.queries import progress_for, targets_for_year


def unit_targets(request: HttpRequest, unit: Unit) -> Panel:
    """A unit's decomposed targets for the as-of year, with progress."""
    as_of = month_from_request(request)
    targets = restrict(targets_for_year(as_of.year).filter(unit=unit), request.user, "target.view")
    return Panel("targets/_unit_targets.html", {"rows": progress_for(targets, as_of)})


def register() -> None:
    contribute("unit.detail", unit_targets, order=10)
