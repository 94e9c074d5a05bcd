"""Rate limits: per token for the API (DUBAN_API_RATE), per address for the open data."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle


class TokenRateThrottle(SimpleRateThrottle):
    """Counts each token's requests on its own, whoever shares the account."""

    scope = "token"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        token = getattr(request, "auth", None)
        if token is None or not hasattr(token, "token_hash"):
            return None  # unauthenticated requests are refused before they count
        return self.cache_format % {"scope": self.scope, "ident": token.token_hash[:32]}


class OpenDataRateThrottle(SimpleRateThrottle):
    scope = "open"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
