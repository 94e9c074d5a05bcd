"""Request id and client address for the audit trail, the request size limit, the security
headers (D2) and the audit of denied accesses.

The account-related middlewares (session timeouts, forced password change, separation of
duties) live in `duban.accounts.middleware`: they read the account, which the foundation does not
know."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from duban.core import context, signals
from duban.core.yearlock import YearClosed

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


class YearClosedMiddleware:
    """A write into a year the rollover closed (`yearlock.YearClosed`) that no view caught
    answers 409 with the reason, never a 500: the closed year is read-only by design."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, YearClosed):
            return None
        return render(request, "409.html", {"message": " ".join(exception.messages)}, status=409)
