"""The screen's answers to what other apps announce."""

from __future__ import annotations

from typing import Any

from duban.core.asof import Month
from duban.screen.queries import payload


def warm_after_publication(sender: Any, *, month: Month, **kwargs: Any) -> None:
    """Build the screen's cached payloads now, so the hall screen never waits for the first
    uncached request after a publication (at province scale that request takes seconds)."""
    for public in (False, True):
        payload(month, public=public)
