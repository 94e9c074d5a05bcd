"""Request id and client address for the audit trail, the security headers (D2), session
timeouts (A3), the forced first password change (B5) and the separation of duties (B4)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext as _

from duban.core import context, signals

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def client_ip(request: HttpRequest) -> str:
    """The client address for the audit trail and the sign-in rate limits.

    Behind reverse proxies (DUBAN_TRUSTED_PROXY_COUNT > 0) the address comes from the header
    they write (DUBAN_CLIENT_IP_HEADER, X-Forwarded-For by default), read from the right:
    each trusted proxy appends the address it saw, so the entry `count` places from the end
    is the one the outermost trusted proxy received; anything left of it was written by the
    client and is ignored (a client cannot choose its own address this way).
    """
    count = int(getattr(settings, "DUBAN_TRUSTED_PROXY_COUNT", 0) or 0)
    if count == 0 and getattr(settings, "DUBAN_TRUST_X_FORWARDED_FOR", False):
        count = 1
    remote = str(request.META.get("REMOTE_ADDR", ""))[:45]
    if count <= 0:
        return remote
    header = str(getattr(settings, "DUBAN_CLIENT_IP_HEADER", "") or "X-Forwarded-For")
    value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    entries = [item.strip() for item in str(value).split(",") if item.strip()]
    if len(entries) < count:
        return remote
    return entries[-count][:45]


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than DUBAN_MAX_REQUEST_BYTES from its Content-Length,
    before anything reads it (issue #14: a 300 MB upload was received in full before being
    refused). Placed first, so neither CSRF nor the upload handlers touch the body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = int(getattr(settings, "DUBAN_MAX_REQUEST_BYTES", 0) or 0)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit and length > limit:
            # The body is left unread; the WSGI server drops the rest with the connection.
            return HttpResponse(
                _("请求过大：上传内容超过 %(mb)d MB 的上限，请分批上传或压缩后重试。")
                % {"mb": limit // (1024 * 1024)},
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = context.bind(
            context.RequestContext(
                request_id=request_id,
                ip=client_ip(request),
                user_agent=str(request.META.get("HTTP_USER_AGENT", ""))[:200],
            )
        )
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = request_id
        return response


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("X-Content-Type-Options", "nosniff")
        response.setdefault("Referrer-Policy", "same-origin")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        # Pages and files are personal (one-time passwords, temporary passwords, exports):
        # no browser or proxy cache keeps them. Static files never reach this middleware
        # (WhiteNoise answers them first, cacheable).
        if "Cache-Control" not in response:
            response["Cache-Control"] = "no-store, private"
        return response


class DeniedAccessAuditMiddleware:
    """Every 403 answered to a request is an access denied, reported on the `access_denied`
    signal (the audit app records it). 404s on records outside one's scope are reported where
    they are decided (`scoping.get_scoped_or_404`), since a plain 404 may be a typo."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403:
            match = getattr(request, "resolver_match", None)
            signals.access_denied.send(
                sender=self.__class__,
                user=getattr(request, "user", None),
                reason="forbidden",
                object_type="",
                object_id="",
                detail={
                    "path": request.path[:200],
                    "method": request.method,
                    "view": match.view_name if match else "",
                },
            )
        return response


class SessionTimeoutMiddleware:
    """Idle (sliding) and absolute session timeouts (A3), both from settings.

    Django's own cookie age only limits the browser side; this ends the server session too and
    writes `auth.session_expired`. A session without a start time (e.g. a test's force_login)
    starts counting now.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from duban.accounts import services

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
_ADMIN_NAMESPACES = {"accounts", "audit", "ops"}
_ALWAYS_OPEN = {"core:health", "set_language"}
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
        from duban.accounts.roles import ADMIN_ROLES

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
        if match.view_name == "core:home" and role:
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
        raise PermissionDenied("三权分立：管理员账户不能访问业务页面")
