"""Helpers for the API's tests: a token for a persona, a client that sends it."""

from __future__ import annotations

from typing import Any

from django.test import Client

from duban.accounts.models import User
from duban.api import services
from tests.support.factories import SYSTEM


def token_for(user: User, **kw: Any) -> str:
    return services.issue_token(actor=SYSTEM, user=user, **kw).token


def api_get(path: str, token: str | None, **headers: str) -> Any:
    extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    extra.update({f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()})
    return Client().get(path, **extra)


def api_post(path: str, token: str, data: dict[str, Any], **headers: str) -> Any:
    extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    extra.update({f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()})
    return Client().post(path, data, content_type="application/json", **extra)
