"""Middlewares that read the signed-in account: session timeouts (A3), the forced first
password change (B5) and the separation of duties (B4)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext as _

from duban.accounts import services
from duban.core import signals
from duban.core.roles import ADMIN_ROLES


class SessionTimeoutMiddleware:
    """Idle (sliding) and absolute session timeouts (A3), both from settings.

    Django's own cookie age only limits the browser side; this ends the server session too and
    writes `auth.session_expired`. A session without a start time (e.g. a test's force_login)
    starts counting now.

    The last-seen time is written only when the stored one is at least
    `DUBAN_SESSION_SEEN_RESOLUTION_SECONDS` old: writing it on every request made every page a
    database write and commit. The error is on the safe side: a session can end up to that
    many seconds early, never late.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault(services.SESSION_STARTED, now)
            seen = request.session.get(services.SESSION_SEEN, now)
            reason = ""
            if now - seen > settings.DUBAN_SESSION_IDLE_SECONDS:
                reason = "idle"
            elif now - started > settings.DUBAN_SESSION_ABSOLUTE_SECONDS:
                reason = "absolute"
            if reason:
                services.expire_session(request, reason)
                return redirect_to_login(request.get_full_path(), resolve_url(settings.LOGIN_URL))
            if now - seen >= settings.DUBAN_SESSION_SEEN_RESOLUTION_SECONDS or (
                services.SESSION_SEEN not in request.session
            ):
                request.session[services.SESSION_SEEN] = now
        return self.get_response(request)


# URL names a user who must change the password may still open.
_PASSWORD_CHANGE_OPEN = {"accounts:password_change", "accounts:logout", "set_language"}


class ForcePasswordChangeMiddleware(MiddlewareMixin):
    """First login (or after an admin reset) goes to the password page and nowhere else (B5)."""

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or not getattr(user, "must_change_password", False):
            return None
        match = request.resolver_match
        if match is None or match.view_name in _PASSWORD_CHANGE_OPEN:
            return None
        if match.view_name == "core:health" or request.path.startswith(settings.STATIC_URL):
            return None
        return redirect("accounts:password_change")


# What the three separated admins may open (B4): their own pages, never business pages.
_ADMIN_NAMESPACES = {"accounts", "audit", "ops", "apitokens"}
# The API's schema and docs are public documentation (the system admin issues tokens)
_ALWAYS_OPEN = {"core:health", "set_language", "api:docs", "api:schema"}
_ADMIN_LANDING = {"sysadmin": "accounts:users", "secadmin": "accounts:users"}


class SeparationOfDutiesMiddleware(MiddlewareMixin):
    """The admins and accounts without a granted role get 403 on business pages (404 on a
    record's page, as for a record outside their scope).

    `restrict` already yields no rows for them; this makes the pages themselves refuse, so an
    admin never sees even the shape of business data. The home page sends an admin to the
    page of their duty.
    """

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated:
            return None
        role = getattr(user, "role", "")
        if role and role not in ADMIN_ROLES:
            return None
        match = request.resolver_match
        if match is None or match.view_name in _ALWAYS_OPEN:
            return None
        namespace = match.namespaces[0] if match.namespaces else ""
        if namespace in _ADMIN_NAMESPACES and (role or namespace == "accounts"):
            return None
        if match.view_name == "portal:home" and role:
            return redirect(_ADMIN_LANDING.get(role, "audit:index"))
        if match.kwargs:
            # A record's page answers like a record outside one's scope: as if it did not exist.
            signals.access_denied.send(
                sender=self.__class__,
                user=user,
                reason="separation_of_duties",
                object_type="",
                object_id="",
                detail={"path": request.path[:200], "view": match.view_name},
            )
            raise Http404("三权分立：管理员账户不能访问业务记录")
        raise PermissionDenied(_("三权分立：管理员账户不能访问业务页面"))
