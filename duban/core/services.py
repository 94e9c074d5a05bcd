"""Write helpers shared by every app's services."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.db.models import F
from django.forms.models import model_to_dict
from django.utils import timezone

from duban.core.models import StaleVersionError, VersionedModel

M = TypeVar("M", bound=VersionedModel)


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-ready picture of a record, for the before/after of a change record."""
    data = model_to_dict(obj, fields=fields)
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, models.Model):
            value = value.pk
        elif isinstance(value, list | tuple):
            value = [v.pk if isinstance(v, models.Model) else v for v in value]
        out[key] = value if isinstance(value, int | float | bool | type(None)) else str(value)
    return out


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        k: [before.get(k), after.get(k)] for k in sorted(after) if before.get(k) != after.get(k)
    }


def save_versioned(obj: M, *, expected_version: int, fields: list[str]) -> M:
    """Write `fields` of obj only if the stored version is still `expected_version`.

    One conditional UPDATE: correct on SQLite and PostgreSQL alike, without relying on
    SELECT … FOR UPDATE (which SQLite ignores). Raises StaleVersionError on a lost race.
    """
    model = type(obj)
    values = {name: getattr(obj, name) for name in fields}
    values["version"] = F("version") + 1
    values["updated_at"] = timezone.now()
    updated = model._default_manager.filter(pk=obj.pk, version=expected_version).update(**values)
    if updated != 1:
        raise StaleVersionError(obj)
    obj.version = expected_version + 1
    return obj
