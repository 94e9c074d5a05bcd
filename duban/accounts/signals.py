"""Receivers of Django's own auth signals."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from duban.accounts import services


@receiver(user_logged_in, dispatch_uid="duban.accounts.start_session_clocks")
def start_session_clocks(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """A session's two timeout clocks start when it logs in, whichever way it logs in
    (`services.complete_login`, a test's force_login). Stamped here, the first page after a
    login has no clock to write: the session is written at most once a minute after that
    (`SessionTimeoutMiddleware`)."""
    session = getattr(request, "session", None)
    if session is not None:
        now = int(time.time())
        session[services.SESSION_STARTED] = now
        session[services.SESSION_SEEN] = now
