"""Uploaded files waiting for their import to be confirmed (upload → preview → confirm).

They wait under var/imports/ (outside the web root) under a random name tied to the session,
readable by the service account only, and not forever (issue #14: unconfirmed uploads stayed
on disk): a file older than DUBAN_IMPORT_PENDING_SECONDS is refused and deleted, on every
upload and by the `duban expire-imports` job (cron, hourly).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.conf import settings


def pending_dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def max_age() -> int:
    return int(settings.DUBAN_IMPORT_PENDING_SECONDS)


def path_of(token: str) -> Path:
    return pending_dir() / f"{token}.bin"


def save(token: str, data: bytes) -> Path:
    path = path_of(token)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    return path


def is_stale(path: Path, *, now: float | None = None) -> bool:
    return (now if now is not None else time.time()) - path.stat().st_mtime > max_age()


def expire(*, now: float | None = None) -> int:
    """Delete every waiting file older than the limit; returns how many."""
    removed = 0
    for path in pending_dir().glob("*.bin"):
        try:
            if is_stale(path, now=now):
                path.unlink()
                removed += 1
        except FileNotFoundError:  # confirmed or cancelled meanwhile
            continue
    return removed
