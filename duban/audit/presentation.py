"""A change record as a person reads it: field labels, values in the product's formats (dates,
万元/亿元, unit names, choices), who and when, in the user's language.

The stored row is not changed: this is its presentation. The audit app sits below the apps
whose records it describes, so it reads their field definitions from Django's app registry at
run time (by the stored object label), never by importing them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.translation import gettext as _

from duban.audit.catalogue import describe
from duban.audit.models import FORMER_LABELS, AuditEvent
from duban.core.money import format_wan
from duban.core.roles import Role

# Events whose before/after describe another record than the row's object (the object is the
# project; the values are its plan listing's).
VALUES_OF: dict[str, str] = {"project.listing_set": "projects.planlisting"}
# Keys that are bookkeeping, not something a person changed.
HIDDEN = {"version", "created_at", "updated_at", "password"}


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass
class Entry:
    """One row of a record's history as shown."""

    event: AuditEvent
    title: str
    who: str
    changes: list[Change] = field(default_factory=list)


def _model_of(label: str) -> type[models.Model] | None:
    current = {old: new for new, olds in FORMER_LABELS.items() for old in olds}.get(label, label)
    try:
        return apps.get_model(current)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, key: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    for f in model._meta.concrete_fields:
        if key in (f.name, f.attname):
            return f
    return None


def _plain(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return str(value)


class _Names:
    """Names of related records, fetched once per model for a whole history."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self.found: dict[type[models.Model], dict[str, str]] = {}

    def want(self, model: type[models.Model], pk: Any) -> None:
        if pk not in (None, ""):
            self.wanted[model].add(pk)

    def load(self) -> None:
        for model, pks in self.wanted.items():
            rows = model._default_manager.filter(pk__in=list(pks))
            self.found[model] = {
                str(obj.pk): str(getattr(obj, "label", None) or obj) for obj in rows
            }

    def name(self, model: type[models.Model], pk: Any) -> str:
        if pk in (None, ""):
            return "—"
        return self.found.get(model, {}).get(str(pk), f"#{pk}")


def _format(f: models.Field[Any, Any] | None, value: Any, names: _Names) -> str:
    if f is None:
        return _plain(value)
    if value is None or value == "":
        return "—"
    if f.is_relation and f.related_model is not None:
        related = f.related_model
        assert isinstance(related, type)
        return names.name(related, value)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.BooleanField):
        return _plain(bool(value))
    if isinstance(f, models.DecimalField) and "万元" in str(f.verbose_name):
        try:
            return format_wan(Decimal(str(value)))
        except InvalidOperation:
            return str(value)
    if isinstance(f, models.DateField) and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            return value
    return _plain(value)


def _who(event: AuditEvent) -> str:
    if not event.actor_username:
        return _("系统")
    if event.actor_username.startswith("system:"):
        return _("系统（%(job)s）") % {"job": event.actor_username.removeprefix("system:")}
    name = event.actor.display_name if event.actor is not None else ""  # type: ignore[attr-defined]
    role = str(Role(event.actor_role).label) if event.actor_role in Role.values else ""
    shown = (
        f"{name}（{event.actor_username}）"
        if name and name != event.actor_username
        else (event.actor_username)
    )
    return f"{shown} · {role}" if role else shown


def present(events: Iterable[AuditEvent]) -> list[Entry]:
    """The history rows ready to print, in the order given."""
    rows = list(events)
    names = _Names()
    plans: list[tuple[AuditEvent, type[models.Model] | None, list[str]]] = []
    for event in rows:
        model = _model_of(VALUES_OF.get(event.event, event.object_type))
        before, after = event.before or {}, event.after or {}
        keys = [k for k in dict.fromkeys([*before, *after]) if k not in HIDDEN]
        for key in keys:
            f = _field(model, key)
            if f is not None and f.is_relation and isinstance(f.related_model, type):
                names.want(f.related_model, before.get(key))
                names.want(f.related_model, after.get(key))
        plans.append((event, model, keys))
    names.load()
    out = []
    for event, model, keys in plans:
        before, after = event.before or {}, event.after or {}
        entry = Entry(event=event, title=describe(event.event), who=_who(event))
        for key in keys:
            f = _field(model, key)
            old, new = before.get(key), after.get(key)
            if event.before is not None and old == new:
                continue
            label = str(f.verbose_name) if f is not None else key
            entry.changes.append(
                Change(
                    label=label,
                    before=_format(f, old, names) if event.before is not None else "",
                    after=_format(f, new, names),
                )
            )
        out.append(entry)
    return out
