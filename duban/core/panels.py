"""Panels: how an app adds a section to a page of an app below it, without that app importing it.

A page low in the house (a unit, a project) shows what apps above it know about its object:
a unit's targets and projects, a project's monthly reports. The lower page names a slot
("unit.detail", "project.detail") and renders whatever panels the apps above contributed;
each contributing app registers its builders in its AppConfig.ready. The dependency then runs
the way the layers allow: upward apps know the page's object, never the reverse.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    """One section of a page: a template and the context it is rendered with."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelBuilder = Callable[[HttpRequest, Any], Panel | None]

_registry: dict[str, list[tuple[int, str, PanelBuilder]]] = defaultdict(list)


def contribute(slot: str, builder: PanelBuilder, *, order: int) -> None:
    """Add a builder to a slot; lower `order` comes first. Registering the same builder again
    (a second `ready()`, e.g. in tests) replaces it instead of showing the panel twice."""
    name = f"{builder.__module__}.{builder.__qualname__}"
    entries = [e for e in _registry[slot] if e[1] != name]
    entries.append((order, name, builder))
    entries.sort(key=lambda e: (e[0], e[1]))
    _registry[slot] = entries


def panels_for(slot: str, request: HttpRequest, obj: Any) -> list[Panel]:
    """The panels of a slot for one object, in order; a builder returning None shows nothing
    (for example when the viewer may not see that part)."""
    out = []
    for _order, _name, builder in _registry.get(slot, []):
        panel = builder(request, obj)
        if panel is not None:
            out.append(panel)
    return out
