"""The register of edit pages: every page that edits stored records says so here, next to its
view, and the browser test (tests/browser/test_edit_forms_keep_values.py) opens each one in
Chinese and in English, saves it untouched and checks that no field of the records changed but
their version and timestamps. A new edit page joins that test by being registered; an
architecture test refuses a view that saves with a version check and is not registered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models

V = TypeVar("V", bound=Callable[..., Any])


@dataclass(frozen=True)
class EditPage:
    """How to open one registered edit page on the demo district.

    `open` returns the URL's keyword arguments and the records the page edits (compared before
    and after the save); `username` is the demo account that may edit them; `submit` picks the
    button that saves; `ignore` names fields a save legitimately refreshes besides the version
    and the timestamps."""

    url_name: str
    username: str
    open: Callable[[], tuple[dict[str, Any], models.QuerySet[Any]]]
    submit: str = "button[type=submit].primary"
    ignore: tuple[str, ...] = ()
    query: str = ""


_pages: dict[str, EditPage] = {}
_exempt: dict[str, str] = {}


def edit_page(page: EditPage) -> Callable[[V], V]:
    """Register the decorated view as the edit page `page` describes."""

    def register(view: V) -> V:
        _pages[page.url_name] = page
        view.edit_page = page  # type: ignore[attr-defined]
        return view

    return register


def not_an_edit_page(reason: str) -> Callable[[V], V]:
    """Mark a view that saves with a version check but edits nothing a person typed before
    (a review decision, a state move): it says why it is not in the walk."""

    def mark(view: V) -> V:
        _exempt[f"{view.__module__}.{view.__qualname__}"] = reason
        view.not_an_edit_page = reason  # type: ignore[attr-defined]
        return view

    return mark


def registered() -> list[EditPage]:
    return sorted(_pages.values(), key=lambda p: p.url_name)
