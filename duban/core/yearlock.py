"""Closed years: once the next year is opened (the rollover), the previous year is read-only.

The foundation holds the mechanism, the rollover app the policy: it names the year-bound
models (`configure`) and answers whether a year is closed. Every versioned save
(`core.services.save_versioned`) and every model save or delete of a year-bound record (a
`pre_save`/`pre_delete` receiver the rollover connects) asks `ensure_writable`, so every service
refuses a write into a closed year without each app repeating the check. Reads are untouched:
the closed year's pages, scores and bulletins stay reachable by year.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext


class YearClosed(ValidationError):
    """A write into a year already closed by the rollover."""


_bound: frozenset[str] = frozenset()
_is_closed: Callable[[int], bool] | None = None


def configure(*, labels: frozenset[str], is_closed: Callable[[int], bool]) -> None:
    """Name the year-bound models (by `app_label.modelname`) and how to tell a closed year."""
    global _bound, _is_closed
    _bound = labels
    _is_closed = is_closed


def year_of(obj: Any) -> int | None:
    """The year a record belongs to when its model is year-bound, else None."""
    meta = getattr(obj, "_meta", None)
    if meta is None or meta.label_lower not in _bound:
        return None
    year = getattr(obj, "year", None)
    return year if isinstance(year, int) else None


def ensure_writable(obj: Any) -> None:
    """Refuse a write to a record of a closed year."""
    year = year_of(obj)
    if year is not None and _is_closed is not None and _is_closed(year):
        raise YearClosed(
            gettext("%(year)s年度已结转关闭，只能查看，不能修改。") % {"year": year},
            code="year_closed",
        )
