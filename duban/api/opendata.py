"""Open data (issue 21): what the public screen shows — published rankings and the district's
aggregate progress — without login, as JSON and CSV, cacheable. Off by default
(DUBAN_API_OPEN_DATA): a district publishes it on purpose. Switched off, the endpoints answer
404, as if they did not exist.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from duban.api.throttling import OpenDataRateThrottle
from duban.core.asof import Month, default_month
from duban.screen.queries import payload

MONTH = OpenApiParameter(
    "month", OpenApiTypes.STR, required=False, description="YYYY-MM (默认：当前考评月份)"
)


def _month(request: HttpRequest) -> Month:
    text = request.GET.get("month", "")
    if not text:
        return default_month()
    try:
        return Month.parse(text)
    except ValueError as exc:
        raise serializers.ValidationError({"month": [str(exc)]}) from exc


def open_figures(month: Month) -> dict[str, Any]:
    """The public screen's figures of a month, without its pictures."""
    data = payload(month, public=True)
    return {k: v for k, v in data.items() if k != "charts"}


def ranking_rows(figures: dict[str, Any]) -> list[list[str]]:
    rows = [["month", "group", "rank", "unit", "total"]]
    for group in figures["rankings"]:
        for row in group["rows"]:
            rows.append(
                [figures["month"], group["group"], str(row["rank"]), row["unit"], row["total_text"]]
            )
    return rows


class _OpenView(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [OpenDataRateThrottle]

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Any:
        return login_not_required(super().as_view(**initkwargs))

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        if not settings.DUBAN_API_OPEN_DATA:
            raise Http404
        super().initial(request, *args, **kwargs)

    def cached(self, response: HttpResponse) -> HttpResponse:
        patch_cache_control(response, public=True, max_age=settings.DUBAN_API_OPEN_CACHE_SECONDS)
        return response


class OpenFiguresView(_OpenView):
    """Published rankings and aggregate progress of a month (JSON)."""

    @extend_schema(parameters=[MONTH], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> HttpResponse:
        return self.cached(Response(open_figures(_month(request))))


class OpenRankingsCsvView(_OpenView):
    """The same month's published rankings as CSV (UTF-8 with BOM, for Excel)."""

    @extend_schema(parameters=[MONTH], responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request: Request) -> HttpResponse:
        figures = open_figures(_month(request))
        out = io.StringIO()
        out.write("\ufeff")
        csv.writer(out).writerows(ranking_rows(figures))
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="rankings-{figures["month"]}.csv"'
        return self.cached(response)
