"""Making and recognising token strings. Pure functions, no database."""

from __future__ import annotations

import hashlib
import secrets

PREFIX = "dbn_"


def new_token() -> str:
    """A fresh token: a fixed prefix (so secret scanners and people recognise it) and 256 bits
    of randomness."""
    return PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """The stored form. A token carries 256 random bits, so a plain SHA-256 cannot be
    reversed by guessing (a password hash's slowness would only slow every request)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def display_prefix(token: str) -> str:
    return token[: len(PREFIX) + 6]
