"""The agreement's line on a unit's page (duban.core.panels): this year's 目标责任书 and
whether it is signed."""

from __future__ import annotations

from django.http import HttpRequest

from duban.agreements.models import Agreement
from duban.core.asof import month_from_request
from duban.core.panels import Panel, contribute
from duban.core.roles import can
from duban.core.scoping import restrict
from duban.orgs.models import Unit


def unit_agreement(request: HttpRequest, unit: Unit) -> Panel | None:
    if not can(request.user, "agreement.view"):
        return None
    year = month_from_request(request).year
    found = restrict(
        Agreement.objects.filter(unit=unit, year=year), request.user, "agreement.view"
    ).first()
    return Panel("agreements/_unit_agreement.html", {"agreement": found, "year": year})


def register() -> None:
    contribute("unit.detail", unit_agreement, order=5)
