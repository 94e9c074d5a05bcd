from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from duban.core.asof import month_from_request
from duban.core.navigation import menu_for
from duban.orgs.models import District


def duban(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    district = District.current()
    return {
        "district_name": district.name if district else "",
        "as_of": month_from_request(request),
        "nav": menu_for(user, request.path) if user is not None else [],
    }
