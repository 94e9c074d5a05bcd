"""The big screen (大屏/滚动屏): a full-screen page whose script polls a JSON endpoint.

The internal screen needs a login with `screen.view`; the public variant answers without one
only when `settings.DUBAN_PUBLIC_SCREEN` is true (404 otherwise) and carries aggregates only.
Both show published scores only.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from duban.core.actors import Viewer
from duban.core.asof import Month, month_from_request
from duban.core.roles import can
from duban.orgs.models import District
from duban.problems.models import Problem
from duban.projects.models import Project
from duban.screen import queries


def _month(request: HttpRequest) -> Month:
    """The requested month, else the latest month with published scores, else the default."""
    if request.GET.get("as_of"):
        return month_from_request(request)
    published = queries.months_with_published_scores()
    default = month_from_request(request)
    candidates = [m for m in published if m <= default]
    return candidates[-1] if candidates else default


def _page(request: HttpRequest, *, public: bool) -> HttpResponse:
    month = _month(request)
    return render(
        request,
        "screen/screen.html",
        {
            "month": month,
            "public": public,
            "interval": request.GET.get("interval", ""),
            "campaign": District.campaign(),
        },
    )


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "screen.view"):
        raise PermissionDenied("screen.view")
    return _page(request, public=False)


def _sees_every_unit(user: Viewer) -> bool:
    """Whether the user's scope covers every unit's projects and problems (the screen's
    red-project and overdue-problem slides name them)."""
    if isinstance(user, AnonymousUser):
        return False
    return Project.scope_for(user, "project.view") is None and (
        Problem.scope_for(user, "problem.view") is None
    )


@require_GET
def data(request: HttpRequest) -> JsonResponse:
    """The internal screen's data; a role limited to its own unit (a reporter) gets the
    aggregates only, like the public screen: the named red projects and problems of other
    units answer 404 on their own pages, so they do not appear here either."""
    if not can(request.user, "screen.view"):
        raise PermissionDenied("screen.view")
    public = not _sees_every_unit(request.user)
    return JsonResponse(queries.payload(_month(request), public=public))


FEED_ENCODINGS = {"utf-8": "utf-8", "gbk": "gbk", "gb2312": "gb2312"}


def _feed(request: HttpRequest, *, public: bool, as_json: bool) -> HttpResponse:
    """The marquee feed: JSON, or plain text one line per headline in the encoding the
    controller asks for (`?encoding=gbk|gb2312`, UTF-8 by default)."""
    data = queries.feed(_month(request), public=public, campaign=District.campaign())
    if as_json:
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    encoding = FEED_ENCODINGS.get(request.GET.get("encoding", "utf-8").lower())
    if encoding is None:
        raise Http404
    body = ("\r\n".join(data["lines"]) + "\r\n").encode(encoding)
    return HttpResponse(body, content_type=f"text/plain; charset={encoding}")


@require_GET
def feed_text(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "screen.view"):
        raise PermissionDenied("screen.view")
    return _feed(request, public=not _sees_every_unit(request.user), as_json=False)


@require_GET
def feed_json(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "screen.view"):
        raise PermissionDenied("screen.view")
    return _feed(request, public=not _sees_every_unit(request.user), as_json=True)


def _public_enabled() -> None:
    if not getattr(settings, "DUBAN_PUBLIC_SCREEN", False):
        raise Http404


@login_not_required
@require_GET
def public(request: HttpRequest) -> HttpResponse:
    _public_enabled()
    return _page(request, public=True)


@login_not_required
@require_GET
def public_data(request: HttpRequest) -> JsonResponse:
    _public_enabled()
    return JsonResponse(queries.payload(_month(request), public=True))


@login_not_required
@require_GET
def public_feed_text(request: HttpRequest) -> HttpResponse:
    """For LED controllers that cannot sign in: on only where the public screen is on, and
    carrying its aggregates only."""
    _public_enabled()
    return _feed(request, public=True, as_json=False)


@login_not_required
@require_GET
def public_feed_json(request: HttpRequest) -> HttpResponse:
    _public_enabled()
    return _feed(request, public=True, as_json=True)
