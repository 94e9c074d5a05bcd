"""Helpers shared by the security tests: real logins through the real forms."""

from __future__ import annotations

import re
from typing import Any

import pyotp
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.audit.models import AuditEvent
from tests.support.factories import PASSWORD


def post_login(client: Client, username: str, password: str, ip: str = "10.0.0.1") -> Any:
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def full_login(client: Client, user: User, password: str = PASSWORD) -> None:
    """Password, then (for privileged roles) a fresh TOTP code from the user's authenticator."""
    response = post_login(client, user.username, password)
    if response.status_code == 302 and response["Location"] == reverse("accounts:otp"):
        user.refresh_from_db()
        if not user.otp_secret:
            user.otp_secret = pyotp.random_base32()
            user.save(update_fields=["otp_secret"])
        step = max(user.otp_last_step + 1, pyotp.TOTP(user.otp_secret).timecode(_now()))
        code = pyotp.TOTP(user.otp_secret).at(step * 30)
        response = client.post(reverse("accounts:otp"), {"code": code})
    assert response.status_code == 302, response.content[:500]


def _now() -> Any:
    import datetime as dt

    return dt.datetime.now(dt.UTC)


def events(code: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event=code).order_by("id"))


def without_csrf(html: bytes) -> str:
    """A page with its per-response CSRF token blanked, to compare two responses."""
    text = html.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


def form_data(client: Client, url: str, **overrides: Any) -> dict[str, Any]:
    """The data an unchanged submit of the form on `url` would post, with overrides."""
    form = client.get(url).context["form"]
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else value
    data.update(overrides)
    return data
