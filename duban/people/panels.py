"""What people add to the unit page (duban.core.panels): its 主要领导, 分管领导 and 联络员,
phones masked, and who is paired with its enterprises and projects."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from duban.core.panels import Panel, contribute
from duban.core.roles import Role, can
from duban.orgs.models import Unit
from duban.people.queries import contacts_of, pairings


def unit_people(request: HttpRequest, unit: Unit) -> Panel | None:
    user: Any = request.user
    if not can(user, "unit.view"):
        return None
    editable = can(user, "people.edit") and (
        user.role == Role.SUPERVISOR or user.unit_id == unit.pk
    )
    return Panel(
        "people/_unit_people.html",
        {
            "contacts": list(contacts_of(user, unit.pk)),
            "unit_pairings": list(pairings(user).filter(unit_id=unit.pk)),
            "people_unit": unit,
            "people_editable": editable,
        },
    )


def register() -> None:
    contribute("unit.detail", unit_people, order=5)
